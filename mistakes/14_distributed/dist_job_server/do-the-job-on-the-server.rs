// MISTAKE: does the dead worker's job in the server itself: the work leaves the workers
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
            if let Some(job) = holding.take() {
                let result = mtlings_support::dist_jobs::work(job.n);
                board.finish(job, result, std::process::id()); // finish it here
            }
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

