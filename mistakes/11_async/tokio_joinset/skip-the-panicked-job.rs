// MISTAKE: skips the panicked job instead of reporting its panic
// tokio_joinset.rs — Spawned tasks: collect every result, survive a panic
//
// `tokio::spawn` starts a task that runs by itself, scheduled by tokio in user space (many
// tasks share a few threads, unlike one OS thread each). Its `JoinHandle` is how the result
// comes back. A task whose handle is dropped still runs, but nobody waits for it or sees its
// result: like a Python `asyncio.create_task(...)` whose task object you throw away.
//
// `tokio::task::JoinSet` owns many tasks and hands back their results in the order they
// FINISH (`join_next`). A task that panics does not bring the runtime down: its panic comes
// back as an `Err(JoinError)` whose `is_panic()` is true (just as `std::thread`'s `join()`
// returns `Err` for a panicked thread), and `JoinError::into_panic()` gives you the payload.
//
// `run_jobs` spawns the jobs and returns at once, so the report is empty. Keep the tasks in a
// `JoinSet`, collect the results in the order the jobs finish, and count each panicked job
// with its message, without panicking yourself. (A "job 3 exploded" panic message printed
// while the tests or `main` run is expected: that job panics on purpose.)

use tokio::task::JoinSet;
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
    let mut set = JoinSet::new();
    for job in jobs {
        set.spawn(work(job));
    }
    let mut report = Report::default();
    while let Some(result) = set.join_next().await {
        // A failed task has no output: skip it.
        if let Ok(output) = result {
            report.outputs.push(output);
        }
    }
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

