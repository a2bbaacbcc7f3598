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

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::thread;

use probe::Probe;

pub struct Registry {
    names: RefCell<Vec<String>>,
    hits: Cell<u64>,
    probe: Probe,
}

impl Registry {
    fn with_probe(probe: Probe) -> Registry {
        Registry {
            names: RefCell::new(Vec::new()),
            hits: Cell::new(0),
            probe,
        }
    }

    /// Counts a hit for `name` and returns its number (the index of its first appearance).
    pub fn hit(&self, name: &str) -> usize {
        self.probe.arrive();
        self.hits.set(self.hits.get() + 1);
        let mut names = self.names.borrow_mut();
        match names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.probe.checkpoint();
                names.push(name.to_string());
                names.len() - 1
            }
        }
    }

    pub fn hits(&self) -> u64 {
        self.hits.get()
    }

    pub fn names(&self) -> Vec<String> {
        self.names.borrow().clone()
    }
}

/// Runs every worker's list of page names on its own thread; all of them share one registry.
pub fn serve(registry: Registry, workers: Vec<Vec<String>>) -> Rc<Registry> {
    let registry = Rc::new(registry);
    let handles: Vec<_> = workers
        .into_iter()
        .map(|pages| {
            let registry = Rc::clone(&registry);
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

// ---- Don't edit below this line. ----

fn main() {
    let workers = vec![
        vec!["home".to_string(), "about".to_string(), "home".to_string()],
        vec!["home".to_string(), "blog".to_string()],
    ];
    let registry = serve(Registry::with_probe(Probe::off()), workers);
    println!("{} hits; pages: {:?}", registry.hits(), registry.names());
}

mod probe {
    pub use mtlings_support::ss_registry_probe::Probe;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn registry_is_send_and_sync() {
        assert_send_sync::<Registry>();
    }

    #[test]
    fn numbers_in_order_of_first_appearance() {
        let r = Registry::with_probe(Probe::off());
        assert_eq!(r.hit("a"), 0);
        assert_eq!(r.hit("b"), 1);
        assert_eq!(r.hit("a"), 0);
        assert_eq!(r.hit("c"), 2);
        assert_eq!(r.hits(), 4);
        assert_eq!(r.names(), ["a", "b", "c"]);
    }

    #[test]
    fn many_workers_lose_nothing() {
        let pages = ["home", "about", "blog", "shop", "faq"];
        let workers: Vec<Vec<String>> = (0..4)
            .map(|w| {
                (0..2_000)
                    .map(|i| pages[(i * 7 + w) % 5].to_string())
                    .collect()
            })
            .collect();
        let r = serve(Registry::with_probe(Probe::company(4)), workers);
        assert!(
            !r.probe.alone(),
            "the 4 workers did not run at the same time: one of them waited a whole second for \
             the others' first hit. Is each thread joined before the next one starts, or one \
             lock held around a worker's whole list?"
        );
        assert_eq!(
            r.hits(),
            8_000,
            "4 workers x 2000 hits: some hits were lost. Is counting a hit one indivisible step?"
        );
        let names = r.names();
        let unique: HashSet<&String> = names.iter().collect();
        assert_eq!(
            (names.len(), unique.len()),
            (5, 5),
            "every page must be registered exactly once: {names:?}"
        );
    }

    #[test]
    fn two_threads_meet_a_new_name_at_once() {
        let r = Registry::with_probe(Probe::pair());
        let workers = vec![vec!["new".to_string()], vec!["new".to_string()]];
        let r = serve(r, workers);
        assert_eq!(
            r.names(),
            ["new"],
            "two threads saw \"new\" for the first time together and both added it: look it \
             up and insert it under one lock"
        );
        assert_eq!(r.hits(), 2);
    }
}
