// MISTAKE: skips the check to keep the runtime free: a liar's count is accepted
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
    let share = (hi - lo).div_ceil(WORKER_THREADS).max(1);
    std::thread::scope(|scope| {
        let counters: Vec<_> = (0..WORKER_THREADS)
            .map(|i| {
                let start = (lo + i * share).min(hi);
                let end = (start + share).min(hi);
                scope.spawn(move || count_primes(start, end)) // 1. one share per thread
            })
            .collect();
        counters.into_iter().map(|c| c.join().unwrap()).sum()
    })
}

/// Serves one worker connection (one task per connection). Runs in the server.
pub async fn serve_worker(stream: TcpStream, board: Arc<Board>, conn: u64) {
    let (read_half, mut writer) = stream.into_split();
    let mut lines = BufReader::new(read_half).lines();
    loop {
        let Ok(Some(line)) = lines.next_line().await else {
            board.requeue(conn); // 3. the worker is gone: its job goes back on the board
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
                    board.requeue(conn);
                    return;
                }
            }
            ["DONE", _id, count, threads] => {
                let (count, threads) = (count.parse().unwrap(), threads.parse().unwrap());
                let Some(job) = board.job_of(conn) else {
                    continue;
                };
                // 2. the CPU-heavy check runs on rayon's thread pool; this task just awaits it
                let _ = (&job, verify as fn(&_, _) -> _); // too slow for the runtime: trust
                if true {
                    board.finish(conn, count, threads);
                } else {
                    board.reject(conn);
                }
            }
            _ => return,
        }
    }
}

