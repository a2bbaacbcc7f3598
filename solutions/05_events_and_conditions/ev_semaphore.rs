// ev_semaphore.rs — A counting semaphore: at most N at once
//
// A lock lets one thread in. A semaphore lets up to N in: it holds N permits, `acquire` takes one
// (waiting while there are none left) and `release` gives it back. It carries no data, only
// permission: a semaphore cannot pass messages, it is only for synchronisation. Typical uses: at
// most 4 downloads at once, at most 10 open database connections. Python has
// `threading.Semaphore(n)` and `with sem:`.
//
// Rust's std has no semaphore (tokio has one for async code), but you have everything needed to
// build one: a `Mutex<usize>` for the count of free permits and a `Condvar` to sleep on while it
// is zero. As in `shared_guard`, `acquire` returns a `Permit` guard whose `Drop` gives the permit
// back, so no path can forget to release it.
//
// `acquire` below lets a thread in even when no permit is free. Fix the semaphore so that a
// thread waits (sleeping, not polling) until a permit is free, and a released permit lets a
// waiting thread go on. The tests check that there are never more than N holders at once, that
// N really do run at once, and that stray wakeups change nothing. (`Mutex`, `Condvar`: from
// mtlings_support::watched_sync, which counts looks and wakeups.)

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
        let free = self.free.lock().unwrap();
        // Sleep while no permit is free; re-check after every wakeup (`while`, not `if`).
        let mut free = self.cv.wait_while(free, |free| *free == 0).unwrap();
        *free -= 1;
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
        self.cv.notify_one(); // one permit came back: one waiter can have it
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.sem.release();
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::watched_sync::{Condvar, Mutex};

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
    use mtlings_support::overlap::Overlap;
    use std::sync::{Arc, Barrier, mpsc};
    use std::thread;
    use std::time::Duration;

    #[test]
    fn permits_run_out_and_come_back() {
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

    const SOON: Duration = Duration::from_secs(2);

    /// A thread that acquires a permit of `sem` (detached: if it never gets one, the test
    /// fails instead of hanging) and reports when it has it.
    fn acquirer(sem: &Arc<Semaphore>) -> mpsc::Receiver<()> {
        let (tx, rx) = mpsc::channel();
        let sem = Arc::clone(sem);
        thread::spawn(move || {
            let _p = sem.acquire();
            let _ = tx.send(());
        });
        rx
    }

    fn asleep(sem: &Semaphore) {
        let slept = sem.free.probe().wait_for(SOON, |s| s.waiting == 1);
        assert!(
            slept,
            "acquire() should be asleep on the condvar while no permit is free: did it return \
             without a permit, or is it spinning or polling?"
        );
    }

    #[test]
    fn a_waiter_gets_a_released_permit() {
        let sem = Arc::new(Semaphore::new(1));
        let held = sem.try_acquire().expect("one permit is free");
        let got = acquirer(&sem);
        asleep(&sem);
        assert!(
            got.try_recv().is_err(),
            "acquire() returned although the only permit was taken"
        );
        drop(held);
        assert!(
            got.recv_timeout(SOON).is_ok(),
            "the permit was released but the waiting acquire() never woke up: release() must \
             wake a waiter"
        );
    }

    #[test]
    fn a_stray_wakeup_hands_out_no_permit() {
        let sem = Arc::new(Semaphore::new(1));
        let held = sem.try_acquire().expect("one permit is free");
        let got = acquirer(&sem);
        asleep(&sem);
        let looks = sem.free.probe().stats().looks;
        {
            let _free = sem.free.lock().unwrap();
            sem.cv.notify_all(); // no permit came back
        }
        let probe = sem.free.probe();
        probe.wait_for(SOON, |s| s.looks > looks + 1 && s.waiting == 1);
        assert!(
            got.try_recv().is_err(),
            "acquire() returned after a stray wakeup while no permit was free: a wakeup is not \
             a permit; look again"
        );
        drop(held);
        assert!(
            got.recv_timeout(SOON).is_ok(),
            "the waiter never got the released permit"
        );
    }

    #[test]
    fn a_waiter_sleeps_while_no_permit_is_free() {
        let sem = Arc::new(Semaphore::new(1));
        let held = sem.try_acquire().expect("one permit is free");
        let probe = sem.free.probe();
        let looks = probe.stats().looks;
        let got = acquirer(&sem);
        probe.wait_for(SOON, |s| s.looks > looks);
        let looks = probe.stats().looks;
        let polled = probe.wait_for(Duration::from_millis(300), |s| s.looks >= looks + 2);
        let extra = probe.stats().looks - looks;
        drop(held);
        assert!(
            !polled,
            "while no permit was free and nobody released one, acquire() looked at the count \
             {extra} more times: it is spinning or polling instead of sleeping until notified"
        );
        assert!(
            got.recv_timeout(SOON).is_ok(),
            "the waiter never got the released permit"
        );
    }

    #[test]
    fn exactly_n_holders_at_once() {
        // Detached threads: if some never get a permit, the test fails instead of hanging.
        let shared = Arc::new((Semaphore::new(3), Overlap::new(), Barrier::new(8)));
        let (tx, rx) = mpsc::channel();
        for _ in 0..8 {
            let (shared, tx) = (Arc::clone(&shared), tx.clone());
            thread::spawn(move || {
                let (sem, meter, start) = &*shared;
                start.wait();
                let permit = sem.acquire();
                meter.inside_and_linger(3, Duration::from_millis(50), || ());
                drop(permit);
                tx.send(()).unwrap();
            });
        }
        for done in 0..8 {
            assert!(
                rx.recv_timeout(Duration::from_secs(3)).is_ok(),
                "only {done} of 8 threads ever got through: the others wait for permits that \
                 were released long ago. Does release() wake a waiter?"
            );
        }
        let meter = &shared.1;
        let most = meter.most();
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
