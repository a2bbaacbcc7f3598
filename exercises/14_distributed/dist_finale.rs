// dist_finale.rs — Finale: processes, threads and async in one program
//
// The last exercise puts the whole course into one small "prime farm", each part doing what it
// is good at (the Python notes end the same way: "a big service is several processes, each with
// several threads"; Rust just needs no extra processes to get around a GIL):
//   * PROCESSES for isolation: the workers are this program started again. A worker may crash,
//     be killed or lie, and it cannot touch the server's memory; the server only sees a socket.
//   * THREADS for CPU work: inside a worker, counting primes is split across `WORKER_THREADS`
//     threads, and with no GIL they really run at the same time on different cores.
//   * ASYNC for waiting: the server is one tokio task per connection, cheap to keep by the
//     thousand, as long as no task blocks the runtime's thread. The server re-checks every
//     result it is sent ("trust, but verify"), and that check is CPU-heavy.
// Protocol, one line each way: `GET` -> `JOB <id> <lo> <hi>` or `BYE`; then
// `DONE <id> <count> <threads at once>`. A result that fails the check is rejected and the job
// goes back on the board; so does the job of a worker whose connection ends, however it ends.
//
// Three things are wrong, one per layer; fix all three:
//   1. `count_in_parallel` counts on one thread; its shares must run at the same time.
//   2. `serve_worker` checks results in a way that stalls every other connection meanwhile.
//   3. when a worker's connection ends, `serve_worker` loses the job the worker held.
// Board, checks and workers: `mtlings_support::dist_farm`. The tests see how many threads are
// inside `count_primes` at once, and ask the runtime to answer while `verify` runs.

use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use mtlings_support::dist_farm::{Board, count_primes, verify};

/// How many threads a worker process counts with.
pub const WORKER_THREADS: u64 = 2;

/// Counts the primes in `lo..hi` with `WORKER_THREADS` threads, each calling `count_primes` on
/// its share of the range. Runs in a worker process.
pub fn count_in_parallel(lo: u64, hi: u64) -> u64 {
    count_primes(lo, hi)
}

