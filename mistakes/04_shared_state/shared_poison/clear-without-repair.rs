// MISTAKE: the poison is cleared, but total is left out of step with items
// shared_poison.rs — A thread panicked holding the lock: poisoning, and recovering from it
//
// In Python, `with lock:` releases the lock when an exception flies out of the block, and the
// next thread walks in and sees whatever half-finished state the failed thread left behind. Rust
// releases the lock too (the guard is dropped while the panic unwinds), but it also marks the
// mutex as POISONED: from then on `lock()` returns an error, and the `.unwrap()` that everybody
// writes passes the panic on to every later user of the lock. (parking_lot's `Mutex` has no
// poisoning at all; it is the Python behaviour.)
//
// Poisoning is a warning, not a wall: the error still carries what you asked for. The right
// move is to recover deliberately, inside one critical section: repair the invariant that the
// panicking thread may have broken, then tell the mutex that the data is sound again, so that
// later `lock()`s succeed. Deciding outside the lock ("is it poisoned?", then lock) is a
// check-then-act race: another thread can panic, or walk in, in between.
//
// `Store::add` updates `total` first and `items` second; a panic in between (a label printer
// that fails) leaves `total` out of step with `items`. Write `Store::lock` so that it recovers
// from poisoning. Everything else goes through `lock`, so that is the only function to change.
// (`Mutex` here is std's, imported below the line from `mtlings_support::poison_watch`, which
// lets the tests catch a recovery decided outside the lock.)

use std::collections::BTreeMap;
use std::sync::MutexGuard;

#[derive(Default, Debug)]
pub struct Stock {
    pub items: BTreeMap<String, u32>,
    /// Invariant: always the sum of `items`' quantities.
    pub total: u32,
}

impl Stock {
    pub fn sum_of_items(&self) -> u32 {
        self.items.values().sum()
    }
}

#[derive(Default)]
pub struct Store {
    stock: Mutex<Stock>,
}

impl Store {
    /// Locks the stock. If a thread panicked while holding the lock, repairs the stock first.
    fn lock(&self) -> MutexGuard<'_, Stock> {
        match self.stock.lock() {
            Ok(stock) => stock,
            Err(poisoned) => {
                self.stock.clear_poison();
                poisoned.into_inner()
            }
        }
    }

