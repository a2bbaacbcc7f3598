// threads_join_timeout.rs — Waiting for a thread, but not forever
//
// Python's `t.join(timeout=2)` waits at most 2 seconds (and then you must ask `t.is_alive()` to
// know whether the thread finished). Rust's `JoinHandle::join` has no timeout: it waits as long
// as the thread runs, and a stuck thread means a stuck caller. (`JoinHandle::is_finished` exists,
// but polling it in a loop wastes time or CPU.) The standard way out is to have the thread SEND
// its result over a channel and wait on the receiving end with a deadline:
// `std::sync::mpsc::channel()` gives a `(Sender, Receiver)` pair (06_queues covers channels in
// depth), and `Receiver::recv_timeout(d)` waits at most `d` for a value. If the deadline passes,
// you simply stop waiting; the thread runs on by itself, detached (its `send` will then fail
// because nobody is listening any more, so it must not `unwrap` that).
//
// `run_with_timeout` ignores its timeout and joins, so a stuck job hangs the caller (mtlings'
// timeout stops it). Make it return `Some(result)` as soon as the job is done, or `None` once
// `timeout` has passed without a result. A job that panics has no result: `None` as well, and
// without waiting for the whole timeout.

use std::thread;
use std::time::Duration;

/// Runs `job` on a new thread and waits at most `timeout` for its result.
pub fn run_with_timeout<T, F>(job: F, timeout: Duration) -> Option<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let handle = thread::spawn(job);
    // std has no `join_timeout`: this waits however long the job takes.
    Some(handle.join().unwrap())
}

// ---- Don't edit below this line. ----

fn main() {
    let quick = run_with_timeout(|| 6 * 7, Duration::from_secs(60));
    println!("a quick job, 60 s allowed: {quick:?}");
    let slow = run_with_timeout(
        || {
            thread::sleep(Duration::from_secs(30));
            0
        },
        Duration::from_millis(100),
    );
    println!("a 30 s job, 0.1 s allowed: {slow:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_quick_job_returns_at_once() {
        // 60 s allowed, but the answer is there at once: do not wait for the deadline.
        assert_eq!(
            run_with_timeout(|| 6 * 7, Duration::from_secs(60)),
            Some(42)
        );
        let text = run_with_timeout(|| "done".to_string(), Duration::from_secs(60));
        assert_eq!(text.as_deref(), Some("done"));
    }

    #[test]
    fn a_stuck_job_times_out() {
        // The job waits for a go-ahead that only comes after `run_with_timeout` has returned.
        let (go, wait_for_go) = mpsc::channel::<()>();
        let outcome = run_with_timeout(
            move || {
                let _ = wait_for_go.recv();
                7
            },
            Duration::from_millis(50),
        );
        drop(go); // let the stuck job finish now
        assert_eq!(
            outcome, None,
            "a job that is not done in time should give None"
        );
    }

    #[test]
    fn a_panicking_job_gives_none_without_waiting() {
        // 60 s allowed, but a panicked job will never answer: do not wait for the deadline.
        let outcome: Option<u32> =
            run_with_timeout(|| panic!("the job failed"), Duration::from_secs(60));
        assert_eq!(outcome, None);
    }
}
