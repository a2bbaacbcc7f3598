// MISTAKE: an RwLock: looks up under a read lock, then takes the write lock to insert: the check and the insert are two steps
// ss_capstone.rs — Capstone: make a single-threaded registry thread-safe
//
// `Registry` was written for one thread: it counts page hits and gives every page name a number
// (its index, in order of first appearance). It uses the cheap single-threaded tools: `Rc` to
// share it, `RefCell` for the list of names, `Cell` for the hit counter. Now `serve` wants to
// run several workers on threads, and the compiler refuses, for the reasons of this folder:
// `Rc` is not `Send`; `RefCell` and `Cell` are not `Sync`, so `&Registry` may not be shared.
//
// What does NOT fix it: `unsafe impl Sync for Registry {}`. It silences the compiler and
// brings back the data races that Python's GIL (or your own locks) would have prevented: two
// threads in `borrow_mut` at once make `RefCell` panic, two `Cell` updates lose counts. `unsafe`
// means "I have proven this is safe", and here it is not.
//
// Make `Registry` `Send + Sync` with the thread-safe tools of this folder, and make `serve` run
// one thread per worker, all at the same time. A name must still get exactly ONE number even
// when two threads meet it for the first time at the same moment, and no hit may be lost.
// Leave the two probe calls where they are: in the tests, `arrive()` makes the workers' first
// hits wait for each other (so they really run together), and `checkpoint()` lines two
// threads up between the lookup and the insert, so that a race there shows on every run.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;

use probe::Probe;

// Every field is Send + Sync, so the compiler derives Send + Sync for Registry: no `unsafe`.
pub struct Registry {
    names: RwLock<Vec<String>>,
    hits: AtomicU64,
    probe: Probe,
}

impl Registry {
    fn with_probe(probe: Probe) -> Registry {
        Registry {
            names: RwLock::new(Vec::new()),
            hits: AtomicU64::new(0),
            probe,
        }
    }

    /// Counts a hit for `name` and returns its number (the index of its first appearance).
    pub fn hit(&self, name: &str) -> usize {
        self.probe.arrive();
        self.hits.fetch_add(1, Ordering::Relaxed);
        // One critical section for the lookup AND the insert.
        // Many readers may look up at once; only an insert needs the write lock.
        let found = self.names.read().unwrap().iter().position(|n| n == name);
        match found {
            Some(i) => i,
            None => {
                self.probe.checkpoint();
                let mut names = self.names.write().unwrap();
                names.push(name.to_string());
                names.len() - 1
            }
        }
    }

    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    pub fn names(&self) -> Vec<String> {
        self.names.read().unwrap().clone()
    }
}

/// Runs every worker's list of page names on its own thread; all of them share one registry.
pub fn serve(registry: Registry, workers: Vec<Vec<String>>) -> Arc<Registry> {
    let registry = Arc::new(registry);
    let handles: Vec<_> = workers
        .into_iter()
        .map(|pages| {
            let registry = Arc::clone(&registry);
            thread::spawn(move || {
                for page in pages {
                    registry.hit(&page);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    registry
}

