// dist_ack_late.rs — Acknowledge a job only when it is done
//
// In the job server you fixed, the SERVER decided when a job was finished. Message queues
// (RabbitMQ, SQS, Redis streams, Python's `multiprocessing` manager queues with `task_done()`)
// leave that to the WORKER: the broker hands out a job, keeps it as "unacknowledged", and hands it
// out again if the worker disappears before sending `ACK`. When the worker acks is therefore the
// whole delivery guarantee:
//   * ack on receipt, then work: if the worker dies while working, the broker has already
//     forgotten the job. It is done at most once, maybe never;
//   * work, send the result, then ack: if the worker dies while working, the job comes back and
//     someone else does it. It is done at least once, and it is never lost.
// (A crash between the result and the ack would do the job twice; real systems send the two in
// one message or make the work idempotent.)
//
// The protocol: the worker sends `GET`; the broker answers `JOB <id> <n>` or `BYE`; the worker
// sends `RESULT <id> <value>` and `ACK <id>`, in the order it chooses. The worker below acks as
// soon as it receives a job, and one of the workers in the tests dies in the middle of its job.
// Make `run_worker` safe: no job may be lost when a worker dies while working on it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

/// The worker process: takes jobs from the broker until it says `BYE`.
pub fn run_worker(stream: TcpStream) {
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
        writeln!(writer, "ACK {id}").unwrap(); // got it!
        let value = work(n.parse().unwrap());
        writeln!(writer, "RESULT {id} {value}").unwrap();
    }
}

// ---- Don't edit below this line. ----

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

/// The work: the sum of the digits of n³. The worker started with `MTLINGS_ACK_CRASH` set dies
/// in the middle of its first job (as if its machine lost power).
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
    results: Results,
    connections: usize,
}

/// The broker: hands out jobs, re-queues the unacknowledged jobs of a connection that ends.
pub struct Broker {
    state: Mutex<BrokerState>,
    changed: Condvar,
}

impl Broker {
    pub fn new(inputs: &[u64]) -> Broker {
        Broker {
            state: Mutex::new(BrokerState {
                pending: inputs
                    .iter()
                    .copied()
                    .enumerate()
                    .map(|(i, n)| (i as u64, n))
                    .collect(),
                ..BrokerState::default()
            }),
            changed: Condvar::new(),
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
                    self.state.lock().unwrap().unacked.remove(&(conn, id));
                    self.changed.notify_all();
                }
                _ => break,
            }
        }
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

    /// Waits until nothing is pending or unacknowledged and every connection has ended.
    pub fn wait_all_done(&self) -> Results {
        let mut s = self.state.lock().unwrap();
        while !s.pending.is_empty() || !s.unacked.is_empty() || s.connections > 0 {
            s = self.changed.wait(s).unwrap();
        }
        s.results.clone()
    }
}

/// Accepts workers forever, one thread each. Returns the address to connect to.
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

const WORKER_ENV: &str = "MTLINGS_ACK_WORKER";
const CRASH_ENV: &str = "MTLINGS_ACK_CRASH";

fn run_as_worker() -> bool {
    let Ok(addr) = std::env::var(WORKER_ENV) else {
        return false;
    };
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    run_worker(stream);
    true
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

fn spawn_worker(addr: &str, crash: bool, test_harness: bool) -> ChildGuard {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    if test_harness {
        cmd.args(["tests::child_entry", "--exact", "--nocapture", "-q"]);
        cmd.arg("--test-threads=1");
    }
    cmd.env(WORKER_ENV, addr);
    if crash {
        cmd.env(CRASH_ENV, "1");
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    ChildGuard(cmd.spawn().expect("could not start a worker process"))
}

fn main() {
    if run_as_worker() {
        return;
    }
    let inputs: Vec<u64> = (10..16).collect();
    let broker = Arc::new(Broker::new(&inputs));
    let addr = start_broker(broker.clone());
    let mut crasher = spawn_worker(&addr, true, false);
    let _ = crasher.0.wait();
    let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, false)).collect();
    println!(
        "results despite one crashed worker: {:?}",
        broker.wait_all_done()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a real test: the entry point of the worker processes.
    #[test]
    fn child_entry() {
        run_as_worker();
    }

    fn sum_of_digits_of_cube(n: u64) -> u64 {
        (n * n * n)
            .to_string()
            .bytes()
            .map(|b| u64::from(b - b'0'))
            .sum()
    }

    #[test]
    fn two_workers() {
        let inputs: Vec<u64> = (1..=12).collect();
        let broker = Arc::new(Broker::new(&inputs));
        let addr = start_broker(broker.clone());
        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        let results = broker.wait_all_done();
        for (id, n) in inputs.iter().enumerate() {
            let expected = vec![sum_of_digits_of_cube(*n)];
            assert_eq!(results.get(&(id as u64)), Some(&expected), "job {id}");
        }
    }

    #[test]
    fn a_worker_dies_in_the_middle_of_a_job() {
        let inputs: Vec<u64> = (100..110).collect();
        let broker = Arc::new(Broker::new(&inputs));
        let addr = start_broker(broker.clone());

        // This worker takes job 0 and dies while working on it.
        let mut crasher = spawn_worker(&addr, true, true);
        let status = crasher.0.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(101),
            "the crashing worker should die in `work`"
        );

        let _workers: Vec<ChildGuard> = (0..2).map(|_| spawn_worker(&addr, false, true)).collect();
        let results = broker.wait_all_done();
        for (id, n) in inputs.iter().enumerate() {
            let got = results.get(&(id as u64)).cloned().unwrap_or_default();
            assert!(
                !got.is_empty(),
                "job {id} was never done: its worker acknowledged it, then died before \
                 finishing it, so the broker did not hand it out again"
            );
            assert_eq!(
                got,
                vec![sum_of_digits_of_cube(*n)],
                "job {id} should be done once"
            );
        }
    }
}
