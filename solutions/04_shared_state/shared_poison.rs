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
                // A thread panicked mid-update: take the guard anyway, restore the invariant,
                // and tell the mutex that the data is sound again.
                let mut stock = poisoned.into_inner();
                stock.total = stock.sum_of_items();
                self.stock.clear_poison();
                stock
            }
        }
    }

    // ---- Don't edit below this line. ----

    pub fn add(&self, name: &str, qty: u32, print_label: impl FnOnce(&str)) {
        let mut stock = self.lock();
        stock.total += qty;
        print_label(name); // may panic: then `items` is never updated
        *stock.items.entry(name.to_string()).or_default() += qty;
    }

    pub fn total(&self) -> u32 {
        self.lock().total
    }

    pub fn quantity(&self, name: &str) -> u32 {
        self.lock().items.get(name).copied().unwrap_or(0)
    }
}

use mtlings_support::poison_watch::Mutex;

fn main() {
    let store = Store::default();
    store.add("apples", 10, |_| ());
    println!("a thread is about to panic on purpose while holding the lock:");
    let crashed = std::thread::scope(|s| {
        s.spawn(|| store.add("pears", 5, |_| panic!("label printer out of paper")))
            .join()
            .is_err()
    });
    println!("the label printer crashed a thread: {crashed}");
    println!(
        "after recovery: total = {}, apples = {}, pears = {}",
        store.total(),
        store.quantity("apples"),
        store.quantity("pears")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::thread;

    /// Adds `qty` of `name` on a thread whose label printer panics half-way.
    fn crash_while_adding(store: &Store, name: &str, qty: u32) {
        let joined = thread::scope(|s| {
            s.spawn(|| store.add(name, qty, |_| panic!("label printer out of paper")))
                .join()
        });
        assert!(joined.is_err(), "the label printer should have panicked");
    }

    fn survive<T>(what: &str, f: impl FnOnce() -> T) -> T {
        catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
            panic!(
                "{what} panicked: another thread panicked while holding the lock, so the mutex \
                 is poisoned and `lock().unwrap()` hands that panic on to every later user. \
                 Recover from the error instead of unwrapping it"
            )
        })
    }

    #[test]
    fn the_store_works_after_a_crash() {
        let store = Store::default();
        store.add("apples", 10, |_| ());
        crash_while_adding(&store, "pears", 5);
        let total = survive("store.total()", || store.total());
        let apples = survive("store.quantity()", || store.quantity("apples"));
        assert_eq!(apples, 10);
        assert_eq!(
            total, 10,
            "total is {total} but the items add up to 10: the crashed thread left `total` \
             half-updated. Repair it from `items` when you recover"
        );
        survive("store.add()", || store.add("plums", 3, |_| ()));
        assert_eq!(store.total(), 13);
        assert_eq!(store.quantity("plums"), 3);
    }

    #[test]
    fn recovery_clears_the_poison() {
        let store = Store::default();
        store.add("nuts", 4, |_| ());
        crash_while_adding(&store, "nuts", 100);
        assert!(
            store.stock.is_poisoned(),
            "the crash should poison the mutex"
        );
        survive("store.quantity()", || store.quantity("nuts"));
        let unlocked = store.stock.clears_without_the_lock();
        assert_eq!(
            unlocked, 0,
            "the poison was cleared while nobody held the lock: between that all-clear and the \
             repair, another thread could lock and take the broken stock for a sound one. \
             Repair and clear inside the same critical section"
        );
        assert!(
            !store.stock.is_poisoned(),
            "the mutex is still poisoned after a recovery: once the stock is repaired, say so \
             with `Mutex::clear_poison`"
        );
        assert_eq!(store.total(), 4);
    }

    #[test]
    fn a_check_outside_the_lock_goes_stale() {
        let store = Store::default();
        store.add("figs", 6, |_| ());
        // If `lock` asks is_poisoned() before it holds the lock, a thread panics right after the
        // answer, half-way through an add of 100 figs, as any thread could.
        store
            .stock
            .crash_after_unlocked_check(|stock: &mut Stock| stock.total += 100);
        let total = survive("store.total()", || store.total());
        assert_eq!(
            total, 6,
            "total is {total} but the items add up to 6. `lock` asked is_poisoned() before taking \
             the lock, a thread crashed in between, and the answer was stale: only what lock() \
             itself returns tells you whether the data you now hold needs repair"
        );
    }

    #[test]
    fn without_crashes_nothing_changes() {
        let store = Store::default();
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..50 {
                        store.add("bolts", 2, |_| ());
                    }
                });
            }
        });
        assert_eq!(store.total(), 400);
        assert_eq!(store.quantity("bolts"), 400);
        assert!(!store.stock.is_poisoned());
    }
}
