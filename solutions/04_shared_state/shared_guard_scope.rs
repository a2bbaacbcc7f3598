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
                loop {
                    // The guard is a temporary of this `let` statement: unlocked at the `;`.
                    let next = jobs.lock().unwrap().pop();
                    let Some(job) = next else { break };
                    run(job);
                }
            });
        }
    });
}

// ---- Don't edit below this line. ----

fn main() {
    let jobs = Mutex::new((1..=8).collect::<Vec<Job>>());
    let done = Mutex::new(Vec::new());
    run_workers(&jobs, 3, &|job| {
        let square = job * job;
        done.lock().unwrap().push((job, square));
    });
    let mut done = done.into_inner().unwrap();
    done.sort();
    println!("3 workers squared 8 numbers: {done:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::overlap::Overlap;

    #[test]
    fn jobs_run_in_parallel() {
        let jobs = Mutex::new((0..6).collect());
        let meter = Overlap::new();
        run_workers(&jobs, 3, &|_| meter.inside(3, || ()));
        let most = meter.most();
        assert_eq!(
            most, 3,
            "expected 3 workers to run jobs at once, saw {most}: is the stack still locked \
             while a job runs, or did one worker take all the jobs?"
        );
    }

    #[test]
    fn the_stack_is_free_while_a_job_runs() {
        let jobs = Mutex::new((0..5).collect());
        let locked_during = Mutex::new(Vec::new());
        run_workers(&jobs, 1, &|job| {
            // One worker only: nobody else can hold the lock right now, unless we do.
            if jobs.try_lock().is_err() {
                locked_during.lock().unwrap().push(job);
            }
        });
        let locked_during = locked_during.into_inner().unwrap();
        assert!(
            locked_during.is_empty(),
            "jobs {locked_during:?} ran while their worker still held the stack's lock \
             (`try_lock` failed inside the job): the guard lives through the whole loop body"
        );
    }

    #[test]
    fn every_job_runs_exactly_once() {
        let jobs = Mutex::new((0..200).collect());
        let ran = Mutex::new(Vec::new());
        run_workers(&jobs, 4, &|job| ran.lock().unwrap().push(job));
        let mut ran = ran.into_inner().unwrap();
        ran.sort();
        assert_eq!(
            ran,
            (0..200).collect::<Vec<Job>>(),
            "jobs lost or run twice"
        );
        assert!(jobs.lock().unwrap().is_empty(), "jobs left on the stack");
    }
}
