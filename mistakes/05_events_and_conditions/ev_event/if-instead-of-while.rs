// MISTAKE: wait() sleeps once with `if` and takes any wakeup as the flag being set
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
        if !*flag {
            let _flag = self.cv.wait(flag).unwrap();
        }
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

