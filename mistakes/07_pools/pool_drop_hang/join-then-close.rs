// MISTAKE: drop joins the workers first and closes the queue only afterwards
// pool_drop_hang.rs — A thread pool that never shuts down
//
// Python: `pool = Pool(4)`, `pool.apply_async(task)` a few times, then `pool.close()` ("no more
// jobs") and `pool.join()` (wait until the workers are done). Starting a process or thread per
// task is expensive; a pool starts a few workers once and feeds them jobs through a queue.
//
// A hand-built Rust pool: N worker threads share one job queue, a channel of boxed closures.
// Each worker loops on `recv()`, runs the job it gets, and stops when `recv()` returns `Err`,
// which happens once the queue is empty AND closed (its `Sender` is dropped). Dropping the pool
// must do Python's two steps: close the queue, then join every worker, so that every job
// submitted before the drop has run when `drop` returns.
//
// This pool's `Drop` joins the workers but never closes the queue: each worker waits for another
// job forever, and `drop` waits for the workers forever (mtlings' timeout stops it). Fix `Drop`:
// the same few workers run every job, they wait for jobs however quiet the pool gets, and `drop`
// returns only when every one of them has finished, however long the last job takes.

use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    sender: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    pub fn new(size: usize) -> ThreadPool {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..size)
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                thread::spawn(move || {
                    loop {
                        // The lock is released at the end of this statement, before the job runs.
                        let job = receiver.lock().unwrap().recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => break, // the queue is closed and empty: we are done
                        }
                    }
                })
            })
            .collect();
        ThreadPool {
            sender: Some(sender),
            workers,
        }
    }

    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.sender.as_ref().unwrap().send(Box::new(job)).unwrap();
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
        drop(self.sender.take());
    }
}
