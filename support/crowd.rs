//! `Crowd`: a probe that counts how many threads are inside a piece of work at once, and a gate
//! that holds each of them until enough are inside together.
//!
//! Why: "the workers really run at the same time" cannot be seen on a clock without flaky,
//! machine-dependent asserts. A crowd counts instead. Work that calls [`Crowd::enter_and_wait`]
//! with `n` stays inside until `n` callers have been inside at the same time, so parallel code
//! reaches `n` at once on any machine, however loaded, while sequential code, one big lock, or a
//! pool that is too small never does. A wait has a safety net (1.5 s) only so that broken code
//! fails instead of hanging; after one wait in vain nobody waits any more, so a wrong answer
//! fails after one safety net, not one per item. The crowd also remembers which threads came in.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// How long a wait may last before the crowd decides the others are never coming.
pub const SAFETY_NET: Duration = Duration::from_millis(1500);

#[derive(Default)]
struct State {
    inside: usize,
    most: usize,
    entered: usize,
    left: usize,
    threads: HashSet<ThreadId>,
}

/// Counts the callers inside at once; see the module docs.
#[derive(Default)]
pub struct Crowd {
    state: Mutex<State>,
    changed: Condvar,
    gave_up: AtomicBool,
}

impl Crowd {
    pub fn new() -> Crowd {
        Crowd::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Comes in (and records the calling thread).
    pub fn enter(&self) {
        let mut s = self.lock();
        s.inside += 1;
        s.entered += 1;
        s.most = s.most.max(s.inside);
        s.threads.insert(thread::current().id());
        self.changed.notify_all();
    }

    /// Goes out again.
    pub fn leave(&self) {
        let mut s = self.lock();
        s.inside -= 1;
        s.left += 1;
        self.changed.notify_all();
    }

    /// Waits until `ok` holds for (most inside at once, how many have left); false if it did not
    /// within the safety net, or if someone already waited in vain.
    fn wait(&self, ok: impl Fn(&State) -> bool) -> bool {
        let deadline = Instant::now() + SAFETY_NET;
        let mut s = self.lock();
        while !ok(&s) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.gave_up.load(SeqCst) {
                self.gave_up.store(true, SeqCst);
                return false;
            }
            s = self
                .changed
                .wait_timeout(s, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }

    /// Comes in and stays until `n` callers have been inside at once. Does NOT leave: call
    /// [`Crowd::leave`] when the work is done. Returns false if `n` were never inside together.
    pub fn enter_and_wait(&self, n: usize) -> bool {
        self.enter();
        self.wait(|s| s.most >= n)
    }

    /// `enter_and_wait(n)`, then `leave()`.
    pub fn pass_together(&self, n: usize) -> bool {
        let ok = self.enter_and_wait(n);
        self.leave();
        ok
    }

    /// Waits until at least `n` callers have left; false if that did not happen in time.
    pub fn wait_for_left(&self, n: usize) -> bool {
        self.wait(|s| s.left >= n)
    }

    /// The most callers that were inside at the same time.
    pub fn most(&self) -> usize {
        self.lock().most
    }

    /// How many callers have come in so far.
    pub fn entered(&self) -> usize {
        self.lock().entered
    }

    /// How many callers are inside right now.
    pub fn inside(&self) -> usize {
        self.lock().inside
    }

    /// The threads that came in.
    pub fn threads(&self) -> HashSet<ThreadId> {
        self.lock().threads.clone()
    }

    /// True once some wait ran out of time.
    pub fn gave_up(&self) -> bool {
        self.gave_up.load(SeqCst)
    }
}

/// A gate that opens once. Threads that [`Latch::wait`] stay until someone calls
/// [`Latch::open`] (or the safety net runs out, then `wait` returns false).
#[derive(Default)]
pub struct Latch {
    open: Mutex<bool>,
    opened: Condvar,
}

impl Latch {
    pub fn new() -> Latch {
        Latch::default()
    }

    /// Opens the gate for every waiter, now and later.
    pub fn open(&self) {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.opened.notify_all();
    }

    /// True once the gate is open.
    pub fn is_open(&self) -> bool {
        *self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the gate is open; false if it did not open within the safety net.
    pub fn wait(&self) -> bool {
        let deadline = Instant::now() + SAFETY_NET;
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while !*open {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            open = self
                .opened
                .wait_timeout(open, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }

    /// Waits until the gate is open, with no safety net.
    pub fn wait_forever(&self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while !*open {
            open = self.opened.wait(open).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Runs `f` on a helper thread and returns its result, or panics with `hung` if it has not
/// returned within the safety net: code that waits forever fails with a message instead of
/// hanging until the grader's timeout.
pub fn or_hung<R: Send + 'static>(hung: &str, f: impl FnOnce() -> R + Send + 'static) -> R {
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    thread::spawn(move || done_tx.send(f()));
    done_rx
        .recv_timeout(SAFETY_NET)
        .unwrap_or_else(|_| panic!("{hung}"))
}

/// A log that threads push entries to and wait on until it has `n` entries (within the safety
/// net), so a test can make one piece of work finish only after others have.
#[derive(Default)]
pub struct Log<T> {
    entries: Mutex<Vec<T>>,
    grew: Condvar,
}

impl<T: Clone> Log<T> {
    pub fn new() -> Log<T> {
        Log {
            entries: Mutex::new(Vec::new()),
            grew: Condvar::new(),
        }
    }

    /// Adds an entry.
    pub fn push(&self, x: T) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(x);
        self.grew.notify_all();
    }

    /// Waits until the log has at least `n` entries; false if it did not within the safety net.
    pub fn wait_len(&self, n: usize) -> bool {
        let deadline = Instant::now() + SAFETY_NET;
        let mut e = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        while e.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            e = self
                .grew
                .wait_timeout(e, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }

    /// The entries so far.
    pub fn get(&self) -> Vec<T> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// [`or_hung`] with a limit of your own, for work that is slow on purpose.
pub fn or_hung_after<R: Send + 'static>(
    limit: Duration,
    hung: &str,
    f: impl FnOnce() -> R + Send + 'static,
) -> R {
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    thread::spawn(move || done_tx.send(f()));
    done_rx
        .recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{hung}"))
}
