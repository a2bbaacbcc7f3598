// MISTAKE: drops the guard after the check and calls add: two clerks both see "low" and both order
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
        let stock = self.stock.lock();
        let have = stock.get(item).copied().unwrap_or(0);
        drop(stock); // let go before add() locks again
        if have < LOW {
            self.add(item, BATCH);
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

