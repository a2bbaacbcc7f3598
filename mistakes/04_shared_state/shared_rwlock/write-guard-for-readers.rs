// MISTAKE: an RwLock, but read() takes the exclusive guard too
// shared_rwlock.rs — Many readers at once
//
// A `Mutex` lets one thread in at a time, readers included. For data that is read all the time
// and changed rarely (settings, a routing table, a cache), that turns every reader into a queue,
// although readers cannot disturb each other at all: only a writer can. What such data needs is
// a lock with two kinds of access: shared, which any number of readers hold at once, and
// exclusive, which a writer holds alone (no readers, no other writer).
//
// Python's standard library has no reader-writer lock, and before free-threaded Python two
// reader threads could not run Python code at the same moment anyway (the GIL). Rust threads do
// run on several cores at once, so letting readers in together is a real gain.
//
// `Settings` keeps its map behind a `Mutex`. Make readers run in parallel on the ONE shared map
// while `update` stays exclusive: an update waits until nobody is reading. (A `Setting` can be
// cloned, but the tests count the clones: copying the map for every reader is not sharing it.)

use std::collections::HashMap;
use std::sync::RwLock;

pub struct Settings {
    map: RwLock<HashMap<String, Setting>>, // many readers OR one writer
}

impl Settings {
    pub fn new() -> Settings {
        Settings {
            map: RwLock::new(HashMap::new()),
        }
    }

    /// Runs `f` with read access to the map. Many readers may be inside at the same time.
    pub fn read<R>(&self, f: impl FnOnce(&HashMap<String, Setting>) -> R) -> R {
        let map = self.map.write().unwrap();
        f(&map)
    }

    /// Sets `key` to `value`. Nobody may be reading while this happens.
    pub fn update(&self, key: &str, value: &str) {
        let mut map = self.map.write().unwrap(); // exclusive: waits for every reader to leave
        map.insert(key.to_string(), Setting::new(value));
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

