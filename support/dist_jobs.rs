//! The job board, the accept loop and the worker processes of `dist_job_server`
//! (14_distributed).
//!
//! The exercise's lesson is one function, the server's side of one worker connection. Around it:
//! a [`Board`] shared by the connection threads (a `Mutex` + `Condvar` queue of [`Job`]s that
//! knows how many are out being worked on), [`start_server`] (a `TcpListener` on 127.0.0.1 port
//! 0, one thread per connection), and the worker process ([`run_as_worker`], [`spawn_worker`]):
//! the exercise's own program started again, which takes jobs until told `BYE`. A "stuck"
//! worker takes one job, prints `TOOK <id>` and hangs until it is killed.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use crate::dist_proc::{ChildGuard, respawn};

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
    /// A board with one job per input, ids 0, 1, 2...
    pub fn new(inputs: &[u64]) -> Board {
        let pending = (0u64..)
            .zip(inputs)
            .map(|(id, n)| Job { id, n: *n })
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

    /// Gives back a job handed out by `take_job` that was not finished: it is handed out again.
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

    /// Like `wait_all_done`, but gives up after `patience` of real time (a failure detector for
    /// the tests) and then returns `Err` with the results so far and how many jobs are out.
    pub fn wait_all_done_for(&self, patience: Duration) -> Result<Results, (Results, usize)> {
        let s = self.state.lock().unwrap();
        let (s, _) = self
            .changed
            .wait_timeout_while(s, patience, |s| !s.pending.is_empty() || s.in_flight > 0)
            .unwrap();
        if s.pending.is_empty() && s.in_flight == 0 {
            Ok(s.results.clone())
        } else {
            Err((s.results.clone(), s.in_flight))
        }
    }
}

/// Accepts workers forever on 127.0.0.1 (a free port), one thread each running `serve`.
/// Returns the address to connect to.
pub fn start_server(board: Arc<Board>, serve: fn(TcpStream, &Board)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            stream.set_nodelay(true).unwrap(); // small request/answer lines: send at once
            let board = board.clone();
            thread::spawn(move || serve(stream, &board));
        }
    });
    addr
}

/// The worker process: `GET`, then `JOB <id> <n>` -> `DONE <id> <result> <pid>`, until `BYE`.
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
        let ["JOB", id, n] = words.as_slice() else {
            return; // BYE
        };
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
}

const WORKER_ENV: &str = "MTLINGS_DIST_WORKER";
const STUCK_ENV: &str = "MTLINGS_DIST_STUCK";

/// If this process was started as a worker, runs the worker and returns true.
pub fn run_as_worker() -> bool {
    match std::env::var(WORKER_ENV) {
        Ok(addr) => {
            worker_main(&addr, std::env::var(STUCK_ENV).is_ok());
            true
        }
        Err(_) => false,
    }
}

/// Starts this program again as a worker connected to `addr` (stdout piped if `stuck`).
pub fn spawn_worker(addr: &str, stuck: bool, test_harness: bool) -> ChildGuard {
    let mut env = vec![(WORKER_ENV, addr)];
    if stuck {
        env.push((STUCK_ENV, "1"));
    }
    respawn(&env, test_harness, stuck)
}
