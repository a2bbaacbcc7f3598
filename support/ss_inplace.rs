//! The work of `ss_scoped`: [`crunch`] doubles one element in place. Once a test has called
//! [`watch`], it also records which threads crunched, whether every element it got lies
//! inside the caller's buffer (a copy does not), and whether the threads ran together: a
//! thread's first `crunch` waits (at most 1 s) until `company` threads have started, and
//! records `alone` if they do not.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// What [`finish`] reports.
#[derive(Default, Debug)]
pub struct Watch {
    /// The threads that crunched.
    pub threads: HashSet<ThreadId>,
    /// How many crunched elements were outside the watched buffer.
    pub outside: usize,
    /// Some thread waited in vain for the others.
    pub alone: bool,
    buffer: Range<usize>,
    company: usize,
}

static WATCH: Mutex<Option<Watch>> = Mutex::new(None);
static STARTED: Condvar = Condvar::new();

/// Starts watching: elements should lie in `buffer`; `company` threads should run together.
pub fn watch(buffer: &[u64], company: usize) {
    let r = buffer.as_ptr_range();
    *WATCH.lock().unwrap_or_else(|e| e.into_inner()) = Some(Watch {
        buffer: r.start as usize..r.end as usize,
        company,
        ..Watch::default()
    });
}

/// Stops watching and reports.
pub fn finish() -> Watch {
    let mut w = WATCH.lock().unwrap_or_else(|e| e.into_inner());
    w.take().unwrap_or_default()
}

/// The work for one element: doubles it in place.
pub fn crunch(x: &mut u64) {
    let mut guard = WATCH.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(w) = guard.as_mut() {
        if !w.buffer.contains(&(std::ptr::from_mut(x) as usize)) {
            w.outside += 1;
        }
        if w.threads.insert(thread::current().id()) {
            STARTED.notify_all();
            let deadline = Instant::now() + Duration::from_secs(1);
            while let Some(w) = guard.as_mut() {
                if w.threads.len() >= w.company || w.alone {
                    break;
                }
                let now = Instant::now();
                if now >= deadline {
                    w.alone = true;
                    break;
                }
                guard = STARTED.wait_timeout(guard, deadline - now).unwrap().0;
            }
        }
    }
    drop(guard);
    *x *= 2;
}
