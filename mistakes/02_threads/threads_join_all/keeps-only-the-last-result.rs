// MISTAKE: every handle is joined, but each result overwrites the total instead of adding to it
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
    let mut total = 0;
    for handle in handles {
        total = handle.join().unwrap();
    }
    total
}

