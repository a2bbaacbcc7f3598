// ss_ownership.rs — Ownership turns a data race into a compile error
//
// The seed notes' Python counter: several threads run `balance += n` on one global, the `+=`
// is really "read, add, write", and updates get lost unless you remember a lock. Python
// compiles that happily. Rust does not: a spawned thread may outlive the function that spawned
// it, so its closure may not borrow locals (E0373), and two threads may never hold the same
// `&mut` at once (E0499). The race is rejected before the program runs.
//
// The compiler's first suggestion is `move`. Careful: `move` MOVES (or for a `Copy` type like
// `u64`, COPIES) the captured values into each closure. Every thread then counts on its own
// private copy and the caller's counter never changes: the very thing the seed notes say about
// processes ("globals are copied into each child"), now with threads.
//
// To really share one counter, share a value that is safe to change through `&`:
//   - `AtomicU64` and `fetch_add(1, Ordering::Relaxed)`: one indivisible read-add-write, no lock.
//     The right tool for ONE number (a counter, a flag).
//   - `Mutex<T>`: when SEVERAL values must change together (a balance and its history, two
//     accounts), because two atomics updated one after the other are not one atomic step.
// And give every thread shared ownership of it with `Arc` (or borrow it in `thread::scope`,
// next exercise). Returning each thread's own count from `join()` and adding them up is fine too.
//
// Make `count_lucky` compile and count correctly, on `threads` spawned threads.

use std::thread;

/// Counts the lucky numbers in `0..n` (see `is_lucky` below) on `threads` threads: thread `t`
/// checks `t`, `t + threads`, `t + 2 * threads`, ... and adds 1 to the shared count per hit.
pub fn count_lucky(n: u64, threads: u64) -> u64 {
    let mut count = 0;
    let mut handles = Vec::new();
    for t in 0..threads {
        handles.push(thread::spawn(|| {
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
    count
}

// ---- Don't edit below this line. ----

use std::collections::HashSet;
use std::sync::Mutex;
use std::thread::ThreadId;

static CHECKED_ON: Mutex<Option<HashSet<ThreadId>>> = Mutex::new(None);

/// A number is lucky if it is a multiple of 7 or has a 7 among its digits.
pub fn is_lucky(i: u64) -> bool {
    CHECKED_ON
        .lock()
        .unwrap()
        .get_or_insert_with(HashSet::new)
        .insert(thread::current().id());
    i.is_multiple_of(7) || i.to_string().contains('7')
}

fn main() {
    println!("lucky numbers below 1000: {}", count_lucky(1_000, 4));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_lucky_number_on_many_threads() {
        let expected = (0..20_000u64)
            .filter(|i| i.is_multiple_of(7) || i.to_string().contains('7'))
            .count() as u64;
        *CHECKED_ON.lock().unwrap() = None;
        let got = count_lucky(20_000, 4);
        assert_ne!(
            got, 0,
            "the count stayed 0: did `move` give every thread its own copy of the counter?"
        );
        assert_eq!(got, expected, "lucky numbers below 20000");
        let threads = CHECKED_ON.lock().unwrap().take().unwrap_or_default();
        let me = thread::current().id();
        assert!(
            !threads.contains(&me),
            "numbers were checked on the caller's thread: use spawned threads"
        );
        assert_eq!(
            threads.len(),
            4,
            "expected the numbers to be checked on 4 threads, saw {}",
            threads.len()
        );
        assert_eq!(count_lucky(7, 3), 1, "below 7 only 0 is lucky");
    }
}
