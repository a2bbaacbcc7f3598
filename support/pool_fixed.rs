//! `ThreadPool`: the hand-built pool of pool_drop_hang, fixed, for the 07_pools exercises that
//! build on it (pool_map, pool_progress).
//!
//! Why here: those exercises are about getting results and progress back from a pool, not about
//! the pool itself, which the learner has already written once. `worker_ids` lets a test check
//! that a job really ran on one of the pool's workers (not on a thread of its own, not on the
//! caller's).

use std::collections::HashSet;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle, ThreadId};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// N workers sharing one job queue; dropping the pool closes the queue and joins them.
pub struct ThreadPool {
    sender: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts `size` workers.
    pub fn new(size: usize) -> ThreadPool {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..size)
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                thread::spawn(move || {
                    loop {
                        let job = receiver.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => break,
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

    /// Queues `job` for the next free worker.
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        if let Some(sender) = &self.sender {
            sender
                .send(Box::new(job))
                .expect("every worker thread has died: nobody can run this job");
        }
    }

    /// The threads of the pool's workers.
    pub fn worker_ids(&self) -> HashSet<ThreadId> {
        self.workers.iter().map(|h| h.thread().id()).collect()
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.sender.take());
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}
