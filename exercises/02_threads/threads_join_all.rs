// threads_join_all.rs — Wait for every thread you start
//
// `thread::spawn` starts a thread and hands you a `JoinHandle`. `handle.join()` waits for that
// thread to finish and gives you back what its closure returned (as `Ok(value)`). Like Python's
// `t.join()`, it is how the starting thread waits; unlike Python, it is also the way to get the
// thread's result back. And there is one big difference: a Python program waits at exit for every
// non-daemon thread, but a Rust program ends when `main` returns, killing every thread still
// running. An un-joined Rust thread is like Python's `daemon=True`.
//
// `parallel_sum` splits the data into chunks and sums each chunk on its own thread, but it never
// waits for the threads: it returns 0 at once. Make it wait for EVERY worker and add up what they
// return. Keep one thread per chunk, all running at the same time (the tests make each worker
// wait until all of them have started, and make one of them slow).

use std::thread;

/// Sums `data` using `n_threads` threads, one per chunk.
pub fn parallel_sum(data: Vec<u64>, n_threads: usize) -> u64 {
    let chunk_len = data.len().div_ceil(n_threads).max(1);
    let mut handles = Vec::new();
    for chunk in data.chunks(chunk_len) {
        let chunk = chunk.to_vec();
        handles.push(thread::spawn(move || sum_chunk(&chunk)));
    }

    // Wait for the workers and add up what they return.
    let total = 0;
    total
}

// ---- Don't edit below this line. ----

use mtlings_support::thread_crowd::{Crowd, Latch};
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::Duration;

/// Which threads summed a chunk (for the tests).
static CALLS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());
/// Counts the chunks being summed at once; the tests make each wait for the others.
static CROWD: Crowd = Crowd::new();
/// A test may hold back the chunk that contains this number, until `parallel_sum` returns.
static HELD: Mutex<Option<u64>> = Mutex::new(None);
static HOLD: Latch = Latch::new();

/// Sums one chunk, and notes which thread did it.
pub fn sum_chunk(chunk: &[u64]) -> u64 {
    let _inside = CROWD.enter();
    let sum = chunk.iter().sum();
    let held = *HELD.lock().unwrap_or_else(|e| e.into_inner());
    if held.is_some_and(|x| chunk.contains(&x)) {
        HOLD.wait(Duration::from_millis(300)); // a slow worker
    }
    CALLS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(thread::current().id());
    sum
}

fn main() {
    let data: Vec<u64> = (1..=1_000).collect();
    println!("1 + 2 + ... + 1000 = {}", parallel_sum(data, 4));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The tests share CALLS and CROWD, so they run one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    /// Sums `data` on `n_threads`; `slow` is a number whose chunk is summed slowly.
    fn check(data: Vec<u64>, n_threads: usize, chunks: usize, slow: Option<u64>) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        CALLS.lock().unwrap_or_else(|e| e.into_inner()).clear();
        CROWD.expect(chunks);
        *HELD.lock().unwrap_or_else(|e| e.into_inner()) = slow;
        HOLD.close();
        let expected: u64 = data.iter().sum();

        let total = parallel_sum(data, n_threads);

        let calls = CALLS.lock().unwrap_or_else(|e| e.into_inner()).clone();
        HOLD.open(); // let a held-back worker finish...
        CROWD.wait_until_empty(Duration::from_secs(2)); // ...before the next test starts
        let seen = CROWD.report();
        assert_eq!(
            calls.len(),
            chunks,
            "when parallel_sum returned, only {} of the {chunks} chunks had been summed: it \
             returned without waiting for every worker",
            calls.len()
        );
        assert!(
            seen.peak == chunks,
            "at most {} of the {chunks} chunks were being summed at the same time: the workers \
             ran one after another, not together",
            seen.peak
        );
        assert_eq!(
            total, expected,
            "wrong total: it should add up what every worker returned"
        );
        let threads: HashSet<ThreadId> = calls.into_iter().collect();
        assert!(
            !threads.contains(&thread::current().id()),
            "the calling thread summed a chunk itself: every chunk must get its own thread"
        );
        assert_eq!(
            threads.len(),
            chunks,
            "expected {chunks} threads to sum the {chunks} chunks, saw {}",
            threads.len()
        );
    }

    #[test]
    fn four_threads_one_slow() {
        check((1..=1_000).collect(), 4, 4, Some(400));
    }

    #[test]
    fn eight_threads_uneven_chunks() {
        check((0..1_003).map(|x| x * x).collect(), 8, 8, None);
    }

    #[test]
    fn one_thread() {
        check(vec![7, 8, 9], 1, 1, None);
    }
}
