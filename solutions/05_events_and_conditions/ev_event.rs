// ev_event.rs — Build Python's threading.Event from a Mutex and a Condvar
//
// Python's `Event` is a flag that threads can wait for:
//
//     e = Event()        # not set
//     e.wait([timeout])  # block until the flag is set (or the timeout passes)
//     e.set()            # set the flag: every waiting thread wakes up
//     e.clear()          # back to "not set"
//     e.is_set()         # look at the flag
//
// Rust's std has no `Event`, but it has the two parts Python's own `Event` is made of: a lock
// around the flag (`Mutex<bool>`) and a condition variable to sleep on (`Condvar`). Everything
// the last exercise taught applies: look at the flag under the lock, sleep in a loop, and never
// spin or poll.
//
// Finish `Event`: `set` must wake EVERY waiter (not just one), `wait` blocks until the flag is
// set, and `wait_timeout` gives up after `timeout`, returning whether the flag was set (Python's
// convention too). A stray wakeup must not cut a wait, or a wait with a timeout, short.
// (`Mutex` and `Condvar` come from `mtlings_support::watched_sync`, as in the last exercise.)

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
        self.cv.notify_all(); // every waiter, not just one
    }

    pub fn clear(&self) {
        *self.flag.lock().unwrap() = false;
    }

    pub fn is_set(&self) -> bool {
        *self.flag.lock().unwrap()
    }

    /// Blocks until the flag is set.
    pub fn wait(&self) {
        let flag = self.flag.lock().unwrap();
        // Sleep while the flag is down; re-check after every wakeup.
        let _flag = self.cv.wait_while(flag, |set| !*set).unwrap();
    }

    /// Blocks until the flag is set or `timeout` has passed; returns the flag.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let flag = self.flag.lock().unwrap();
        let (flag, _) = self
            .cv
            .wait_timeout_while(flag, timeout, |set| !*set)
            .unwrap();
        *flag
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::watched_sync::{Condvar, Mutex};

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

    const SOON: Duration = Duration::from_secs(2);

    /// Runs `f` on a detached thread (a waiter that never wakes fails the test, not hangs it).
    fn waiter(e: &Arc<Event>, f: fn(&Event) -> bool) -> mpsc::Receiver<bool> {
        let (tx, rx) = mpsc::channel();
        let e = Arc::clone(e);
        thread::spawn(move || {
            let _ = tx.send(f(&e));
        });
        rx
    }

    fn asleep(e: &Event, n: usize) {
        let slept = e.flag.probe().wait_for(SOON, |s| s.waiting == n);
        assert!(
            slept,
            "expected {n} waiter(s) asleep on the condvar, saw {}: is a waiter spinning or \
             polling, or did it return although the flag is down?",
            e.flag.probe().stats().waiting
        );
    }

    /// Wakes every sleeper without setting the flag, and lets them fall asleep again.
    fn stray_wakeup(e: &Event, sleepers: usize) {
        let looks = e.flag.probe().stats().looks;
        {
            let _flag = e.flag.lock().unwrap(); // so that no sleeper misses it
            e.cv.notify_all();
        }
        e.flag.probe().wait_for(SOON, |s| {
            s.looks > looks + sleepers && s.waiting == sleepers
        });
    }

    fn wait(e: &Event) -> bool {
        e.wait();
        e.is_set()
    }

    fn wait_long(e: &Event) -> bool {
        e.wait_timeout(Duration::from_secs(30))
    }

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

    #[test]
    fn set_wakes_every_waiter() {
        let e = Arc::new(Event::new());
        let done: Vec<_> = (0..3).map(|_| waiter(&e, wait)).collect();
        asleep(&e, 3);
        assert!(
            done.iter().all(|d| d.try_recv().is_err()),
            "a waiter returned although nobody had called set()"
        );
        e.set();
        let woke = done.iter().filter(|d| d.recv_timeout(SOON).is_ok()).count();
        assert_eq!(
            woke, 3,
            "only {woke} of 3 waiters woke up after one set(): set() must wake EVERY waiter"
        );
    }

    #[test]
    fn a_stray_wakeup_does_not_end_a_wait() {
        let e = Arc::new(Event::new());
        let plain = waiter(&e, wait);
        let timed = waiter(&e, wait_long);
        asleep(&e, 2);
        stray_wakeup(&e, 2);
        assert!(
            plain.try_recv().is_err(),
            "wait() returned after a stray wakeup although the flag is down: look again after \
             every wakeup"
        );
        assert!(
            timed.try_recv().is_err(),
            "wait_timeout(30 s) returned after a stray wakeup, long before its timeout, \
             although the flag is down: a wakeup is not the end of the wait"
        );
        e.set();
        assert_eq!(
            plain.recv_timeout(SOON),
            Ok(true),
            "wait() did not return after set()"
        );
        assert_eq!(
            timed.recv_timeout(SOON),
            Ok(true),
            "wait_timeout() did not return true after set()"
        );
    }

    #[test]
    fn waiters_sleep_until_set() {
        let e = Arc::new(Event::new());
        let plain = waiter(&e, wait);
        let timed = waiter(&e, wait_long);
        let probe = e.flag.probe();
        probe.wait_for(SOON, |s| s.looks >= 2);
        let looks = probe.stats().looks;
        // Nobody notifies for a while: sleeping waiters look at the flag at most once more.
        let polled = probe.wait_for(Duration::from_millis(300), |s| s.looks >= looks + 3);
        let extra = probe.stats().looks - looks;
        e.set();
        assert!(
            !polled,
            "while nobody set the event, the waiters looked at the flag {extra} more times: \
             spinning or polling instead of sleeping on the condvar until notified"
        );
        assert_eq!(plain.recv_timeout(SOON), Ok(true));
        assert_eq!(timed.recv_timeout(SOON), Ok(true));
    }
}
