//! The shelf of `dl_relock`: `Shelf<T>` is a `std::sync::Mutex<T>` whose `lock()` the tests
//! can watch. It panics when the thread that holds it locks it again (std's Mutex would hang
//! or panic, depending on the platform), and in `gated` mode a thread that locks for the second
//! time waits (at most 500 ms) until every other thread has also locked and unlocked once,
//! which makes "check, unlock, lock again" lose on every run.

use std::collections::{HashMap, HashSet};
use std::ops::{Deref, DerefMut};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Watch {
    lock_calls: HashMap<ThreadId, usize>,
    released_once: HashSet<ThreadId>,
    holder: Option<ThreadId>,
}

pub struct Shelf<T> {
    data: Mutex<T>,
    watch: Mutex<Watch>,
    cv: Condvar,
    participants: Option<usize>,
}

impl<T> Shelf<T> {
    pub fn new(data: T) -> Shelf<T> {
        Shelf {
            data: Mutex::new(data),
            watch: Mutex::default(),
            cv: Condvar::new(),
            participants: None,
        }
    }

    pub fn gated(data: T, participants: usize) -> Shelf<T> {
        Shelf {
            participants: Some(participants),
            ..Shelf::new(data)
        }
    }

    pub fn lock(&self) -> ShelfGuard<'_, T> {
        let me = thread::current().id();
        let mut w = self.watch.lock().unwrap();
        if w.holder == Some(me) {
            drop(w);
            panic!(
                "this thread locks the shelf a second time while it still holds it: std's \
                 Mutex is not re-entrant, so this lock() would wait for itself forever"
            );
        }
        let calls = w.lock_calls.entry(me).or_default();
        *calls += 1;
        if let (Some(n), true) = (self.participants, *calls >= 2) {
            let deadline = Instant::now() + Duration::from_millis(500);
            while w.released_once.len() < n && Instant::now() < deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                w = self.cv.wait_timeout(w, left).unwrap().0;
            }
        }
        drop(w);
        let guard = self.data.lock().unwrap_or_else(|e| e.into_inner());
        self.watch.lock().unwrap().holder = Some(me);
        ShelfGuard {
            shelf: self,
            guard: Some(guard),
        }
    }
}

pub struct ShelfGuard<'a, T> {
    shelf: &'a Shelf<T>,
    guard: Option<MutexGuard<'a, T>>,
}

impl<T> Deref for ShelfGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.guard.as_ref().unwrap()
    }
}

impl<T> DerefMut for ShelfGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.guard.as_mut().unwrap()
    }
}

impl<T> Drop for ShelfGuard<'_, T> {
    fn drop(&mut self) {
        let mut w = self.shelf.watch.lock().unwrap_or_else(|e| e.into_inner());
        w.holder = None;
        drop(self.guard.take());
        w.released_once.insert(thread::current().id());
        self.shelf.cv.notify_all();
    }
}
