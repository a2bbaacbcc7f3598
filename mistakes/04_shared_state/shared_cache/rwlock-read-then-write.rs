// MISTAKE: an RwLock: a shared read to check, the load outside, an exclusive write to insert
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

pub struct Cache<F> {
    load: F,
    map: RwLock<HashMap<u32, u64>>,
}

impl<F: Fn(u32) -> u64 + Sync> Cache<F> {
    pub fn new(load: F) -> Self {
        Cache {
            load,
            map: RwLock::new(HashMap::new()),
        }
    }

    /// The value for `key`, calling `load(key)` the first time only.
    pub fn get(&self, key: u32) -> u64 {
        if let Some(value) = self.map.read().unwrap().get(&key) {
            return *value;
        }
        let value = (self.load)(key);
        *self.map.write().unwrap().entry(key).or_insert(value)
    }
}
