// shared_lost_update.rs — The lost update: `x += 1` is three steps, not one
//
// The seed notes: "x += 5 is really two steps, tmp = x + 5; x = tmp, and tmp belongs to each
// thread". Read, compute, write: if two threads both read 0 before either writes, both write 1,
// and one of the two increments is lost.
//
// Python lets you write that race with a plain global (the GIL does not make `x += 1` atomic).
// Rust does not: a `static mut` needs `unsafe`, and two threads can never hold `&mut x` at the
// same time, so the unsynchronised version is a compile error, not a bug. What Rust still lets
// you write is a race built from operations that are each safe on their own: a `load` followed
// by a `store` on an atomic, or a lock taken for the read and taken again for the write. Each
// step is fine; the gap between them is the bug.
//
// `next_value(seen)` stands for the work done between reading and writing. In the tests it makes
// the two threads meet inside that gap, so the bad luck that strikes once in thousands of runs
// in real programs strikes on every run here. Keep calling it where a new value is computed.
//
// Fix both functions so that no update is lost:
// - `add_one_atomic`: make read-add-write ONE indivisible step (std::sync::atomic::AtomicU64
//   has a method for exactly that; then you need no `next_value` at all);
// - `add_one_locked`: hold ONE lock guard from the read to the write, the Rust way of Python's
//   `lock.acquire(); try: ... finally: lock.release()`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Adds one to a counter shared by many threads.
pub fn add_one_atomic(counter: &AtomicU64) {
    let seen = counter.load(Ordering::SeqCst);
    counter.store(next_value(seen), Ordering::SeqCst);
}

/// Adds one to a counter shared by many threads, under a lock.
pub fn add_one_locked(counter: &Mutex<u64>) {
    let seen = *counter.lock().unwrap();
    *counter.lock().unwrap() = next_value(seen);
}

// ---- Don't edit below this line. ----

/// Computes `seen + 1`. Under the tests it waits (briefly) for the other thread to arrive here
/// too: that is the moment a lost update happens.
pub fn next_value(seen: u64) -> u64 {
    gap::meet();
    seen + 1
}

fn main() {
    let atomic = AtomicU64::new(0);
    let locked = Mutex::new(0);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..10_000 {
                    add_one_atomic(&atomic);
                    add_one_locked(&locked);
                }
            });
        }
    });
    let (a, l) = (atomic.into_inner(), locked.into_inner().unwrap());
    println!("4 threads x 10000 increments: atomic counter = {a}, locked counter = {l}");
    assert_eq!((a, l), (40_000, 40_000), "updates were lost");
}

/// Test plumbing: a meeting point for two threads inside the read-write gap. A thread that has
/// installed a `Gap` waits there until the other thread arrives too, so a racy read-then-write
/// loses an update every time. If the other thread cannot come (it is waiting for the lock you
/// hold), the meeting is called off after a short while and never tried again.
mod gap {
    use std::cell::RefCell;
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    #[derive(Default)]
    struct State {
        waiting: usize,
        generation: u64,
        off: bool,
    }

    #[derive(Default)]
    pub struct Gap {
        state: Mutex<State>,
        cv: Condvar,
    }

    thread_local! {
        static CURRENT: RefCell<Option<Arc<Gap>>> = const { RefCell::new(None) };
    }

    impl Gap {
        #[cfg(test)]
        pub fn install(self: &Arc<Gap>) {
            CURRENT.with(|c| *c.borrow_mut() = Some(self.clone()));
        }

        /// This thread is done: nobody needs to wait for it any more.
        #[cfg(test)]
        pub fn leave(&self) {
            let mut st = self.state.lock().unwrap();
            st.off = true;
            self.cv.notify_all();
        }

        fn meet(&self) {
            let mut st = self.state.lock().unwrap();
            if st.off {
                return;
            }
            st.waiting += 1;
            if st.waiting == 2 {
                st.waiting = 0;
                st.generation += 1;
                self.cv.notify_all();
                return;
            }
            let generation = st.generation;
            let (mut st, res) = self
                .cv
                .wait_timeout_while(st, Duration::from_millis(300), |s| {
                    s.generation == generation && !s.off
                })
                .unwrap();
            if res.timed_out() {
                st.off = true;
                st.waiting = 0;
            }
        }
    }

    pub fn meet() {
        let gap = CURRENT.with(|c| c.borrow().clone());
        if let Some(gap) = gap {
            gap.meet();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::gap::Gap;
    use super::*;
    use std::sync::Arc;
    use std::thread;

    const PER_THREAD: u64 = 50;

    /// Runs `add` PER_THREAD times on each of two threads that meet in the read-write gap.
    fn two_threads(add: impl Fn() + Sync) {
        let gap = Arc::new(Gap::default());
        thread::scope(|s| {
            for _ in 0..2 {
                let (gap, add) = (gap.clone(), &add);
                s.spawn(move || {
                    gap.install();
                    for _ in 0..PER_THREAD {
                        add();
                    }
                    gap.leave();
                });
            }
        });
    }

    #[test]
    fn atomic_counter_loses_nothing() {
        let counter = AtomicU64::new(0);
        two_threads(|| add_one_atomic(&counter));
        let got = counter.load(Ordering::SeqCst);
        assert_eq!(
            got,
            2 * PER_THREAD,
            "2 threads x {PER_THREAD} increments gave {got}: {} updates were lost. A load and a \
             store are two steps; another thread can read between them",
            2 * PER_THREAD - got
        );
    }

    #[test]
    fn locked_counter_loses_nothing() {
        let counter = Mutex::new(0);
        two_threads(|| add_one_locked(&counter));
        let got = *counter.lock().unwrap();
        assert_eq!(
            got,
            2 * PER_THREAD,
            "2 threads x {PER_THREAD} increments gave {got}: {} updates were lost. Was the lock \
             released between the read and the write?",
            2 * PER_THREAD - got
        );
    }

    #[test]
    fn many_threads_many_increments() {
        let atomic = AtomicU64::new(0);
        let locked = Mutex::new(0);
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..2_000 {
                        add_one_atomic(&atomic);
                        add_one_locked(&locked);
                    }
                });
            }
        });
        assert_eq!(atomic.load(Ordering::SeqCst), 8_000, "atomic counter");
        assert_eq!(*locked.lock().unwrap(), 8_000, "locked counter");
    }
}
