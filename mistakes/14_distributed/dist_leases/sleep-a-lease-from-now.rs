// MISTAKE: sleeps a whole LEASE from now on every turn of the loop, so each message pushes the expiry back
// dist_leases.rs — Leases: a job comes back when its worker goes quiet
//
// In the last exercises the server learned that a worker was dead because its TCP connection
// closed. Often nothing closes: the worker's machine hangs, the network drops packets, the worker
// is merely very slow. The usual answer is a LEASE: a job is lent to a worker for a fixed time
// (`LEASE`, 10 s), and if no result arrives by then the job goes back on the queue for someone
// else. A result that arrives after its lease expired is ignored: the job now belongs to someone
// else, and accepting both would do it twice. Here the coordinator is one tokio task and the
// workers are tasks sending it requests over an `mpsc` channel; on tokio's paused clock a 10 s
// lease expires in microseconds of real time, so the tests can play out long stories exactly.
//
// The coordinator also supports a GRACEFUL SHUTDOWN: once told to stop it hands out no new
// leases (waiting workers get `None` and quit), but it keeps accepting the results of the leases
// already out, and returns when they are all in (or expired). Jobs never handed out are reported
// as unfinished.
//
// As shipped, leases never expire (a stuck worker keeps its job forever) and shutdown drops the
// work in progress on the floor. Fix both in `coordinate` (add functions of your own as you
// like). A lease runs out at its own deadline, to the millisecond: nobody else will tell the
// coordinator that it did. The bookkeeping (`Book`, with public fields: `leases` maps a lease id
// to its job, worker and expiry), the messages and the test workers are in
// `mtlings_support::dist_lease_kit`; `Book::complete` already calls a result whose lease is no
// longer in `leases` late.

use mtlings_support::dist_lease_kit::{Book, Event, LEASE, Report, Request};
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, sleep_until};

/// When the next lease runs out, if any is out.
fn next_expiry(book: &Book) -> Option<Instant> {
    book.leases.values().map(|(_, _, expires)| *expires).min()
}

/// Takes back every job whose lease has run out by `now`, and hands them out again.
fn expire(book: &mut Book, now: Instant) {
    let expired: Vec<u64> = book
        .leases
        .iter()
        .filter(|(_, (_, _, expires))| *expires <= now)
        .map(|(id, _)| *id)
        .collect();
    for id in expired {
        let (job, worker, _) = book.leases.remove(&id).unwrap(); // forget the lease itself
        book.log(Event::Expired {
            job: job.id,
            worker,
        });
        book.pending.push_back(job); // someone else may do it now
    }
    book.dispatch();
}

/// Runs the job queue until every job is done, or until a shutdown has been asked for and the
/// leases still out have come back or expired.
pub async fn coordinate(
    inputs: Vec<u64>,
    mut requests: mpsc::Receiver<Request>,
    mut shutdown: oneshot::Receiver<()>,
) -> Report {
    let mut book = Book::new(&inputs);
    let mut shutdown_seen = false;
    while !book.finished() {
        tokio::select! {
            Some(request) = requests.recv() => match request {
                Request::Lease { worker, reply } => book.ask(worker, reply),
                Request::Complete { worker, lease, result } => book.complete(worker, lease, result),
            },
            _ = tokio::time::sleep(LEASE), if !book.leases.is_empty() => {
                expire(&mut book, Instant::now());
            }
            asked = &mut shutdown, if !shutdown_seen => {
                shutdown_seen = true;
                if asked.is_ok() {
                    book.stop(); // keep looping: the leases out may still come back
                }
            }
            else => break,
        }
    }
    book.into_report()
}

