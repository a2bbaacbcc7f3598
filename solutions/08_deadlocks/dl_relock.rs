// dl_relock.rs — Deadlock with yourself: locking a Mutex you already hold
//
// A deadlock needs no second thread. `restock_if_low` below locks the stock, sees that it is
// low, and calls `self.add(...)`, which locks the stock AGAIN. The first guard is still alive,
// so the second `lock()` waits for a lock that only this very thread can release: it waits
// forever. (std's docs say a re-lock "will not return": it hangs, or on some platforms panics.
// The shelf below notices and panics instead of hanging.) Python behaves the same: a second
// `lock.acquire()` in the thread that holds the lock blocks; Python offers `threading.RLock`,
// a re-entrant lock. std has none, on purpose: a re-entrant lock hides exactly the question
// this exercise asks, "who already holds this, and what did they promise about the data?".
//
// Fix `restock_if_low` so that it never locks twice. The check and the restock must stay ONE
// critical section: if the lock is let go in between, two clerks can both see "low" and both
// order a batch (the tests make two clerks meet right there).

use std::collections::HashMap;

use shelf::Shelf;

/// Below this count an item is "low".
pub const LOW: u32 = 3;
/// How many items one restock order brings.
pub const BATCH: u32 = 10;

pub struct Inventory {
    stock: Shelf<HashMap<String, u32>>,
}

impl Inventory {
    fn new() -> Inventory {
        Inventory {
            stock: Shelf::new(HashMap::new()),
        }
    }

    pub fn add(&self, item: &str, n: u32) {
        add_locked(&mut self.stock.lock(), item, n);
    }

    pub fn count(&self, item: &str) -> u32 {
        self.stock.lock().get(item).copied().unwrap_or(0)
    }

    /// If fewer than `LOW` of `item` are left, orders one `BATCH` of it and returns `true`.
    pub fn restock_if_low(&self, item: &str) -> bool {
        let mut stock = self.stock.lock();
        let have = stock.get(item).copied().unwrap_or(0);
        if have < LOW {
            // Work on the data we already hold instead of locking it a second time.
            add_locked(&mut stock, item, BATCH);
            true
        } else {
            false
        }
    }
}

/// The part of `add` that needs the data locked: the caller passes the locked data in.
fn add_locked(stock: &mut HashMap<String, u32>, item: &str, n: u32) {
    *stock.entry(item.to_string()).or_default() += n;
}

// ---- Don't edit below this line. ----

fn main() {
    let inv = Inventory::new();
    inv.add("apple", 1);
    inv.add("pear", 5);
    for item in ["apple", "pear"] {
        let ordered = inv.restock_if_low(item);
        println!("{item}: restocked = {ordered}, now {}", inv.count(item));
    }
}

/// `Shelf<T>` is a `std::sync::Mutex<T>` whose `lock()` the tests can watch: it panics when
/// the thread that holds it locks it again, and in `gated` mode a thread that locks for the
/// second time waits (briefly) until every other thread has also locked and unlocked once.
/// That makes an unlucky interleaving happen on every run.
mod shelf {
    use std::collections::{HashMap, HashSet};
    use std::ops::{Deref, DerefMut};
    use std::sync::{Condvar, Mutex, MutexGuard};
    use std::thread::{self, ThreadId};
    use std::time::{Duration, Instant};

    #[derive(Default)]
    struct Watch {
        lock_calls: HashMap<ThreadId, usize>,
        released_once: HashSet<ThreadId>,
        holder: Option<ThreadId>,
    }

    pub struct Shelf<T> {
        data: Mutex<T>,
        watch: Mutex<Watch>,
        cv: Condvar,
        participants: Option<usize>,
    }

    impl<T> Shelf<T> {
        pub fn new(data: T) -> Shelf<T> {
            Shelf {
                data: Mutex::new(data),
                watch: Mutex::default(),
                cv: Condvar::new(),
                participants: None,
            }
        }

        #[cfg(test)]
        pub fn gated(data: T, participants: usize) -> Shelf<T> {
            Shelf {
                participants: Some(participants),
                ..Shelf::new(data)
            }
        }

        pub fn lock(&self) -> ShelfGuard<'_, T> {
            let me = thread::current().id();
            let mut w = self.watch.lock().unwrap();
            if w.holder == Some(me) {
                drop(w);
                panic!(
                    "this thread locks the shelf a second time while it still holds it: std's \
                     Mutex is not re-entrant, so this lock() would wait for itself forever"
                );
            }
            let calls = w.lock_calls.entry(me).or_default();
            *calls += 1;
            if let (Some(n), true) = (self.participants, *calls >= 2) {
                let deadline = Instant::now() + Duration::from_millis(500);
                while w.released_once.len() < n && Instant::now() < deadline {
                    let left = deadline.saturating_duration_since(Instant::now());
                    w = self.cv.wait_timeout(w, left).unwrap().0;
                }
            }
            drop(w);
            let guard = self.data.lock().unwrap_or_else(|e| e.into_inner());
            self.watch.lock().unwrap().holder = Some(me);
            ShelfGuard {
                shelf: self,
                guard: Some(guard),
            }
        }
    }

    pub struct ShelfGuard<'a, T> {
        shelf: &'a Shelf<T>,
        guard: Option<MutexGuard<'a, T>>,
    }

    impl<T> Deref for ShelfGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            self.guard.as_ref().unwrap()
        }
    }

    impl<T> DerefMut for ShelfGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            self.guard.as_mut().unwrap()
        }
    }

    impl<T> Drop for ShelfGuard<'_, T> {
        fn drop(&mut self) {
            let mut w = self.shelf.watch.lock().unwrap_or_else(|e| e.into_inner());
            w.holder = None;
            drop(self.guard.take());
            w.released_once.insert(thread::current().id());
            self.shelf.cv.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn restocks_a_low_item() {
        let inv = Inventory::new();
        inv.add("apple", 2);
        assert!(inv.restock_if_low("apple"), "2 apples is low: restock");
        assert_eq!(
            inv.count("apple"),
            2 + BATCH,
            "2 apples were left on the shelf; a restock adds one BATCH to them"
        );
        assert!(!inv.restock_if_low("apple"), "12 apples is not low");
        assert_eq!(inv.count("apple"), 2 + BATCH);
    }

    #[test]
    fn restocks_an_unknown_item() {
        let inv = Inventory::new();
        assert!(inv.restock_if_low("kiwi"), "no kiwis at all is low");
        assert_eq!(inv.count("kiwi"), BATCH);
    }

    #[test]
    fn two_clerks_order_one_batch() {
        let inv = Inventory {
            stock: Shelf::gated(HashMap::from([("apple".to_string(), 1)]), 2),
        };
        let (r1, r2) = thread::scope(|s| {
            let c1 = s.spawn(|| inv.restock_if_low("apple"));
            let c2 = s.spawn(|| inv.restock_if_low("apple"));
            (c1.join().unwrap(), c2.join().unwrap())
        });
        assert!(
            r1 ^ r2,
            "two clerks restocked 1 apple at the same moment and {} ordered a batch (results \
             {r1} and {r2}): exactly one may. Is the lock let go between the check and the \
             restock?",
            if r1 { "both" } else { "neither" }
        );
        assert_eq!(
            inv.count("apple"),
            1 + BATCH,
            "one batch was ordered for the 1 apple on the shelf"
        );
    }
}
