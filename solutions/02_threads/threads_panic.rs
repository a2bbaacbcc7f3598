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
        .map(|h| h.join().map_err(panic_message)) // `Err` carries the panic's payload
        .collect()
}

/// Turns a panic payload into its message.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let jobs: Vec<Job> = vec![
        Box::new(|| 6 * 7),
        Box::new(|| panic!("the disk is full")),
        Box::new(|| 1 + 1),
    ];
    for (i, outcome) in run_all(jobs).into_iter().enumerate() {
        println!("job {i}: {outcome:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_that_finish() {
        let jobs: Vec<Job> = vec![Box::new(|| 1), Box::new(|| 2), Box::new(|| 3)];
        assert_eq!(run_all(jobs), vec![Ok(1), Ok(2), Ok(3)]);
    }

    #[test]
    fn a_static_str_panic() {
        let jobs: Vec<Job> = vec![Box::new(|| 10), Box::new(|| panic!("the disk is full"))];
        assert_eq!(
            run_all(jobs),
            vec![Ok(10), Err("the disk is full".to_string())],
            "the panicking job should report its message"
        );
    }

    #[test]
    fn a_formatted_panic() {
        let bad = 7;
        let jobs: Vec<Job> = vec![
            Box::new(move || panic!("bad input: {bad}")),
            Box::new(|| 20),
        ];
        assert_eq!(
            run_all(jobs),
            vec![Err("bad input: 7".to_string()), Ok(20)],
            "a formatted panic message is a String"
        );
    }

    /// A panic payload that is not text, and notes which thread dropped it.
    struct Payload(std::sync::mpsc::Sender<thread::ThreadId>);

    impl Drop for Payload {
        fn drop(&mut self) {
            let _ = self.0.send(thread::current().id());
        }
    }

    #[test]
    fn a_panic_with_something_else() {
        let (tx, dropped_by) = std::sync::mpsc::channel();
        let jobs: Vec<Job> = vec![
            Box::new(move || std::panic::panic_any(Payload(tx))),
            Box::new(|| 30),
        ];
        assert_eq!(
            run_all(jobs),
            vec![Err("unknown panic".to_string()), Ok(30)]
        );
        let by = dropped_by.recv().expect("the payload was never dropped");
        assert!(
            by == thread::current().id(),
            "the panic's payload ended on the worker thread: the panic was caught inside the \
             thread instead of being read from what `join` returned"
        );
    }

    #[test]
    fn every_job_runs_on_its_own_thread() {
        let caller = thread::current().id();
        let jobs: Vec<Job> = (0..8u64)
            .map(|i| {
                Box::new(move || {
                    assert_ne!(
                        thread::current().id(),
                        caller,
                        "a job ran on the caller's thread"
                    );
                    if i % 2 == 0 {
                        panic!("job {i} failed");
                    }
                    i
                }) as Job
            })
            .collect();
        let expected: Vec<Result<u64, String>> = (0..8u64)
            .map(|i| {
                if i % 2 == 0 {
                    Err(format!("job {i} failed"))
                } else {
                    Ok(i)
                }
            })
            .collect();
        assert_eq!(run_all(jobs), expected);
    }
}
