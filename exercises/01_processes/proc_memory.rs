// proc_memory.rs — A child process has its own memory (predict)
//
// Threads of one process share one memory: a thread that changes a global changes it for
// everybody. A child PROCESS gets its own, separate memory: whatever it changes, it changes in
// ITS copy, and the parent never sees it (nor do its brothers and sisters). To get a result back
// from a child you need inter-process communication: its exit code, a pipe, a file, a socket.
//
// How does a child start out? That depends on how it is made. Python's `multiprocessing` with
// the "fork" start method (the Linux default before Python 3.14) makes the child a COPY of the
// parent at that moment, globals and all. Rust's `Command` does fork + exec: after the fork,
// the child replaces itself with a fresh run of a program, from its `main`, with every `static`
// at the value written in the source. (Python's "spawn" and "forkserver" methods, the defaults
// on macOS and Windows and, since 3.14, on Linux, start a fresh interpreter too.)
//
// The experiment, run by the tests: the parent stores 1 in the global `COUNTER`, then starts
// this program again as a child. The child reads its `COUNTER`, adds 100 to it and reads it
// again, and exits. Then the parent reads its own `COUNTER`. A second experiment does the same
// with a thread (on `THREAD_COUNTER`) instead of a child process.
//
// Correct the predictions below (only the numbers), and explain each one to yourself.

pub struct Predictions {
    /// What the child reads in its `COUNTER` before adding anything.
    pub child_sees_at_start: u64,
    /// What the child reads in its `COUNTER` after adding 100.
    pub child_sees_after_adding: u64,
    /// What the parent reads in its `COUNTER` after the child has ended.
    pub parent_sees_after_child: u64,
    /// What the parent reads in `THREAD_COUNTER` (also 1 at first) after a thread added 100 to
    /// it and was joined.
    pub parent_sees_after_thread: u64,
}

pub static PREDICTIONS: Predictions = Predictions {
    child_sees_at_start: 1,
    child_sees_after_adding: 101,
    parent_sees_after_child: 101,
    parent_sees_after_thread: 101,
};

// ---- Don't edit below this line. ----

use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};

/// The global of the process experiment. Its initial value, in every fresh run, is 0.
static COUNTER: AtomicU64 = AtomicU64::new(0);
/// The global of the thread experiment. Its initial value is 0 too.
static THREAD_COUNTER: AtomicU64 = AtomicU64::new(0);

const ROLE: &str = "MTLINGS_PROC_MEMORY_ROLE";

struct Observed {
    child_at_start: u64,
    child_after_adding: u64,
    parent_after_child: u64,
}

/// The child's part: read, add 100, read, report on stdout.
fn child_main() -> ! {
    let start = COUNTER.load(SeqCst);
    COUNTER.fetch_add(100, SeqCst);
    println!("counter {start} {}", COUNTER.load(SeqCst));
    std::process::exit(0)
}

fn process_experiment() -> Observed {
    COUNTER.store(1, SeqCst);
    let mut cmd = mtlings_support::proc_child::me_again(ROLE, "child", cfg!(test));
    cmd.stdout(Stdio::piped());
    let out = cmd.output().expect("run the child");
    assert!(out.status.success(), "the child failed: {:?}", out.status);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("counter "))
        .expect("child's report");
    let nums: Vec<u64> = line[8..].split(' ').map(|n| n.parse().unwrap()).collect();
    Observed {
        child_at_start: nums[0],
        child_after_adding: nums[1],
        parent_after_child: COUNTER.load(SeqCst),
    }
}

fn thread_experiment() -> u64 {
    THREAD_COUNTER.store(1, SeqCst);
    std::thread::spawn(|| THREAD_COUNTER.fetch_add(100, SeqCst))
        .join()
        .unwrap();
    THREAD_COUNTER.load(SeqCst)
}

fn main() {
    if std::env::var(ROLE).is_ok() {
        child_main();
    }
    let seen = process_experiment();
    println!(
        "parent stored 1; child saw {} at start and {} after adding 100; parent then saw {}",
        seen.child_at_start, seen.child_after_adding, seen.parent_after_child
    );
    println!(
        "with a thread instead, the parent saw {}",
        thread_experiment()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a real test: the body of the child process (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if std::env::var(ROLE).is_ok() {
            child_main();
        }
    }

    #[test]
    fn the_child_process_experiment() {
        let seen = process_experiment();
        assert_eq!(
            PREDICTIONS.child_sees_at_start, seen.child_at_start,
            "the child read {} at start: a Rust child is a fresh run of the program, \
             not a copy of the parent's memory",
            seen.child_at_start
        );
        assert_eq!(
            PREDICTIONS.child_sees_after_adding, seen.child_after_adding,
            "the child read {} after adding 100 to its own copy",
            seen.child_after_adding
        );
        assert_eq!(
            PREDICTIONS.parent_sees_after_child, seen.parent_after_child,
            "the parent read {} after the child ended: the child changed only its own memory",
            seen.parent_after_child
        );
    }

    #[test]
    fn the_thread_experiment() {
        let seen = thread_experiment();
        assert_eq!(
            PREDICTIONS.parent_sees_after_thread, seen,
            "the parent read {seen} after the thread ended: threads share their process's memory"
        );
    }
}
