// MISTAKE: acquire() spins on try_acquire() and yield_now() instead of sleeping
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
// N really do run at once, and that stray wakeups change nothing. (`Mutex` and `Condvar` come
// from `mtlings_support::watched_sync`, which lets the tests count looks and wakeups.)


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
        loop {
            if let Some(permit) = self.try_acquire() {
                return permit;
            }
            std::thread::yield_now();
        }
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