/// Serves one worker connection (one task per connection). Runs in the server.
pub async fn serve_worker(stream: TcpStream, board: Arc<Board>, conn: u64) {
    let (read_half, mut writer) = stream.into_split();
    let mut lines = BufReader::new(read_half).lines();
    loop {
        let Ok(Some(line)) = lines.next_line().await else {
            board.forget(conn); // the worker is gone
            return;
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["GET"] => {
                let answer = match board.next_job(conn).await {
                    Some(job) => format!("JOB {} {} {}\n", job.id, job.lo, job.hi),
                    None => "BYE\n".to_string(),
                };
                if writer.write_all(answer.as_bytes()).await.is_err() {
                    board.forget(conn);
                    return;
                }
            }
            ["DONE", _id, count, threads] => {
                let (count, threads) = (count.parse().unwrap(), threads.parse().unwrap());
                let Some(job) = board.job_of(conn) else {
                    continue;
                };
                if verify(&job, count) {
                    board.finish(conn, count, threads);
                } else {
                    board.reject(conn);
                }
            }
            _ => return,
        }
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::dist_farm::{make_jobs, run_as_worker, spawn_worker, start_server};
use mtlings_support::dist_proc::ChildGuard;

fn main() {
    if run_as_worker(count_in_parallel) {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let tally = rt.block_on(async {
        let board = Arc::new(Board::new(make_jobs(20_000, 8)));
        let addr = start_server(board.clone(), serve_worker).await;
        let _workers: Vec<ChildGuard> = (0..2)
            .map(|_| spawn_worker(&addr, "honest", false))
            .collect();
        board.all_done().await
    });
    let total: u64 = tally.results.values().map(|d| d[0].count).sum();
    println!("{total} primes below 20000, counted by 2 worker processes");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dist_farm::verified_on;
    use mtlings_support::dist_farm::{Job, Tally, jobs_ending_on_primes, primes_between};
    use mtlings_support::dist_proc::take_then_reset;
    use mtlings_support::pitfall_probe::{Watch, watch};
    use std::time::Duration;

    /// Not a real test: the entry point of the worker processes.
    #[test]
    fn child_entry() {
        run_as_worker(count_in_parallel);
    }

    /// `what` must happen within 5 s.
    async fn soon<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
        let patience = Duration::from_secs(5);
        tokio::time::timeout(patience, f)
            .await
            .unwrap_or_else(|_| panic!("{what}: not in 5 s"))
    }

    async fn all_done(board: &Board) -> Tally {
        board
            .all_done_within(Duration::from_secs(5))
            .await
            .unwrap_or_else(|t| {
                panic!(
                    "5 s after the workers started, jobs were still out ({} connection(s) had \
                 ended holding a job): a job that left with its worker never came back to the \
                 board",
                    t.lost
                )
            })
    }

    fn check(jobs: &[Job], tally: &Tally, watch: &Watch) {
        assert!(
            tally.failed.is_empty(),
            "jobs {:?} were answered wrongly 3 times (the server's check counts again and \
             disagreed): does count_in_parallel count every number of [lo, hi) exactly once?",
            tally.failed
        );
        for job in jobs {
            let done = tally.results.get(&job.id).cloned().unwrap_or_default();
            assert!(
                !done.is_empty(),
                "job {} was never done: it left with a worker whose connection ended, and never \
                 came back to the board",
                job.id
            );
            assert_eq!(
                done.len(),
                1,
                "job {} was done {} times",
                job.id,
                done.len()
            );
            assert_eq!(
                done[0].count,
                primes_between(job.lo, job.hi),
                "job {}",
                job.id
            );
            assert_eq!(
                done[0].threads as u64, WORKER_THREADS,
                "job {} ({}..{}): its worker had at most {} thread(s) inside count_primes at \
                 once; the WORKER_THREADS = {WORKER_THREADS} shares must run at the same time",
                job.id, job.lo, job.hi, done[0].threads
            );
        }
        let runtime_thread = std::thread::current().id(); // `#[tokio::test]`: one thread
        let verified_on = verified_on();
        assert!(!verified_on.is_empty(), "the server never checked a result");
        assert!(
            !verified_on.contains(&runtime_thread) && watch.stalls() == 0,
            "while the server checked a result, no other task on its runtime could run (a \
             task asked to answer did not within 2 s): every connection stalled meanwhile; \
             the check must run elsewhere while the connection's task awaits its verdict"
        );
    }

    #[tokio::test]
    async fn two_workers_count_every_prime() {
        let watch = watch();
        let jobs = jobs_ending_on_primes(9);
        let board = Arc::new(Board::new(jobs.clone()));
        let addr = start_server(board.clone(), serve_worker).await;
        let _workers: Vec<ChildGuard> = (0..2)
            .map(|_| spawn_worker(&addr, "honest", true))
            .collect();
        let tally = all_done(&board).await;
        check(&jobs, &tally, &watch);
    }

    #[tokio::test]
    async fn survives_a_killed_worker_and_a_liar() {
        let watch = watch();
        let jobs = jobs_ending_on_primes(7);
        let board = Arc::new(Board::new(jobs.clone()));
        let addr = start_server(board.clone(), serve_worker).await;

        let mut stuck = spawn_worker(&addr, "stuck", true);
        soon(
            "the stuck worker takes a job",
            board.wait_until(|t| t.handed_out >= 1),
        )
        .await;
        stuck.0.kill().unwrap();
        stuck.0.wait().unwrap();
        soon(
            "the killed worker's connection ends",
            board.wait_until(|t| t.lost >= 1),
        )
        .await;

        let _liar = spawn_worker(&addr, "liar", true);
        soon("the liar is caught", board.wait_until(|t| t.rejected >= 1)).await;

        let _workers: Vec<ChildGuard> = (0..2)
            .map(|_| spawn_worker(&addr, "honest", true))
            .collect();
        let tally = all_done(&board).await;
        check(&jobs, &tally, &watch);
        assert_eq!(
            tally.rejected, 1,
            "only the liar's answer should be rejected"
        );
    }

    #[tokio::test]
    async fn a_reset_connection_gives_its_job_back() {
        let watch = watch();
        let jobs = jobs_ending_on_primes(6);
        let board = Arc::new(Board::new(jobs.clone()));
        let addr = start_server(board.clone(), serve_worker).await;
        // This "worker" takes a job and vanishes with the answer unread: the server's next read
        // fails with a reset instead of reaching the end of the stream.
        let to = addr.clone();
        let took = tokio::task::spawn_blocking(move || take_then_reset(&to, "GET"));
        let took = took.await.unwrap();
        assert!(took.starts_with("JOB"), "expected a job, got {took:?}");
        let _workers: Vec<ChildGuard> = (0..2)
            .map(|_| spawn_worker(&addr, "honest", true))
            .collect();
        let tally = all_done(&board).await;
        check(&jobs, &tally, &watch);
    }
}
