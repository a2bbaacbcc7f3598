// proc_runner.rs — A job runner: N children at once, a timeout each, nobody left behind
// (capstone)
//
// Put the folder together. `run_jobs` gets a list of jobs (a command and a time limit each)
// and must:
//   1. run up to `max_at_once` children AT THE SAME TIME (start the next job as soon as one
//      ends, so the slots stay full), and never more than that;
//   2. kill a child that runs longer than its job's timeout, and report it as `TimedOut`;
//   3. REAP every child it started, killed or not (no zombies), before it returns;
//   4. return one report per job, in the order of the jobs, whatever order they finished in.
//
// Python: `multiprocessing.Pool(processes=N)` with `apply_async(...).get(timeout=...)`, or a
// `concurrent.futures.ProcessPoolExecutor`. std has no "wait with a timeout" for a child:
// `Child::wait` blocks until the end, `Child::try_wait` never blocks. A loop that polls every
// running child with `try_wait`, checks each deadline (`std::time::Instant`), and sleeps a
// millisecond or two when nothing changed, is a perfectly good runner.
//
// As shipped the runner starts one job at a time and waits for it without any limit: a job
// that never ends hangs it, and mtlings' timeout stops it.

use std::process::{Command, ExitStatus};
use std::time::Duration;

pub struct Job {
    pub cmd: Command,
    /// How long the job may run before it is killed.
    pub timeout: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The child ended by itself with this exit code.
    Exited(i32),
    /// The child was ended by a signal it did not get from us (a crash, an abort).
    Signalled,
    /// The child ran longer than its timeout and we killed it.
    TimedOut,
    /// The program could not be started at all.
    FailedToStart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// The child's pid, if it was started.
    pub pid: Option<u32>,
    pub outcome: Outcome,
}

/// How a child that ended by itself ended.
pub fn outcome_of(status: ExitStatus) -> Outcome {
    match status.code() {
        Some(code) => Outcome::Exited(code),
        None => Outcome::Signalled,
    }
}

/// Runs every job, at most `max_at_once` at a time, each within its timeout; reaps every
/// child; returns the reports in job order.
pub fn run_jobs(jobs: Vec<Job>, max_at_once: usize) -> Vec<Report> {
    let _ = max_at_once;
    let mut reports = Vec::new();
    for mut job in jobs {
        let report = match job.cmd.spawn() {
            Err(_) => Report {
                pid: None,
                outcome: Outcome::FailedToStart,
            },
            Ok(mut child) => {
                let status = child.wait().expect("wait for the child");
                Report {
                    pid: Some(child.id()),
                    outcome: outcome_of(status),
                }
            }
        };
        reports.push(report);
    }
    reports
}

// ---- Don't edit below this line. ----

use std::io::Read;
use std::net::TcpStream;

const ROLE: &str = "MTLINGS_PROC_RUNNER_ROLE";
const GATE: &str = "MTLINGS_PROC_RUNNER_GATE";

