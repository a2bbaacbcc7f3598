// dist_finale.rs — Finale: processes, threads and async in one program
//
// The last exercise puts the whole course into one small "prime farm", each part doing what it
// is good at (the Python notes end the same way: "a big service is several processes, each with
// several threads"; Rust just needs no extra processes to get around a GIL):
//   * PROCESSES for isolation: the workers are this program started again. A worker may crash,
//     be killed or lie, and it cannot touch the server's memory; the server only sees a socket.
//   * THREADS for CPU work: inside a worker, counting primes is split across `WORKER_THREADS`
//     scoped threads, and with no GIL they really run at the same time on different cores.
//   * ASYNC for waiting: the server is one tokio task per connection, cheap to keep by the
//     thousand, as long as no task blocks the runtime's thread: the server re-checks every
//     result it is sent ("trust, but verify"), and that check is CPU-heavy, so it belongs on a
//     thread pool (rayon, or tokio's blocking pool), with the task awaiting the answer.
// Protocol, one line each way: `GET` -> `JOB <id> <lo> <hi>` or `BYE`; then
// `DONE <id> <count> <threads used>`. A result that fails the check is rejected and the job goes
// back on the board; so does the job of a worker whose connection ends.
//
// Three things are wrong, one per layer: fix all three.
//   1. `count_in_parallel` counts on one thread: split [lo, hi) across `WORKER_THREADS` threads.
//   2. `serve_worker` verifies results on the runtime's own thread.
//   3. when a worker's connection ends, `serve_worker` forgets the job the worker held.

use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

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

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::io::{BufRead, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::thread::{self, ThreadId};
use tokio::sync::Notify;

/// Counts the primes in `lo..hi` by trial division (on purpose slow). Notes the thread it ran on.
pub fn count_primes(lo: u64, hi: u64) -> u64 {
    COUNTING_THREADS
        .lock()
        .unwrap()
        .push(thread::current().id());
    primes_between(lo, hi)
}

fn primes_between(lo: u64, hi: u64) -> u64 {
    (lo..hi)
        .filter(|&n| n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| n % d != 0))
        .count() as u64
}

static COUNTING_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());
static VERIFY_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

/// The server's check of a worker's answer: counts again. CPU-heavy. Notes the thread it ran on.
pub fn verify(job: &Job, claimed: u64) -> bool {
    VERIFY_THREADS.lock().unwrap().push(thread::current().id());
    primes_between(job.lo, job.hi) == claimed
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

/// Binds 127.0.0.1 on a free port and serves workers (one task each) on the current runtime.
pub async fn start_server(board: Arc<Board>) -> String {
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
            tokio::spawn(serve_worker(stream, board.clone(), conn));
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
fn worker_main(addr: &str, mode: Mode) {
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
        COUNTING_THREADS.lock().unwrap().clear();
        let count = count_in_parallel(lo.parse().unwrap(), hi.parse().unwrap());
        let threads = COUNTING_THREADS
            .lock()
            .unwrap()
            .iter()
            .collect::<HashSet<_>>()
            .len();
        let told = if mode == Mode::Liar { count + 1 } else { count };
        if writeln!(writer, "DONE {id} {told} {threads}").is_err() || mode == Mode::Liar {
            return;
        }
    }
}

const WORKER_ENV: &str = "MTLINGS_FINALE_WORKER";
const MODE_ENV: &str = "MTLINGS_FINALE_MODE";

fn run_as_worker() -> bool {
    let Ok(addr) = std::env::var(WORKER_ENV) else {
        return false;
    };
    let mode = match std::env::var(MODE_ENV).as_deref() {
        Ok("stuck") => Mode::Stuck,
        Ok("liar") => Mode::Liar,
        _ => Mode::Honest,
    };
    worker_main(&addr, mode);
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

fn spawn_worker(addr: &str, mode: &str, test_harness: bool) -> ChildGuard {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    if test_harness {
        cmd.args(["tests::child_entry", "--exact", "--nocapture", "-q"]);
        cmd.arg("--test-threads=1");
    }
    cmd.env(WORKER_ENV, addr).env(MODE_ENV, mode);
    cmd.stdin(Stdio::null()).stdout(Stdio::null());
    ChildGuard(cmd.spawn().expect("could not start a worker process"))
}

fn main() {
    if run_as_worker() {
        return;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let tally = rt.block_on(async {
        let board = Arc::new(Board::new(make_jobs(20_000, 8)));
        let addr = start_server(board.clone()).await;
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

    /// Not a real test: the entry point of the worker processes.
    #[test]
    fn child_entry() {
        run_as_worker();
    }

    fn check(jobs: &[Job], tally: &Tally) {
        assert!(
            tally.failed.is_empty(),
            "jobs {:?} were answered wrongly 3 times (the server's check counts again and \
             disagreed): is count_in_parallel counting every number of [lo, hi) exactly once?",
            tally.failed
        );
        for job in jobs {
            let done = tally.results.get(&job.id).cloned().unwrap_or_default();
            assert!(
                !done.is_empty(),
                "job {} was never done: it was lost with the worker that held it",
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
                "job {} ({}..{}) was counted on {} thread(s) in the worker; split it across \
                 WORKER_THREADS = {WORKER_THREADS} threads",
                job.id, job.lo, job.hi, done[0].threads
            );
        }
        let runtime_thread = thread::current().id(); // `#[tokio::test]`: a one-thread runtime
        let verified_on = VERIFY_THREADS.lock().unwrap().clone();
        assert!(!verified_on.is_empty(), "the server never checked a result");
        assert!(
            !verified_on.contains(&runtime_thread),
            "the server checked a result on the runtime's own thread, stalling every \
             connection while it counted; run `verify` on a thread pool and await its answer"
        );
    }

    #[tokio::test]
    async fn two_workers_count_every_prime() {
        let jobs = make_jobs(40_000, 10);
        let board = Arc::new(Board::new(jobs.clone()));
        let addr = start_server(board.clone()).await;
        let _workers: Vec<ChildGuard> = (0..2)
            .map(|_| spawn_worker(&addr, "honest", true))
            .collect();
        let tally = board.all_done().await;
        check(&jobs, &tally);
        let total: u64 = tally.results.values().map(|d| d[0].count).sum();
        assert_eq!(total, 4203, "there are 4203 primes below 40000");
    }

    #[tokio::test]
    async fn survives_a_killed_worker_and_a_liar() {
        let jobs = make_jobs(30_000, 8);
        let board = Arc::new(Board::new(jobs.clone()));
        let addr = start_server(board.clone()).await;

        let mut stuck = spawn_worker(&addr, "stuck", true);
        board.wait_until(|t| t.handed_out >= 1).await;
        stuck.0.kill().unwrap();
        stuck.0.wait().unwrap();
        board.wait_until(|t| t.lost >= 1).await;

        let _liar = spawn_worker(&addr, "liar", true);
        board.wait_until(|t| t.rejected >= 1).await;

        let _workers: Vec<ChildGuard> = (0..2)
            .map(|_| spawn_worker(&addr, "honest", true))
            .collect();
        let tally = board.all_done().await;
        check(&jobs, &tally);
        assert_eq!(
            tally.rejected, 1,
            "only the liar's answer should be rejected"
        );
    }
}
