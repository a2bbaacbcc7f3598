// MISTAKE: the Err is kept, but its payload is never read: every panic says "unknown panic"
// threads_panic.rs — A panicking thread, and what `join` tells you about it
//
// Processes are often called more robust than threads: "one thread crashing kills the whole
// process". That is true of real crashes (a segfault, an abort), which is why you isolate risky
// work in a child process. But a Rust panic is not a crash: it unwinds only the thread that
// panicked. That thread ends, the others keep running, and whoever joins it is told so: `join`
// returns an `Err` instead of `Ok(value)`, and the `Err` carries the panic's payload, whatever was
// passed to `panic!`: a `&'static str` for `panic!("literal")`, a `String` for
// `panic!("formatted {}", x)`, or any other value for `std::panic::panic_any(value)`. (Python is
// different again: an exception in a thread prints a traceback and ends the thread, and
// `t.join()` returns normally; the joining thread never learns about it.)
//
// `run_all` runs each job on its own thread, but one panicking job takes the caller down with it.
// Make `run_all` return `Ok(value)` for each job that finished and `Err(message)` for each that
// panicked, where the message is the panic's text, or "unknown panic" when the payload is not
// text. Read each outcome from what `join` gives back: the jobs must not catch their own panics
// (the tests check where each payload ends up).

use std::thread;

/// A job: a closure that computes a number (or panics).
pub type Job = Box<dyn FnOnce() -> u64 + Send + 'static>;

/// Runs every job on its own thread and reports each outcome, in the order of `jobs`.
pub fn run_all(jobs: Vec<Job>) -> Vec<Result<u64, String>> {
    let handles: Vec<_> = jobs.into_iter().map(thread::spawn).collect();
    handles
        .into_iter()
        .map(|h| h.join().map_err(|_| "unknown panic".to_string()))
        .collect()
}

