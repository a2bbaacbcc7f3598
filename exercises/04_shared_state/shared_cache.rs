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
//
// Make `get` load each key exactly once, even when many threads ask for it at the same moment,
// while loads of DIFFERENT keys still run in parallel. Keep the big lock's critical section
// short (never call `load` while holding it); threads that want a key that is being loaded must
// wait for that one load. You may change the struct's fields. std has a type that runs an
// initialiser exactly once and makes every other caller wait for it; one per key does it.

use std::collections::HashMap;
use std::sync::Mutex;

pub struct Cache<F> {
    load: F,
    map: Mutex<HashMap<u32, u64>>,
}

impl<F: Fn(u32) -> u64 + Sync> Cache<F> {
    pub fn new(load: F) -> Self {
        Cache {
            load,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, calling `load(key)` the first time only.
    pub fn get(&self, key: u32) -> u64 {
        if let Some(value) = self.map.lock().unwrap().get(&key) {
            return *value;
        }
        let value = (self.load)(key);
        self.map.lock().unwrap().insert(key, value);
        value
    }
}

// ---- Don't edit below this line. ----

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
    use std::sync::Condvar;
    use std::thread;
    use std::time::Duration;

    #[derive(Default)]
    struct Loads {
        per_key: HashMap<u32, usize>,
        running: usize,
        most_at_once: usize,
        gate_open: bool,
        gave_up: bool,
    }

    /// A slow loader that counts its calls, can hold them at a gate, and can ask loads of
    /// different keys to wait (at most 1 s) for each other, to see if they ever overlap.
    struct Loader {
        state: Mutex<Loads>,
        cv: Condvar,
        gated: bool,
        want_overlap: usize,
    }

    impl Loader {
        fn new(gated: bool, want_overlap: usize) -> Loader {
            Loader {
                state: Mutex::new(Loads::default()),
                cv: Condvar::new(),
                gated,
                want_overlap,
            }
        }

        fn load(&self, key: u32) -> u64 {
            let mut st = self.state.lock().unwrap();
            *st.per_key.entry(key).or_default() += 1;
            st.running += 1;
            st.most_at_once = st.most_at_once.max(st.running);
            self.cv.notify_all();
            if self.gated {
                st = self.cv.wait_while(st, |s| !s.gate_open).unwrap();
            }
            if !st.gave_up && st.most_at_once < self.want_overlap {
                let (mut st2, res) = self
                    .cv
                    .wait_timeout_while(st, Duration::from_secs(1), |s| {
                        s.most_at_once < self.want_overlap
                    })
                    .unwrap();
                if res.timed_out() {
                    st2.gave_up = true;
                }
                st = st2;
            }
            st.running -= 1;
            u64::from(key) * 10
        }

        fn loads_of(&self, key: u32) -> usize {
            self.state
                .lock()
                .unwrap()
                .per_key
                .get(&key)
                .copied()
                .unwrap_or(0)
        }
    }

    #[test]
    fn a_hit_does_not_load_again() {
        let loader = Loader::new(false, 0);
        let cache = Cache::new(|k| loader.load(k));
        assert_eq!(cache.get(3), 30);
        assert_eq!(cache.get(3), 30);
        assert_eq!(cache.get(4), 40);
        assert_eq!(loader.loads_of(3), 1, "key 3 was loaded again on a hit");
    }

    #[test]
    fn one_load_for_many_concurrent_lookups() {
        let loader = Loader::new(true, 0);
        let cache = Cache::new(|k| loader.load(k));
        thread::scope(|s| {
            let first = s.spawn(|| cache.get(7));
            // Wait until the first lookup is inside `load(7)` (held at the gate)...
            let (st, _) = loader
                .cv
                .wait_timeout_while(loader.state.lock().unwrap(), Duration::from_secs(2), |s| {
                    s.running == 0
                })
                .unwrap();
            let loading = st.running > 0;
            drop(st);
            assert!(loading, "the first get(7) never called load(7)");
            // ...then ask for key 7 three more times while that load is still running.
            let others: Vec<_> = (0..3).map(|_| s.spawn(|| cache.get(7))).collect();
            let st = loader.state.lock().unwrap();
            // Give a second load 300 ms to start, then let every load finish.
            let (mut st, _) = loader
                .cv
                .wait_timeout_while(st, Duration::from_millis(300), |s| s.per_key[&7] < 2)
                .unwrap();
            st.gate_open = true;
            loader.cv.notify_all();
            drop(st);
            assert_eq!(first.join().unwrap(), 70);
            for t in others {
                assert_eq!(t.join().unwrap(), 70, "a lookup of key 7 got a wrong value");
            }
        });
        let n = loader.loads_of(7);
        assert_eq!(
            n, 1,
            "4 lookups of key 7 at the same moment loaded it {n} times: each one checked, saw \
             it missing, and loaded it. The check and the insert are two steps"
        );
    }

    #[test]
    fn different_keys_load_in_parallel() {
        let loader = Loader::new(false, 2);
        let cache = Cache::new(|k| loader.load(k));
        thread::scope(|s| {
            s.spawn(|| cache.get(1));
            s.spawn(|| cache.get(2));
        });
        let most = loader.state.lock().unwrap().most_at_once;
        assert_eq!(
            most, 2,
            "the loads of key 1 and key 2 never ran at the same time (at most {most} at once): \
             is a lock held while loading? One key's slow load must not block other keys"
        );
    }

    #[test]
    fn many_threads_many_keys() {
        let loader = Loader::new(false, 0);
        let cache = Cache::new(|k| loader.load(k));
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
