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
    slow_hash(&data)
}

// ---- Don't edit below this line. ----

use std::sync::Mutex;
use std::thread::ThreadId;

/// The threads `slow_hash` ran on (the tests look at it).
static HASH_THREADS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

/// A deliberately slow hash (FNV-1a, 8 rounds). Notes the thread it runs on.
pub fn slow_hash(data: &[u8]) -> u64 {
    HASH_THREADS
        .lock()
        .unwrap()
        .push(std::thread::current().id());
    mtlings_support::pitfall_probe::check_in(); // can the runtime run another task right now?
    fnv_rounds(data)
}

fn fnv_rounds(data: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for _round in 0..8 {
        for byte in data {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x100_0000_01b3);
        }
    }
    hash
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let hash = rt.block_on(hash_file(Arc::new(vec![1u8; 10_000])));
    println!("hash {hash:x}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ran_on(thread: ThreadId) -> bool {
        HASH_THREADS.lock().unwrap().contains(&thread)
    }

    // `#[tokio::test]` runs a single-threaded runtime on the test's own thread.
    #[tokio::test]
    async fn the_hash_runs_off_the_runtime_thread() {
        let runtime_thread = std::thread::current().id();
        let watch = mtlings_support::pitfall_probe::watch();
        let data = Arc::new(vec![9u8; 200_000]);
        let hash = hash_file(data.clone()).await;
        assert_eq!(hash, fnv_rounds(&data), "wrong hash");
        assert!(watch.checks() > 0, "slow_hash never ran");
        assert_eq!(
            watch.stalls(),
            0,
            "while slow_hash computed, no other task on the runtime could run (a task on it was \
             asked to answer and did not within 2 s): hash_file kept the runtime's thread busy \
             or blocked it waiting for the hash; await the answer instead"
        );
        assert!(
            !ran_on(runtime_thread),
            "slow_hash ran on the runtime's own thread: while it computed, no other task on \
             this runtime could run"
        );
    }

    #[tokio::test]
    async fn several_files_at_once() {
        let runtime_thread = std::thread::current().id();
        let mut set = tokio::task::JoinSet::new();
        for i in 0..4u8 {
            set.spawn(async move {
                let data = Arc::new(vec![i; 50_000]);
                (hash_file(data.clone()).await, fnv_rounds(&data))
            });
        }
        while let Some(res) = set.join_next().await {
            let (got, expected) = res.unwrap();
            assert_eq!(got, expected, "wrong hash");
        }
        assert!(
            !ran_on(runtime_thread),
            "slow_hash ran on the runtime's own thread"
        );
    }
}
