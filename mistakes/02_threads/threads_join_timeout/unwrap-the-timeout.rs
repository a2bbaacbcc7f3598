// MISTAKE: the deadline passing is treated as a bug: unwrap panics instead of giving None
// threads_join_timeout.rs — Waiting for a thread's answer, but not forever
//
// Python's `t.join(timeout=2)` waits at most 2 seconds (and then you must ask `t.is_alive()` to
// know whether the thread finished). Rust's `JoinHandle::join` has no timeout: it waits as long
// as the thread runs, and a stuck thread means a stuck caller. (`JoinHandle::is_finished` exists,
// but asking it again and again wastes time or CPU, and it answers only once the whole thread is
// done, not when its answer is ready.) The way out is to stop waiting for the THREAD and wait for
// its ANSWER instead: the thread hands its result over as soon as it has it, through something
// the caller can wait on, asleep, with a deadline. If the deadline passes, the caller simply
// stops waiting; the thread runs on by itself, detached, and when it finally tries to hand over
// its answer nobody is listening any more: that is not an error worth a panic. (std has just the
// thing for handing values between threads; 06_queues covers it in depth.)
//
// `run_with_timeout` ignores its timeout and joins, so a stuck job hangs the caller (mtlings'
// timeout stops it). Make it return `Some(result)` as soon as the job is done, or `None` once
// `timeout` has passed without a result, sleeping while it waits. A job that panics has no
// result: `None` as well, and without waiting for the whole timeout.

use std::thread;
use std::time::Duration;

/// Runs `job` on a new thread and waits at most `timeout` for its result.
pub fn run_with_timeout<T, F>(job: F, timeout: Duration) -> Option<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(job());
    });
    match rx.recv_timeout(timeout) {
        Ok(value) => Some(value),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
        Err(e) => panic!("no answer: {e}"),
    }
}

