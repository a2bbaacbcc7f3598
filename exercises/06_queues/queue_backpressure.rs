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
    // Producer: put every item into the queue.
    for item in items {
        tx.send(item).unwrap();
    }
    drop(tx); // no more items: this closes the queue

    // Consumer: get every item out of the queue.
    rx.into_iter().for_each(consume);
}

// ---- Don't edit below this line. ----

fn main() {
    let (tx, rx) = std::sync::mpsc::sync_channel(2);
    let words = [
        "put", "blocks", "when", "full", "get", "blocks", "when", "empty",
    ];
    transfer(words.into_iter(), tx, rx, |w| println!("got {w:?}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::sync_channel;
    use std::sync::{Arc, Mutex};
    use std::thread::ThreadId;

    /// An iterator over 0..n that records which thread asks it for items.
    struct Source {
        next: u32,
        n: u32,
        threads: Arc<Mutex<Vec<ThreadId>>>,
    }

    impl Iterator for Source {
        type Item = u32;
        fn next(&mut self) -> Option<u32> {
            self.threads.lock().unwrap().push(thread::current().id());
            (self.next < self.n).then(|| {
                self.next += 1;
                self.next - 1
            })
        }
    }

    fn run(n: u32, maxsize: usize) -> (Vec<u32>, Vec<ThreadId>) {
        let threads = Arc::new(Mutex::new(Vec::new()));
        let source = Source {
            next: 0,
            n,
            threads: Arc::clone(&threads),
        };
        let (tx, rx) = sync_channel(maxsize);
        let mut got = Vec::new();
        transfer(source, tx, rx, |x| got.push(x));
        let threads = threads.lock().unwrap().clone();
        (got, threads)
    }

    #[test]
    fn more_items_than_room() {
        let (got, _) = run(100, 2);
        assert_eq!(
            got,
            (0..100).collect::<Vec<_>>(),
            "every item should arrive once, in order"
        );
    }

    #[test]
    fn producer_runs_on_its_own_thread() {
        let (got, threads) = run(10, 2);
        assert_eq!(got.len(), 10, "expected 10 items, got {}", got.len());
        let me = thread::current().id();
        assert!(
            threads.iter().all(|t| *t != me),
            "the items were produced on the consumer's thread: run the producer on its own thread"
        );
    }

    #[test]
    fn works_with_a_rendezvous_queue() {
        let (got, _) = run(5, 0);
        assert_eq!(
            got,
            vec![0, 1, 2, 3, 4],
            "sync_channel(0): every item should still arrive"
        );
    }
}
