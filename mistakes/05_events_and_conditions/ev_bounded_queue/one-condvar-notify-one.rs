// MISTAKE: producers and consumers share not_empty, and one notify_one may wake the wrong side
// ev_bounded_queue.rs — A blocking queue from a Mutex and two Condvars
//
// The queue every multitasking course uses:
//
//     q = Queue(maxsize=2)
//     q.put(data)   # blocks while the queue is full
//     q.get()       # blocks while the queue is empty
//
// Python's `queue.Queue` is built from exactly the parts of this folder: one lock around a
// deque and two conditions on that lock, `not_empty` (consumers sleep on it) and `not_full`
// (producers sleep on it). Whoever changes the queue must wake the side that may now go on.
// (Rust's `std::sync::mpsc::sync_channel(n)` is a ready-made version; the next folder uses it.
// Here you build one.)
//
// `get` already waits while the queue is empty and is woken by `put`. But `put` never waits,
// so the queue grows past its capacity, and nothing would wake a waiting producer anyway. Make
// `put` block while the queue is full and make the queue wake every blocked side it should,
// with the folder's rules: sleep, don't poll, and look again after every wakeup. (`Mutex` and
// `Condvar` come from `mtlings_support::watched_sync`: the tests see who sleeps where.)

use std::collections::VecDeque;

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
        let items = self.items.lock().unwrap();
        // Producers sleep on `not_full` while there is no room (re-checked after every wakeup).
        let mut items = self
            .not_empty
            .wait_while(items, |q| q.len() >= self.capacity)
            .unwrap();
        items.push_back(item);
        self.not_empty.notify_one();
    }

    /// Takes the item at the front, waiting while the queue is empty.
    pub fn get(&self) -> T {
        let items = self.items.lock().unwrap();
        let mut items = self.not_empty.wait_while(items, |q| q.is_empty()).unwrap();
        let item = items.pop_front().unwrap();
        self.not_empty.notify_one(); // wake whoever sleeps on the queue's condvar
        item
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

