// MISTAKE: joins every thread right after spawning it: nothing runs at the same time
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
        let h: thread::JoinHandle<()> = handles.pop().unwrap();
        h.join().unwrap(); // wait for this one before starting the next: no surprises
    }
    count.load(Ordering::Relaxed)
}

