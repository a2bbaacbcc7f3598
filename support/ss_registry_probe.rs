//! The probe of `ss_capstone`'s registry. Both calls do nothing unless a test arms them:
//! the first two threads to reach `checkpoint()` wait (at most 200 ms) for each other, which
//! lines two threads up between a lookup and an insert; a thread's first `arrive()` waits (at
//! most 1 s) until `company` threads have arrived, and records `alone` if they do not, which
//! tells workers that really run together from workers that take turns.

use std::collections::HashSet;
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

pub struct Probe {
    arrived: Mutex<(usize, bool)>,
    cv: Condvar,
    wait_for: usize,
    company: Mutex<(HashSet<ThreadId>, usize, bool)>,
}

impl Probe {
    pub fn off() -> Probe {
        Probe {
            arrived: Mutex::new((0, false)),
            cv: Condvar::new(),
            wait_for: 0,
            company: Mutex::new((HashSet::new(), 0, false)),
        }
    }

    pub fn company(threads: usize) -> Probe {
        let p = Probe::off();
        p.company.lock().unwrap().1 = threads;
        p
    }

    /// Whether some worker's first `arrive()` waited in vain for the others.
    pub fn alone(&self) -> bool {
        self.company.lock().unwrap().2
    }

    pub fn arrive(&self) {
        let mut c = self.company.lock().unwrap_or_else(|e| e.into_inner());
        if c.1 == 0 || !c.0.insert(thread::current().id()) {
            return;
        }
        self.cv.notify_all();
        let deadline = Instant::now() + Duration::from_secs(1);
        while c.0.len() < c.1 && !c.2 {
            let now = Instant::now();
            if now >= deadline {
                c.2 = true;
                break;
            }
            c = self.cv.wait_timeout(c, deadline - now).unwrap().0;
        }
    }

    pub fn pair() -> Probe {
        Probe {
            wait_for: 2,
            ..Probe::off()
        }
    }

    pub fn checkpoint(&self) {
        if self.wait_for == 0 {
            return;
        }
        let mut a = self.arrived.lock().unwrap_or_else(|e| e.into_inner());
        a.0 += 1;
        self.cv.notify_all();
        let deadline = Instant::now() + Duration::from_millis(200);
        while a.0 < self.wait_for && !a.1 {
            let now = Instant::now();
            if now >= deadline {
                a.1 = true; // the other thread cannot come in: stop waiting for good
                break;
            }
            a = self.cv.wait_timeout(a, deadline - now).unwrap().0;
        }
    }
}
