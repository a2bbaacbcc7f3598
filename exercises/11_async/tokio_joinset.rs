// tokio_joinset.rs — Spawned tasks: collect every result, survive a panic
//
// `tokio::spawn` starts a task that runs by itself, scheduled by tokio in user space (many
// tasks share a few threads, unlike one OS thread each). Its `JoinHandle` is how the result
// comes back. A task whose handle is dropped still runs, but nobody waits for it or sees its
// result: like a Python `asyncio.create_task(...)` whose task object you throw away.
//
// tokio can also own a whole group of tasks and hand back each result as soon as its task
// FINISHES, whatever the order they were started in. A task that panics does not bring the
// runtime down: its panic comes back through its handle as an error (just as `std::thread`'s
// `join()` returns `Err` for a panicked thread), and that error still carries the panic's
// payload, the message it was raised with.
//
// `run_jobs` spawns the jobs and returns at once, so the report is empty. Collect every job's
// result in the order the jobs finish, and report each panicked job with its own message,
// without panicking yourself. (A "job 3 exploded" panic message printed while the tests or
// `main` run is expected: that job panics on purpose.)

use std::sync::{Arc, Mutex};
use tokio::time::{Duration, sleep};

#[derive(Clone, Copy)]
struct Job {
    id: u32,
    ms: u64,
    explodes: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Report {
    /// Each finished job's output, in the order the jobs finished.
    outputs: Vec<u32>,
    /// The panic message of each job that panicked.
    panics: Vec<String>,
}

async fn work(job: Job) -> u32 {
    sleep(Duration::from_millis(job.ms)).await;
    if job.explodes {
        panic!("job {} exploded", job.id);
    }
    job.id * 10
}

async fn run_jobs(jobs: Vec<Job>) -> Report {
    let report = Arc::new(Mutex::new(Report::default()));
    for job in jobs {
        let report = Arc::clone(&report);
        // Fire and forget: nobody keeps the JoinHandle.
        tokio::spawn(async move {
            let output = work(job).await;
            report.lock().unwrap().outputs.push(output);
        });
    }
    let report = report.lock().unwrap().clone();
    report
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let jobs = vec![
        Job {
            id: 1,
            ms: 30,
            explodes: false,
        },
        Job {
            id: 2,
            ms: 10,
            explodes: false,
        },
        Job {
            id: 3,
            ms: 20,
            explodes: true,
        },
    ];
    println!("{:?}", run_jobs(jobs).await);
}

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    fn jobs() -> Vec<Job> {
        vec![
            Job {
                id: 1,
                ms: 100,
                explodes: false,
            },
            Job {
                id: 2,
                ms: 300,
                explodes: false,
            },
            Job {
                id: 3,
                ms: 200,
                explodes: true,
            },
            Job {
                id: 4,
                ms: 50,
                explodes: false,
            },
        ]
    }

    /// Runs `run_jobs` in its own task so that a panic inside it becomes a readable failure.
    async fn run_checked(jobs: Vec<Job>) -> Report {
        match tokio::spawn(run_jobs(jobs)).await {
            Ok(report) => report,
            Err(e) => panic!(
                "run_jobs itself panicked ({e}): a panicked job must be counted, not re-raised"
            ),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn every_result_in_finishing_order() {
        let report = run_checked(jobs()).await;
        assert_eq!(
            report.outputs,
            [40, 10, 20],
            "expected the outputs of jobs 4 (50 ms), 1 (100 ms) and 2 (300 ms), in the order \
             they finished (not the order they were spawned in); an empty list means run_jobs \
             returned before the tasks finished"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_panicking_job_is_counted() {
        let report = run_checked(jobs()).await;
        assert_eq!(
            report.panics,
            ["job 3 exploded"],
            "the panic of job 3 should be reported with its own message (the panic payload), \
             not swallowed and not the JoinError's description"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_jobs_run_at_the_same_time() {
        let start = Instant::now();
        let report = run_checked(jobs()).await;
        let elapsed = start.elapsed();
        assert_eq!(report.outputs.len() + report.panics.len(), 4, "{report:?}");
        assert_eq!(
            elapsed,
            Duration::from_millis(300),
            "took {elapsed:?}: the four jobs should run at the same time, as long as the \
             slowest (300 ms)"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_jobs() {
        assert_eq!(run_checked(Vec::new()).await, Report::default());
    }
}
