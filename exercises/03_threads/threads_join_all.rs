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
// return. Keep one thread per chunk.

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

use std::sync::Mutex;
use std::thread::ThreadId;

/// Which threads summed a chunk, and how many chunks were done (for the tests).
static CALLS: Mutex<Vec<ThreadId>> = Mutex::new(Vec::new());

/// Sums one chunk, and notes which thread did it.
pub fn sum_chunk(chunk: &[u64]) -> u64 {
    let sum = chunk.iter().sum();
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

    /// The tests share CALLS, so they run one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn check(data: Vec<u64>, n_threads: usize, chunks: usize) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        CALLS.lock().unwrap_or_else(|e| e.into_inner()).clear();
        let expected: u64 = data.iter().sum();

        let total = parallel_sum(data, n_threads);

        let calls = CALLS.lock().unwrap_or_else(|e| e.into_inner()).clone();
        assert_eq!(
            calls.len(),
            chunks,
            "when parallel_sum returned, {} of the {chunks} chunks had been summed: wait for \
             every worker before returning",
            calls.len()
        );
        assert_eq!(total, expected, "wrong total");
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
    fn four_threads() {
        check((1..=1_000).collect(), 4, 4);
    }

    #[test]
    fn eight_threads_uneven_chunks() {
        check((0..1_003).map(|x| x * x).collect(), 8, 8);
    }

    #[test]
    fn one_thread() {
        check(vec![7, 8, 9], 1, 1);
    }
}
