// ev_bounded_queue.rs — A blocking queue from a Mutex and two Condvars
//
// The seed notes describe the queue every multitasking course uses:
//
//     q = Queue(maxsize=2)
//     q.put(data)   # blocks while the queue is full
//     q.get()       # blocks while the queue is empty
//
// Python's `queue.Queue` is built from exactly the parts of this folder: one lock around a
// deque and two conditions on that lock, `not_empty` (consumers sleep on it) and `not_full`
// (producers sleep on it). Whoever changes the queue must wake the side that may now go on:
// `put` wakes a consumer, `get` wakes a producer. (Rust's `std::sync::mpsc::sync_channel(n)`
// is a ready-made version; the next folder uses it. Here you build one.)
//
// `get` already waits while the queue is empty and is woken by `put`. But `put` never waits,
// so the queue grows past its capacity, and nothing would wake a waiting producer anyway. Make
// `put` wait while the queue is full, and make `get` wake a producer when it has made room.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

pub struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    capacity: usize,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> BoundedQueue<T> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a queue needs room for at least one item");
        BoundedQueue {
            items: Mutex::new(VecDeque::new()),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// Adds `item` at the back, waiting while the queue is full.
    pub fn put(&self, item: T) {
        let mut items = self.items.lock().unwrap();
        items.push_back(item);
        self.not_empty.notify_one();
    }

    /// Takes the item at the front, waiting while the queue is empty.
    pub fn get(&self) -> T {
        let items = self.items.lock().unwrap();
        let mut items = self.not_empty.wait_while(items, |q| q.is_empty()).unwrap();
        items.pop_front().unwrap()
    }

    pub fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_full(&self) -> bool {
        self.len() >= self.capacity
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let q = BoundedQueue::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            for word in ["put", "blocks", "while", "the", "queue", "is", "full"] {
                q.put(word);
            }
        });
        let words: Vec<&str> = (0..7).map(|_| q.get()).collect();
        println!("{}", words.join(" "));
    });
    println!("empty at the end: {}", q.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, mpsc};
    use std::thread;
    use std::time::Duration;

    // Producers and consumers run on detached threads and report over channels, so that one
    // that sleeps forever fails a test with a message instead of hanging it.

    #[test]
    fn put_blocks_while_full() {
        let q = Arc::new(BoundedQueue::new(2));
        let (done_tx, done_rx) = mpsc::channel();
        let producer = Arc::clone(&q);
        thread::spawn(move || {
            for i in 0..10 {
                producer.put(i);
            }
            done_tx.send(()).unwrap();
        });
        let finished_early = done_rx.recv_timeout(Duration::from_millis(100)).is_ok();
        let len = q.len();
        assert!(
            !finished_early && len <= 2,
            "with nobody calling get(), 10 puts into a queue of capacity 2 all returned \
             (len = {len}): put() must wait while the queue is full"
        );
        assert!(q.is_full(), "the producer should have filled the queue");
        let (got_tx, got_rx) = mpsc::channel();
        let consumer = Arc::clone(&q);
        thread::spawn(move || {
            for _ in 0..10 {
                got_tx.send(consumer.get()).unwrap();
            }
        });
        let mut got = Vec::new();
        while got.len() < 10 {
            match got_rx.recv_timeout(Duration::from_secs(2)) {
                Ok(item) => got.push(item),
                Err(_) => panic!(
                    "the consumer got {got:?} and then everything stopped: the producer is \
                     still asleep in put(). After get() makes room, wake a waiting producer"
                ),
            }
        }
        assert_eq!(
            got,
            (0..10).collect::<Vec<_>>(),
            "items come out in FIFO order"
        );
        assert!(
            done_rx.recv_timeout(Duration::from_secs(2)).is_ok(),
            "the producer never finished"
        );
    }

    #[test]
    fn many_producers_many_consumers() {
        let q = Arc::new(BoundedQueue::new(3));
        let longest = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = mpsc::channel();
        for p in 0..3u32 {
            let (q, longest) = (Arc::clone(&q), Arc::clone(&longest));
            thread::spawn(move || {
                for i in 0..100 {
                    q.put(p * 1000 + i);
                    longest.fetch_max(q.len(), Ordering::SeqCst);
                }
            });
        }
        for _ in 0..3 {
            let (q, tx) = (Arc::clone(&q), tx.clone());
            thread::spawn(move || {
                for _ in 0..100 {
                    if tx.send(q.get()).is_err() {
                        return;
                    }
                }
            });
        }
        let mut got = Vec::new();
        while got.len() < 300 {
            match rx.recv_timeout(Duration::from_secs(2)) {
                Ok(item) => got.push(item),
                Err(_) => panic!(
                    "3 producers and 3 consumers stopped after {} of 300 items: somebody is \
                     asleep who should have been woken",
                    got.len()
                ),
            }
        }
        let longest = longest.load(Ordering::SeqCst);
        assert!(
            longest <= 3,
            "the queue held {longest} items, but its capacity is 3: put() must wait while full"
        );
        got.sort();
        let expected: Vec<u32> = (0..3)
            .flat_map(|p| (0..100).map(move |i| p * 1000 + i))
            .collect();
        assert_eq!(got, expected, "items lost or duplicated");
    }
}
