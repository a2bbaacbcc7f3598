// ev_semaphore.rs — A counting semaphore: at most N at once
//
// A lock lets one thread in. A semaphore lets up to N in: it holds N permits, `acquire` takes one
// (waiting while there are none left) and `release` gives it back. It carries no data, only
// permission (the seed notes: "a semaphore cannot pass messages, it is only for
// synchronisation"). Typical uses: at most 4 downloads at once, at most 10 open database
// connections. Python has `threading.Semaphore(n)` and `with sem:`.
//
// Rust's std has no semaphore (tokio has one for async code), but you have everything needed to
// build one: a `Mutex<usize>` for the count of free permits and a `Condvar` to sleep on while it
// is zero. As in `shared_guard`, `acquire` returns a `Permit` guard whose `Drop` gives the permit
// back, so no path can forget to release it.
//
// `acquire` below lets a thread in even when no permit is free. Fix it so that it waits for a
// permit (remember the lessons of `ev_wait_loop`), and make sure a released permit wakes a
// waiter. The tests check that there are never more than N holders at once, and that N really
// do run at once: one big lock that lets a single thread in is not a semaphore.

use std::sync::{Condvar, Mutex};

pub struct Semaphore {
    free: Mutex<usize>,
    cv: Condvar,
}

/// One permit; it goes back to the semaphore when dropped.
pub struct Permit<'a> {
    sem: &'a Semaphore,
}

impl Semaphore {
    pub fn new(permits: usize) -> Semaphore {
        Semaphore {
            free: Mutex::new(permits),
            cv: Condvar::new(),
        }
    }

    /// Takes a permit, waiting until one is free.
    pub fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap();
        if *free > 0 {
            *free -= 1;
        }
        Permit { sem: self }
    }

    /// Takes a permit if one is free right now.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut free = self.free.lock().unwrap();
        if *free == 0 {
            return None;
        }
        *free -= 1;
        Some(Permit { sem: self })
    }

    fn release(&self) {
        *self.free.lock().unwrap() += 1;
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.sem.release();
    }
}

// ---- Don't edit below this line. ----

fn main() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let sem = Semaphore::new(2);
    let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
    std::thread::scope(|s| {
        for _ in 0..6 {
            s.spawn(|| {
                let _permit = sem.acquire();
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(n, Ordering::SeqCst);
                std::thread::yield_now();
                now.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    println!(
        "6 threads, 2 permits: at most {} held a permit at once",
        most.load(Ordering::SeqCst)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier, mpsc};
    use std::thread;
    use std::time::Duration;

    #[test]
    fn permits_run_out_and_come_back() {
        // (try_acquire where a broken acquire could block: this test must not hang)
        let sem = Semaphore::new(2);
        let a = sem.acquire();
        let b = sem
            .try_acquire()
            .expect("there are 2 permits: the second one is free");
        assert!(
            sem.try_acquire().is_none(),
            "two of two permits are taken, yet another one was handed out"
        );
        drop(a);
        let c = sem.try_acquire();
        assert!(
            c.is_some(),
            "a dropped permit must go back to the semaphore"
        );
        drop((b, c));
        let all: Vec<_> = (0..2)
            .map(|_| sem.try_acquire().expect("all back"))
            .collect();
        assert!(sem.try_acquire().is_none(), "only 2 permits exist");
        drop(all);
    }

    #[test]
    fn a_waiter_gets_a_released_permit() {
        // Detached thread: a waiter that is never woken fails the test instead of hanging it.
        let sem = Arc::new(Semaphore::new(1));
        let held = sem.try_acquire().map(|p| {
            std::mem::forget(p); // we give it back by hand below
        });
        assert!(held.is_some());
        let (tx, rx) = mpsc::channel();
        let sem2 = Arc::clone(&sem);
        thread::spawn(move || {
            let _p = sem2.acquire();
            tx.send(()).unwrap();
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(50)).is_err(),
            "acquire() returned although the only permit was taken"
        );
        sem.release();
        assert!(
            rx.recv_timeout(Duration::from_secs(2)).is_ok(),
            "the permit was released but the waiting acquire() never woke up: release() must \
             wake a waiter"
        );
    }

    /// How many threads hold a permit at the same moment.
    #[derive(Default)]
    struct Meter {
        state: Mutex<(usize, usize, bool)>, // (holding now, most at once, gave up waiting)
        cv: Condvar,
    }

    impl Meter {
        /// Called while holding a permit: waits (at most 1 s, once) until `n` holders have been
        /// seen together, then 50 ms more to see whether anybody beyond `n` gets in.
        fn hold(&self, n: usize) {
            let mut st = self.state.lock().unwrap();
            st.0 += 1;
            st.1 = st.1.max(st.0);
            self.cv.notify_all();
            if !st.2 {
                let (s2, res) = self
                    .cv
                    .wait_timeout_while(st, Duration::from_secs(1), |s| s.1 < n)
                    .unwrap();
                st = s2;
                if res.timed_out() {
                    st.2 = true;
                }
            }
            st = self
                .cv
                .wait_timeout_while(st, Duration::from_millis(50), |s| s.1 <= n)
                .unwrap()
                .0;
            st.0 -= 1;
        }
    }

    #[test]
    fn exactly_n_holders_at_once() {
        // Detached threads: if some never get a permit, the test fails instead of hanging.
        let shared = Arc::new((Semaphore::new(3), Meter::default(), Barrier::new(8)));
        let (tx, rx) = mpsc::channel();
        for _ in 0..8 {
            let (shared, tx) = (Arc::clone(&shared), tx.clone());
            thread::spawn(move || {
                let (sem, meter, start) = &*shared;
                start.wait();
                let permit = sem.acquire();
                meter.hold(3);
                drop(permit);
                tx.send(()).unwrap();
            });
        }
        for done in 0..8 {
            assert!(
                rx.recv_timeout(Duration::from_secs(3)).is_ok(),
                "only {done} of 8 threads ever got through: the others wait for permits that                  were released long ago. Does release() wake a waiter?"
            );
        }
        let meter = &shared.1;
        let most = meter.state.lock().unwrap().1;
        assert!(
            most <= 3,
            "{most} threads held a permit at the same time, but there are only 3 permits"
        );
        assert_eq!(
            most, 3,
            "8 threads wanted permits but at most {most} held one at once: 3 should run \
             together"
        );
    }
}
