// MISTAKE: starts every job at once, ignoring max_at_once
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
// `concurrent.futures.ProcessPoolExecutor`. Unlike Python, std has no "wait for a child, but at
// most this long": a runner has to keep an eye on all its running children itself.
//
// As shipped the runner starts one job at a time and waits for it without any limit: a job
// that never ends hangs it, and mtlings' timeout stops it.

use std::process::{Child, Command, ExitStatus};
use std::thread;
use std::time::{Duration, Instant};

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
    let mut reports: Vec<Option<Report>> = vec![None; jobs.len()];
    let mut pending = jobs.into_iter().enumerate();
    let mut running: Vec<(usize, Child, Instant)> = Vec::new();
    loop {
        // Fill every free slot: at most `max_at_once` children are alive at any moment.
        loop {
            let Some((i, mut job)) = pending.next() else {
                break;
            };
            match job.cmd.spawn() {
                Ok(child) => running.push((i, child, Instant::now() + job.timeout)),
                Err(_) => {
                    reports[i] = Some(Report {
                        pid: None,
                        outcome: Outcome::FailedToStart,
                    })
                }
            }
        }
        if running.is_empty() {
            break; // nothing running and nothing left to start
        }
        let before = running.len();
        running.retain_mut(|(i, child, deadline)| {
            let outcome = match child.try_wait() {
                Ok(Some(status)) => outcome_of(status), // ended, and try_wait reaped it
                Ok(None) if Instant::now() < *deadline => return true, // still running
                _ => {
                    // Over time: kill it AND wait for it, or it stays a zombie.
                    let _ = child.kill();
                    let _ = child.wait();
                    Outcome::TimedOut
                }
            };
            reports[*i] = Some(Report {
                pid: Some(child.id()),
                outcome,
            });
            false
        });
        if running.len() == before {
            thread::sleep(Duration::from_millis(1)); // nothing changed: poll again soon
        }
    }
    reports
        .into_iter()
        .map(|r| r.expect("every job has a report"))
        .collect()
}

