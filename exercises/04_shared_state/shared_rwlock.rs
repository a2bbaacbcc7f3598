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
use std::sync::Mutex;

pub struct Settings {
    map: Mutex<HashMap<String, Setting>>,
}

impl Settings {
    pub fn new() -> Settings {
        Settings {
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `f` with read access to the map. Many readers may be inside at the same time.
    pub fn read<R>(&self, f: impl FnOnce(&HashMap<String, Setting>) -> R) -> R {
        let map = self.map.lock().unwrap();
        f(&map)
    }

    /// Sets `key` to `value`. Nobody may be reading while this happens.
    pub fn update(&self, key: &str, value: &str) {
        let mut map = self.map.lock().unwrap();
        map.insert(key.to_string(), Setting::new(value));
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

// ---- Don't edit below this line. ----

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many times a `Setting` was cloned, ever (the tests want none).
pub static CLONES: AtomicUsize = AtomicUsize::new(0);

/// One setting's value (in a real program: a parsed, possibly large value).
#[derive(Debug, PartialEq, Eq)]
pub struct Setting(String);

impl Setting {
    pub fn new(value: &str) -> Setting {
        Setting(value.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Clone for Setting {
    fn clone(&self) -> Self {
        CLONES.fetch_add(1, Ordering::SeqCst);
        Setting(self.0.clone())
    }
}

fn main() {
    let settings = Settings::new();
    settings.update("theme", "dark");
    std::thread::scope(|s| {
        for id in 0..3 {
            let settings = &settings;
            s.spawn(move || {
                let theme = settings.read(|m| m.get("theme").map(|v| v.as_str().to_string()));
                println!("reader {id} sees theme = {theme:?}");
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::overlap::Overlap;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    fn no_clones() {
        let n = CLONES.load(Ordering::SeqCst);
        assert_eq!(
            n, 0,
            "the settings were cloned {n} times: readers must share the one map, not read a copy"
        );
    }

    #[test]
    fn readers_run_in_parallel() {
        let settings = Settings::new();
        settings.update("mode", "fast");
        let meter = Overlap::new();
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    settings.read(|m| {
                        assert_eq!(m.get("mode").map(Setting::as_str), Some("fast"));
                        meter.inside(4, || ());
                    })
                });
            }
        });
        no_clones();
        let most = meter.most();
        assert_eq!(
            most, 4,
            "expected all 4 readers inside `read` at once, saw at most {most}: readers are \
             waiting for each other"
        );
    }

    #[test]
    fn an_update_waits_for_the_readers() {
        let settings = &Settings::new();
        settings.update("mode", "slow");
        let (inside_tx, inside_rx) = mpsc::channel();
        let (done_tx, done_rx) = mpsc::channel();
        thread::scope(|s| {
            s.spawn(move || {
                settings.read(|m| {
                    inside_tx.send(()).unwrap();
                    // While this reader is inside, an update must not get through.
                    let updated = done_rx.recv_timeout(Duration::from_millis(300)).is_ok();
                    assert!(
                        !updated,
                        "update() finished while a reader was still inside read(): an update \
                         must wait until nobody is reading"
                    );
                    assert_eq!(m["mode"].as_str(), "slow");
                })
            });
            inside_rx.recv().unwrap();
            s.spawn(move || {
                settings.update("mode", "fast");
                let _ = done_tx.send(());
            });
        });
        no_clones();
        assert_eq!(settings.read(|m| m["mode"].as_str().to_string()), "fast");
    }

    #[test]
    fn a_reader_never_sees_a_half_done_update() {
        let settings = Settings::new();
        settings.update("a", "0");
        thread::scope(|s| {
            s.spawn(|| {
                for i in 1..=100 {
                    settings.update("a", &i.to_string());
                }
            });
            s.spawn(|| {
                for _ in 0..100 {
                    settings.read(|m| {
                        let a = m["a"].as_str().to_string();
                        thread::yield_now();
                        assert_eq!(
                            a,
                            m["a"].as_str(),
                            "a value changed while a reader was reading"
                        );
                    });
                }
            });
        });
        no_clones();
        assert_eq!(settings.read(|m| m["a"].as_str().to_string()), "100");
    }

    #[test]
    fn updates_are_seen_by_later_reads() {
        let settings = Settings::default();
        assert_eq!(settings.read(|m| m.len()), 0);
        settings.update("lang", "rust");
        settings.update("lang", "still rust");
        assert_eq!(
            settings.read(|m| m.get("lang").map(|v| v.as_str().to_string())),
            Some("still rust".to_string())
        );
    }
}
