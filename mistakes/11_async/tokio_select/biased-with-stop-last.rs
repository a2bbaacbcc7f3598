// MISTAKE: asks for biased polling but leaves the stop branch last, so a waiting job always wins
// tokio_select.rs — `select!`: when several branches are ready, which one wins?
//
// `tokio::select!` waits on several futures at once, runs the branch of the FIRST one to
// complete, and drops the others. (Python's `asyncio.wait(..., return_when=FIRST_COMPLETED)`
// hands you every finished task; `select!` picks exactly one branch.) When more than one
// future is already ready at the moment `select!` polls them, it picks a branch AT RANDOM, so
// that a busy branch cannot starve the others. A priority between branches has to be asked for.
//
// `worker` takes jobs from a queue until it is told to stop through a `oneshot` channel (a
// channel for exactly one message: here, "stop"). Stopping must take priority: once the stop
// signal has arrived, the worker must not start another job, however many jobs are waiting.
// As written it sometimes does. Make the stop signal win every time (and keep the worker doing
// all the jobs when nobody asks it to stop).

use tokio::sync::{mpsc, oneshot};
use tokio::time::{Duration, sleep};

/// Does jobs until told to stop or until the queue is closed; returns the jobs it did.
async fn worker(mut jobs: mpsc::Receiver<u32>, mut stop: oneshot::Receiver<()>) -> Vec<u32> {
    let mut done = Vec::new();
    loop {
        tokio::select! {
            // Poll the branches in order.
            biased;
            job = jobs.recv() => match job {
                Some(job) => {
                    sleep(Duration::from_millis(10)).await; // the work
                    done.push(job);
                }
                None => break, // queue closed: no more jobs
            },
            _ = &mut stop => break,
        }
    }
    done
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (job_tx, job_rx) = mpsc::channel(16);
    let (stop_tx, stop_rx) = oneshot::channel();
    for job in 1..=5 {
        job_tx.send(job).await.unwrap();
    }
    tokio::spawn(async move {
        sleep(Duration::from_millis(25)).await;
        stop_tx.send(()).unwrap();
    });
    println!(
        "jobs done before the stop: {:?}",
        worker(job_rx, stop_rx).await
    );
}

