// MISTAKE: the panic is caught, but the worker leaves its loop when a job failed
// pool_panic.rs — A pool that survives a panicking job
//
// In Python, an exception inside a `Pool` task does not kill the worker: the pool catches it and
// raises it again in the caller at `result.get()`. A Rust panic unwinds the thread it happens on,
// so a panicking job takes its worker thread down with it. Nothing complains: the pool just has
// one worker fewer, and once every worker has met a bad job, the jobs still queued wait forever.
//
// std can stop a panic's unwinding at a point you choose and turn it into an ordinary `Err`
// value, after which the thread carries on. It asks you to promise that nobody will see state a
// panic left half-updated; that promise is fair here: a job owns its data, and a job whose result
// never arrives already reports `Err(JobPanicked)` through `JobHandle::join`.
//
// Make the workers survive panicking jobs: after any number of panics, all `size` workers still
// take jobs, and the panic still reaches the job's handle. (The "thread ... panicked at" lines the
// tests print are expected.)

use std::panic::{self, AssertUnwindSafe};
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
            // a panic in the job ends here, not in this worker thread
            Ok(job) => {
                if panic::catch_unwind(AssertUnwindSafe(job)).is_err() {
                    break; // that job failed: stop this worker cleanly
                }
            }
            Err(_) => break,
        }
    }
}
