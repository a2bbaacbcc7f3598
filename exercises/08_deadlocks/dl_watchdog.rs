// dl_watchdog.rs — Detecting a deadlock: find the cycle in the wait-for graph
//
// Prevention (lock ordering, try_lock) needs every piece of code to follow the rules. The other
// approach, deadlock DETECTION, lets deadlocks happen and finds them: a watchdog looks at who
// WAITS FOR which lock and who HOLDS it. Draw an arrow from each waiting thread to the thread
// that holds the lock it wants: a deadlock is exactly a cycle of arrows (T1 -> T2 -> T1). A
// chain that ends at a thread that is not waiting is no deadlock: that thread will finish and
// release. A thread that waits for a member of a cycle is stuck too, but it is not part of the
// cycle: aborting it would free nothing.
//
// Once found, the watchdog can break the cycle by picking a VICTIM: its `lock()` returns an
// error, it lets go of what it holds and retries later. Real tools work this way: databases
// abort one transaction of a cycle; parking_lot's `deadlock_detection` feature reports the
// threads of each cycle among its locks (slow: meant for a watchdog that runs every few
// seconds). Python has no built-in detector: you look at the hung threads with `faulthandler`.
//
// Write `find_cycle`: given a snapshot of the wait-for graph (`WaitGraph`: `waits_for` maps a
// thread to the lock it is blocked on, `held_by` a lock to its holder), return the threads of
// one cycle, in arrow order, starting anywhere, or `None` if nobody is deadlocked. The last
// test runs it as the watchdog of two real deadlocked threads (`mtlings_support::dl_waitgraph`).

use mtlings_support::dl_waitgraph::WaitGraph;

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

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dl_waitgraph::Tracker;
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

    /// Checks that `cycle` is exactly the threads `want`, in arrow order.
    fn assert_ring(g: &WaitGraph, cycle: Option<Vec<String>>, want: &[&str]) {
        assert_eq!(
            set(cycle.clone()),
            names(want),
            "the ring is {want:?}; the other waiting threads only wait for it. Got {cycle:?} \
             for {g:?}"
        );
        let c = cycle.unwrap();
        for i in 0..c.len() {
            let holder = &g.held_by[&g.waits_for[&c[i]]];
            assert_eq!(holder, &c[(i + 1) % c.len()], "{c:?} is not in arrow order");
        }
    }

    #[test]
    fn three_in_a_ring_with_bystanders() {
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
        assert_ring(&g, find_cycle(&g), &["T1", "T2", "T3"]);
    }

    #[test]
    fn a_queue_of_bystanders_in_front_of_the_ring() {
        // "A1" comes first in the map: A1 -> A2 -> B1 -> B2 -> B1 ... and "A0" waits for the
        // free lock z. Only B1 and B2 are deadlocked.
        let g = graph(
            &[
                ("A0", "z", ""),
                ("A1", "x2", "x1"),
                ("A2", "y1", "x2"),
                ("B1", "y2", "y1"),
                ("B2", "y1", "y2"),
            ],
            &[],
        );
        assert_ring(&g, find_cycle(&g), &["B1", "B2"]);
        // The same shape, other names: the ring is reached from a chain of three.
        let g = graph(
            &[
                ("c", "L2", "L1"),
                ("d", "L3", "L2"),
                ("e", "L4", "L3"),
                ("f", "L5", "L4"),
                ("g", "L6", "L5"),
                ("h", "L4", "L6"),
            ],
            &[],
        );
        assert_ring(&g, find_cycle(&g), &["f", "g", "h"]);
    }

    #[test]
    fn chains_only_are_no_deadlock() {
        // Two chains that end at running threads, one of them long.
        let g = graph(
            &[
                ("a", "l2", "l1"),
                ("b", "l3", "l2"),
                ("c", "l4", "l3"),
                ("x", "l1", "l0"),
            ],
            &[("l4", "d")],
        );
        assert_eq!(
            find_cycle(&g),
            None,
            "d is running, so everybody will get going: {g:?}"
        );
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
                                if tracker.gave_up() {
                                    break;
                                }
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
                                    if tracker.gave_up() {
                                        break;
                                    }
                                    tracker.wait_until_finished(1);
                                }
                            }
                        }
                        tracker.finished();
                    })
                    .unwrap();
            }
            tracker.watchdog(2, find_cycle)
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
