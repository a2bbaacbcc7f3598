// shared_lost_update.rs — The lost update: `x += 1` is a read and a write, not one step
//
// `x += 1` on shared data is really two steps: `seen = x; x = seen + 1`, and `seen` belongs to
// each thread. If two threads both read 0 before either writes, both write 1, and one of the
// two increments is lost.
//
// Python lets you write that race with a plain global (the GIL does not make `x += 1` atomic:
// it is several bytecodes, and CPython may switch threads between any two of them). Rust does
// not: a `static mut` needs `unsafe`, and two threads can never hold `&mut x` at the same time,
// so the unsynchronised version is a compile error, not a bug. What Rust still lets you write is
// a race built from operations that are each safe on their own: a `load` followed by a `store`
// on an atomic, or a lock taken for the read and taken again for the write. Each step is fine;
// the gap between them is the bug.
//
// The `AtomicU64` and `Mutex` used here are std's, imported below the line from the workbook's
// support library (`mtlings_support::race_gap`): in the tests, two threads stop at every `load`
// and every `lock()` until the other one gets to one too, so the bad luck that strikes once in
// thousands of runs in real programs strikes on every run here.
//
// Fix both functions so that no update is lost:
// - `add_one_atomic`: make read-add-write ONE indivisible step (std::sync::atomic::AtomicU64
//   has methods for exactly that);
// - `add_one_locked`: hold ONE lock guard from the read to the write, the Rust way of Python's
//   `with lock: x += 1`.

/// Adds one to a counter shared by many threads.
pub fn add_one_atomic(counter: &AtomicU64) {
    // Read, add and write as ONE indivisible step: no other thread can get in between.
    counter.fetch_add(1, Ordering::SeqCst);
}

/// Adds one to a counter shared by many threads, under a lock.
pub fn add_one_locked(counter: &Mutex<u64>) {
    // One guard from the read to the write: the whole critical section runs under the lock.
    let mut guard = counter.lock().unwrap();
    *guard += 1;
}

// ---- Don't edit below this line. ----

use mtlings_support::race_gap::{AtomicU64, Mutex};
use std::sync::atomic::Ordering;

fn main() {
    let atomic = AtomicU64::new(0);
    let locked = Mutex::new(0);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..10_000 {
                    add_one_atomic(&atomic);
                    add_one_locked(&locked);
                }
            });
        }
    });
    let (a, l) = (atomic.into_inner(), locked.into_inner().unwrap());
    println!("4 threads x 10000 increments: atomic counter = {a}, locked counter = {l}");
    println!("(lost updates in a plain run are luck, good or bad: the tests make them certain)");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::race_gap::Gap;
    use std::thread;

    const PER_THREAD: u64 = 50;

    /// Runs `add` PER_THREAD times on each of two threads that meet at every load and lock.
    fn two_threads(add: impl Fn() + Sync) {
        let gap = Gap::new();
        thread::scope(|s| {
            for _ in 0..2 {
                let (gap, add) = (gap.clone(), &add);
                s.spawn(move || {
                    gap.join();
                    for _ in 0..PER_THREAD {
                        add();
                    }
                    gap.leave();
                });
            }
        });
    }

    #[test]
    fn atomic_counter_loses_nothing() {
        let counter = AtomicU64::new(0);
        two_threads(|| add_one_atomic(&counter));
        let got = counter.into_inner();
        assert_eq!(
            got,
            2 * PER_THREAD,
            "2 threads x {PER_THREAD} increments gave {got}: {} updates were lost. Both threads \
             loaded the counter before either stored: a load and a store are two steps, and \
             another thread can read between them",
            2 * PER_THREAD - got
        );
    }

    #[test]
    fn locked_counter_loses_nothing() {
        let counter = Mutex::new(0);
        two_threads(|| add_one_locked(&counter));
        let got = counter.into_inner().unwrap();
        assert_eq!(
            got,
            2 * PER_THREAD,
            "2 threads x {PER_THREAD} increments gave {got}: {} updates were lost. Both threads \
             read under the lock, let it go, and wrote under it again: the lock was released \
             between the read and the write",
            2 * PER_THREAD - got
        );
    }

    #[test]
    fn many_threads_many_increments() {
        let atomic = AtomicU64::new(0);
        let locked = Mutex::new(0);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..2_000 {
                        add_one_atomic(&atomic);
                        add_one_locked(&locked);
                    }
                });
            }
        });
        assert_eq!(atomic.into_inner(), 8_000, "atomic counter");
        assert_eq!(locked.into_inner().unwrap(), 8_000, "locked counter");
    }
}
