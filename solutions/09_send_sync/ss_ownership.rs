// ss_ownership.rs — Ownership turns a data race into a compile error
//
// The Python counter again: several threads run `count += 1` on one global, the `+=` is really
// "read, add, write", and updates get lost unless you remember a lock. Python compiles that
// happily. Rust does not: a spawned thread may outlive the function that spawned it, so its
// closure may not borrow locals (E0373), and two threads may never hold the same `&mut` at
// once (E0499). The race is rejected before the program runs.
//
// The compiler's first suggestion is `move`. Careful: `move` MOVES (or, for a `Copy` type like
// `u64`, COPIES) the captured values into each closure. Every thread then counts on its own
// private copy and the caller's counter never changes: what the notes say about processes
// ("globals are copied into each child"), now with threads.
//
// So the threads need ONE counter that they all own (shared ownership: an earlier exercise),
// that can be changed through a shared reference, and whose "read, add, write" is one
// indivisible step: read then write in two steps is the Python race again, and the tests run
// the threads hard against each other. Make `count_lucky` compile and count correctly, on
// `threads` spawned threads that run at the same time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// Counts the lucky numbers in `0..n` (see `is_lucky` below) on `threads` threads: thread `t`
/// checks `t`, `t + threads`, `t + 2 * threads`, ... and adds 1 to the shared count per hit.
pub fn count_lucky(n: u64, threads: u64) -> u64 {
    // One counter, shared: every thread owns an `Arc` to it and changes it through `&`.
    let count = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for t in 0..threads {
        let count = Arc::clone(&count);
        handles.push(thread::spawn(move || {
            let mut i = t;
            while i < n {
                if is_lucky(i) {
                    count.fetch_add(1, Ordering::Relaxed); // one indivisible step
                }
                i += threads;
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    count.load(Ordering::Relaxed)
}

// ---- Don't edit below this line. ----

use std::cell::Cell;
use std::collections::HashSet;
use std::sync::Condvar;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// The threads that checked numbers. A thread's first check waits (at most 1 s) until
/// `company` threads have started checking, so that they really run side by side; `alone`
/// records that some thread waited in vain.
struct Checks {
    threads: Option<HashSet<ThreadId>>,
    company: usize,
    alone: bool,
}

static CHECKED_ON: std::sync::Mutex<Checks> = std::sync::Mutex::new(Checks {
    threads: None,
    company: 0,
    alone: false,
});
static STARTED: Condvar = Condvar::new();

thread_local! {
    static CHECKED_HERE: Cell<bool> = const { Cell::new(false) };
}

/// A number is lucky if it is a multiple of 7 or has a 7 among its digits.
pub fn is_lucky(i: u64) -> bool {
    if !CHECKED_HERE.with(|c| c.replace(true)) {
        let mut seen = CHECKED_ON.lock().unwrap();
        let threads = seen.threads.get_or_insert_with(HashSet::new);
        threads.insert(thread::current().id());
        STARTED.notify_all();
        let deadline = Instant::now() + Duration::from_secs(1);
        while seen.threads.as_ref().map_or(0, HashSet::len) < seen.company && !seen.alone {
            let now = Instant::now();
            if now >= deadline {
                seen.alone = true;
                break;
            }
            seen = STARTED.wait_timeout(seen, deadline - now).unwrap().0;
        }
    }
    let mut d = i;
    while d > 0 {
        if d % 10 == 7 {
            return true;
        }
        d /= 10;
    }
    i.is_multiple_of(7)
}

fn main() {
    println!("lucky numbers below 1000: {}", count_lucky(1_000, 4));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `count_lucky(n, threads)`; returns the count and the threads that checked.
    fn run(n: u64, threads: usize) -> (u64, HashSet<ThreadId>) {
        *CHECKED_ON.lock().unwrap() = Checks {
            threads: None,
            company: threads,
            alone: false,
        };
        let got = count_lucky(n, threads as u64);
        let mut checks = CHECKED_ON.lock().unwrap();
        assert!(
            !checks.alone,
            "the {threads} threads did not run at the same time: one of them waited a whole \
             second for the others to start. Is a lock held around a thread's whole loop, or is \
             each thread joined before the next one is spawned?"
        );
        (got, checks.threads.take().unwrap_or_default())
    }

    #[test]
    fn counts_every_lucky_number_on_threads_that_run_together() {
        // (below, threads, how many lucky numbers there are: counted once, outside the test)
        for (n, threads, want) in [(3_000_000, 4, 1_633_438), (700_003, 3, 345_709)] {
            let (got, seen) = run(n, threads);
            assert_ne!(
                got, 0,
                "the count stayed 0: did `move` give every thread its own copy of the counter?"
            );
            assert!(
                !seen.contains(&thread::current().id()),
                "numbers were checked on the caller's thread: use spawned threads"
            );
            assert_eq!(
                seen.len(),
                threads,
                "expected the numbers to be checked on {threads} threads, saw {}",
                seen.len()
            );
            assert_eq!(
                got, want,
                "{threads} threads counted {got} lucky numbers below {n}, but there are {want}. \
                 Fewer means updates were lost: two threads read the same old value and both \
                 wrote it plus one. The read-add-write must be one indivisible step"
            );
        }
        assert_eq!(run(7, 3).0, 1, "below 7 only 0 is lucky");
    }
}
