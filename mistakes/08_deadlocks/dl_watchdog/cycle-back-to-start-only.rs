// MISTAKE: only recognises a cycle that comes back to the start, and stops at the first thread it sees twice
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
    for start in graph.waits_for.keys() {
        // Follow the arrows: thread -> lock it waits for -> thread holding that lock -> ...
        let mut path: Vec<&String> = vec![start];
        let mut t = start;
        while let Some(next) = graph.waits_for.get(t).and_then(|l| graph.held_by.get(l)) {
            if next == start {
                // Back where we started: the whole path is the cycle.
                return Some(path.iter().map(|s| s.to_string()).collect());
            }
            if path.contains(&next) {
                return None; // going round in circles
            }
            path.push(next);
            t = next;
        }
    }
    None
}

