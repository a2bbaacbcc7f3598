//! `watched_sync`: std's `Mutex` and `Condvar`, with a probe the tests can read.
//!
//! Used by 05_events_and_conditions. A learner's code calls them exactly as it would call
//! `std::sync::Mutex` and `std::sync::Condvar` (same methods, same `LockResult`s). The tests use
//! the probe to tell blocking from polling and to force the interleavings that a lost wakeup
//! needs, which ordinary runs almost never show:
//! - `looks`: how many times a thread looked at the state (a `lock()` call, or a return from a
//!   condvar wait). A thread that sleeps on a condvar adds nothing while nobody notifies; one
//!   that spins or polls with a short sleep or a `wait_timeout` keeps adding.
//! - `waiting`: how many threads are inside a condvar wait right now, per mutex and per condvar.
//! - a pause: a chosen thread's n-th `lock()` call is held (before it gets the lock) until the
//!   test lets it go, so the test can change the state exactly in a check-then-wait gap;
//! - `notify_one` wakes the waiter that came LAST (std promises no order at all, so this is one
//!   of the orders std may pick). Code that relies on notify_one reaching the right thread among
//!   several kinds of waiter fails every time instead of now and then;
//! - `timeouts`: waits that ended because their timeout ran out (a `wait_timeout` used to poll);
//! - [`created_by`]: the sum of the counters of every `Mutex` and `Condvar` a thread created, for
//!   tests of code that makes its own.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, LockResult, PoisonError, TryLockError, TryLockResult};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// What the probe has counted so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// `lock()` calls plus returns from condvar waits.
    pub looks: usize,
    /// `lock()`/`try_lock()` calls alone.
    pub locks: usize,
    /// Threads inside a condvar wait now.
    pub waiting: usize,
    /// Condvar waits entered so far.
    pub waits: usize,
    /// `notify_one` calls (on a condvar's probe).
    pub notify_one: usize,
    /// `notify_all` calls (on a condvar's probe).
    pub notify_all: usize,
    /// Waits that ended because their timeout ran out.
    pub timeouts: usize,
    /// Is a paused `lock()` call being held right now?
    pub paused: bool,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.looks += o.looks;
        self.locks += o.locks;
        self.waiting += o.waiting;
        self.waits += o.waits;
        self.notify_one += o.notify_one;
        self.notify_all += o.notify_all;
        self.timeouts += o.timeouts;
    }
}

static REGISTRY: std::sync::Mutex<Vec<(ThreadId, Arc<Probe>)>> = std::sync::Mutex::new(Vec::new());

fn registered() -> Arc<Probe> {
    let probe = Arc::new(Probe::default());
    REGISTRY
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((thread::current().id(), Arc::clone(&probe)));
    probe
}

/// The counters of every `Mutex` and `Condvar` created by `thread`, added up.
pub fn created_by(thread: ThreadId) -> Stats {
    let mut total = Stats::default();
    for (t, p) in REGISTRY
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
    {
        if *t == thread {
            total.add(&p.stats());
        }
    }
    total
}

#[derive(Default)]
struct State {
    stats: Stats,
    per_thread_locks: HashMap<ThreadId, usize>,
    /// (thread, its lock call number that must be held)
    pause_at: Option<(ThreadId, usize)>,
    released: bool,
}

/// The counters of one `Mutex` or one `Condvar`, and the pause.
#[derive(Default)]
pub struct Probe {
    st: std::sync::Mutex<State>,
    cv: std::sync::Condvar,
}

