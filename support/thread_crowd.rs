//! A probe that tells threads running together from threads running one after another
//! (used by 02_threads).
//!
//! A test cannot see parallelism by the clock (no wall-clock asserts), but it can count: every
//! worker calls [`Crowd::enter`] when its work starts and drops the guard when the work ends.
//! The crowd remembers the most workers it saw inside at once, and which threads they were.
//! With [`Crowd::expect`]`(n)` each worker also waits inside until `n` workers are in together,
//! so work that is spawned and joined one at a time, or done under one big lock, can never reach
//! `n`: the first worker gives up after [`PATIENCE`], the crowd is marked `gave_up`, and later
//! workers no longer wait, so a wrong answer fails after one short wait instead of hanging.
//!
//! [`Latch`] is a door a test opens: a worker waits at it for at most a given time, which lets
//! a test hold one worker back until the code under test has returned.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::Duration;

/// How long a worker waits inside for the others to arrive before the crowd gives up.
pub const PATIENCE: Duration = Duration::from_secs(2);

/// Counts how many workers are inside at once (see the module docs).
pub struct Crowd {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    need: usize,
    inside: usize,
    report: Report,
}

/// What a crowd saw since the last [`Crowd::expect`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// The most workers inside at the same time.
    pub peak: usize,
    /// How many times a worker entered.
    pub entries: usize,
    /// Every thread that entered, in the order they first did.
    pub threads: Vec<ThreadId>,
    /// True if a worker waited [`PATIENCE`] for `need` workers and they never came.
    pub gave_up: bool,
}

/// A worker inside the crowd; it leaves when this is dropped (also when it panics).
pub struct Inside<'a> {
    crowd: &'a Crowd,
}

impl Crowd {
    /// An empty crowd that makes nobody wait.
    pub const fn new() -> Crowd {
        Crowd {
            state: Mutex::new(State {
                need: 0,
                inside: 0,
                report: Report {
                    peak: 0,
                    entries: 0,
                    threads: Vec::new(),
                    gave_up: false,
                },
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets what was seen and, from now on, makes each worker wait inside until `need`
    /// workers are in together (0 or 1: nobody waits).
    pub fn expect(&self, need: usize) {
        let mut s = self.lock();
        *s = State {
            need,
            ..State::default()
        };
    }

    /// Enters the crowd: counts this worker in and waits (at most [`PATIENCE`]) until `need`
    /// workers have been inside together.
    pub fn enter(&self) -> Inside<'_> {
        let mut s = self.lock();
        s.inside += 1;
        s.report.entries += 1;
        s.report.peak = s.report.peak.max(s.inside);
        let me = thread::current().id();
        if !s.report.threads.contains(&me) {
            s.report.threads.push(me);
        }
        self.changed.notify_all();
        if s.need > 1 {
            let (mut s, waited) = self
                .changed
                .wait_timeout_while(s, PATIENCE, |s| s.report.peak < s.need && !s.report.gave_up)
                .unwrap_or_else(|e| e.into_inner());
            if waited.timed_out() && s.report.peak < s.need {
                s.report.gave_up = true; // fail the test, but make nobody else wait
                self.changed.notify_all();
            }
        }
        Inside { crowd: self }
    }

    /// Waits until no worker is inside (at most `at_most`), e.g. for a straggler a test held back.
    pub fn wait_until_empty(&self, at_most: Duration) {
        let s = self.lock();
        let _ = self
            .changed
            .wait_timeout_while(s, at_most, |s| s.inside > 0)
            .unwrap_or_else(|e| e.into_inner());
    }

    /// What the crowd has seen so far.
    pub fn report(&self) -> Report {
        self.lock().report.clone()
    }
}

impl Default for Crowd {
    fn default() -> Crowd {
        Crowd::new()
    }
}

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        self.crowd.lock().inside -= 1;
        self.crowd.changed.notify_all();
    }
}

/// A door that a test opens; workers wait at it for at most a given time.
pub struct Latch {
    open: Mutex<bool>,
    changed: Condvar,
}

impl Latch {
    /// A closed latch.
    pub const fn new() -> Latch {
        Latch {
            open: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    /// Closes the latch again.
    pub fn close(&self) {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) = false;
    }

    /// Opens the latch and lets every waiter through.
    pub fn open(&self) {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.changed.notify_all();
    }

    /// Waits until the latch is open or `at_most` has passed; true if it was opened.
    pub fn wait(&self, at_most: Duration) -> bool {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let (open, _) = self
            .changed
            .wait_timeout_while(open, at_most, |open| !*open)
            .unwrap_or_else(|e| e.into_inner());
        *open
    }
}

impl Default for Latch {
    fn default() -> Latch {
        Latch::new()
    }
}
