// MISTAKE: the load is checked again before the store, which only narrows the gap
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
    loop {
        let seen = counter.load(Ordering::SeqCst);
        if counter.load(Ordering::SeqCst) == seen {
            counter.store(seen + 1, Ordering::SeqCst);
            return;
        }
    }
}

/// Adds one to a counter shared by many threads, under a lock.
pub fn add_one_locked(counter: &Mutex<u64>) {
    let mut guard = counter.lock().unwrap();
    *guard += 1;
}