impl Probe {
    fn update(&self, f: impl FnOnce(&mut Stats)) {
        let mut st = self.st.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut st.stats);
        self.cv.notify_all();
    }

    /// A copy of the counters.
    pub fn stats(&self) -> Stats {
        self.st.lock().unwrap_or_else(PoisonError::into_inner).stats
    }

    /// Waits (at most `timeout`) until `pred` holds for the counters; returns whether it did.
    pub fn wait_for(&self, timeout: Duration, pred: impl Fn(&Stats) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut st = self.st.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if pred(&st.stats) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            st = self
                .cv
                .wait_timeout(st, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Holds the `n`-th `lock()` call (1 = the next one) of `thread`, before it gets the lock,
    /// until `unpause` is called. `Stats::paused` tells when it is being held.
    pub fn pause_nth_lock(&self, thread: ThreadId, n: usize) {
        let mut st = self.st.lock().unwrap_or_else(PoisonError::into_inner);
        let done = st.per_thread_locks.get(&thread).copied().unwrap_or(0);
        st.pause_at = Some((thread, done + n));
        st.released = false;
    }

    /// Lets a held `lock()` call go on (and cancels a pause that has not been reached).
    pub fn unpause(&self) {
        let mut st = self.st.lock().unwrap_or_else(PoisonError::into_inner);
        st.pause_at = None;
        st.released = true;
        self.cv.notify_all();
    }

    fn on_lock(&self) {
        let me = thread::current().id();
        let mut st = self.st.lock().unwrap_or_else(PoisonError::into_inner);
        st.stats.looks += 1;
        st.stats.locks += 1;
        let n = st.per_thread_locks.entry(me).or_default();
        *n += 1;
        let n = *n;
        self.cv.notify_all();
        if st.pause_at == Some((me, n)) {
            st.stats.paused = true;
            self.cv.notify_all();
            // A safety net only: a test that forgets to unpause must not hang for ever.
            let deadline = Instant::now() + Duration::from_secs(5);
            while !st.released && Instant::now() < deadline {
                st = self
                    .cv
                    .wait_timeout(st, Duration::from_millis(100))
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            st.stats.paused = false;
            self.cv.notify_all();
        }
    }
}

/// `std::sync::Mutex` with a [`Probe`].
pub struct Mutex<T> {
    probe: Arc<Probe>,
    inner: std::sync::Mutex<T>,
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

/// The guard of a [`Mutex`]; derefs to the data, unlocks when dropped.
pub struct MutexGuard<'a, T> {
    inner: std::sync::MutexGuard<'a, T>,
    mutex: &'a Mutex<T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

fn wrap<'a, T, G>(
    r: Result<std::sync::MutexGuard<'a, T>, PoisonError<std::sync::MutexGuard<'a, T>>>,
    mutex: &'a Mutex<T>,
    extra: impl FnOnce(MutexGuard<'a, T>) -> G,
) -> LockResult<G> {
    match r {
        Ok(inner) => Ok(extra(MutexGuard { inner, mutex })),
        Err(p) => Err(PoisonError::new(extra(MutexGuard {
            inner: p.into_inner(),
            mutex,
        }))),
    }
}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Mutex<T> {
        Mutex {
            probe: registered(),
            inner: std::sync::Mutex::new(value),
        }
    }

    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.probe.on_lock();
        wrap(self.inner.lock(), self, |g| g)
    }

    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        self.probe.on_lock();
        match self.inner.try_lock() {
            Ok(inner) => Ok(MutexGuard { inner, mutex: self }),
            Err(TryLockError::WouldBlock) => Err(TryLockError::WouldBlock),
            Err(TryLockError::Poisoned(p)) => {
                Err(TryLockError::Poisoned(PoisonError::new(MutexGuard {
                    inner: p.into_inner(),
                    mutex: self,
                })))
            }
        }
    }

    pub fn is_poisoned(&self) -> bool {
        self.inner.is_poisoned()
    }

    pub fn into_inner(self) -> LockResult<T> {
        self.inner.into_inner()
    }

    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    /// The counters (for tests).
    pub fn probe(&self) -> &Probe {
        &self.probe
    }
}

/// The result of a timed wait: did its timeout run out?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitTimeoutResult(bool);

impl WaitTimeoutResult {
    pub fn timed_out(&self) -> bool {
        self.0
    }
}

/// The threads waiting on a condvar, in order of arrival, and who has been notified.
#[derive(Default)]
struct Queue {
    next_ticket: u64,
    waiting: Vec<u64>,
    woken: Vec<u64>,
}

/// `std::sync::Condvar` with a [`Probe`]; `notify_one` wakes the latest waiter.
pub struct Condvar {
    probe: Arc<Probe>,
    inner: std::sync::Condvar,
    queue: std::sync::Mutex<Queue>,
}

impl Default for Condvar {
    fn default() -> Self {
        Condvar {
            probe: registered(),
            inner: std::sync::Condvar::new(),
            queue: std::sync::Mutex::new(Queue::default()),
        }
    }
}

