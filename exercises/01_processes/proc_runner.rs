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
// Python: `multiprocessing.Pool(N)` with `apply_async(...).get(timeout=...)`. Unlike Python, std
// has no "wait for a child, but at most this long": a runner keeps an eye on its children itself.
// As shipped the runner runs one job at a time and waits without a limit: a job that never ends
// hangs it, and mtlings' timeout stops it.

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

use mtlings_support::proc_child::play;

const ROLE: &str = "MTLINGS_PROC_RUNNER_ROLE";

/// This program again as a child, playing `role` (see `mtlings_support::proc_child::play`):
/// "exit N", "hang", "abort", or "gated TAG N" (waits at the test's gate until let go).
fn child(role: &str) -> Command {
    let mut cmd = mtlings_support::proc_child::me_again(ROLE, role, cfg!(test));
    cmd.stdout(std::process::Stdio::null());
    cmd
}

fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        play(&role);
    }
    let timeout = Duration::from_millis(300);
    let jobs = ["exit 0", "hang", "exit 7"].map(|r| Job {
        cmd: child(r),
        timeout,
    });
    for (i, report) in run_jobs(jobs.into(), 2).iter().enumerate() {
        println!("job {i}: {report:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use mtlings_support::proc_gate::assert_all_reaped;
    use mtlings_support::proc_gate::{GATE_VAR, Gate, keep_full};

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            play(&role);
        }
    }

    /// Only turns a stalled runner into a failure; a correct one never makes the test wait it.
    const PATIENCE: Duration = Duration::from_millis(1500);

    fn job(role: &str, timeout_ms: u64) -> Job {
        Job {
            cmd: child(role),
            timeout: Duration::from_millis(timeout_ms),
        }
    }

    fn gated_jobs(roles: &[String], gate: &Gate, timeout_ms: u64) -> Vec<Job> {
        let with_gate = |r: &String| {
            let mut j = job(r, timeout_ms);
            j.cmd.env(GATE_VAR, gate.addr());
            j
        };
        roles.iter().map(with_gate).collect()
    }

    fn outcomes(reports: &[Report]) -> Vec<Outcome> {
        reports.iter().map(|r| r.outcome).collect()
    }

    /// Every child that was started must be gone from the process table (reaped).
    fn check_reaped(reports: &[Report]) {
        #[cfg(unix)]
        assert_all_reaped(reports.iter().filter_map(|r| r.pid), "run_jobs");
    }

    #[test]
    fn keeps_the_slots_full_and_reports_in_job_order() {
        let (limit, total) = (3, 7);
        let gate = Gate::new();
        let roles: Vec<String> = (0..total).map(|i| format!("gated {i} {i}")).collect();
        let jobs = gated_jobs(&roles, &gate, 60_000);
        let conductor = std::thread::spawn(move || keep_full(gate, limit, total, PATIENCE));
        let reports = run_jobs(jobs, limit);
        let (most, ended) = conductor.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
        check_reaped(&reports);
        assert!(
            most <= limit,
            "saw {most} jobs alive at once; the limit is {limit}"
        );
        assert_eq!(most, limit, "expected {limit} jobs at once, saw {most}");
        let expected: Vec<Outcome> = (0..total as i32).map(Outcome::Exited).collect();
        assert_eq!(
            outcomes(&reports),
            expected,
            "the jobs ended in the order {ended:?}; the reports must be in job order"
        );
    }

    #[test]
    fn a_job_that_hangs_is_killed() {
        let gate = Gate::new();
        let roles: Vec<String> = (0..3).map(|i| format!("gated {i} 99")).collect();
        let mut jobs = gated_jobs(&roles, &gate, 300);
        jobs.push(job("exit 7", 60_000));
        let counter = std::thread::spawn(move || {
            let mut gate = gate;
            let mut most = 0;
            while gate.arrived.len() < 3 && gate.arrival(PATIENCE).is_some() {
                most = most.max(gate.alive());
            }
            (most, gate) // the gate must outlive the run: dropping it lets the held jobs go
        });
        let reports = run_jobs(jobs, 2);
        check_reaped(&reports);
        let (most, _gate) = counter.join().unwrap();
        assert!(most <= 2, "saw {most} jobs alive at once; the limit is 2");
        use Outcome::*;
        let want = [TimedOut, TimedOut, TimedOut, Exited(7)];
        assert_eq!(outcomes(&reports), want);
    }

    #[test]
    fn a_time_limit_counts_from_the_jobs_own_start() {
        let jobs = vec![job("hang", 500), job("exit 5", 480)];
        let reports = run_jobs(jobs, 1);
        check_reaped(&reports);
        assert_eq!(
            outcomes(&reports),
            [Outcome::TimedOut, Outcome::Exited(5)],
            "job 1 waited 500 ms for the only slot, then ended at once, well within its own \
             480 ms: a job's time limit starts when the job starts"
        );
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
        use Outcome::*;
        assert_eq!(outcomes(&reports), [Signalled, FailedToStart, Exited(2)]);
        assert_eq!(reports[1].pid, None, "a job that never started has no pid");
    }

    #[test]
    fn no_jobs() {
        assert!(run_jobs(Vec::new(), 4).is_empty());
    }
}
