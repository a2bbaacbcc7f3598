// shared_cache.rs — Capstone: a cache that loads every key exactly once
//
// A cache in front of something slow (a database, a file, a web service). Its `get` does what
// everybody writes first, in Python or in Rust:
//
//     if key in cache: return cache[key]      # check ...
//     value = load(key)                       # (slow)
//     cache[key] = value                      # ... then act
//
// Each step takes the lock, so there is no data race, but there is a RACE: two threads that ask
// for the same missing key both see "missing" and both load it. That is the lost update again,
// one level up (check-then-act instead of read-then-write). With a slow or costly `load` (or one
// that must not run twice) that is a bug.
//
// The lazy fix, one lock held around the whole `get`, loads each key once, but then a lookup of
// key 1 waits for the load of key 2: the guard lives too long, and the cache becomes one queue.
// Many locks picked by `key % N` only make the queue shorter: two keys can still share one.
//
// Make `get` load each key exactly once, even when many threads ask for it at the same moment,
// while loads of DIFFERENT keys all run in parallel, and a key that is being loaded makes the
// threads that want it wait for that one load. You may change the struct's fields and add
// types of your own. (One value shared by several owners, here the map and the threads waiting
// on it, is what `std::sync::Arc` is for: a pointer whose clones are all owners of one value,
// freed when the last owner drops it; folder 09 comes back to it.) (`Mutex` and `RwLock` are std's, imported below the line from
// `mtlings_support::race_gap`: in the tests, two threads meet at every `lock()`, `read()` and
// `write()`, so a check and an act in two critical sections race on every run.)

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub struct Cache<F> {
    load: F,
    /// One slot per key. The map's lock is held only to find or create a slot.
    slots: Mutex<HashMap<u32, Arc<OnceLock<u64>>>>,
}

impl<F: Fn(u32) -> u64 + Sync> Cache<F> {
    pub fn new(load: F) -> Self {
        Cache {
            load,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, calling `load(key)` the first time only.
    pub fn get(&self, key: u32) -> u64 {
        // Find or create this key's slot in one critical section; the guard dies at the `;`.
        let slot = self.slots.lock().unwrap().entry(key).or_default().clone();
        // Exactly one caller runs `load`; the others wanting this key wait for it, while lookups
        // of other keys (other slots) go ahead in parallel.
        *slot.get_or_init(|| (self.load)(key))
    }
}

// ---- Don't edit below this line. ----

#[allow(unused_imports)]
use mtlings_support::race_gap::{Mutex, RwLock};

fn main() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let loads = AtomicUsize::new(0);
    let cache = Cache::new(|key| {
        loads.fetch_add(1, Ordering::SeqCst);
        u64::from(key) * 100
    });
    std::thread::scope(|s| {
        for t in 0..4 {
            let cache = &cache;
            s.spawn(move || {
                for key in 0..10 {
                    assert_eq!(cache.get((key + t) % 10), u64::from((key + t) % 10) * 100);
                }
            });
        }
    });
    println!(
        "4 threads looked up 10 keys each: {} loads",
        loads.load(Ordering::SeqCst)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::overlap::Overlap;
    use mtlings_support::race_gap::Gap;
    use std::thread;

    /// A loader that counts its calls per key; loads can be made to wait for each other.
    #[derive(Default)]
    struct Loader {
        per_key: std::sync::Mutex<HashMap<u32, usize>>,
        overlap: Overlap,
    }

    impl Loader {
        fn load(&self, key: u32, want_at_once: usize) -> u64 {
            *self.per_key.lock().unwrap().entry(key).or_default() += 1;
            self.overlap.inside(want_at_once, || u64::from(key) * 10)
        }

        fn loads_of(&self, key: u32) -> usize {
            self.per_key.lock().unwrap().get(&key).copied().unwrap_or(0)
        }
    }

    #[test]
    fn a_hit_does_not_load_again() {
        let loader = Loader::default();
        let cache = Cache::new(|k| loader.load(k, 0));
        assert_eq!(cache.get(3), 30);
        assert_eq!(cache.get(3), 30);
        assert_eq!(cache.get(4), 40);
        assert_eq!(loader.loads_of(3), 1, "key 3 was loaded again on a hit");
    }

    #[test]
    fn two_threads_asking_at_once_load_once() {
        for round in 0..5 {
            let loader = Loader::default();
            let cache = Cache::new(|k| loader.load(k, 0));
            let gap = Gap::new();
            thread::scope(|s| {
                for _ in 0..2 {
                    let (gap, cache) = (gap.clone(), &cache);
                    s.spawn(move || {
                        gap.join();
                        assert_eq!(cache.get(7), 70, "get(7) returned a wrong value");
                        assert_eq!(cache.get(8), 80, "get(8) returned a wrong value");
                        gap.leave();
                    });
                }
            });
            for key in [7, 8] {
                let n = loader.loads_of(key);
                assert_eq!(
                    n, 1,
                    "round {round}: two threads asked for key {key} at the same moment and it was \
                     loaded {n} times. Both checked, both saw it missing, and both acted: a check \
                     and an act in two critical sections leave a gap between them"
                );
            }
        }
    }

    #[test]
    fn different_keys_load_in_parallel() {
        // Multiples of 4096: any `key % N` with N a power of two up to 4096 puts them together.
        let keys: Vec<u32> = (0..8).map(|i| i * 4096).collect();
        let loader = Loader::default();
        let cache = Cache::new(|k| loader.load(k, keys.len()));
        thread::scope(|s| {
            for &key in &keys {
                let cache = &cache;
                s.spawn(move || cache.get(key));
            }
        });
        let most = loader.overlap.most();
        assert_eq!(
            most,
            keys.len(),
            "the loads of {} different keys were never all running at the same time (at most \
             {most} at once): is a lock held while loading? One key's slow load must not block \
             any other key",
            keys.len()
        );
    }

    #[test]
    fn many_threads_many_keys() {
        let loader = Loader::default();
        let cache = Cache::new(|k| loader.load(k, 0));
        thread::scope(|s| {
            for t in 0..6u32 {
                let cache = &cache;
                s.spawn(move || {
                    for i in 0..40u32 {
                        let key = (i * 7 + t * 3) % 20;
                        assert_eq!(cache.get(key), u64::from(key) * 10);
                    }
                });
            }
        });
        for key in 0..20 {
            assert_eq!(
                loader.loads_of(key),
                1,
                "key {key} was not loaded exactly once"
            );
        }
    }
}
