// threads_panic.rs — A panicking thread, and the `Err` that `join` returns
//
// The seed notes say processes are more robust than threads: "one thread crashing kills the whole
// process". That is true of real crashes (a segfault, an abort), which is why you isolate risky
// work in a child process. But a Rust panic is not a crash: it unwinds only the thread that
// panicked. That thread ends, the others keep running, and whoever joins it gets
// `Err(payload)` from `join()` instead of `Ok(value)`. The payload is a `Box<dyn Any + Send>`
// holding whatever was passed to `panic!`: a `&'static str` for `panic!("literal")`, a `String`
// for `panic!("formatted {}", x)`. (Python is different again: an exception in a thread prints a
// traceback and ends the thread, and `t.join()` returns normally; the joining thread never
// learns about it.)
//
// `run_all` runs each job on its own thread, but one panicking job takes the caller down with
// it: `unwrap()` on the `Err`. Make `run_all` return `Ok(value)` for each job that finished and
// `Err(message)` for each that panicked, where the message is the panic's `&str` or `String`, or
// "unknown panic" when the payload is something else. Do not catch the panic inside the thread
// (no `std::panic::catch_unwind`): read it from `join`.

use std::thread;

/// A job: a closure that computes a number (or panics).
pub type Job = Box<dyn FnOnce() -> u64 + Send + 'static>;

/// Runs every job on its own thread and reports each outcome, in the order of `jobs`.
pub fn run_all(jobs: Vec<Job>) -> Vec<Result<u64, String>> {
    let handles: Vec<_> = jobs.into_iter().map(thread::spawn).collect();
    handles.into_iter().map(|h| Ok(h.join().unwrap())).collect()
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

    #[test]
    fn a_panic_with_something_else() {
        let jobs: Vec<Job> = vec![Box::new(|| std::panic::panic_any(404u16)), Box::new(|| 30)];
        assert_eq!(
            run_all(jobs),
            vec![Err("unknown panic".to_string()), Ok(30)]
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
