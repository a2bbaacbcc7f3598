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
// the server give a dead worker's job back to the board so another worker does it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

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

use std::collections::{BTreeMap, VecDeque};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

/// One job: compute `work(n)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: u64,
    pub n: u64,
}

/// The work a job asks for: the number of Collatz steps from `n` down to 1.
pub fn work(mut n: u64) -> u64 {
    let mut steps = 0;
    while n > 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            3 * n + 1
        };
        steps += 1;
    }
    steps
}

/// Results: job id -> every (result, worker pid) reported for it.
pub type Results = BTreeMap<u64, Vec<(u64, u32)>>;

/// The job board shared by the connection threads.
pub struct Board {
    state: Mutex<BoardState>,
    changed: Condvar,
}

struct BoardState {
    pending: VecDeque<Job>,
    in_flight: usize,
    results: Results,
}

impl Board {
    pub fn new(inputs: &[u64]) -> Board {
        let pending = inputs
            .iter()
            .enumerate()
            .map(|(i, n)| Job {
                id: i as u64,
                n: *n,
            })
            .collect();
        Board {
            state: Mutex::new(BoardState {
                pending,
                in_flight: 0,
                results: Results::new(),
            }),
            changed: Condvar::new(),
        }
    }

    /// Hands out the next job. While there is none but some are being worked on (and may come
    /// back), waits. Returns `None` once every job is finished.
    pub fn take_job(&self) -> Option<Job> {
        let mut s = self.state.lock().unwrap();
        loop {
            if let Some(job) = s.pending.pop_front() {
                s.in_flight += 1;
                return Some(job);
            }
            if s.in_flight == 0 {
                return None;
            }
            s = self.changed.wait(s).unwrap();
        }
    }

    /// Records the result of a job handed out by `take_job`.
    pub fn finish(&self, job: Job, result: u64, pid: u32) {
        let mut s = self.state.lock().unwrap();
        s.in_flight -= 1;
        s.results.entry(job.id).or_default().push((result, pid));
        self.changed.notify_all();
    }

    /// Gives back a job handed out by `take_job` that was not finished.
    pub fn put_back(&self, job: Job) {
        let mut s = self.state.lock().unwrap();
        s.in_flight -= 1;
        s.pending.push_back(job);
        self.changed.notify_all();
    }

    /// Waits until no job is pending or in flight, and returns the results.
    pub fn wait_all_done(&self) -> Results {
        let mut s = self.state.lock().unwrap();
        while !s.pending.is_empty() || s.in_flight > 0 {
            s = self.changed.wait(s).unwrap();
        }
        s.results.clone()
    }
}

/// Accepts workers forever, one thread each (the thread stays behind, blocked in `accept`).
pub fn start_server(board: Arc<Board>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            stream.set_nodelay(true).unwrap(); // small request/answer lines: send at once
            let board = board.clone();
            thread::spawn(move || serve_worker(stream, &board));
        }
    });
    addr
}

/// The worker process: takes jobs until `BYE`. A "stuck" worker takes one job, says so on
/// stdout (`TOOK <id>`) and then hangs until it is killed.
fn worker_main(addr: &str, stuck: bool) {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        writeln!(writer, "GET").unwrap();
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            return;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["JOB", id, n] => {
                if stuck {
                    println!("TOOK {id}");
                    std::io::stdout().flush().unwrap();
                    loop {
                        thread::park();
                    }
                }
                let result = work(n.parse().unwrap());
                writeln!(writer, "DONE {id} {result} {}", std::process::id()).unwrap();
            }
            _ => return, // BYE
        }
    }
}

const WORKER_ENV: &str = "MTLINGS_DIST_WORKER";
const STUCK_ENV: &str = "MTLINGS_DIST_STUCK";

/// If this process was started as a worker, runs the worker and returns true.
fn run_as_worker() -> bool {
    match std::env::var(WORKER_ENV) {
        Ok(addr) => {
            worker_main(&addr, std::env::var(STUCK_ENV).is_ok());
            true
        }
        Err(_) => false,
    }
}

/// Kills (if still running) and reaps the child when dropped, even if a test fails.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// Starts this program again as a worker process connected to `addr`.
fn spawn_worker(addr: &str, stuck: bool, test_harness: bool) -> ChildGuard {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    if test_harness {
        cmd.args(["tests::child_entry", "--exact", "--nocapture", "-q"]);
        cmd.arg("--test-threads=1");
    }
    cmd.env(WORKER_ENV, addr).stdin(Stdio::null());
    if stuck {
        cmd.env(STUCK_ENV, "1").stdout(Stdio::piped());
    } else {
        cmd.stdout(Stdio::null());
    }
    ChildGuard(cmd.spawn().expect("could not start a worker process"))
}

fn main() {
    if run_as_worker() {
        return;
    }
    let inputs: Vec<u64> = (1..=10).collect();
    let board = Arc::new(Board::new(&inputs));
    let addr = start_server(board.clone());
    let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, false)).collect();
    let results = board.wait_all_done();
    for (id, reports) in &results {
        println!("job {id} (n = {}): {:?}", inputs[*id as usize], reports);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a real test: the entry point of the worker processes.
    #[test]
    fn child_entry() {
        run_as_worker();
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
        let addr = start_server(board.clone());
        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        check(&inputs, &board.wait_all_done(), None);
    }

    #[test]
    fn a_killed_workers_job_is_handed_out_again() {
        let inputs: Vec<u64> = (1..=12).map(|i| i * 7).collect();
        let board = Arc::new(Board::new(&inputs));
        let addr = start_server(board.clone());

        // A worker takes a job and hangs; we kill it while it holds the job.
        let mut stuck = spawn_worker(&addr, true, true);
        let mut out = BufReader::new(stuck.0.stdout.take().unwrap());
        let took = loop {
            let mut line = String::new();
            assert_ne!(
                out.read_line(&mut line).unwrap(),
                0,
                "the stuck worker died early"
            );
            if let Some(id) = line.trim().strip_prefix("TOOK ") {
                break id.parse::<u64>().unwrap();
            }
        };
        let dead_pid = stuck.0.id();
        stuck.0.kill().unwrap();
        stuck.0.wait().unwrap();

        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        let results = board.wait_all_done();
        assert!(
            results.contains_key(&took),
            "job {took} died with its worker and was never done"
        );
        check(&inputs, &results, Some(dead_pid));
    }
}
