//! The job board, the checks and the worker processes of `dist_finale` (14_distributed).
//!
//! The finale's server is one tokio task per worker connection sharing a [`Board`] of prime
//! counting [`Job`]s (`lo..hi`); the workers are the exercise's own program started again
//! ([`spawn_worker`], [`run_as_worker`]): honest, stuck (takes a job and hangs until killed) or
//! a liar (answers its first job wrongly, then quits). A worker counts with the exercise's
//! `count_in_parallel` and reports how many threads were inside [`count_primes`] AT ONCE: the
//! first job of each worker process waits (half a second at most) for a second thread to
//! arrive, so threads that run one after another report 1. [`verify`] is the server's check of
//! an answer: CPU-heavy, and it asks the runtime to answer meanwhile
//! ([`crate::pitfall_probe::check_in`]), so a test can tell whether the runtime stayed free.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::future::Future;
use std::io::{BufRead, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::Notify;

use crate::dist_proc::{ChildGuard, respawn};

/// The primes in `lo..hi`, by trial division (on purpose slow).
pub fn primes_between(lo: u64, hi: u64) -> u64 {
    (lo..hi)
        .filter(|&n| n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count() as u64
}

#[derive(Default)]
struct Inside {
    now: usize,
    most: usize,
    met: bool,
}

static INSIDE: Mutex<Inside> = Mutex::new(Inside {
    now: 0,
    most: 0,
    met: false,
});
static ARRIVED: Condvar = Condvar::new();

/// Counts the primes in `lo..hi`; call it from every counting thread. Notes how many threads
/// are inside at once (the first time, it waits up to 500 ms for a second one to arrive).
pub fn count_primes(lo: u64, hi: u64) -> u64 {
    {
        let mut inside = INSIDE.lock().unwrap_or_else(|e| e.into_inner());
        inside.now += 1;
        inside.most = inside.most.max(inside.now);
        ARRIVED.notify_all();
        if !inside.met {
            let wait = Duration::from_millis(500);
            inside = ARRIVED
                .wait_timeout_while(inside, wait, |i| i.now < 2)
                .unwrap()
                .0;
            inside.met = true; // met another thread, or gave up: never wait again
        }
    }
    let count = primes_between(lo, hi);
    INSIDE.lock().unwrap_or_else(|e| e.into_inner()).now -= 1;
    count
}

/// The most threads seen inside `count_primes` at once in this process.
pub fn most_inside_at_once() -> usize {
    INSIDE.lock().unwrap_or_else(|e| e.into_inner()).most
}

static VERIFY_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

/// The server's check of a worker's answer: counts again. CPU-heavy. Notes the thread it ran
/// on, and checks in with any runtime a test watches.
pub fn verify(job: &Job, claimed: u64) -> bool {
    VERIFY_THREADS.lock().unwrap().push(thread::current().id());
    crate::pitfall_probe::check_in();
    primes_between(job.lo, job.hi) == claimed
}

/// The threads `verify` has run on.
pub fn verified_on() -> Vec<ThreadId> {
    VERIFY_THREADS.lock().unwrap().clone()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: u64,
    pub lo: u64,
    pub hi: u64,
}

/// A verified result: the count, the threads the worker used, and the connection it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    pub count: u64,
    pub threads: usize,
    pub conn: u64,
}

#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub results: BTreeMap<u64, Vec<Done>>,
    /// Jobs given up on after 3 rejected answers.
    pub failed: Vec<u64>,
    pub handed_out: usize,
    pub rejected: usize,
    /// Connections that ended while holding a job.
    pub lost: usize,
}

#[derive(Default)]
struct BoardState {
    pending: VecDeque<Job>,
    in_flight: HashMap<u64, Job>,
    rejections: HashMap<u64, usize>,
    tally: Tally,
}

/// The job board the connection tasks share. Its lock is never held across an `.await`.
pub struct Board {
    state: Mutex<BoardState>,
    changed: Notify,
}

impl Board {
    pub fn new(jobs: Vec<Job>) -> Board {
        Board {
            state: Mutex::new(BoardState {
                pending: jobs.into(),
                ..BoardState::default()
            }),
            changed: Notify::new(),
        }
    }

    fn update<R>(&self, f: impl FnOnce(&mut BoardState) -> R) -> R {
        let r = f(&mut self.state.lock().unwrap());
        self.changed.notify_waiters();
        r
    }

    /// The next job for connection `conn`; waits while jobs are out that may come back.
    /// `None` once every job is finished.
    pub async fn next_job(&self, conn: u64) -> Option<Job> {
        loop {
            let changed = self.changed.notified();
            let next = {
                let mut s = self.state.lock().unwrap();
                match s.pending.pop_front() {
                    Some(job) => {
                        s.in_flight.insert(conn, job.clone());
                        s.tally.handed_out += 1;
                        Some(Some(job))
                    }
                    None if s.in_flight.is_empty() => Some(None),
                    None => None, // jobs are out and may come back: wait for a change
                }
            };
            if matches!(next, Some(Some(_))) {
                self.changed.notify_waiters();
            }
            match next {
                Some(answer) => return answer,
                None => changed.await,
            }
        }
    }

    /// The job connection `conn` holds.
    pub fn job_of(&self, conn: u64) -> Option<Job> {
        self.state.lock().unwrap().in_flight.get(&conn).cloned()
    }

    /// Records the verified result of the job `conn` holds.
    pub fn finish(&self, conn: u64, count: u64, threads: usize) {
        self.update(|s| {
            if let Some(job) = s.in_flight.remove(&conn) {
                let done = Done {
                    count,
                    threads,
                    conn,
                };
                s.tally.results.entry(job.id).or_default().push(done);
            }
        });
    }

