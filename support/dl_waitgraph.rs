//! The wait-for graph of `dl_watchdog`, and named locks that record it. A [`Tracker`]'s
//! `lock(name)` blocks like a mutex and keeps the graph up to date; its `watchdog` calls the
//! learner's `find_cycle` on every change, checks that what it returns really is a cycle of
//! the graph, and aborts one thread of it (that thread's `lock()` returns `Err(Aborted)`), so
//! that the deadlocked workers can go on.

use std::collections::BTreeMap;

/// A snapshot of who waits for what. Threads and locks are named by strings.
#[derive(Debug, Default, Clone)]
pub struct WaitGraph {
    /// thread -> the lock it is blocked on
    pub waits_for: BTreeMap<String, String>,
    /// lock -> the thread holding it
    pub held_by: BTreeMap<String, String>,
}

/// A cycle finder: the threads of one wait-for cycle, or `None`.
pub type FindCycle = fn(&WaitGraph) -> Option<Vec<String>>;

use std::collections::HashSet;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread;

#[derive(Default)]
struct State {
    graph: WaitGraph,
    aborted: HashSet<String>,
    version: u64,
    finished: usize,
    gave_up: bool,
}

#[derive(Default)]
pub struct Tracker {
    state: Mutex<State>,
    cv: Condvar,
}

#[derive(Debug)]
pub struct Aborted;

pub struct Guard<'a> {
    tracker: &'a Tracker,
    lock: String,
}

impl Tracker {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn lock(&self, name: &str) -> Result<Guard<'_>, Aborted> {
        let me = thread::current().name().unwrap().to_string();
        let mut st = self.state();
        loop {
            if !st.graph.held_by.contains_key(name) {
                st.graph.waits_for.remove(&me);
                st.graph.held_by.insert(name.into(), me);
                st.version += 1;
                self.cv.notify_all();
                return Ok(Guard {
                    tracker: self,
                    lock: name.into(),
                });
            }
            if st.gave_up || st.aborted.remove(&me) {
                st.graph.waits_for.remove(&me);
                st.version += 1;
                self.cv.notify_all();
                return Err(Aborted);
            }
            if st.graph.waits_for.get(&me).map(String::as_str) != Some(name) {
                st.graph.waits_for.insert(me.clone(), name.into());
                st.version += 1;
                self.cv.notify_all();
            }
            st = self.cv.wait(st).unwrap();
        }
    }

    /// Whether the watchdog gave up (then every `lock()` fails, so that the workers can end).
    pub fn gave_up(&self) -> bool {
        self.state().gave_up
    }

    pub fn wait_until_finished(&self, n: usize) {
        let mut st = self.state();
        while st.finished < n && !st.gave_up {
            st = self.cv.wait(st).unwrap();
        }
    }

    pub fn finished(&self) {
        let mut st = self.state();
        st.finished += 1;
        st.version += 1;
        self.cv.notify_all();
    }

    /// Runs until `workers` threads have finished. Calls `find_cycle` on every change of
    /// the graph; aborts the first thread of each cycle found. Returns the cycles found,
    /// or an error if the workers are stuck and no (valid) cycle was reported.
    pub fn watchdog(
        &self,
        workers: usize,
        find_cycle: FindCycle,
    ) -> Result<Vec<Vec<String>>, String> {
        let mut found = Vec::new();
        let mut seen = 0;
        let mut st = self.state();
        loop {
            while st.version == seen {
                st = self.cv.wait(st).unwrap();
            }
            seen = st.version;
            if st.finished == workers {
                return Ok(found);
            }
            if !st.aborted.is_empty() {
                continue; // a victim has not noticed yet
            }
            let g = st.graph.clone();
            let everyone_waits = g.waits_for.len() + st.finished == workers
                && g.waits_for.values().all(|l| g.held_by.contains_key(l));
            let problem = match find_cycle(&g) {
                Some(cycle) => match check_cycle(&g, &cycle) {
                    Ok(()) => {
                        st.aborted.insert(cycle[0].clone());
                        self.cv.notify_all();
                        found.push(cycle);
                        None
                    }
                    Err(e) => Some(e),
                },
                None if everyone_waits => Some(format!(
                    "every worker is blocked ({:?} while {:?}), but find_cycle returned None",
                    g.waits_for, g.held_by
                )),
                None => None,
            };
            if let Some(e) = problem {
                // Unblock everybody so that the test can end and report.
                let stuck: Vec<String> = g.waits_for.keys().cloned().collect();
                st.aborted.extend(stuck);
                st.gave_up = true;
                self.cv.notify_all();
                return Err(e);
            }
        }
    }
}

fn check_cycle(g: &WaitGraph, cycle: &[String]) -> Result<(), String> {
    if cycle.is_empty() {
        return Err("find_cycle returned an empty cycle".into());
    }
    for (i, t) in cycle.iter().enumerate() {
        let next = &cycle[(i + 1) % cycle.len()];
        let holder = g.waits_for.get(t).and_then(|l| g.held_by.get(l));
        if holder != Some(next) {
            return Err(format!(
                "{cycle:?} is not a wait-for cycle: {t} does not wait for a lock held by \
                 {next} (graph: {g:?})"
            ));
        }
    }
    Ok(())
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        let mut st = self.tracker.state();
        st.graph.held_by.remove(&self.lock);
        st.version += 1;
        self.tracker.cv.notify_all();
    }
}
