// MISTAKE: adds `move`, so every thread counts on its own copy of the u64 and the result stays 0
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

use std::thread;

/// Counts the lucky numbers in `0..n` (see `is_lucky` below) on `threads` threads: thread `t`
/// checks `t`, `t + threads`, `t + 2 * threads`, ... and adds 1 to the shared count per hit.
pub fn count_lucky(n: u64, threads: u64) -> u64 {
    let mut count = 0;
    let mut handles = Vec::new();
    for t in 0..threads {
        handles.push(thread::spawn(move || {
            let mut i = t;
            while i < n {
                if is_lucky(i) {
                    count += 1;
                }
                i += threads;
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    #[allow(clippy::let_and_return)]
    count
}