    /// The answer for the job `conn` holds was wrong: the job goes back (at most 3 times).
    pub fn reject(&self, conn: u64) {
        self.update(|s| {
            if let Some(job) = s.in_flight.remove(&conn) {
                s.tally.rejected += 1;
                let times = s.rejections.entry(job.id).or_default();
                *times += 1;
                if *times >= 3 {
                    s.tally.failed.push(job.id);
                } else {
                    s.pending.push_back(job);
                }
            }
        });
    }

    /// Connection `conn` ended: the job it held (if any) goes back on the board.
    pub fn requeue(&self, conn: u64) {
        self.update(|s| {
            if let Some(job) = s.in_flight.remove(&conn) {
                s.tally.lost += 1;
                s.pending.push_back(job);
            }
        });
    }

    /// Connection `conn` ended: the job it held (if any) is dropped.
    pub fn forget(&self, conn: u64) {
        self.update(|s| {
            if s.in_flight.remove(&conn).is_some() {
                s.tally.lost += 1;
            }
        });
    }

    /// Waits until `ready(tally)` holds, then returns the tally.
    pub async fn wait_until(&self, ready: impl Fn(&Tally) -> bool) -> Tally {
        loop {
            let changed = self.changed.notified();
            {
                let s = self.state.lock().unwrap();
                if ready(&s.tally) {
                    return s.tally.clone();
                }
            }
            changed.await;
        }
    }

    /// Waits until no job is pending or out (at most `patience`), then returns the tally;
    /// `Err` with the tally so far if jobs were still out.
    pub async fn all_done_within(&self, patience: Duration) -> Result<Tally, Tally> {
        match tokio::time::timeout(patience, self.all_done()).await {
            Ok(tally) => Ok(tally),
            Err(_) => Err(self.state.lock().unwrap().tally.clone()),
        }
    }

    /// Waits until no job is pending or out, then returns the tally.
    pub async fn all_done(&self) -> Tally {
        loop {
            let changed = self.changed.notified();
            {
                let s = self.state.lock().unwrap();
                if s.pending.is_empty() && s.in_flight.is_empty() {
                    return s.tally.clone();
                }
            }
            changed.await;
        }
    }
}

/// Binds 127.0.0.1 on a free port and runs `serve(stream, board, conn)` for each worker (one
/// task each, connections numbered from 1) on the current runtime.
pub async fn start_server<S, F>(board: Arc<Board>, serve: S) -> String
where
    S: Fn(TcpStream, Arc<Board>, u64) -> F + Send + 'static,
    F: Future<Output = ()> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        let mut conn = 0;
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            stream.set_nodelay(true).unwrap();
            conn += 1;
            tokio::spawn(serve(stream, board.clone(), conn));
        }
    });
    addr
}

/// Splits `0..limit` into `jobs` ranges.
pub fn make_jobs(limit: u64, jobs: u64) -> Vec<Job> {
    let size = limit / jobs;
    (0..jobs)
        .map(|id| Job {
            id,
            lo: id * size,
            hi: if id + 1 == jobs {
                limit
            } else {
                (id + 1) * size
            },
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Honest,
    /// Takes a job and hangs until killed.
    Stuck,
    /// Answers its first job with a wrong count, then quits.
    Liar,
}

/// The worker process: plain blocking std networking (it is a process of its own).
/// `GET` -> `JOB <id> <lo> <hi>` or `BYE`; then `DONE <id> <count> <threads at once>`.
fn worker_main(addr: &str, mode: Mode, count_in_parallel: fn(u64, u64) -> u64) {
    let stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        writeln!(writer, "GET").unwrap();
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let ["JOB", id, lo, hi] = words.as_slice() else {
            return; // BYE
        };
        if mode == Mode::Stuck {
            loop {
                thread::park();
            }
        }
        let count = count_in_parallel(lo.parse().unwrap(), hi.parse().unwrap());
        let threads = most_inside_at_once();
        let told = if mode == Mode::Liar { count + 1 } else { count };
        if writeln!(writer, "DONE {id} {told} {threads}").is_err() || mode == Mode::Liar {
            return;
        }
    }
}

const WORKER_ENV: &str = "MTLINGS_FINALE_WORKER";
const MODE_ENV: &str = "MTLINGS_FINALE_MODE";

/// If this process was started as a worker, runs it (counting with `count_in_parallel`) and
/// returns true.
pub fn run_as_worker(count_in_parallel: fn(u64, u64) -> u64) -> bool {
    let Ok(addr) = std::env::var(WORKER_ENV) else {
        return false;
    };
    let mode = match std::env::var(MODE_ENV).as_deref() {
        Ok("stuck") => Mode::Stuck,
        Ok("liar") => Mode::Liar,
        _ => Mode::Honest,
    };
    worker_main(&addr, mode, count_in_parallel);
    true
}

/// Starts this program again as a worker (`mode`: "honest", "stuck" or "liar").
pub fn spawn_worker(addr: &str, mode: &str, test_harness: bool) -> ChildGuard {
    respawn(&[(WORKER_ENV, addr), (MODE_ENV, mode)], test_harness, false)
}

/// `count` jobs of 4001 numbers each, whose last number is a prime: an odd length, so shares
/// for two threads differ by one, and a share that loses the last number loses a prime.
pub fn jobs_ending_on_primes(count: u64) -> Vec<Job> {
    (1..=count)
        .map(|id| {
            let mut p = id * 4500;
            while primes_between(p, p + 1) == 0 {
                p += 1;
            }
            Job {
                id: id - 1,
                lo: p + 1 - 4001,
                hi: p + 1,
            }
        })
        .collect()
}
