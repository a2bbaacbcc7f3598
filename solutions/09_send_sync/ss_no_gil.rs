// ss_no_gil.rs — No GIL: CPU-bound threads really run side by side (unless you build a GIL)
//
// The seed notes: in CPython "even 100 threads on 100 cores use only one core", because a
// thread must hold the Global Interpreter Lock to run bytecode. For CPU-bound work Python
// programmers switch to multiprocessing: one interpreter, one GIL, per process.
// Rust threads are plain OS threads with no global lock: N CPU-bound threads can run on N cores
// at the same instant, inside one process, sharing memory. What `Send`/`Sync` and ownership
// give you is the safety the GIL was buying, checked at compile time instead of paid for at
// run time.
//
// Unless you build a GIL yourself. `parallel_checksum` below shares a running total between
// its workers, and the way it locks that total makes the workers take turns: one big lock,
// exactly like the GIL. The tests count how many workers are inside `crunch` at the same time
// (never how long anything takes): with 4 workers they expect 4; as shipped they see 1.
//
// Make the workers crunch side by side, and the checksum stay right. Keep one thread per part.

use std::sync::Mutex;
use std::thread;

/// Sums `crunch(part)` over `workers` contiguous parts of `data`, one thread per part.
pub fn parallel_checksum(data: &[u64], workers: usize) -> u64 {
    let total = Mutex::new(0u64);
    let size = data.len().div_ceil(workers).max(1);
    thread::scope(|s| {
        for part in data.chunks(size) {
            let total = &total;
            s.spawn(move || {
                let value = crunch(part); // the expensive part runs without any lock
                let mut sum = total.lock().unwrap(); // locked for the one line that needs it
                *sum = sum.wrapping_add(value);
            });
        }
    });
    total.into_inner().unwrap()
}

// ---- Don't edit below this line. ----

// `crunch(part)` is the CPU-bound work for one part (see `mtlings_support::ss_party`): it
// counts how many workers are inside it at once.
use mtlings_support::ss_party::{self, crunch};

fn main() {
    let data: Vec<u64> = (1..=40_000).collect();
    let sum = parallel_checksum(&data, 4);
    println!(
        "checksum {sum:#x}; most workers inside crunch at once: {}",
        ss_party::party().most
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::ss_party::mix;

    fn checksum(data: &[u64]) -> u64 {
        data.iter().fold(0u64, |acc, &x| acc.wrapping_add(mix(x)))
    }

    /// Runs `parallel_checksum(data, workers)` expecting `together` workers inside at once;
    /// returns the checksum and the most workers seen inside `crunch` at the same time.
    fn run(data: &[u64], workers: usize, together: usize) -> (u64, usize, usize) {
        ss_party::expect(together);
        let got = parallel_checksum(data, workers);
        let p = ss_party::party();
        (got, p.most, p.calls)
    }

    #[test]
    fn workers_crunch_at_the_same_time() {
        for workers in [4, 3] {
            let data: Vec<u64> = (1..=40_000).collect();
            let (got, most, calls) = run(&data, workers, workers);
            assert_eq!(
                calls, workers,
                "{workers} workers should crunch {workers} parts, one each, but crunch ran \
                 {calls} times: is the number of parts hard-coded?"
            );
            assert_eq!(
                got,
                checksum(&data),
                "wrong checksum with {workers} workers"
            );
            assert_eq!(
                most, workers,
                "expected all {workers} workers inside crunch at once, saw at most {most}: a \
                 lock held around the whole job makes the threads take turns, like Python's GIL"
            );
        }
        let small: Vec<u64> = (1..=3).collect();
        let (got, _, _) = run(&small, 4, 3);
        assert_eq!(got, checksum(&small), "3 numbers on 4 workers");
    }
}