/// This program again as a child. Roles: "exit N" ends at once with code N; "hang" never ends;
/// "abort" aborts; "gated N" first connects to the test's gate (a TCP address in `GATE`),
/// waits there until the gate lets it go, then exits with code N.
fn child(role: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.env(ROLE, role).stdout(std::process::Stdio::null());
    if cfg!(test) {
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd
}

fn child_main(role: &str) -> ! {
    match role.split_once(' ') {
        Some(("exit", n)) => std::process::exit(n.parse().expect("code")),
        Some(("gated", n)) => {
            let addr = std::env::var(GATE).expect("gate address");
            let mut gate = TcpStream::connect(addr).expect("connect to the gate");
            let _ = gate.read(&mut [0u8; 1]); // a byte, or the gate closing, lets us go
            std::process::exit(n.parse().expect("code"))
        }
        _ if role == "abort" => std::process::abort(),
        _ => loop {
            std::thread::park();
        },
    }
}

fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        child_main(&role);
    }
    let job = |role: &str, ms| Job {
        cmd: child(role),
        timeout: Duration::from_millis(ms),
    };
    let jobs = vec![
        job("exit 0", 10_000),
        job("hang", 100),
        job("exit 3", 10_000),
        job("exit 7", 10_000),
    ];
    for (i, report) in run_jobs(jobs, 2).iter().enumerate() {
        println!("job {i}: {report:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;
    use std::sync::mpsc;

    /// The test's gate: gated children connect and wait. The gate lets the waiting children go
    /// once `limit` of them (or all the remaining ones) are waiting together, after a short grace
    /// period in which any child over the limit would show up. If the runner stalls with fewer
    /// waiting, it lets them go anyway. It returns the most children ever seen waiting at once.
    struct Gate {
        addr: String,
        most_at_once: mpsc::Receiver<usize>,
    }

    fn gate(limit: usize, total: usize) -> Gate {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().unwrap().to_string();
        let (conn_tx, conn_rx) = mpsc::channel::<TcpStream>();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if conn_tx.send(stream).is_err() {
                    break;
                }
            }
        });
        let (result_tx, most_at_once) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut waiting, mut released, mut most) = (Vec::<TcpStream>::new(), 0, 0);
            while released < total {
                let target = limit.min(total - released);
                let event = if waiting.is_empty() {
                    conn_rx
                        .recv()
                        .map_err(|_| mpsc::RecvTimeoutError::Disconnected)
                } else if waiting.len() >= target {
                    conn_rx.recv_timeout(Duration::from_millis(30)) // grace period
                } else {
                    conn_rx.recv_timeout(Duration::from_millis(300)) // stalled?
                };
                match event {
                    Ok(stream) => {
                        waiting.push(stream);
                        most = most.max(waiting.len());
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        released += waiting.len();
                        for mut s in waiting.drain(..) {
                            let _ = s.write_all(b"go");
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            let _ = result_tx.send(most);
        });
        Gate { addr, most_at_once }
    }

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            child_main(&role);
        }
    }

    fn job(role: &str, timeout_ms: u64) -> Job {
        Job {
            cmd: child(role),
            timeout: Duration::from_millis(timeout_ms),
        }
    }

    fn outcomes(reports: &[Report]) -> Vec<Outcome> {
        reports.iter().map(|r| r.outcome).collect()
    }

    /// Every child that was started must be gone from the process table (reaped).
    fn check_reaped(reports: &[Report]) {
        #[cfg(unix)]
        for pid in reports.iter().filter_map(|r| r.pid) {
            assert!(
                unsafe { libc::kill(pid as libc::pid_t, 0) } != 0,
                "child {pid} is still in the process table after run_jobs returned: \
                 every child must be waited for, killed ones too (else it stays a zombie)"
            );
        }
        let _ = reports;
    }

    #[test]
    fn keeps_n_children_running() {
        let (limit, total) = (3, 7);
        let gate = gate(limit, total);
        let jobs = (0..total)
            .map(|i| {
                let mut j = job(&format!("gated {i}"), 60_000);
                j.cmd.env(GATE, &gate.addr);
                j
            })
            .collect();
        let reports = run_jobs(jobs, limit);
        check_reaped(&reports);
        let expected: Vec<Outcome> = (0..total as i32).map(Outcome::Exited).collect();
        assert_eq!(
            outcomes(&reports),
            expected,
            "one report per job, in job order"
        );
        let most = gate.most_at_once.recv().expect("the gate saw every job");
        assert!(
            most <= limit,
            "saw {most} jobs running at once, but the limit is {limit}"
        );
        assert_eq!(
            most, limit,
            "expected {limit} jobs to run at once, saw at most {most}"
        );
    }

    #[test]
    fn a_job_that_hangs_is_killed() {
        let jobs = vec![
            job("hang", 100),
            job("exit 7", 60_000),
            job("hang", 100),
            job("exit 0", 60_000),
        ];
        let reports = run_jobs(jobs, 2);
        check_reaped(&reports);
        assert_eq!(
            outcomes(&reports),
            [
                Outcome::TimedOut,
                Outcome::Exited(7),
                Outcome::TimedOut,
                Outcome::Exited(0)
            ]
        );
    }

    #[test]
    fn one_at_a_time_with_a_hang() {
        let reports = run_jobs(vec![job("hang", 50), job("exit 5", 60_000)], 1);
        check_reaped(&reports);
        assert_eq!(outcomes(&reports), [Outcome::TimedOut, Outcome::Exited(5)]);
    }

    #[cfg(unix)]
    #[test]
    fn crashes_and_missing_programs() {
        let jobs = vec![
            job("abort", 60_000),
            Job {
                cmd: Command::new("/this/program/does/not/exist"),
                timeout: Duration::from_secs(60),
            },
            job("exit 2", 60_000),
        ];
        let reports = run_jobs(jobs, 2);
        check_reaped(&reports);
        assert_eq!(
            outcomes(&reports),
            [
                Outcome::Signalled,
                Outcome::FailedToStart,
                Outcome::Exited(2)
            ]
        );
        assert_eq!(reports[1].pid, None, "a job that never started has no pid");
    }

    #[test]
    fn no_jobs() {
        assert!(run_jobs(Vec::new(), 4).is_empty());
    }
}
