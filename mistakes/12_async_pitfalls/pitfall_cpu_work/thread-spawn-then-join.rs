// MISTAKE: hashes on a new thread but blocks the runtime's thread in join() until it is done
// pitfall_cpu_work.rs — CPU-heavy work in a task holds the runtime hostage
//
// Blocking is not only sleeping or waiting on a lock: a task that computes for a long time
// (hashing a big file, compressing, parsing) also keeps its thread until it is done, and every
// other task on that thread waits. There is no cooperative version of arithmetic to `.await`:
// the work has to leave the runtime's thread, and the task has to wait for the answer in a way
// that hands its thread back meanwhile. Python's asyncio sends such work to a process pool
// (`run_in_executor` with a `ProcessPoolExecutor`) because the GIL keeps threads from computing
// in parallel; Rust threads do run in parallel, so a pool of threads next to the runtime is
// enough. (On a multi-threaded runtime a CPU-heavy task "only" stalls one worker thread and
// every task queued behind it: same problem, same cure.)
//
// `hash_file` runs `slow_hash` right on the runtime's thread. Make the runtime free to run its
// other tasks while the hash is computed, and keep the result the same. The tests check that
// from the inside: while `slow_hash` runs, it asks a task on the runtime to answer
// (`mtlings_support::pitfall_probe`), and a runtime whose thread is busy or blocked cannot.

use std::sync::Arc;

/// Handles a "hash this file" request. `slow_hash` is CPU-heavy.
pub async fn hash_file(data: Arc<Vec<u8>>) -> u64 {
    std::thread::spawn(move || slow_hash(&data)).join().unwrap()
}

