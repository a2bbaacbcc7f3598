// shared_rwlock.rs — Many readers at once: RwLock
//
// A `Mutex` lets one thread in at a time, readers included. For data that is read all the time
// and changed rarely (settings, a routing table, a cache), that turns every reader into a queue.
// `std::sync::RwLock` has two kinds of guard: any number of threads may hold `read()` guards at
// the same time, while a `write()` guard is exclusive (no readers, no other writer).
//
// Python's standard library has no reader-writer lock, and with the GIL two reader threads would
// not run Python code at the same moment anyway. Rust threads do run on several cores at once,
// so letting readers in together is a real gain.
//
// `Settings` keeps its map behind a `Mutex`. Switch it to a `RwLock` so that readers run in
// parallel while `update` stays exclusive. Make the tests pass.

use std::collections::HashMap;
use std::sync::Mutex;

pub struct Settings {
    map: Mutex<HashMap<String, String>>,
}

impl Settings {
    pub fn new() -> Settings {
        Settings {
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Runs `f` with read access to the map. Many readers may be inside at the same time.
    pub fn read<R>(&self, f: impl FnOnce(&HashMap<String, String>) -> R) -> R {
        let map = self.map.lock().unwrap();
        f(&map)
    }

    /// Sets `key` to `value`. Nobody may be reading while this happens.
    pub fn update(&self, key: &str, value: &str) {
        let mut map = self.map.lock().unwrap();
        map.insert(key.to_string(), value.to_string());
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let settings = Settings::new();
    settings.update("theme", "dark");
    std::thread::scope(|s| {
        for id in 0..3 {
            let settings = &settings;
            s.spawn(move || {
                let theme = settings.read(|m| m.get("theme").cloned());
                println!("reader {id} sees theme = {theme:?}");
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Condvar, Mutex};
    use std::thread;
    use std::time::Duration;

    /// Counts the readers inside `read` at the same moment. Each reader waits (at most 1 s, and
    /// only until `want` have been seen together once) for the others to come in too.
    #[derive(Default)]
    struct Meter {
        state: Mutex<(usize, usize, bool)>, // (inside now, most at once, gave up waiting)
        cv: Condvar,
    }

    impl Meter {
        fn inside(&self, want: usize) {
            let mut st = self.state.lock().unwrap();
            st.0 += 1;
            st.1 = st.1.max(st.0);
            self.cv.notify_all();
            if !st.2 {
                let (mut st2, res) = self
                    .cv
                    .wait_timeout_while(st, Duration::from_secs(1), |s| s.1 < want)
                    .unwrap();
                if res.timed_out() {
                    st2.2 = true;
                }
                st = st2;
            }
            st.0 -= 1;
        }
    }

    #[test]
    fn readers_run_in_parallel() {
        let settings = Settings::new();
        settings.update("mode", "fast");
        let meter = Meter::default();
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    settings.read(|m| {
                        assert_eq!(m.get("mode").map(String::as_str), Some("fast"));
                        meter.inside(4);
                    })
                });
            }
        });
        let most = meter.state.lock().unwrap().1;
        assert_eq!(
            most, 4,
            "expected all 4 readers inside `read` at once, saw at most {most}: readers are \
             waiting for each other"
        );
    }

    #[test]
    fn a_reader_never_sees_a_half_done_update() {
        let settings = Settings::new();
        settings.update("a", "0");
        settings.update("b", "0");
        thread::scope(|s| {
            s.spawn(|| {
                for i in 1..=100 {
                    // Each update takes the lock exclusively: it waits until no reader is in.
                    settings.update("a", &i.to_string());
                    settings.update("b", &i.to_string());
                }
            });
            s.spawn(|| {
                for _ in 0..100 {
                    settings.read(|m| {
                        let a: u32 = m["a"].parse().unwrap();
                        thread::yield_now();
                        let a_again: u32 = m["a"].parse().unwrap();
                        assert_eq!(a, a_again, "a value changed while a reader was reading");
                    });
                }
            });
        });
        assert_eq!(settings.read(|m| m["a"].clone()), "100");
        assert_eq!(settings.read(|m| m["b"].clone()), "100");
    }

    #[test]
    fn updates_are_seen_by_later_reads() {
        let settings = Settings::default();
        assert_eq!(settings.read(|m| m.len()), 0);
        settings.update("lang", "rust");
        settings.update("lang", "still rust");
        assert_eq!(
            settings.read(|m| m.get("lang").cloned()),
            Some("still rust".to_string())
        );
    }
}
