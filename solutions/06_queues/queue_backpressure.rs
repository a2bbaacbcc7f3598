// queue_backpressure.rs — A bounded queue needs someone on the other end
//
// Python's `Queue(maxsize=2)`: `q.put(x)` blocks while the queue already holds 2 items, `q.get()`
// blocks while it is empty. Rust's `std::sync::mpsc::sync_channel(2)` is the same queue:
// `SyncSender::send` blocks while 2 items wait, `Receiver::recv` blocks while none do. That
// blocking is the point ("back-pressure"): a fast producer is held back, so memory stays bounded.
// (`sync_channel(0)` holds nothing at all: each send waits until a receiver takes the item, a
// "rendezvous". Careful: Python's `maxsize=0` means the opposite, unbounded.)
//
// The catch: put everything first and get it afterwards on ONE thread, and the first `send` that
// finds the queue full waits for a `recv` that can never happen. `transfer` does exactly that and
// hangs (mtlings' timeout stops it). Fix it the producer-consumer way: the producer sends from its
// own thread while this thread consumes. Use the queue you are given (you cannot make it bigger).

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
    // The producer gets its own thread: its `send` can now wait for our `recv`.
    let producer = thread::spawn(move || {
        for item in items {
            tx.send(item).unwrap(); // blocks while the queue is full
        }
        // `tx` is dropped here, which closes the queue and ends the loop below.
    });

    rx.into_iter().for_each(consume);
    producer.join().unwrap();
}

// ---- Don't edit below this line. ----

fn main() {
    let (tx, rx) = std::sync::mpsc::sync_channel(2);
    let words = "put blocks when full get blocks when empty".split(' ');
    transfer(words, tx, rx, |w| println!("got {w:?}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::SAFETY_NET;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::mpsc::{self, sync_channel};
    use std::sync::{Arc, Mutex};
    use std::thread::ThreadId;

    /// Counts items pulled from the source and items consumed; notes the pulling threads and
    /// how far the producer ever ran ahead of `consume`.
    #[derive(Default)]
    struct Meter {
        pulled: AtomicUsize,
        consumed: AtomicUsize,
        most_ahead: AtomicUsize,
        threads: Mutex<Vec<ThreadId>>,
    }

    /// The items 0..n, pulled through the meter.
    struct Source(u32, u32, Arc<Meter>);

    impl Iterator for Source {
        type Item = u32;
        fn next(&mut self) -> Option<u32> {
            let m = &self.2;
            m.threads.lock().unwrap().push(thread::current().id());
            if self.0 == self.1 {
                return None;
            }
            let ahead = m.pulled.fetch_add(1, SeqCst) + 1 - m.consumed.load(SeqCst);
            m.most_ahead.fetch_max(ahead, SeqCst);
            self.0 += 1;
            Some(self.0 - 1)
        }
    }

    /// Transfers 0..n through `sync_channel(maxsize)` on a helper thread (so that a hang fails the
    /// test). The first `consume` call lasts until the producer has had time to fill the queue.
    fn run(n: u32, maxsize: usize) -> (Vec<u32>, Arc<Meter>, ThreadId) {
        let meter = Arc::new(Meter::default());
        let (m, source) = (Arc::clone(&meter), Source(0, n, Arc::clone(&meter)));
        let (done_tx, done_rx) = mpsc::channel();
        thread::spawn(move || {
            let (tx, rx) = sync_channel(maxsize);
            let mut got = Vec::new();
            transfer(source, tx, rx, |x| {
                if got.is_empty() {
                    // Give the producer every chance to run ahead: a bounded one stops when the
                    // queue is full; one that ignores the bound keeps going.
                    while m.pulled.load(SeqCst) < (n as usize).min(maxsize + 2) {
                        thread::yield_now();
                    }
                    (0..200).for_each(|_| thread::yield_now());
                }
                got.push(x);
                m.consumed.fetch_add(1, SeqCst);
            });
            let _ = done_tx.send((got, thread::current().id()));
        });
        let (got, caller) = done_rx.recv_timeout(SAFETY_NET).unwrap_or_else(|_| {
            panic!("transfer hung: a send waits for room that only a recv running at the same time can make")
        });
        (got, meter, caller)
    }

    #[test]
    fn more_items_than_room() {
        let (got, meter, _) = run(100, 2);
        assert_eq!(
            got,
            (0..100).collect::<Vec<_>>(),
            "every item should arrive once, in order"
        );
        let me = meter.threads.lock().unwrap()[0];
        assert!(
            meter.threads.lock().unwrap().iter().all(|t| *t == me),
            "the items were pulled from the source by more than one thread"
        );
    }

    #[test]
    fn producer_runs_on_its_own_thread() {
        let (got, meter, caller) = run(10, 2);
        assert_eq!(got.len(), 10, "expected 10 items, got {}", got.len());
        assert!(
            meter.threads.lock().unwrap().iter().all(|t| *t != caller),
            "the items were produced on the consumer's thread: produce them on a thread of their own"
        );
    }

    #[test]
    fn the_bound_holds_the_producer_back() {
        for maxsize in [0, 2, 5] {
            let (got, meter, _) = run(60, maxsize);
            assert_eq!(got.len(), 60, "expected 60 items, got {}", got.len());
            let (ahead, limit) = (meter.most_ahead.load(SeqCst), maxsize + 2);
            assert!(
                ahead <= limit,
                "the producer ran {ahead} items ahead of `consume` with a queue of {maxsize}: at most {limit} (the queue, plus one in each hand) may be on their way at once"
            );
        }
    }
}
