//! `poison_watch`: std's `Mutex`, watched for check-then-act around poisoning.
//!
//! Used by 04_shared_state (`shared_poison`). Same methods as `std::sync::Mutex`, plus what the
//! tests need to catch a recovery that decides outside the lock:
//! - `clear_poison()` called while nobody holds the lock is counted: between that all-clear and
//!   the repair, any other thread could lock and see the broken data as if it were sound;
//! - `is_poisoned()` asked while nobody holds the lock can be answered "no" and then made stale
//!   at once: if the test installed a crash with [`Mutex::crash_after_unlocked_check`], a thread
//!   runs it under the lock and panics right after the answer, as a real thread could. Code that
//!   trusts the answer and then `lock().unwrap()`s, or skips the repair, fails every time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LockResult, MutexGuard, PoisonError, TryLockError, TryLockResult};
use std::thread;

type Crash<T> = Box<dyn FnOnce(&mut T) + Send>;

/// `std::sync::Mutex`, watched.
pub struct Mutex<T> {
    inner: std::sync::Mutex<T>,
    crash: std::sync::Mutex<Option<Crash<T>>>,
    cleared_unlocked: AtomicUsize,
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Mutex<T> {
        Mutex {
            inner: std::sync::Mutex::new(value),
            crash: std::sync::Mutex::new(None),
            cleared_unlocked: AtomicUsize::new(0),
        }
    }

    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        self.inner.lock()
    }

    pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
        self.inner.try_lock()
    }

    pub fn into_inner(self) -> LockResult<T> {
        self.inner.into_inner()
    }

    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.inner.get_mut()
    }

    /// Is somebody (in the tests: the caller) holding the lock right now?
    fn held(&self) -> bool {
        matches!(self.inner.try_lock(), Err(TryLockError::WouldBlock))
    }

    pub fn clear_poison(&self) {
        if !self.held() {
            self.cleared_unlocked.fetch_add(1, Ordering::SeqCst);
        }
        self.inner.clear_poison();
    }

    /// How many times `clear_poison` was called without the lock held.
    pub fn clears_without_the_lock(&self) -> usize {
        self.cleared_unlocked.load(Ordering::SeqCst)
    }

    /// For tests: the next `is_poisoned()` asked without the lock that answers `false` is
    /// followed at once by a thread that runs `crash` under the lock and panics.
    pub fn crash_after_unlocked_check(&self, crash: impl FnOnce(&mut T) + Send + 'static) {
        *self.crash.lock().unwrap_or_else(PoisonError::into_inner) = Some(Box::new(crash));
    }
}

impl<T: Send> Mutex<T> {
    pub fn is_poisoned(&self) -> bool {
        let answer = self.inner.is_poisoned();
        if !answer && !self.held() {
            let crash = self
                .crash
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some(crash) = crash {
                thread::scope(|s| {
                    let _ = s
                        .spawn(|| {
                            let mut data =
                                self.inner.lock().unwrap_or_else(PoisonError::into_inner);
                            crash(&mut data);
                            panic!(
                                "(test) another thread panicked holding the lock right after \
                                 is_poisoned() said no"
                            );
                        })
                        .join();
                });
            }
        }
        answer
    }
}
