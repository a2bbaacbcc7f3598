// dist_job_server.rs — Distributed processes: a job server and its workers over TCP
//
// The Python notes end with "distributed processes": `multiprocessing.managers.BaseManager`
// puts a job queue on the network, and worker processes, on the same machine or on others,
// connect to it, take jobs and send back results. Nothing is shared but the socket: a worker is a
// separate process with its own memory, and it can die at any moment (crash, `kill`, power cut)
// while holding a job. A job server that wants every job done exactly once must notice that
// (the connection closes: `read_line` returns 0 bytes or an error) and hand the job out again.
// Rust's std gives the same building blocks as Python's: `std::net::TcpListener`/`TcpStream`,
// one thread per connection, and a `Mutex` + `Condvar` board that all those threads share.
//
// The protocol, one line each way: the worker sends `GET`, the server answers `JOB <id> <n>` or
// `BYE` (no work left); the worker computes and sends `DONE <id> <result> <pid>`, then `GET`
// again. The workers here are this very program started again as child processes.
//
// As shipped, when a worker dies holding a job, `serve_worker` forgets the job: it is never done,
// the other workers wait for it forever, and so does the test (mtlings' timeout stops it). Make
// the server give a dead worker's job back to the board so another worker does it, however the
// connection ends (a killed process may close it cleanly or reset it). The board, the accept
// loop and the worker processes are in `mtlings_support::dist_jobs`; read `Board`'s methods.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use mtlings_support::dist_jobs::{Board, Job};

/// Talks to one worker until it says goodbye or its connection ends.
pub fn serve_worker(stream: TcpStream, board: &Board) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut holding: Option<Job> = None; // the job this worker is doing right now
    loop {
        let mut line = String::new();
        let bytes = reader.read_line(&mut line).unwrap_or(0);
        if bytes == 0 {
            // The connection is gone: the worker exited or was killed.
            return;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["GET"] => match board.take_job() {
                Some(job) => {
                    let sent = writeln!(writer, "JOB {} {}", job.id, job.n);
                    holding = Some(job);
                    if sent.is_err() {
                        continue; // the next read sees the closed connection
                    }
                }
                None => {
                    let _ = writeln!(writer, "BYE");
                    return;
                }
            },
            ["DONE", id, result, pid] => {
                if let Some(job) = holding.take() {
                    assert_eq!(
                        id.parse::<u64>().ok(),
                        Some(job.id),
                        "done with another job"
                    );
                    board.finish(job, result.parse().unwrap(), pid.parse().unwrap());
                }
            }
            _ => panic!("unexpected line from a worker: {line:?}"),
        }
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::dist_jobs::{run_as_worker, spawn_worker, start_server};
use mtlings_support::dist_proc::ChildGuard;
use std::sync::Arc;

fn main() {
    if run_as_worker() {
        return;
    }
    let inputs: Vec<u64> = (1..=10).collect();
    let board = Arc::new(Board::new(&inputs));
    let addr = start_server(board.clone(), serve_worker);
    let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, false)).collect();
    let results = board.wait_all_done();
    for (id, reports) in &results {
        println!("job {id} (n = {}): {:?}", inputs[*id as usize], reports);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dist_jobs::{Results, work};
    use mtlings_support::dist_proc::{read_line, take_then_reset};
    use std::time::Duration;

    /// Not a real test: the entry point of the worker processes.
    #[test]
    fn child_entry() {
        run_as_worker();
    }

    /// Waits (3 s at most) until every job is done; names a job that never came back.
    fn all_done(board: &Board, lost: Option<u64>, how: &str) -> Results {
        board
            .wait_all_done_for(Duration::from_secs(3))
            .unwrap_or_else(|(results, out)| {
                let lost = lost.filter(|id| !results.contains_key(id));
                panic!(
                    "3 s after the workers started, {out} job(s) were still out and never came \
                     back (job {lost:?} among them): {how}, and the server did not give its \
                     job back to the board"
                )
            })
    }

    fn check(inputs: &[u64], results: &Results, dead_pid: Option<u32>) {
        for (id, n) in inputs.iter().enumerate() {
            let reports = results.get(&(id as u64)).cloned().unwrap_or_default();
            assert_eq!(
                reports.len(),
                1,
                "job {id} should have been done exactly once, it was done {} times: {reports:?}",
                reports.len()
            );
            let (result, pid) = reports[0];
            assert_eq!(result, work(*n), "wrong result for job {id}");
            assert_ne!(
                pid,
                std::process::id(),
                "job {id} was done by the server itself"
            );
            assert_ne!(
                Some(pid),
                dead_pid,
                "job {id} was 'done' by the killed worker"
            );
        }
    }

    #[test]
    fn two_workers_do_every_job_once() {
        let inputs: Vec<u64> = (1..=20).collect();
        let board = Arc::new(Board::new(&inputs));
        let addr = start_server(board.clone(), serve_worker);
        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        check(&inputs, &all_done(&board, None, "a worker quit"), None);
    }

    #[test]
    fn a_killed_workers_job_is_handed_out_again() {
        let inputs: Vec<u64> = (1..=12).map(|i| i * 7).collect();
        let board = Arc::new(Board::new(&inputs));
        let addr = start_server(board.clone(), serve_worker);

        // A worker takes a job and hangs; we kill it while it holds the job.
        let mut stuck = spawn_worker(&addr, true, true);
        let mut out = stuck.0.stdout.take().unwrap();
        let took = loop {
            let line = read_line(&mut out).expect("the stuck worker died early");
            if let Some(id) = line.trim().strip_prefix("TOOK ") {
                break id.parse::<u64>().unwrap();
            }
        };
        let dead_pid = stuck.0.id();
        stuck.0.kill().unwrap();
        stuck.0.wait().unwrap();

        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        let results = all_done(&board, Some(took), "a worker was killed while holding it");
        check(&inputs, &results, Some(dead_pid));
    }

    #[test]
    fn a_reset_connection_gives_its_job_back() {
        let inputs: Vec<u64> = (30..40).collect();
        let board = Arc::new(Board::new(&inputs));
        let addr = start_server(board.clone(), serve_worker);
        // This "worker" takes a job and vanishes with the answer unread: the server's next read
        // fails with a reset instead of returning 0 bytes.
        let answer = take_then_reset(&addr, "GET");
        let took: u64 = answer.split_whitespace().nth(1).unwrap().parse().unwrap();
        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        let how = "its worker's connection was reset (read_line fails, it does not return 0)";
        let results = all_done(&board, Some(took), how);
        check(&inputs, &results, None);
    }
}
