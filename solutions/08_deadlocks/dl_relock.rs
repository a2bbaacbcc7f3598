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

mod shelf {
    pub use mtlings_support::dl_shelf::Shelf;
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