/// How long one inner sleep lasts at most: a notification sent by a thread that does not hold
/// the mutex can miss a waiter that is just falling asleep; the waiter then sees it this late.
const SLICE: Duration = Duration::from_millis(20);

impl Condvar {
    pub fn new() -> Condvar {
        Condvar::default()
    }

    /// The counters (for tests).
    pub fn probe(&self) -> &Probe {
        &self.probe
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn both<'p>(&'p self, mutex: &'p Probe) -> [&'p Probe; 2] {
        [&self.probe, mutex]
    }

    /// Sleeps until notified or until `deadline`; returns the guard and whether it timed out.
    fn sleep<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        deadline: Option<Instant>,
    ) -> (MutexGuard<'a, T>, bool, bool) {
        let MutexGuard { mut inner, mutex } = guard;
        let ticket = {
            let mut q = self.queue();
            q.next_ticket += 1;
            let t = q.next_ticket;
            q.waiting.push(t);
            t
        };
        for p in self.both(&mutex.probe) {
            p.update(|s| {
                s.waiting += 1;
                s.waits += 1;
            });
        }
        let mut poisoned = false;
        let timed_out = loop {
            {
                let mut q = self.queue();
                if let Some(pos) = q.woken.iter().position(|&t| t == ticket) {
                    q.woken.swap_remove(pos);
                    break false;
                }
            }
            let slice = match deadline {
                None => SLICE,
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        let mut q = self.queue();
                        if let Some(pos) = q.waiting.iter().position(|&t| t == ticket) {
                            q.waiting.remove(pos);
                            break true;
                        }
                        continue; // notified just now: take it
                    }
                    left.min(SLICE)
                }
            };
            inner = match self.inner.wait_timeout(inner, slice) {
                Ok((g, _)) => g,
                Err(e) => {
                    poisoned = true;
                    e.into_inner().0
                }
            };
        };
        for p in self.both(&mutex.probe) {
            p.update(|s| {
                s.waiting -= 1;
                s.looks += 1;
                s.timeouts += usize::from(timed_out);
            });
        }
        (MutexGuard { inner, mutex }, timed_out, poisoned)
    }

    fn result<G>(g: G, poisoned: bool) -> LockResult<G> {
        if poisoned {
            Err(PoisonError::new(g))
        } else {
            Ok(g)
        }
    }

    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let (g, _, poisoned) = self.sleep(guard, None);
        Self::result(g, poisoned)
    }

    pub fn wait_while<'a, T>(
        &self,
        mut guard: MutexGuard<'a, T>,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> LockResult<MutexGuard<'a, T>> {
        while condition(&mut *guard) {
            guard = self.wait(guard)?;
        }
        Ok(guard)
    }

    pub fn wait_timeout<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        dur: Duration,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        let (g, timed_out, poisoned) = self.sleep(guard, Some(Instant::now() + dur));
        Self::result((g, WaitTimeoutResult(timed_out)), poisoned)
    }

    pub fn wait_timeout_while<'a, T>(
        &self,
        mut guard: MutexGuard<'a, T>,
        dur: Duration,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        let deadline = Instant::now() + dur;
        loop {
            if !condition(&mut *guard) {
                return Ok((guard, WaitTimeoutResult(false)));
            }
            let (g, timed_out, poisoned) = self.sleep(guard, Some(deadline));
            guard = g;
            if poisoned {
                let last = WaitTimeoutResult(timed_out);
                return Err(PoisonError::new((guard, last)));
            }
            if timed_out {
                let still = condition(&mut *guard);
                return Ok((guard, WaitTimeoutResult(still)));
            }
        }
    }

    pub fn notify_one(&self) {
        self.probe.update(|s| s.notify_one += 1);
        let mut q = self.queue();
        if let Some(t) = q.waiting.pop() {
            q.woken.push(t); // the latest waiter
        }
        drop(q);
        self.inner.notify_all();
    }

    pub fn notify_all(&self) {
        self.probe.update(|s| s.notify_all += 1);
        let mut q = self.queue();
        let all = std::mem::take(&mut q.waiting);
        q.woken.extend(all);
        drop(q);
        self.inner.notify_all();
    }
}
