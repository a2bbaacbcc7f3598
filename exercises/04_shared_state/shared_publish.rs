// shared_publish.rs — Publishing data behind a flag: Release and Acquire
//
// A common hand-off without a lock: the writer fills in some data, then sets a `ready` flag; the
// reader waits until it sees the flag, then reads the data. Each atomic operation takes an
// `Ordering`, and the ordering is what makes this hand-off correct or not:
//
// - `Relaxed` only makes the flag itself atomic. It says NOTHING about the other memory: the CPU
//   and the compiler may let the reader see `ready == true` and still see the OLD data.
// - A `Release` store of the flag publishes every write the thread made before it; an `Acquire`
//   load that sees that store is guaranteed to see all of those writes too. The pair forms a
//   "happens-before" edge. (`SeqCst` includes both, and is stronger and slower still.)
//
// Python has no such thing to choose: the GIL makes every thread see one order of events. In
// Rust you pick the ordering. The Relaxed version below usually works on an x86 PC, which is
// exactly what makes it dangerous: on ARM (phones, Apple M-series, cloud Graviton servers) the
// reader can see the flag and stale data. Because no test run on x86 can show that, the `Flag`
// type below the line has the same `store`/`load` API as `AtomicBool` and records the orderings
// you pass, and the tests check that they form a Release/Acquire pair.
//
// Fix the orderings on the flag (the data slots may stay Relaxed: the flag's pair covers them).

use std::sync::atomic::Ordering;

/// Writes `values` into the mailbox, then announces them.
pub fn publish(mailbox: &Mailbox, values: [u64; 4]) {
    for (slot, value) in mailbox.data.iter().zip(values) {
        slot.store(value, Ordering::Relaxed);
    }
    mailbox.ready.store(true, Ordering::Relaxed);
}

/// The published values, or `None` if they have not been announced yet.
pub fn try_read(mailbox: &Mailbox) -> Option<[u64; 4]> {
    if !mailbox.ready.load(Ordering::Relaxed) {
        return None;
    }
    Some(
        mailbox
            .data
            .each_ref()
            .map(|slot| slot.load(Ordering::Relaxed)),
    )
}

// ---- Don't edit below this line. ----

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64};

#[derive(Default)]
pub struct Mailbox {
    pub data: [AtomicU64; 4],
    pub ready: Flag,
}

/// An `AtomicBool` that remembers which orderings were used to set it and to see it set.
#[derive(Default)]
pub struct Flag {
    value: AtomicBool,
    stores: Mutex<Vec<Ordering>>,
    loads_that_saw_true: Mutex<Vec<Ordering>>,
}

impl Flag {
    pub fn store(&self, value: bool, order: Ordering) {
        self.value.store(value, order);
        self.stores.lock().unwrap().push(order);
    }

    pub fn load(&self, order: Ordering) -> bool {
        let value = self.value.load(order);
        if value {
            self.loads_that_saw_true.lock().unwrap().push(order);
        }
        value
    }
}

fn main() {
    let mailbox = Mailbox::default();
    let got = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            loop {
                if let Some(values) = try_read(&mailbox) {
                    return values;
                }
                std::thread::yield_now();
            }
        });
        s.spawn(|| publish(&mailbox, [1, 2, 3, 4]));
        reader.join().unwrap()
    });
    println!("the reader saw {got:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    fn hand_off(values: [u64; 4]) -> (Mailbox, [u64; 4]) {
        let mailbox = Mailbox::default();
        let got = thread::scope(|s| {
            let reader = s.spawn(|| {
                loop {
                    if let Some(v) = try_read(&mailbox) {
                        return v;
                    }
                    thread::yield_now();
                }
            });
            s.spawn(|| publish(&mailbox, values));
            reader.join().unwrap()
        });
        (mailbox, got)
    }

    #[test]
    fn the_reader_gets_the_data() {
        for round in 0..20 {
            let values = [round, round * 2, round * 3, round * 4];
            let (_, got) = hand_off(values);
            assert_eq!(
                got, values,
                "the reader saw the flag but not all of the data"
            );
        }
    }

    #[test]
    fn nothing_is_announced_too_early() {
        let mailbox = Mailbox::default();
        assert_eq!(try_read(&mailbox), None, "nothing was published yet");
    }

    #[test]
    fn the_flag_is_stored_with_release() {
        let (mailbox, _) = hand_off([5, 6, 7, 8]);
        let stores = mailbox.ready.stores.lock().unwrap().clone();
        assert!(!stores.is_empty(), "publish never set the flag");
        for order in stores {
            assert!(
                matches!(order, Ordering::Release | Ordering::SeqCst),
                "the flag was set with {order:?}: that store publishes nothing, so a reader \
                 that sees `true` may still see the old data. The store that announces data \
                 needs Release"
            );
        }
    }

    #[test]
    fn the_flag_is_loaded_with_acquire() {
        let (mailbox, _) = hand_off([9, 10, 11, 12]);
        let loads = mailbox.ready.loads_that_saw_true.lock().unwrap().clone();
        assert!(!loads.is_empty(), "try_read never saw the flag set");
        for order in loads {
            assert!(
                matches!(order, Ordering::Acquire | Ordering::SeqCst),
                "the reader checked the flag with {order:?}: even a Release store is only half \
                 of the pair. The load that sees the flag needs Acquire to be guaranteed the \
                 data written before it"
            );
        }
    }
}
