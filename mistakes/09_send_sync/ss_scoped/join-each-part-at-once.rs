// MISTAKE: scoped threads joined one by one inside the loop: the parts run one after another
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
            })
            .join()
            .unwrap();
        }
    });
}

