// dl_watchdog.rs — Detecting a deadlock: find the cycle in the wait-for graph
//
// Prevention (lock ordering, try_lock) needs every piece of code to follow the rules. The other
// approach, which the seed notes call "deadlock detection", lets deadlocks happen and finds them:
// a watchdog looks at who WAITS FOR which lock and who HOLDS it. Draw an arrow from each waiting
// thread to the thread that holds the lock it wants: a deadlock is exactly a cycle of arrows
// (T1 -> T2 -> T1). A chain that ends at a thread that is not waiting is no deadlock: that
// thread will finish and release.
//
// Once found, the watchdog can break the cycle by picking a VICTIM: its `lock()` returns an
// error, it lets go of what it holds and retries later. (That breaks "no preemption".) Real
// tools work this way: databases abort one transaction of a cycle; parking_lot has a feature
// `deadlock_detection` whose `parking_lot::deadlock::check_deadlock()` returns the threads of
// each cycle among parking_lot locks, with their backtraces (slow: meant for a watchdog that
// runs every few seconds). Python has no built-in detector: you look at the hung threads with
// `faulthandler`.
//
// Write `find_cycle`: given a snapshot of the wait-for graph, return the threads of one cycle
// (in arrow order, starting anywhere), or `None` if nobody is deadlocked.

use std::collections::BTreeMap;

/// A snapshot of who waits for what. Threads and locks are named by strings.
#[derive(Debug, Default, Clone)]
pub struct WaitGraph {
    /// thread -> the lock it is blocked on
    pub waits_for: BTreeMap<String, String>,
    /// lock -> the thread holding it
    pub held_by: BTreeMap<String, String>,
}

/// Returns the threads of a wait-for cycle, each one waiting for a lock held by the next (and
/// the last one waiting for a lock held by the first), or `None` if there is no cycle.
pub fn find_cycle(graph: &WaitGraph) -> Option<Vec<String>> {
    let _ = graph;
    None
}

// ---- Don't edit below this line. ----

fn main() {
    // T1 holds a and waits for b; T2 holds b and waits for c; T3 holds c and waits for a.
    let mut g = WaitGraph::default();
    for (t, want, hold) in [("T1", "b", "a"), ("T2", "c", "b"), ("T3", "a", "c")] {
        g.waits_for.insert(t.into(), want.into());
        g.held_by.insert(hold.into(), t.into());
    }
    println!("three threads in a ring: {:?}", find_cycle(&g));
    g.waits_for.remove("T3"); // T3 gets going again
    println!("after T3 stops waiting: {:?}", find_cycle(&g));
}

/// Named locks that record the wait-for graph, and whose `lock()` can be told to give up.
#[cfg(test)]
mod tracked {
    use super::WaitGraph;
    use std::collections::HashSet;
    use std::sync::{Condvar, Mutex, MutexGuard};
    use std::thread;

    #[derive(Default)]
    struct State {
        graph: WaitGraph,
        aborted: HashSet<String>,
        version: u64,
        finished: usize,
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
                if st.aborted.remove(&me) {
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

        pub fn wait_until_finished(&self, n: usize) {
            let mut st = self.state();
            while st.finished < n {
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
        pub fn watchdog(&self, workers: usize) -> Result<Vec<Vec<String>>, String> {
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
                let problem = match super::find_cycle(&g) {
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
}

#[cfg(test)]
mod tests {
    use super::tracked::Tracker;
    use super::*;
    use std::collections::BTreeSet;
    use std::sync::Barrier;
    use std::thread;

    fn graph(edges: &[(&str, &str, &str)], idle_holders: &[(&str, &str)]) -> WaitGraph {
        // (thread, lock it waits for, lock it holds)
        let mut g = WaitGraph::default();
        for (t, want, hold) in edges {
            g.waits_for.insert(t.to_string(), want.to_string());
            if !hold.is_empty() {
                g.held_by.insert(hold.to_string(), t.to_string());
            }
        }
        for (lock, t) in idle_holders {
            g.held_by.insert(lock.to_string(), t.to_string());
        }
        g
    }

    fn set(cycle: Option<Vec<String>>) -> Option<BTreeSet<String>> {
        cycle.map(|c| c.into_iter().collect())
    }

    fn names(v: &[&str]) -> Option<BTreeSet<String>> {
        Some(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn nobody_waiting_is_no_deadlock() {
        let g = graph(&[], &[("a", "T1"), ("b", "T2")]);
        assert_eq!(find_cycle(&g), None);
    }

    #[test]
    fn a_chain_is_no_deadlock() {
        // T1 waits for T2, T2 waits for T3, T3 is running (holds c, waits for nothing).
        let g = graph(&[("T1", "b", "a"), ("T2", "c", "b")], &[("c", "T3")]);
        assert_eq!(find_cycle(&g), None, "T3 will finish: {g:?}");
        // Waiting for a lock nobody holds is no deadlock either.
        let g = graph(&[("T1", "z", "a")], &[]);
        assert_eq!(find_cycle(&g), None, "lock z is free: {g:?}");
    }

    #[test]
    fn two_threads_in_opposite_order() {
        let g = graph(&[("T1", "b", "a"), ("T2", "a", "b")], &[]);
        assert_eq!(set(find_cycle(&g)), names(&["T1", "T2"]));
    }

    #[test]
    fn three_in_a_ring_with_a_bystander() {
        // T4 waits for T1 but is not part of the ring; T5 is idle.
        let g = graph(
            &[
                ("T4", "a", "d"),
                ("T1", "b", "a"),
                ("T2", "c", "b"),
                ("T3", "a", "c"),
            ],
            &[("e", "T5")],
        );
        let cycle = find_cycle(&g);
        assert_eq!(
            set(cycle.clone()),
            names(&["T1", "T2", "T3"]),
            "the ring is T1 -> T2 -> T3 -> T1; T4 only waits for it. Got {cycle:?}"
        );
        let c = cycle.unwrap();
        for i in 0..3 {
            let holder = &g.held_by[&g.waits_for[&c[i]]];
            assert_eq!(holder, &c[(i + 1) % 3], "{c:?} is not in arrow order");
        }
    }

    #[test]
    fn watchdog_breaks_a_real_deadlock() {
        let tracker = Tracker::default();
        let barrier = Barrier::new(2);
        let result = thread::scope(|s| {
            for (name, first, second) in [("T1", "a", "b"), ("T2", "b", "a")] {
                let (tracker, barrier) = (&tracker, &barrier);
                thread::Builder::new()
                    .name(name.into())
                    .spawn_scoped(s, move || {
                        let mut lined_up = false;
                        loop {
                            let Ok(one) = tracker.lock(first) else {
                                continue;
                            };
                            if !lined_up {
                                lined_up = true;
                                barrier.wait(); // both hold their first lock now
                            }
                            match tracker.lock(second) {
                                Ok(two) => {
                                    drop((one, two));
                                    break;
                                }
                                Err(_aborted) => {
                                    drop(one); // the victim lets go, and retries when the other is done
                                    tracker.wait_until_finished(1);
                                }
                            }
                        }
                        tracker.finished();
                    })
                    .unwrap();
            }
            tracker.watchdog(2)
        });
        let cycles = result.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            cycles.len(),
            1,
            "expected one cycle to be found: {cycles:?}"
        );
        assert_eq!(set(Some(cycles[0].clone())), names(&["T1", "T2"]));
    }
}
