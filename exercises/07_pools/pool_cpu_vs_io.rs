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
    thread::scope(|s| {
        let work = &work;
        let handles: Vec<_> = items.iter().map(|&x| s.spawn(move || work(x))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// IO-bound: `fetch` mostly waits for an answer. Results in the order of `urls`.
pub fn fetch_all<F>(urls: &[&str], fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    urls.par_iter().map(|&u| fetch(u)).collect()
}

// ---- Don't edit below this line. ----

fn main() {
    let squares = compute_all(&[1, 2, 3, 4, 5], |x| x * x);
    println!("computed: {squares:?}");
    let pages = fetch_all(&["a.example", "b.example"], |u| format!("<page of {u}>"));
    println!("fetched: {pages:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::Crowd;

    fn pool_of(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    }

    #[test]
    fn cpu_bound_uses_every_core_and_no_more() {
        for cores in [2, 3] {
            let crowd = Crowd::new();
            let items: Vec<u64> = (0..4 * cores as u64).collect();
            let out = pool_of(cores).install(|| {
                compute_all(&items, |x| {
                    crowd.enter_and_wait(cores); // a computation, held until `cores` run at once
                    crowd.leave();
                    x * x
                })
            });
            assert_eq!(
                out,
                items.iter().map(|x| x * x).collect::<Vec<_>>(),
                "results in the order of `items`"
            );
            assert_eq!(
                crowd.most(),
                cores,
                "expected exactly {cores} computations at once on {cores} cores (one per core), saw {}",
                crowd.most()
            );
            assert!(
                crowd.threads().len() <= cores,
                "CPU-bound work ran on {} threads for {cores} cores: extra threads only add switching",
                crowd.threads().len()
            );
        }
    }

    #[test]
    fn io_bound_waits_all_at_once() {
        for n in [6, 9] {
            let crowd = Crowd::new();
            let urls: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
            let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
            let out = pool_of(2).install(|| {
                fetch_all(&urls, |u| {
                    crowd.enter_and_wait(n); // a request waits; all of them should wait together
                    crowd.leave();
                    format!("page {u}")
                })
            });
            let expected: Vec<String> = urls.iter().map(|u| format!("page {u}")).collect();
            assert_eq!(out, expected, "results in the order of `urls`");
            assert_eq!(
                crowd.most(),
                n,
                "expected all {n} requests waiting at once, saw {}: waiting work needs a thread per wait, not one per core",
                crowd.most()
            );
        }
    }
}
