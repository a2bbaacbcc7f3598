// ev_bounded_queue.rs — A blocking queue from a Mutex and two Condvars
//
// The queue every multitasking course uses:
//
//     q = Queue(maxsize=2)
//     q.put(data)   # blocks while the queue is full
//     q.get()       # blocks while the queue is empty
//
// Python's `queue.Queue` is one lock around a deque and two conditions on that lock,
// `not_empty` (consumers sleep on it) and `not_full` (producers sleep on it). Rust's
// `std::sync::mpsc::sync_channel(n)` is a ready-made one (next folder); here you build one.
//
// `get` already waits while the queue is empty and is woken by `put`. But `put` never waits,
// so the queue grows past its capacity, and nothing would wake a waiting producer anyway. Make
// `put` block while the queue is full and wake every blocked side that can go on: sleep, don't
// poll, look again after every wakeup. (`Mutex`, `Condvar`: mtlings_support::watched_sync.)

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
            .not_full
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
        self.not_full.notify_one(); // there is room now: wake one waiting producer
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

// ---- Don't edit below this line. ----

use mtlings_support::watched_sync::{Condvar, Mutex};

fn main() {
    let q = BoundedQueue::new(2);
    std::thread::scope(|s| {
        s.spawn(|| (0..6).for_each(|i| q.put(i)));
        println!(
            "6 puts into a queue of 2, got {:?}",
            (0..6).map(|_| q.get()).collect::<Vec<_>>()
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::detached::{collect, run, stream};
    use std::sync::Arc;
    use std::time::Duration;

    const SOON: Duration = Duration::from_secs(2);
    type Queue = Arc<BoundedQueue<u32>>;

    fn producer(q: &Queue, items: std::ops::Range<u32>) -> std::sync::mpsc::Receiver<()> {
        let q = Arc::clone(q);
        run(move || items.for_each(|i| q.put(i)))
    }

    fn asleep(q: &Queue, who: &str) {
        let slept = q.items.probe().wait_for(SOON, |s| s.waiting == 1);
        let n = q.items.probe().stats().waiting;
        assert!(
            slept,
            "expected {who} asleep on a condvar, saw {n}: returned early, or polling?"
        );
    }

    fn take(q: &Queue, n: usize) -> Vec<u32> {
        let c = Arc::clone(q);
        let got = stream(move |tx| (0..n).for_each(|_| tx.send(c.get()).unwrap()));
        collect(&got, n, SOON).unwrap_or_else(|got| {
            panic!(
                "the consumer got {got:?} and then everything stopped: the producer is still \
                 asleep in put(). After get() makes room, wake a waiting producer"
            )
        })
    }

    fn sleeps_on(q: &Queue) -> &'static str {
        [("not_empty", &q.not_empty), ("not_full", &q.not_full)]
            .into_iter()
            .find(|(_, cv)| cv.probe().stats().waiting == 1)
            .map_or("neither", |(name, _)| name)
    }

    #[test]
    fn put_blocks_while_full() {
        let q = Arc::new(BoundedQueue::new(2));
        let done = producer(&q, 0..10);
        asleep(&q, "the producer (10 puts into a queue of capacity 2)");
        let len = q.len();
        assert!(
            done.try_recv().is_err() && len <= 2,
            "with nobody calling get(), 10 puts into a queue of capacity 2 returned (len = \
             {len}): put() must wait while the queue is full"
        );
        let c = Arc::clone(&q);
        let got = stream(move |tx| (0..10).for_each(|_| tx.send(c.get()).unwrap()));
        let got = collect(&got, 10, SOON).unwrap_or_else(|got| {
            panic!(
                "the consumer got {got:?} and then everything stopped: the producer is still \
                 asleep in put(). After get() makes room, wake a waiting producer"
            )
        });
        assert_eq!(
            got,
            (0..10).collect::<Vec<_>>(),
            "items come out in FIFO order"
        );
        assert!(
            done.recv_timeout(SOON).is_ok(),
            "the producer never finished"
        );
    }

    #[test]
    fn a_blocked_producer_sleeps_through_stray_wakeups() {
        let q = Arc::new(BoundedQueue::new(2));
        let done = producer(&q, 0..3);
        asleep(&q, "the producer of a third item");
        let probe = q.items.probe();
        let looks = probe.stats().looks;
        let polled = probe.wait_for(Duration::from_millis(300), |s| s.looks >= looks + 2);
        assert!(
            !polled,
            "while the queue stayed full, the blocked producer kept looking at it: spinning or \
             polling instead of sleeping until a get() makes room"
        );
        {
            let _items = q.items.lock().unwrap();
            q.not_full.notify_all(); // no room was made
            q.not_empty.notify_all();
        }
        probe.wait_for(SOON, |s| s.looks > looks + 1 && s.waiting == 1);
        let len = q.len();
        assert!(
            done.try_recv().is_err() && len == 2,
            "after a stray wakeup, put() went on although the queue was still full (len = \
             {len}): look again after every wakeup"
        );
        assert_eq!(take(&q, 3), [0, 1, 2]);
        assert!(
            done.recv_timeout(SOON).is_ok(),
            "the producer never finished"
        );
    }

    #[test]
    fn one_wakeup_reaches_the_side_that_can_go_on() {
        // A consumer sleeps on an empty queue; later a producer sleeps on a full one.
        let q = Arc::new(BoundedQueue::new(1));
        let c = Arc::clone(&q);
        let got = run(move || c.get());
        asleep(&q, "a consumer of an empty queue");
        let consumers = sleeps_on(&q);
        q.put(7);
        assert_eq!(
            got.recv_timeout(SOON),
            Ok(7),
            "the consumer never got the item"
        );
        q.put(8);
        let done = producer(&q, 9..10);
        asleep(&q, "a producer into a full queue");
        let producers = sleeps_on(&q);
        assert_eq!(take(&q, 2), [8, 9]);
        assert!(
            done.recv_timeout(SOON).is_ok(),
            "the producer never finished"
        );
        let shared = if producers == "not_empty" {
            &q.not_empty
        } else {
            &q.not_full
        };
        let ones = shared.probe().stats().notify_one;
        assert!(
            consumers != producers || ones == 0,
            "producers and consumers both sleep on `{producers}`, and it was signalled with \
             notify_one ({ones} times): that one wakeup can reach a thread of the wrong side, \
             which goes back to sleep, and the thread that could go on is never woken. Each \
             side needs its own condvar (or every wakeup must reach everybody)"
        );
    }

    #[test]
    fn many_producers_many_consumers() {
        let q = Arc::new(BoundedQueue::new(3));
        let (tx, rx) = std::sync::mpsc::channel();
        for p in 0..3u32 {
            let pq = Arc::clone(&q);
            std::thread::spawn(move || {
                for i in 0..100 {
                    pq.put(p * 1000 + i);
                    assert!(pq.len() <= 3, "the queue held more than its capacity of 3");
                }
            });
            let (q, tx) = (Arc::clone(&q), tx.clone());
            std::thread::spawn(move || (0..100).for_each(|_| tx.send(q.get()).unwrap()));
        }
        let mut got = collect(&rx, 300, SOON).unwrap_or_else(|got| {
            panic!(
                "3 producers and 3 consumers stopped after {} of 300 items: somebody is asleep \
                 who should have been woken (or the queue grew past its capacity)",
                got.len()
            )
        });
        got.sort();
        let expected: Vec<u32> = (0..3)
            .flat_map(|p| (0..100).map(move |i| p * 1000 + i))
            .collect();
        assert_eq!(got, expected, "items lost or duplicated");
    }
}
