// ev_event.rs — Build Python's threading.Event from a Mutex and a Condvar
//
// The seed notes list Python's `Event`: a flag that threads can wait for.
//
//     e = Event()        # not set
//     e.wait([timeout])  # block until the flag is set (or the timeout passes)
//     e.set()            # set the flag: every waiting thread wakes up
//     e.clear()          # back to "not set"
//     e.is_set()         # look at the flag
//
// Rust's std has no `Event`, but it has the two parts Python's own `Event` is made of: a lock
// around the flag (`Mutex<bool>`) and a condition variable to sleep on (`Condvar`). Everything
// the last exercise taught applies: look at the flag under the lock, wait in a loop.
//
// Finish `Event`: `set` must wake EVERY waiter (not just one), `wait` blocks until the flag is
// set, and `wait_timeout` gives up after `timeout`, returning whether the flag was set.
// (`wait_timeout` returning the flag, not "did we time out", is Python's convention too.)

use std::sync::{Condvar, Mutex};
use std::time::Duration;

#[derive(Default)]
pub struct Event {
    flag: Mutex<bool>,
    cv: Condvar,
}

impl Event {
    pub fn new() -> Event {
        Event::default()
    }

    pub fn set(&self) {
        *self.flag.lock().unwrap() = true;
    }

    pub fn clear(&self) {
        todo!("set the flag back to false")
    }

    pub fn is_set(&self) -> bool {
        *self.flag.lock().unwrap()
    }

    /// Blocks until the flag is set.
    pub fn wait(&self) {
        todo!("block until the flag is set")
    }

    /// Blocks until the flag is set or `timeout` has passed; returns the flag.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let _ = timeout;
        todo!("like wait, but give up after `timeout`")
    }
}

// ---- Don't edit below this line. ----

fn main() {
    let ready = Event::new();
    std::thread::scope(|s| {
        for id in 0..3 {
            let ready = &ready;
            s.spawn(move || {
                ready.wait();
                println!("worker {id}: the event is set, starting");
            });
        }
        println!("main: setting the event");
        ready.set();
    });
    ready.clear();
    let set = ready.wait_timeout(Duration::from_millis(10));
    println!("after clear(), wait_timeout(10 ms) returned {set}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, mpsc};
    use std::thread;

    #[test]
    fn set_clear_and_is_set() {
        let e = Event::new();
        assert!(!e.is_set(), "a new event is not set");
        e.set();
        assert!(e.is_set(), "set() sets the flag");
        e.wait(); // already set: returns at once
        assert!(e.wait_timeout(Duration::from_secs(5)), "the flag is set");
        e.clear();
        assert!(!e.is_set(), "clear() clears the flag");
    }

    #[test]
    fn wait_timeout_gives_up_when_nobody_sets() {
        let e = Event::new();
        assert!(
            !e.wait_timeout(Duration::from_millis(20)),
            "nobody set the event: wait_timeout must return false"
        );
        e.set();
        e.clear();
        assert!(
            !e.wait_timeout(Duration::from_millis(20)),
            "the event was cleared again: wait_timeout must return false"
        );
    }

    // The waiters below are detached threads (not scoped), so that a waiter that never wakes
    // up fails the test with a message instead of hanging it.

    #[test]
    fn wait_blocks_until_set() {
        let e = Arc::new(Event::new());
        let (tx, rx) = mpsc::channel();
        let waiter = Arc::clone(&e);
        thread::spawn(move || {
            waiter.wait();
            tx.send(waiter.is_set()).unwrap();
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(50)).is_err(),
            "wait() returned although nobody had called set()"
        );
        e.set();
        let woke = rx.recv_timeout(Duration::from_secs(2));
        assert_eq!(
            woke,
            Ok(true),
            "the waiter did not wake up after set(): did set() notify the condvar?"
        );
    }

    #[test]
    fn set_wakes_every_waiter() {
        let e = Arc::new(Event::new());
        let (tx, rx) = mpsc::channel();
        for _ in 0..3 {
            let (e, tx) = (Arc::clone(&e), tx.clone());
            thread::spawn(move || {
                e.wait();
                tx.send(()).unwrap();
            });
        }
        drop(tx); // only the waiters hold senders now
        assert!(
            rx.recv_timeout(Duration::from_millis(100)).is_err(),
            "a waiter returned although nobody had called set()"
        );
        e.set();
        let mut woke = 0;
        while woke < 3 && rx.recv_timeout(Duration::from_secs(1)).is_ok() {
            woke += 1;
        }
        assert_eq!(
            woke, 3,
            "only {woke} of 3 waiters woke up after one set(): set() must wake EVERY waiter"
        );
    }

    #[test]
    fn wait_timeout_returns_true_when_set_in_time() {
        let e = Event::new();
        thread::scope(|s| {
            let waiter = s.spawn(|| e.wait_timeout(Duration::from_secs(5)));
            e.set();
            assert!(
                waiter.join().unwrap(),
                "the event was set within the timeout"
            );
        });
    }
}
