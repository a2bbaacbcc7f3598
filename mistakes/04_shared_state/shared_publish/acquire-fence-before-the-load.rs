// MISTAKE: an Acquire fence before a Relaxed load of the flag: the fence must come after the load
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
    mailbox.ready.store(true, Ordering::Release);
}

/// The published values, or `None` if they have not been announced yet.
pub fn try_read(mailbox: &Mailbox) -> Option<[u64; 4]> {
    fence(Ordering::Acquire);
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

