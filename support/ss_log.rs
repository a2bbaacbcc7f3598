//! The shared log of `ss_rc_arc`. Once [`arm`]ed (by a test), a log's first `push` waits (at
//! most 300 ms) for a second thread to come into `push` too, and every `push` counts how many
//! threads are in it at once ([`most_inside`]). A log behind a lock never has two writers; a
//! log that only `unsafe` "protects" gets two at the same moment.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// An append-only list of `T`; see the module docs.
pub struct Log<T> {
    entries: Vec<T>,
    inside: AtomicUsize,
    first_done: Mutex<bool>,
    arrived: Condvar,
}

static ARMED: AtomicBool = AtomicBool::new(false);
static MOST_INSIDE: AtomicUsize = AtomicUsize::new(0);

/// Makes every log's first `push` wait for company.
pub fn arm() {
    ARMED.store(true, Ordering::SeqCst);
}

/// The most threads that were inside one log's `push` at the same moment.
pub fn most_inside() -> usize {
    MOST_INSIDE.load(Ordering::SeqCst)
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Log {
            entries: Vec::new(),
            inside: AtomicUsize::new(0),
            first_done: Mutex::new(false),
            arrived: Condvar::new(),
        }
    }
}

impl<T: Clone> Log<T> {
    /// An empty log.
    pub fn new() -> Log<T> {
        Log::default()
    }

    /// Appends one entry.
    pub fn push(&mut self, entry: T) {
        let inside = self.inside.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_INSIDE.fetch_max(inside, Ordering::SeqCst);
        self.arrived.notify_all();
        if ARMED.load(Ordering::SeqCst) {
            let mut done = self.first_done.lock().unwrap_or_else(|e| e.into_inner());
            let deadline = Instant::now() + Duration::from_millis(300);
            while !*done && self.inside.load(Ordering::SeqCst) < 2 && Instant::now() < deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                done = self.arrived.wait_timeout(done, left).unwrap().0;
            }
            *done = true;
        }
        self.entries.push(entry);
        self.inside.fetch_sub(1, Ordering::SeqCst);
    }

    /// A copy of the entries, in the order they were pushed.
    pub fn entries(&self) -> Vec<T> {
        self.entries.clone()
    }
}
