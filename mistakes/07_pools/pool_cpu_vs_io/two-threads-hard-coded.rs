// MISTAKE: compute_all splits the items over two scoped threads, for a two-core machine
// pool_cpu_vs_io.rs — CPU-bound work on a pool, IO-bound work on many threads
//
// The notes' rule of thumb: for CPU-bound work (computing), run as many tasks at once as there
// are cores; more only adds switching. For IO-bound work (waiting on the network or the disk),
// the CPU is idle most of the time, so many more tasks can wait at once. In Python the GIL adds a
// twist: threads help only with IO-bound work, and CPU-bound work needs processes. Rust has no
// GIL, so threads serve both, but the rule of thumb still decides HOW MANY threads to use.
//
// The two functions below made the opposite choices. Swap them around: the computing one runs
// exactly as many tasks at once as the pool it is called in has threads (that pool stands for the
// machine's cores: don't count cores yourself), and the waiting one lets every request wait at
// the same time. The tests call them on rayon pools of 2 and 3 threads.

use rayon::prelude::*;
use std::thread;

/// CPU-bound: `work` computes and never waits. Results in the order of `items`.
pub fn compute_all<F>(items: &[u64], work: F) -> Vec<u64>
where
    F: Fn(u64) -> u64 + Sync + Send,
{
    let half = items.len().div_ceil(2);
    thread::scope(|s| {
        let work = &work;
        let parts: Vec<_> = items
            .chunks(half.max(1))
            .map(|part| s.spawn(move || part.iter().map(|&x| work(x)).collect::<Vec<u64>>()))
            .collect();
        parts.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

/// IO-bound: `fetch` mostly waits for an answer. Results in the order of `urls`.
pub fn fetch_all<F>(urls: &[&str], fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    thread::scope(|s| {
        let fetch = &fetch;
        // one thread per request: all of them wait at the same time
        let handles: Vec<_> = urls.iter().map(|&u| s.spawn(move || fetch(u))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
