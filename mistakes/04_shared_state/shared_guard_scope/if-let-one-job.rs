// MISTAKE: the pop is a statement of its own, but each worker runs one job and stops
// shared_guard_scope.rs — A guard that lives too long
//
// In Python the critical section is the indented block under `with lock:`; you can see where it
// ends. In Rust the lock is released when the `MutexGuard` is dropped, and a guard that is never
// given a name is a temporary. A temporary lives until the end of the statement that created
// it, and for the scrutinee of a `while let`, an `if let` or a `match`, that "statement" is the
// whole loop or match, body included.
//
// `run_workers` starts several workers that take jobs from a shared stack:
//
//     while let Some(job) = jobs.lock().unwrap().pop() { run(job); }
//
// It looks parallel, but every job runs while its worker still holds the stack's lock, so the
// other workers wait at `lock()` and only one job ever runs at a time: a lock makes the code it
// guards run one thread at a time, and here it guards far more than the stack.
//
// Make the critical section cover the stack and nothing else, so that jobs run in parallel.
// Every worker must still take its jobs one by one from the shared stack.

use std::sync::Mutex;
use std::thread;

pub type Job = u32;

/// Runs every job in `jobs` on `workers` threads, each taking the next job from the stack.
pub fn run_workers(jobs: &Mutex<Vec<Job>>, workers: usize, run: &(impl Fn(Job) + Sync)) {
    thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let next = jobs.lock().unwrap().pop();
                if let Some(job) = next {
                    run(job);
                }
            });
        }
    });
}
