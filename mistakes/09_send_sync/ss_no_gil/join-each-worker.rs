// MISTAKE: joins every worker right after spawning it: no lock held, but one worker at a time
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
                let value = crunch(part);
                let mut sum = total.lock().unwrap();
                *sum = sum.wrapping_add(value);
            })
            .join()
            .unwrap();
        }
    });
    total.into_inner().unwrap()
}

