//! `race_gap`: std's `AtomicU64`, `Mutex` and `RwLock`, with a meeting point that makes a race
//! show on every run.
//!
//! Used by 04_shared_state. A read-then-write or a check-then-act race needs two threads to be
//! inside the gap between two steps at the same moment; in a normal run that is rare luck. Here,
//! in the tests, a thread that has joined a [`Gap`] stops at every `AtomicU64::load`, `lock()`,
//! `read()` and `write()` (after a load, before a lock) until the other thread of the pair gets
//! to one too. So both threads read before either writes, and both check before either acts,
//! every time. The indivisible operations (`fetch_add`, `compare_exchange`, `fetch_update`,
//! `swap`) do not stop: they have no gap. When the other thread cannot come (it is waiting for
//! a lock this one holds, or it has finished), the meeting is called off after 300 ms and never
//! tried again, so correct code is never held up for long. Outside a `Gap` (in `main`), the
//! types are plain std.

use std::cell::RefCell;
use std::sync::atomic::Ordering;
use std::sync::{
    Arc, Condvar, LockResult, MutexGuard, PoisonError, RwLockReadGuard, RwLockWriteGuard,
    TryLockResult,
};
use std::time::Duration;

#[derive(Default)]
struct State {
    waiting: usize,
    generation: u64,
    off: bool,
    meetings: u64,
}

/// A meeting point for a pair of threads. Each thread calls [`Gap::join`] first.
#[derive(Default)]
pub struct Gap {
    state: std::sync::Mutex<State>,
    cv: Condvar,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Gap>>> = const { RefCell::new(None) };
}

impl Gap {
    pub fn new() -> Arc<Gap> {
        Arc::new(Gap::default())
    }

    /// This thread meets its partner at every load and lock from now on.
    pub fn join(self: &Arc<Gap>) {
        CURRENT.with(|c| *c.borrow_mut() = Some(self.clone()));
    }

    /// This thread is done: nobody needs to wait for it any more.
    pub fn leave(&self) {
        CURRENT.with(|c| *c.borrow_mut() = None);
        let mut st = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        st.off = true;
        self.cv.notify_all();
    }

    /// How many times the pair met.
    pub fn meetings(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .meetings
    }

    fn meet(&self) {
        let mut st = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if st.off {
            return;
        }
        st.waiting += 1;
        if st.waiting == 2 {
            st.waiting = 0;
            st.generation += 1;
            st.meetings += 1;
            self.cv.notify_all();
            return;
        }
        let generation = st.generation;
        let (mut st, res) = self
            .cv
            .wait_timeout_while(st, Duration::from_millis(300), |s| {
                s.generation == generation && !s.off
            })
            .unwrap_or_else(PoisonError::into_inner);
        if res.timed_out() {
            st.off = true;
            st.waiting = 0;
        }
    }
}

fn meet() {
    let gap = CURRENT.with(|c| c.borrow().clone());
    if let Some(gap) = gap {
        gap.meet();
    }
}

/// `std::sync::atomic::AtomicU64`; `load` is a meeting point.
#[derive(Default, Debug)]
pub struct AtomicU64(std::sync::atomic::AtomicU64);

impl AtomicU64 {
    pub const fn new(v: u64) -> AtomicU64 {
        AtomicU64(std::sync::atomic::AtomicU64::new(v))
    }
    pub fn load(&self, order: Ordering) -> u64 {
        let v = self.0.load(order);
        meet();
        v
    }
    pub fn store(&self, v: u64, order: Ordering) {
        self.0.store(v, order)
    }
    pub fn swap(&self, v: u64, order: Ordering) -> u64 {
        self.0.swap(v, order)
    }
    pub fn fetch_add(&self, v: u64, order: Ordering) -> u64 {
        self.0.fetch_add(v, order)
    }
    pub fn fetch_sub(&self, v: u64, order: Ordering) -> u64 {
        self.0.fetch_sub(v, order)
    }
    pub fn compare_exchange(
        &self,
        current: u64,
        new: u64,
        success: Ordering,
        failure: Ordering,
    ) -> Result<u64, u64> {
        self.0.compare_exchange(current, new, success, failure)
    }
    pub fn compare_exchange_weak(
        &self,
        current: u64,
        new: u64,
        success: Ordering,
        failure: Ordering,
    ) -> Result<u64, u64> {
        self.0.compare_exchange_weak(current, new, success, failure)
    }
    pub fn fetch_update<F: FnMut(u64) -> Option<u64>>(
        &self,
        set: Ordering,
        fetch: Ordering,
        f: F,
    ) -> Result<u64, u64> {
        self.0.fetch_update(set, fetch, f)
    }
    pub fn into_inner(self) -> u64 {
        self.0.into_inner()
    }
    pub fn get_mut(&mut self) -> &mut u64 {
        self.0.get_mut()
    }
}

/// `std::sync::Mutex`; `lock` and `try_lock` are meeting points.
#[derive(Default, Debug)]
pub struct Mutex<T>(std::sync::Mutex<T>);

impl<T> Mutex<T> {
    pub const fn new(v: T) -> Mutex<T> {
        Mutex(std::sync::Mutex::new(v))
    }
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        meet();
        self.0.lock()
    }
    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        meet();
        self.0.try_lock()
    }
    pub fn into_inner(self) -> LockResult<T> {
        self.0.into_inner()
    }
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.0.get_mut()
    }
}

/// `std::sync::RwLock`; `read` and `write` are meeting points.
#[derive(Default, Debug)]
pub struct RwLock<T>(std::sync::RwLock<T>);

impl<T> RwLock<T> {
    pub const fn new(v: T) -> RwLock<T> {
        RwLock(std::sync::RwLock::new(v))
    }
    pub fn read(&self) -> LockResult<RwLockReadGuard<'_, T>> {
        meet();
        self.0.read()
    }
    pub fn write(&self) -> LockResult<RwLockWriteGuard<'_, T>> {
        meet();
        self.0.write()
    }
    pub fn into_inner(self) -> LockResult<T> {
        self.0.into_inner()
    }
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.0.get_mut()
    }
}
