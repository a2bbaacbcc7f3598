// pool_drop_hang.rs — A thread pool that never shuts down
//
// Python: `pool = Pool(4)`, `pool.apply_async(task)` a few times, then `pool.close()` ("no more
// jobs") and `pool.join()` (wait until the workers are done). A pool starts a few workers once and
// feeds them jobs through a queue, instead of paying for a thread per task. Here N workers share
// one channel of boxed closures; each loops on `recv()` and stops when it returns `Err`: once
// the queue is empty AND closed (every `Sender` dropped).
//
// This pool's `drop` never returns (mtlings' timeout stops it). Fix `Drop` so that it does
// Python's two steps: every job submitted before the drop has run when `drop` returns, however
// long the last one takes. The same few workers run every job, and they wait for jobs however
// quiet the pool gets.

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
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let pool = ThreadPool::new(3);
    (0..6).for_each(|i| pool.execute(move || println!("job {i} on {:?}", thread::current().id())));
    drop(pool);
    println!("the pool is closed and every worker has been joined");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::batch::LONGER_THAN_ANY_IDLE_TIMEOUT;
    use mtlings_support::crowd::{Crowd, or_hung_after};
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::Duration;

    fn drop_it(pool: ThreadPool) {
        let hung = "dropping the pool never returned: a worker still waits for jobs";
        or_hung_after(Duration::from_secs(3), hung, move || drop(pool));
    }

    #[test]
    fn drop_waits_for_every_job() {
        let pool = ThreadPool::new(4);
        let done = Arc::new(AtomicUsize::new(0));
        for i in 0..40 {
            let done = Arc::clone(&done);
            pool.execute(move || {
                if i == 39 {
                    thread::sleep(LONGER_THAN_ANY_IDLE_TIMEOUT); // a deliberately slow job
                }
                done.fetch_add(1, SeqCst);
            });
        }
        drop_it(pool);
        assert_eq!(
            done.load(SeqCst),
            40,
            "drop returned before every submitted job had run: it must wait for the workers, however long that takes"
        );
    }

    #[test]
    fn jobs_run_on_the_pools_workers() {
        let pool = ThreadPool::new(4);
        let workers: HashSet<_> = pool.workers.iter().map(|h| h.thread().id()).collect();
        let crowd = Arc::new(Crowd::new());
        for _ in 0..40 {
            let crowd = Arc::clone(&crowd);
            pool.execute(move || {
                crowd.pass_together(4);
            });
        }
        drop_it(pool);
        let threads = crowd.threads();
        assert_eq!(crowd.entered(), 40, "expected 40 jobs to run");
        assert!(
            threads.is_subset(&workers),
            "40 jobs ran on {} threads, not all of them the pool's 4 workers: a pool reuses its workers",
            threads.len()
        );
        assert_eq!(crowd.most(), 4, "expected 4 jobs at once on 4 workers");
    }

    #[test]
    fn an_idle_pool_keeps_its_workers() {
        let pool = ThreadPool::new(2);
        let (tx, rx) = mpsc::channel();
        let tx2 = tx.clone();
        pool.execute(move || tx.send(1).unwrap());
        assert_eq!(rx.recv().unwrap(), 1);
        thread::sleep(LONGER_THAN_ANY_IDLE_TIMEOUT); // a deliberately long quiet spell
        assert!(
            pool.workers.iter().all(|h| !h.is_finished()),
            "a worker ended while the pool was idle: workers wait for jobs until the pool is dropped"
        );
        pool.execute(move || tx2.send(2).unwrap());
        assert_eq!(rx.recv().unwrap(), 2);
        drop_it(pool);
        drop_it(ThreadPool::new(3));
    }
}
