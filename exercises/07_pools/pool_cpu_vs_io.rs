// pool_cpu_vs_io.rs — CPU-bound work on a pool, IO-bound work on many threads
//
// The notes' rule of thumb: for CPU-bound work (computing), run as many tasks at once as there
// are cores; more only adds switching. For IO-bound work (waiting on the network or the disk),
// the CPU is idle most of the time, so many more tasks can wait at once. In Python the GIL adds a
// twist: threads help only with IO-bound work, and CPU-bound work needs processes. Rust has no
// GIL, so threads serve both, but the rule of thumb still decides HOW MANY:
//   - CPU-bound: rayon's pool (one thread per core) with `par_iter()`;
//   - IO-bound: a thread per waiting task (here `std::thread::scope`, so the threads may borrow
//     `urls` and `fetch`), or async tasks (11_async). A pool with one thread per core would let
//     only that many requests wait at once.
//
// The two functions below made the opposite choices. Swap them around. The tests run on a rayon
// pool of 2 threads, standing for a 2-core machine.

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
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    use std::sync::{Condvar, Mutex};
    use std::thread::ThreadId;
    use std::time::{Duration, Instant};

    /// Counts tasks running at once and the threads they ran on. `enter_and_wait(n)` waits until
    /// n tasks are running at once (at most 1.5 s, a safety net for broken code; after one wait
    /// in vain nobody waits any more).
    #[derive(Default)]
    struct Probe {
        state: Mutex<(usize, usize)>, // (inside now, most inside at once)
        changed: Condvar,
        gave_up: AtomicBool,
        threads: Mutex<HashSet<ThreadId>>,
    }

    impl Probe {
        fn enter_and_wait(&self, n: usize) {
            self.threads.lock().unwrap().insert(thread::current().id());
            let mut s = self.state.lock().unwrap();
            s.0 += 1;
            s.1 = s.1.max(s.0);
            self.changed.notify_all();
            let deadline = Instant::now() + Duration::from_millis(1500);
            while s.1 < n && !self.gave_up.load(SeqCst) {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    self.gave_up.store(true, SeqCst);
                    break;
                }
                s = self.changed.wait_timeout(s, left).unwrap().0;
            }
            s.0 -= 1;
        }
        fn most(&self) -> usize {
            self.state.lock().unwrap().1
        }
        fn threads(&self) -> usize {
            self.threads.lock().unwrap().len()
        }
    }

    fn two_core_pool() -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
    }

    #[test]
    fn cpu_bound_uses_every_core_and_no_more() {
        let probe = Probe::default();
        let items: Vec<u64> = (0..8).collect();
        let out = two_core_pool().install(|| {
            compute_all(&items, |x| {
                probe.enter_and_wait(2);
                x * x
            })
        });
        assert_eq!(out, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert_eq!(
            probe.most(),
            2,
            "expected exactly 2 computations at once on 2 cores (one per core), saw {}",
            probe.most()
        );
        assert!(
            probe.threads() <= 2,
            "CPU-bound work ran on {} threads for 2 cores: extra threads only add switching",
            probe.threads()
        );
    }

    #[test]
    fn io_bound_waits_all_at_once() {
        let probe = Probe::default();
        let urls = ["u0", "u1", "u2", "u3", "u4", "u5"];
        let out = two_core_pool().install(|| {
            fetch_all(&urls, |u| {
                probe.enter_and_wait(6); // a request waits; all 6 should be waiting together
                format!("page {u}")
            })
        });
        let expected: Vec<String> = urls.iter().map(|u| format!("page {u}")).collect();
        assert_eq!(out, expected, "results in the order of `urls`");
        assert_eq!(
            probe.most(),
            6,
            "expected all 6 requests waiting at once, saw {}: waiting work needs a thread per wait, not one per core",
            probe.most()
        );
    }
}
