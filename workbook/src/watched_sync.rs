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
//!   test lets it go, so the test can change the state exactly in a check-then-wait gap.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult, WaitTimeoutResult};
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
    /// Is a paused `lock()` call being held right now?
    pub paused: bool,
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
#[derive(Default)]
pub struct Mutex<T> {
    probe: Probe,
    inner: std::sync::Mutex<T>,
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
            probe: Probe::default(),
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

/// `std::sync::Condvar` with a [`Probe`].
#[derive(Default)]
pub struct Condvar {
    probe: Probe,
    inner: std::sync::Condvar,
}

impl Condvar {
    pub fn new() -> Condvar {
        Condvar::default()
    }

    /// The counters (for tests).
    pub fn probe(&self) -> &Probe {
        &self.probe
    }

    fn enter(&self, mutex: &Probe) {
        for p in [&self.probe, mutex] {
            p.update(|s| {
                s.waiting += 1;
                s.waits += 1;
            });
        }
    }

    fn leave(&self, mutex: &Probe) {
        for p in [&self.probe, mutex] {
            p.update(|s| {
                s.waiting -= 1;
                s.looks += 1;
            });
        }
    }

    pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let MutexGuard { inner, mutex } = guard;
        self.enter(&mutex.probe);
        let r = self.inner.wait(inner);
        self.leave(&mutex.probe);
        wrap(r, mutex, |g| g)
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
        let MutexGuard { inner, mutex } = guard;
        self.enter(&mutex.probe);
        let r = self.inner.wait_timeout(inner, dur);
        self.leave(&mutex.probe);
        match r {
            Ok((inner, t)) => Ok((MutexGuard { inner, mutex }, t)),
            Err(p) => {
                let (inner, t) = p.into_inner();
                Err(PoisonError::new((MutexGuard { inner, mutex }, t)))
            }
        }
    }

    pub fn wait_timeout_while<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        dur: Duration,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
        let MutexGuard { inner, mutex } = guard;
        // std's own loop; the predicate tells the probe when the thread sleeps and wakes.
        let mut asleep = false;
        let r = self.inner.wait_timeout_while(inner, dur, |t| {
            if asleep {
                self.leave(&mutex.probe);
            }
            asleep = condition(t);
            if asleep {
                self.enter(&mutex.probe);
            }
            asleep
        });
        if asleep {
            // Timed out: std returned without asking again.
            for p in [&self.probe, &mutex.probe] {
                p.update(|s| s.waiting -= 1);
            }
        }
        match r {
            Ok((inner, t)) => Ok((MutexGuard { inner, mutex }, t)),
            Err(p) => {
                let (inner, t) = p.into_inner();
                Err(PoisonError::new((MutexGuard { inner, mutex }, t)))
            }
        }
    }

    pub fn notify_one(&self) {
        self.probe.update(|s| s.notify_one += 1);
        self.inner.notify_one();
    }

    pub fn notify_all(&self) {
        self.probe.update(|s| s.notify_all += 1);
        self.inner.notify_all();
    }
}
