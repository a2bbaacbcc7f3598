// ss_scoped.rs — Scoped threads: borrow local data, split the `&mut`
//
// In Python every thread sees every object, and nothing stops two threads from writing the same
// list slot. `thread::spawn` in Rust is stricter: the new thread may outlive the caller, so its
// closure must own everything ('static); it cannot borrow `data`. Two ways out exist. Give the
// thread owned data (`Arc`, channels: earlier exercises), or PROMISE that the threads end
// before the borrow does; std has a way to spawn threads under such a promise, and those
// threads may borrow locals.
//
// Borrowing is then checked like anywhere else: many `&data`, or ONE `&mut data`. Two threads
// that both index into the same `&mut [u64]` are rejected (E0499), even if their ranges never
// overlap: the compiler does not do the arithmetic. The slice has to be split first, so that
// each thread OWNS its disjoint `&mut` part. That is a data race made impossible by the type
// checker, at zero run-time cost.
//
// Make `double_in_parallel` compile and pass the tests: one thread per part, all parts at the
// same time, each element changed IN PLACE (no copies: the tests check the addresses) by
// `crunch`, on exactly one thread.

use std::thread;

/// Doubles every element of `data` in place with `crunch`, using `parts` threads that each
/// handle one contiguous part of the slice.
pub fn double_in_parallel(data: &mut [u64], parts: usize) {
    let size = data.len().div_ceil(parts).max(1);
    // The scope joins every thread before it returns, so the threads may borrow `data`;
    // `chunks_mut` hands each thread its own, disjoint `&mut` part.
    thread::scope(|s| {
        for part in data.chunks_mut(size) {
            s.spawn(move || {
                for x in part {
                    crunch(x);
                }
            });
        }
    });
}

// ---- Don't edit below this line. ----

use std::collections::HashSet;
use std::sync::{Condvar, Mutex};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// What the tests watch: which threads crunched, whether every crunched element lies inside
/// the caller's buffer, and whether the threads ran together (a thread's first `crunch` waits,
/// at most 1 s, until `company` threads have started).
#[derive(Default)]
struct Watch {
    threads: HashSet<ThreadId>,
    buffer: std::ops::Range<usize>,
    outside: usize,
    company: usize,
    alone: bool,
}

static WATCH: Mutex<Option<Watch>> = Mutex::new(None);
static STARTED: Condvar = Condvar::new();

/// The work for one element: doubles it in place.
pub fn crunch(x: &mut u64) {
    let mut guard = WATCH.lock().unwrap();
    if let Some(w) = guard.as_mut() {
        if !w.buffer.contains(&(x as *mut u64 as usize)) {
            w.outside += 1;
        }
        if w.threads.insert(thread::current().id()) {
            STARTED.notify_all();
            let deadline = Instant::now() + Duration::from_secs(1);
            loop {
                let w = guard.as_mut().unwrap();
                if w.threads.len() >= w.company || w.alone {
                    break;
                }
                let now = Instant::now();
                if now >= deadline {
                    w.alone = true;
                    break;
                }
                guard = STARTED.wait_timeout(guard, deadline - now).unwrap().0;
            }
        }
    }
    drop(guard);
    *x *= 2;
}

fn main() {
    let mut data: Vec<u64> = (1..=12).collect();
    double_in_parallel(&mut data, 3);
    println!("doubled on 3 threads: {data:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `double_in_parallel` on `0..len` with `parts` parts, `company` of them non-empty.
    fn run(len: u64, parts: usize, company: usize) -> Watch {
        let mut data: Vec<u64> = (0..len).collect();
        let range = data.as_ptr_range();
        *WATCH.lock().unwrap() = Some(Watch {
            buffer: range.start as usize..range.end as usize,
            company,
            ..Watch::default()
        });
        double_in_parallel(&mut data, parts);
        let w = WATCH.lock().unwrap().take().unwrap();
        let want: Vec<u64> = (0..len).map(|x| x * 2).collect();
        assert!(
            data == want,
            "every element must be doubled exactly once ({len} elements, {parts} parts)"
        );
        assert_eq!(
            w.outside, 0,
            "{} elements were crunched outside the caller's buffer: a copy was changed, not \
             `data` itself. Borrow the parts instead of copying them",
            w.outside
        );
        assert!(
            !w.threads.contains(&thread::current().id()),
            "the caller's thread did part of the work: use spawned threads"
        );
        assert!(
            !w.alone,
            "the parts were not crunched at the same time: a thread waited a whole second for \
             the others. Is each thread joined before the next starts, or one lock held around \
             a whole part?"
        );
        w
    }

    #[test]
    fn parts_are_doubled_in_place_side_by_side() {
        let w = run(10_000, 4, 4);
        assert_eq!(
            w.threads.len(),
            4,
            "expected 4 parts on 4 threads, saw {}",
            w.threads.len()
        );
        let w = run(10, 3, 3);
        assert_eq!(w.threads.len(), 3, "10 elements, 3 parts: 3 threads");
        run(3, 4, 3); // 3 elements, 4 parts: one part stays empty
    }
}
