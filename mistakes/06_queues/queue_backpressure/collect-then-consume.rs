// MISTAKE: the consumer drains the whole queue into a Vec before consuming, so the bound no longer holds the producer back
// queue_backpressure.rs — A bounded queue needs someone on the other end
//
// Python's `Queue(maxsize=2)`: `q.put(x)` blocks while the queue already holds 2 items, `q.get()`
// blocks while it is empty. Rust's `std::sync::mpsc::sync_channel(2)` is the same queue:
// `SyncSender::send` blocks while 2 items wait, `Receiver::recv` blocks while none do. That
// blocking is the point ("back-pressure"): a fast producer is held back, so memory stays bounded.
// (`sync_channel(0)` holds nothing at all: each send waits until a receiver takes the item, a
// "rendezvous". Careful: Python's `maxsize=0` means the opposite, unbounded.)
//
// `transfer` puts everything first and gets it afterwards, and it hangs (mtlings' timeout stops
// it). Work out why, then fix it the producer-consumer way: the items are produced on a thread of
// their own while this thread consumes them, at the same time. Use the queue you are given, and
// keep its bound: the producer may never run more than the queue's room ahead of `consume`.

use std::sync::mpsc::{Receiver, SyncSender};
use std::thread;

/// Moves every item from `items` through the bounded queue (`tx` -> `rx`) and hands each one, in
/// order, to `consume`, which runs on the calling thread.
pub fn transfer<I>(
    items: I,
    tx: SyncSender<I::Item>,
    rx: Receiver<I::Item>,
    consume: impl FnMut(I::Item),
) where
    I: Iterator + Send + 'static,
    I::Item: Send + 'static,
{
    let producer = thread::spawn(move || {
        for item in items {
            tx.send(item).unwrap();
        }
    });
    let received: Vec<_> = rx.into_iter().collect();
    producer.join().unwrap();
    received.into_iter().for_each(consume);
}
