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
        // Nobody may be listening any more (we timed out): ignore a failed send.
        let _ = tx.send(job());
    });
    // A value in time: Some. Deadline passed, or the job panicked (sender dropped): None.
    rx.recv_timeout(timeout).ok()
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
    use mtlings_support::thread_watch::{at_exit, has_panicked, thread_cpu_time, watch_panics};
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
        watch_panics();
        // The job waits for a go-ahead that only comes after `run_with_timeout` has returned.
        let (go, wait_for_go) = mpsc::channel::<()>();
        let (ended, job_thread) = mpsc::channel();
        let cpu_before = thread_cpu_time();
        let outcome = run_with_timeout(
            move || {
                let me = thread::current().id();
                at_exit(move || {
                    let _ = ended.send(me);
                });
                let _ = wait_for_go.recv();
                7
            },
            Duration::from_millis(400),
        );
        let cpu = cpu_before.zip(thread_cpu_time()).map(|(a, b)| b - a);
        drop(go); // let the stuck job finish now
        assert_eq!(
            outcome, None,
            "a job that is not done in time should give None"
        );
        if let Some(cpu) = cpu {
            assert!(
                cpu < Duration::from_millis(10),
                "the caller used {cpu:?} of CPU time while it waited 400 ms for the job: it \
                 kept checking instead of sleeping until the answer or the deadline came"
            );
        }
        let job_thread = job_thread.recv().expect("the job's thread never ended");
        assert!(
            !has_panicked(job_thread),
            "the job's thread panicked when it finished after the deadline: handing over an \
             answer nobody waits for any more must not panic"
        );
    }

    #[test]
    fn a_panicking_job_gives_none_without_waiting() {
        // 60 s allowed, but a panicked job will never answer: do not wait for the deadline.
        let outcome: Option<u32> =
            run_with_timeout(|| panic!("the job failed"), Duration::from_secs(60));
        assert_eq!(outcome, None);
    }

    #[test]
    fn the_answer_counts_not_the_end_of_the_thread() {
        // The job answers at once, but its thread ends only after `run_with_timeout` returns
        // (or, if it never does, after 2 s).
        let (let_it_end, wait_to_end) = mpsc::channel::<()>();
        let (report, waited_in_vain) = mpsc::channel();
        let outcome = run_with_timeout(
            move || {
                at_exit(move || {
                    let in_vain = wait_to_end.recv_timeout(Duration::from_secs(2)).is_err();
                    let _ = report.send(in_vain);
                });
                42
            },
            Duration::from_secs(60),
        );
        let _ = let_it_end.send(());
        assert_eq!(outcome, Some(42));
        assert!(
            !waited_in_vain.recv().expect("the job's thread never ended"),
            "run_with_timeout returned only when the job's whole thread had ended, long after \
             the job's answer was ready: wait for the answer, not for the thread"
        );
    }
}
