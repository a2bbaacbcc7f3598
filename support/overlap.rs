//! `overlap`: counts how many threads are inside a piece of work at the same moment.
//!
//! Used by 04_shared_state and 05_events_and_conditions, wherever the lesson is that work runs
//! in parallel (readers of an `RwLock`, jobs popped from a shared stack, loads of different
//! keys, the workers of one phase, the holders of a semaphore's permits). Each thread that
//! enters waits, for at most a second, until `want` threads have been seen inside together,
//! so threads that really can overlap always do, on every run, and code that runs them one at a
//! time shows `most() == 1` instead of passing by luck. The second is a safety net for code that
//! never lets them overlap; it is never reached by a correct answer.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

#[derive(Default)]
struct State {
    inside: usize,
    most: usize,
    gave_up: bool,
}

/// The meter. Share it by reference with the work.
#[derive(Default)]
pub struct Overlap {
    st: Mutex<State>,
    cv: Condvar,
}

impl Overlap {
    pub fn new() -> Overlap {
        Overlap::default()
    }

    /// One thread's piece of work: comes in, waits (at most 1 s, once per meter) until `want`
    /// have been inside together, runs `work`, goes out.
    pub fn inside<R>(&self, want: usize, work: impl FnOnce() -> R) -> R {
        {
            let mut st = self.st.lock().unwrap_or_else(PoisonError::into_inner);
            st.inside += 1;
            st.most = st.most.max(st.inside);
            self.cv.notify_all();
            if !st.gave_up {
                let (mut st, res) = self
                    .cv
                    .wait_timeout_while(st, Duration::from_secs(1), |s| s.most < want)
                    .unwrap_or_else(PoisonError::into_inner);
                if res.timed_out() {
                    st.gave_up = true;
                }
            }
        }
        let out = work();
        self.st
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .inside -= 1;
        out
    }

    /// Like [`Overlap::inside`], and then stays (at most `linger`) while nobody beyond `want`
    /// has come in, to see whether more than `want` can get in at once (a semaphore's limit).
    pub fn inside_and_linger<R>(
        &self,
        want: usize,
        linger: Duration,
        work: impl FnOnce() -> R,
    ) -> R {
        self.inside(want, || {
            let st = self.st.lock().unwrap_or_else(PoisonError::into_inner);
            let _st = self
                .cv
                .wait_timeout_while(st, linger, |s| s.most <= want)
                .unwrap_or_else(PoisonError::into_inner);
            work()
        })
    }

    /// The most threads seen inside at once.
    pub fn most(&self) -> usize {
        self.st.lock().unwrap_or_else(PoisonError::into_inner).most
    }

    /// How many are inside now.
    pub fn now(&self) -> usize {
        self.st
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .inside
    }
}
