// ss_scoped.rs — Scoped threads: borrow local data, split the `&mut`
//
// In Python every thread sees every object, and nothing stops two threads from writing the same
// list slot. `thread::spawn` in Rust is stricter: the new thread may outlive the caller, so its
// closure must own everything ('static); it cannot borrow `data`. Two fixes exist. Give the
// thread owned data (`Arc`, channels: previous exercises), or promise that the threads end
// before the borrow does: `std::thread::scope(|s| { s.spawn(...); ... })` joins every thread
// spawned on `s` before it returns, so those threads MAY borrow locals.
//
// Borrowing is then checked like anywhere else: many `&data`, or ONE `&mut data`. Two threads
// that both index into the same `&mut [u64]` are rejected (E0499), even if their ranges never
// overlap: the compiler does not do the arithmetic. Split the slice so each thread OWNS a
// disjoint `&mut` part: `data.chunks_mut(size)` or `data.split_at_mut(mid)`.
// That is a data race made impossible by the type checker, at zero run-time cost.
//
// Make `double_in_parallel` compile and pass the tests: one thread per part, each part of the
// slice changed in place by exactly one thread, through `crunch`.

use std::thread;

/// Replaces every `x` in `data` by `crunch(x)`, using `parts` threads that each handle one
/// contiguous part of the slice.
pub fn double_in_parallel(data: &mut [u64], parts: usize) {
    let size = data.len().div_ceil(parts).max(1);
    // The scope joins every thread before it returns, so the threads may borrow `data`;
    // `chunks_mut` hands each thread its own, disjoint `&mut` part.
    thread::scope(|s| {
        for part in data.chunks_mut(size) {
            s.spawn(move || {
                for x in part {
                    *x = crunch(*x);
                }
            });
        }
    });
}

// ---- Don't edit below this line. ----

use std::collections::HashSet;
use std::sync::Mutex;
use std::thread::ThreadId;

static CRUNCHED_ON: Mutex<Option<HashSet<ThreadId>>> = Mutex::new(None);

/// The work for one element (here: doubling it). Remembers which thread did it.
pub fn crunch(x: u64) -> u64 {
    CRUNCHED_ON
        .lock()
        .unwrap()
        .get_or_insert_with(HashSet::new)
        .insert(thread::current().id());
    x * 2
}

fn main() {
    let mut data: Vec<u64> = (1..=12).collect();
    double_in_parallel(&mut data, 3);
    println!("doubled on 3 threads: {data:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_everything_on_separate_threads() {
        *CRUNCHED_ON.lock().unwrap() = None;
        let mut data: Vec<u64> = (0..10_000).collect();
        double_in_parallel(&mut data, 4);
        let want: Vec<u64> = (0..10_000).map(|x| x * 2).collect();
        assert!(data == want, "every element must be doubled exactly once");
        let threads = CRUNCHED_ON.lock().unwrap().take().unwrap_or_default();
        assert!(
            !threads.contains(&thread::current().id()),
            "the caller's thread did part of the work: use spawned (scoped) threads"
        );
        assert_eq!(
            threads.len(),
            4,
            "expected 4 parts on 4 threads, saw {} thread(s)",
            threads.len()
        );

        let mut small = vec![1, 2, 3];
        double_in_parallel(&mut small, 4);
        assert_eq!(
            small,
            [2, 4, 6],
            "3 elements, 4 parts: one part stays empty"
        );
        let mut odd: Vec<u64> = (0..10).collect();
        double_in_parallel(&mut odd, 3);
        assert_eq!(odd, (0..10).map(|x| x * 2).collect::<Vec<_>>());
    }
}
