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
// job forever, and `drop` waits for the workers forever (mtlings' timeout stops it). Fix `Drop`.

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
        drop(self.sender.take()); // Python's close(): no more jobs, the workers' recv() can end
        for worker in self.workers.drain(..) {
            worker.join().unwrap(); // Python's join()
        }
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let pool = ThreadPool::new(3);
    for i in 0..6 {
        pool.execute(move || println!("job {i} ran on {:?}", thread::current().id()));
    }
    drop(pool);
    println!("the pool is closed and every worker has been joined");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Condvar;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::{Duration, Instant};

    /// A gate that opens once; threads wait until it is open.
    #[derive(Default)]
    struct Latch {
        open: Mutex<bool>,
        opened: Condvar,
    }

    impl Latch {
        fn open(&self) {
            *self.open.lock().unwrap() = true;
            self.opened.notify_all();
        }
        fn wait(&self) {
            let mut open = self.open.lock().unwrap();
            while !*open {
                open = self.opened.wait(open).unwrap();
            }
        }
    }

    #[test]
    fn drop_waits_for_every_job() {
        let pool = ThreadPool::new(4);
        let latch = Arc::new(Latch::default());
        let done = Arc::new(AtomicUsize::new(0));
        for _ in 0..40 {
            let (latch, done) = (Arc::clone(&latch), Arc::clone(&done));
            pool.execute(move || {
                latch.wait();
                let mut x = 0u64;
                for i in 0..50_000 {
                    x = std::hint::black_box(x.wrapping_add(i)); // a little CPU work
                }
                done.fetch_add(1, SeqCst);
            });
        }
        latch.open();
        drop(pool);
        assert_eq!(
            done.load(SeqCst),
            40,
            "drop returned before every submitted job had run: join the workers"
        );
    }

    #[test]
    fn an_idle_pool_drops() {
        let pool = ThreadPool::new(3);
        drop(pool);
    }

    #[test]
    fn workers_run_at_once() {
        let pool = ThreadPool::new(4);
        let inside = Arc::new((Mutex::new((0usize, 0usize)), Condvar::new()));
        for _ in 0..4 {
            let inside = Arc::clone(&inside);
            pool.execute(move || {
                let (lock, cv) = &*inside;
                let mut s = lock.lock().unwrap();
                s.0 += 1;
                s.1 = s.1.max(s.0);
                cv.notify_all();
                // Wait (with a safety net for broken code) until all 4 jobs are running.
                let deadline = Instant::now() + Duration::from_millis(1500);
                while s.1 < 4 && Instant::now() < deadline {
                    s = cv.wait_timeout(s, Duration::from_millis(50)).unwrap().0;
                }
                s.0 -= 1;
            });
        }
        drop(pool);
        let most = inside.0.lock().unwrap().1;
        assert_eq!(
            most, 4,
            "expected 4 jobs to run at once on 4 workers, saw {most}"
        );
    }
}
