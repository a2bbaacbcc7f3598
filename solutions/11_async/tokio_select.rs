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
            // Poll the branches in order, so a pending stop always wins over a waiting job.
            biased;
            _ = &mut stop => break,
            job = jobs.recv() => match job {
                Some(job) => {
                    sleep(Duration::from_millis(10)).await; // the work
                    done.push(job);
                }
                None => break, // queue closed: no more jobs
            },
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

// ---- Don't edit below this line. ----

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn stop_already_sent_means_no_jobs_at_all() {
        // Many rounds: a coin toss would win some of them, but never all.
        for round in 0..40 {
            let (job_tx, job_rx) = mpsc::channel(16);
            let (stop_tx, stop_rx) = oneshot::channel();
            for job in 1..=10 {
                job_tx.send(job).await.unwrap();
            }
            stop_tx.send(()).unwrap();
            let done = worker(job_rx, stop_rx).await;
            assert_eq!(
                done,
                [],
                "round {round}: the stop signal was already there, yet the worker started \
                 jobs {done:?}; when both are ready, stopping must win"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn stop_during_a_job_means_no_next_job() {
        for round in 0..20 {
            let (job_tx, job_rx) = mpsc::channel(16);
            let (stop_tx, stop_rx) = oneshot::channel();
            for job in 1..=6 {
                job_tx.send(job).await.unwrap();
            }
            // Jobs take 10 ms each: the stop arrives in the middle of job 3.
            let stopper = tokio::spawn(async move {
                sleep(Duration::from_millis(25)).await;
                stop_tx.send(()).unwrap();
            });
            let done = worker(job_rx, stop_rx).await;
            stopper.await.unwrap();
            assert_eq!(
                done,
                [1, 2, 3],
                "round {round}: the stop came during job 3; the worker should finish job 3 \
                 and then stop, not pick up job 4"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn without_a_stop_every_job_is_done() {
        let (job_tx, job_rx) = mpsc::channel(16);
        let (_stop_tx, stop_rx) = oneshot::channel();
        for job in 1..=4 {
            job_tx.send(job).await.unwrap();
        }
        drop(job_tx); // close the queue
        assert_eq!(worker(job_rx, stop_rx).await, [1, 2, 3, 4]);
    }
}
