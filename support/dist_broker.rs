//! The message broker and the worker processes of `dist_ack_late` (14_distributed).
//!
//! A [`Broker`] hands out jobs over TCP (`GET` -> `JOB <id> <n>` or `BYE`), keeps every job it
//! handed out as "unacknowledged" until the worker sends `ACK <id>`, records `RESULT <id> <v>`
//! lines, and when a connection ends puts that connection's unacknowledged jobs back on the
//! queue. That is all a broker can do for you: it cannot know whether a job was really done.
//!
//! Workers die at awkward moments in the tests. A worker started with `crash` dies in the middle
//! of its first job (inside [`work`], as if its machine lost power). A broker made with
//! [`Broker::cutting_after_first_ack`] loses its first connection right after that
//! connection's first `ACK`, as if the worker had died the instant it sent it: whatever the
//! worker sent after the `ACK` never arrives.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use crate::dist_proc::{ChildGuard, respawn};

const WORKER_ENV: &str = "MTLINGS_ACK_WORKER";
const CRASH_ENV: &str = "MTLINGS_ACK_CRASH";

/// The work: the sum of the digits of n³. In a worker started with `crash`, the process dies
/// here instead (exit code 101).
pub fn work(n: u64) -> u64 {
    if std::env::var(CRASH_ENV).is_ok() {
        std::process::exit(101);
    }
    (n * n * n)
        .to_string()
        .bytes()
        .map(|b| u64::from(b - b'0'))
        .sum()
}

/// Job id -> every value reported for it.
pub type Results = BTreeMap<u64, Vec<u64>>;

#[derive(Default)]
struct BrokerState {
    pending: VecDeque<(u64, u64)>,
    /// (connection, job id) -> n, for jobs handed out and not acknowledged yet.
    unacked: HashMap<(u64, u64), u64>,
    acked: Vec<u64>,
    results: Results,
    connections: usize,
}

/// The broker: hands out jobs, re-queues the unacknowledged jobs of a connection that ends.
pub struct Broker {
    state: Mutex<BrokerState>,
    changed: Condvar,
    cut_first_after_ack: bool,
}

impl Broker {
    pub fn new(inputs: &[u64]) -> Broker {
        Broker {
            state: Mutex::new(BrokerState {
                pending: (0u64..).zip(inputs.iter().copied()).collect(),
                ..BrokerState::default()
            }),
            changed: Condvar::new(),
            cut_first_after_ack: false,
        }
    }

    /// A broker whose first connection is cut right after it acknowledges its first job.
    pub fn cutting_after_first_ack(inputs: &[u64]) -> Broker {
        Broker {
            cut_first_after_ack: true,
            ..Broker::new(inputs)
        }
    }

    fn take_job(&self, conn: u64) -> Option<(u64, u64)> {
        let mut s = self.state.lock().unwrap();
        loop {
            if let Some((id, n)) = s.pending.pop_front() {
                s.unacked.insert((conn, id), n);
                return Some((id, n));
            }
            if s.unacked.is_empty() {
                return None;
            }
            s = self.changed.wait(s).unwrap();
        }
    }

    fn serve(&self, stream: TcpStream, conn: u64) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["GET"] => {
                    let answer = match self.take_job(conn) {
                        Some((id, n)) => format!("JOB {id} {n}\n"),
                        None => "BYE\n".to_string(),
                    };
                    if writer.write_all(answer.as_bytes()).is_err() {
                        break;
                    }
                }
                ["RESULT", id, value] => {
                    let mut s = self.state.lock().unwrap();
                    let (id, value) = (id.parse().unwrap(), value.parse().unwrap());
                    s.results.entry(id).or_default().push(value);
                }
                ["ACK", id] => {
                    let id: u64 = id.parse().unwrap();
                    let mut s = self.state.lock().unwrap();
                    s.unacked.remove(&(conn, id));
                    s.acked.push(id);
                    self.changed.notify_all();
                    if self.cut_first_after_ack && conn == 0 {
                        break; // the worker "dies" the instant its ACK is out
                    }
                }
                _ => break,
            }
        }
        let _ = writer.shutdown(std::net::Shutdown::Both);
        // The connection ended: whatever it had not acknowledged goes back on the queue.
        let mut s = self.state.lock().unwrap();
        let lost: Vec<(u64, u64)> = s.unacked.keys().filter(|k| k.0 == conn).copied().collect();
        for key in lost {
            let n = s.unacked.remove(&key).unwrap();
            s.pending.push_back((key.1, n));
        }
        s.connections -= 1;
        self.changed.notify_all();
    }

    /// Waits (at most `patience` of real time) until nothing is pending or unacknowledged and
    /// every connection has ended. `Err` says what was still open.
    pub fn wait_all_done_for(&self, patience: Duration) -> Result<Results, String> {
        let s = self.state.lock().unwrap();
        let open =
            |s: &BrokerState| !s.pending.is_empty() || !s.unacked.is_empty() || s.connections > 0;
        let (s, _) = self
            .changed
            .wait_timeout_while(s, patience, |s| open(s))
            .unwrap();
        if !open(&s) {
            return Ok(s.results.clone());
        }
        let mut unacked: Vec<u64> = s.unacked.keys().map(|k| k.1).collect();
        unacked.sort();
        Err(format!(
            "{} job(s) pending, jobs {unacked:?} handed out and never acknowledged",
            s.pending.len()
        ))
    }

    /// Waits (at most `patience` of real time) for the first `ACK`; returns its job id.
    pub fn first_ack_within(&self, patience: Duration) -> Option<u64> {
        let s = self.state.lock().unwrap();
        let (s, _) = self
            .changed
            .wait_timeout_while(s, patience, |s| s.acked.is_empty())
            .unwrap();
        s.acked.first().copied()
    }
}

/// Accepts workers forever on 127.0.0.1 (a free port), one thread each; connections are
/// numbered 0, 1, 2... Returns the address to connect to.
pub fn start_broker(broker: Arc<Broker>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        for (conn, stream) in (0u64..).zip(listener.incoming()) {
            let Ok(stream) = stream else { continue };
            stream.set_nodelay(true).unwrap();
            broker.state.lock().unwrap().connections += 1;
            let broker = broker.clone();
            thread::spawn(move || broker.serve(stream, conn));
        }
    });
    addr
}

/// If this process was started as a worker, connects and runs `run_worker`; returns true.
pub fn run_as_worker(run_worker: fn(TcpStream)) -> bool {
    let Ok(addr) = std::env::var(WORKER_ENV) else {
        return false;
    };
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    run_worker(stream);
    true
}

/// Starts this program again as a worker connected to `addr`; with `crash`, it dies in `work`.
pub fn spawn_worker(addr: &str, crash: bool, test_harness: bool) -> ChildGuard {
    let mut env = vec![(WORKER_ENV, addr)];
    if crash {
        env.push((CRASH_ENV, "1"));
    }
    respawn(&env, test_harness, false)
}
