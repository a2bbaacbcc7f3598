// shared_publish.rs — Publishing data behind a flag: orderings
//
// A common hand-off without a lock: the writer fills in some data, then sets a `ready` flag; the
// reader waits until it sees the flag, then reads the data. Each atomic operation takes an
// `Ordering`, and the ordering is what makes this hand-off correct or not:
//
// - `Relaxed` only makes each operation itself atomic. It orders NOTHING around it: the CPU and
//   the compiler may let the reader see `ready == true` and still see the OLD data.
// - Some orderings make an operation publish what the thread wrote before it, and some make an
//   operation take in what was published; a publishing store read by a receiving load forms a
//   "happens-before" edge from the writer's earlier writes to the reader's later reads.
//   (`std::sync::atomic::Ordering` lists them; the Rustonomicon's "Atomics" chapter explains.)
//
// Python has no such thing to choose: the GIL makes every thread see one order of events. In
// Rust you pick the ordering. The Relaxed version below usually works on an x86 PC, which is
// exactly what makes it dangerous: on ARM (phones, Apple M-series, cloud Graviton servers) the
// reader can see the flag and stale data. So that the tests can show it on any machine, the
// mailbox is built from the workbook's simulated atomics (`mtlings_support::weak_memory`, std's
// API): a data load returns the OLDEST value the memory model allows, as a weak CPU may.
// (If you use a fence, use the `fence` imported below the line; the simulation cannot see std's.)
//
// Make the hand-off correct: a reader that sees the flag must see all of the data.

use std::sync::atomic::Ordering;

/// Writes `values` into the mailbox, then announces them.
pub fn publish(mailbox: &Mailbox, values: [u64; 4]) {
    for (slot, value) in mailbox.data.iter().zip(values) {
        slot.store(value, Ordering::Relaxed);
    }
    // Release: every write above becomes visible to whoever Acquires `true` from this flag.
    mailbox.ready.store(true, Ordering::Release);
}

/// The published values, or `None` if they have not been announced yet.
pub fn try_read(mailbox: &Mailbox) -> Option<[u64; 4]> {
    // Acquire: having seen `true`, this thread also sees everything written before the Release.
    if !mailbox.ready.load(Ordering::Acquire) {
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

#[allow(unused_imports)]
use mtlings_support::weak_memory::{AtomicBool, AtomicU64, fence};

#[derive(Default)]
pub struct Mailbox {
    pub data: [AtomicU64; 4],
    pub ready: AtomicBool,
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
    println!("the reader saw {got:?} (the writer wrote [1, 2, 3, 4])");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    fn hand_off(values: [u64; 4]) -> [u64; 4] {
        let mailbox = Mailbox::default();
        thread::scope(|s| {
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
        })
    }

    #[test]
    fn the_reader_gets_the_data() {
        for round in 1..=20 {
            let values = [round, round * 2, round * 3, round * 4];
            let got = hand_off(values);
            assert_eq!(
                got, values,
                "the reader saw the flag set, but read {got:?} instead of {values:?}: the \
                 writes of the data were not guaranteed to be visible to it. Which operation \
                 publishes them, and which one takes them in?"
            );
        }
    }

    #[test]
    fn nothing_is_announced_too_early() {
        let mailbox = Mailbox::default();
        assert_eq!(try_read(&mailbox), None, "nothing was published yet");
    }
}
