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

use mtlings_support::dist_lease_kit::{Book, Report, Request};
use tokio::sync::{mpsc, oneshot};

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
            asked = &mut shutdown, if !shutdown_seen => {
                shutdown_seen = true;
                if asked.is_ok() {
                    book.stop();
                    break;
                }
            }
            else => break,
        }
    }
    book.into_report()
}

// ---- Don't edit below this line. ----

use mtlings_support::dist_lease_kit::{Behaviour, worker};
use std::time::Duration;

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    let report = rt.block_on(async {
        let (tx, rx) = mpsc::channel(16);
        let (_stop, shutdown) = oneshot::channel();
        tokio::spawn(worker(0, tx.clone(), Behaviour::Stuck));
        tokio::spawn(worker(1, tx, Behaviour::Steady(Duration::from_secs(2))));
        coordinate(vec![1, 2, 3, 4], rx, shutdown).await
    });
    for (at, event) in &report.events {
        println!("{:>4}s {event:?}", at.as_secs());
    }
    println!("results: {:?}", report.results);
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dist_lease_kit::{Event, run, times_done};
    use std::collections::BTreeMap;

    fn ms(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[tokio::test(start_paused = true)]
    async fn a_stuck_workers_job_is_leased_again() {
        let steady = Behaviour::Steady(ms(1000));
        let report = run(
            coordinate,
            vec![1, 2, 3, 4],
            &[Behaviour::Stuck, steady],
            None,
        )
        .await;
        let all = BTreeMap::from([(0, 1), (1, 4), (2, 9), (3, 16)]);
        assert_eq!(report.results, all, "wrong results");
        assert!(
            report
                .events
                .contains(&(ms(10_000), Event::Expired { job: 0, worker: 0 })),
            "the stuck worker took job 0 at 0 s, so its lease should expire at 10 s: {:?}",
            report.events
        );
        assert_eq!(
            report.events.last(),
            Some(&(ms(11_000), Event::Done { job: 0, worker: 1 })),
            "worker 1 should take job 0 again at 10 s and finish it at 11 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_lease_runs_out_at_its_own_deadline() {
        // Worker 0 takes 1.3 s a job; worker 1 joins at 0.337 s, takes job 1 and hangs.
        let workers = [Behaviour::Steady(ms(1300)), Behaviour::StuckFrom(ms(337))];
        let report = run(coordinate, vec![1, 2, 3, 4], &workers, None).await;
        assert!(
            report
                .events
                .contains(&(ms(10_337), Event::Expired { job: 1, worker: 1 })),
            "job 1 was leased at 0.337 s, so its lease runs out at exactly 10.337 s, not at the \
             next round number and not 10 s after the last message: {:?}",
            report.events
        );
        assert_eq!(
            report.events.last(),
            Some(&(ms(11_637), Event::Done { job: 1, worker: 0 })),
            "worker 0, idle since 3.9 s, should take job 1 at 10.337 s and finish at 11.637 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_result_is_not_counted() {
        // Worker 0 takes job 0 and answers after 12 s: 2 s after its lease ran out.
        let workers = [Behaviour::Slow(ms(12_000)), Behaviour::Steady(ms(5000))];
        let report = run(coordinate, vec![1, 2, 3, 4], &workers, None).await;
        for job in 0..4 {
            let events = &report.events;
            assert_eq!(
                times_done(&report, job),
                1,
                "job {job} done once: {events:?}"
            );
        }
        assert!(
            report
                .events
                .contains(&(ms(12_000), Event::Late { job: 0, worker: 0 })),
            "worker 0's result for job 0 came at 12 s, after its lease expired at 10 s; it must \
             be recorded as Late, not Done: {:?}",
            report.events
        );
        assert_eq!(
            report.events.last(),
            Some(&(ms(20_000), Event::Done { job: 0, worker: 1 })),
            "job 0 went back to the queue at 10 s and worker 1 did it from 15 s to 20 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn shutdown_lets_work_in_progress_finish() {
        let steady = Behaviour::Steady(ms(3000));
        let report = run(
            coordinate,
            (1..=10).collect(),
            &[steady, steady],
            Some(ms(4000)),
        )
        .await;
        assert_eq!(
            report.results,
            BTreeMap::from([(0, 1), (1, 4), (2, 9), (3, 16)]),
            "jobs 0 and 1 were done at 3 s; jobs 2 and 3 were in progress at the 4 s shutdown \
             and should be allowed to finish at 6 s; no other job should be started"
        );
        assert_eq!(
            report.unfinished,
            (4..10).collect::<Vec<u64>>(),
            "unfinished jobs"
        );
        let after_stop = report
            .events
            .iter()
            .skip_while(|(_, e)| *e != Event::Stopped);
        let leased = after_stop
            .filter(|(_, e)| matches!(e, Event::Leased { .. }))
            .count();
        assert_eq!(leased, 0, "no job may be leased after the shutdown");
        assert_eq!(
            report.events.last().map(|(at, _)| *at),
            Some(ms(6000)),
            "the coordinator should return once the last lease came back, at 6 s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn all_steady() {
        let steady = Behaviour::Steady(ms(1000));
        let report = run(
            coordinate,
            (1..=6).collect(),
            &[steady, steady, steady],
            None,
        )
        .await;
        assert_eq!(report.results.len(), 6);
        assert!(report.unfinished.is_empty());
        assert_eq!(report.events.last().map(|(at, _)| *at), Some(ms(2000)));
    }
}
