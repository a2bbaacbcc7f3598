// MISTAKE: keeps the JoinHandles in a Vec and awaits them in spawn order, not finishing order
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
    let handles: Vec<_> = jobs.into_iter().map(|job| tokio::spawn(work(job))).collect();
    let mut report = Report::default();
    // Wait for each task in turn.
    for handle in handles {
        match handle.await {
            Ok(output) => report.outputs.push(output),
            Err(e) => match e.into_panic().downcast::<String>() {
                Ok(message) => report.panics.push(*message),
                Err(_) => report.panics.push("unknown panic".to_string()),
            },
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

