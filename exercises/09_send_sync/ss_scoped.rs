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
    let size = data.len().div_ceil(parts);
    let mut handles = Vec::new();
    for p in 0..parts {
        handles.push(thread::spawn(|| {
            let end = ((p + 1) * size).min(data.len());
            for x in &mut data[p * size..end] {
                crunch(x);
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// ---- Don't edit below this line. ----

// `crunch(x)` doubles one element in place (see `mtlings_support::ss_inplace`); in the tests
// it also sees where each element lives and whether the threads run together.
use mtlings_support::ss_inplace::crunch;

fn main() {
    let mut data: Vec<u64> = (1..=12).collect();
    double_in_parallel(&mut data, 3);
    println!("doubled on 3 threads: {data:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::ss_inplace::{self, Watch};

    /// Runs `double_in_parallel` on `0..len` with `parts` parts, `company` of them non-empty.
    fn run(len: u64, parts: usize, company: usize) -> Watch {
        let mut data: Vec<u64> = (0..len).collect();
        ss_inplace::watch(&data, company);
        double_in_parallel(&mut data, parts);
        let w = ss_inplace::finish();
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
