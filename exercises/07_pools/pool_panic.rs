// pool_panic.rs — A pool that survives a panicking job
//
// In Python, an exception inside a `Pool` task does not kill the worker: the pool catches it and
// raises it again in the caller at `result.get()`. A Rust panic unwinds the thread it happens on,
// so a panicking job silently takes its worker down, and once every worker has met a bad job, the
// jobs still queued wait forever. std can stop a panic's unwinding at a point you choose and turn
// it into an `Err` value, if you promise nobody will see state the panic left half-updated (fair
// here: a job owns its data, and its handle already reports `Err(JobPanicked)`).
//
// Make the workers survive panicking jobs: after any number of panics, all `size` workers still
// take jobs, and the panic still reaches the job's handle. (The "panicked at" lines are expected.)

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    sender: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

fn worker_loop(receiver: Arc<Mutex<Receiver<Job>>>) {
    loop {
        let job = receiver.lock().unwrap().recv();
        match job {
            Ok(job) => job(),
            Err(_) => break,
        }
    }
}

// ---- Don't edit below this line. ----

#[derive(Debug, PartialEq)]
pub struct JobPanicked;

pub struct JobHandle<T> {
    rx: Receiver<T>,
}

impl<T> JobHandle<T> {
    /// The job's result, or `Err(JobPanicked)` if the job panicked.
    pub fn join(self) -> Result<T, JobPanicked> {
        self.rx.recv().map_err(|_| JobPanicked)
    }
}

impl ThreadPool {
    pub fn new(size: usize) -> ThreadPool {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let workers = (0..size)
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                thread::spawn(move || worker_loop(receiver))
            })
            .collect();
        ThreadPool {
            sender: Some(sender),
            workers,
        }
    }

    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        let sender = self.sender.as_ref().unwrap();
        sender
            .send(Box::new(job))
            .expect("every worker thread has died: nobody can run this job");
    }

    pub fn submit<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> JobHandle<T> {
        let (tx, rx) = mpsc::channel();
        // If `f` panics, `tx` is dropped without a send, and `join` sees the error.
        self.execute(move || {
            let _ = tx.send(f());
        });
        JobHandle { rx }
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

fn main() {
    let pool = ThreadPool::new(2);
    let bad = pool.submit(|| -> u32 { panic!("bad input") });
    let good = pool.submit(|| 42);
    println!("bad job -> {:?}, good job -> {:?}", bad.join(), good.join());
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::{Crowd, SAFETY_NET};

    /// Waits for the result of a job that should succeed.
    fn expect_ok<T: Send + 'static>(h: JobHandle<T>, what: &str) -> T {
        match h.rx.recv_timeout(SAFETY_NET) {
            Ok(v) => v,
            Err(_) => panic!("{what} never ran: the panicking jobs killed the worker threads"),
        }
    }

    #[test]
    fn a_panicking_job_reports_err() {
        let pool = ThreadPool::new(1);
        let bad = pool.submit(|| -> u32 { panic!("boom") });
        assert_eq!(bad.join(), Err(JobPanicked), "a panicking job reports Err");
        let good = pool.submit(|| 5);
        assert_eq!(expect_ok(good, "the job after a panic"), 5);
    }

    #[test]
    fn every_worker_survives_many_panics() {
        let pool = ThreadPool::new(3);
        for _ in 0..7 {
            pool.execute(|| panic!("boom"));
        }
        let crowd = Arc::new(Crowd::new());
        let handles: Vec<_> = (0..9)
            .map(|i| {
                let crowd = Arc::clone(&crowd);
                pool.submit(move || {
                    crowd.pass_together(3);
                    i * i
                })
            })
            .collect();
        for (i, h) in handles.into_iter().enumerate() {
            assert_eq!(expect_ok(h, &format!("job {i}")), i * i);
        }
        assert_eq!(
            crowd.most(),
            3,
            "expected all 3 workers to run jobs at once after the panics, saw {}",
            crowd.most()
        );
    }
}
