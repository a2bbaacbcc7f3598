//! The probe of `ss_atomic_pair`: in the tests, `checkpoint()` lets a reader know the writer
//! is there, and waits (at most 200 ms) for the reader's snapshot before letting the writer
//! go on, so a reader looks exactly between the writer's two updates.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Flags {
    writer_there: bool,
    snapshot_taken: bool,
}

pub struct Probe {
    flags: Mutex<Flags>,
    cv: Condvar,
    armed: bool,
}

impl Probe {
    pub fn off() -> Probe {
        Probe {
            flags: Mutex::default(),
            cv: Condvar::new(),
            armed: false,
        }
    }

    pub fn armed() -> Probe {
        Probe {
            armed: true,
            ..Probe::off()
        }
    }

    fn wait_until(&self, ms: u64, done: impl Fn(&Flags) -> bool) {
        let deadline = Instant::now() + Duration::from_millis(ms);
        let mut f = self.flags.lock().unwrap();
        while !done(&f) {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            f = self.cv.wait_timeout(f, deadline - now).unwrap().0;
        }
    }

    pub fn checkpoint(&self) {
        if !self.armed {
            return;
        }
        self.flags.lock().unwrap().writer_there = true;
        self.cv.notify_all();
        // A reader that is blocked (by your lock) cannot answer: then go on after a while.
        self.wait_until(200, |f| f.snapshot_taken);
    }

    pub fn wait_for_writer(&self) {
        self.wait_until(2_000, |f| f.writer_there);
    }

    pub fn snapshot_taken(&self) {
        self.flags.lock().unwrap().snapshot_taken = true;
        self.cv.notify_all();
    }
}
