// dl_trylock.rs — try_lock, back-off, and the livelock
//
// Another way out of the transfer deadlock: never WAIT while holding a lock. Take the first
// lock, then only `try_lock` the second; if it is busy, let go of the first and try again
// later. A thread that cannot go on gives back what it holds (this breaks "no preemption").
// In Python you would `lock.acquire(blocking=False)` and must remember to `release()` on the
// failure path; in Rust the guard you got is simply dropped when you return `None`.
//
// The trap: two threads that collide, both let go, and both retry AT ONCE collide again, and
// again, forever. Nobody is blocked, both are busy, nothing gets done: a LIVELOCK. The cure is
// back-off that breaks the symmetry: after a failure, wait a RANDOM while (ethernet does the
// same), so that next time one of the two goes first.
//
// The tests run two workers in lock-step rounds (lined up with barriers, so every collision that
// could happen does happen): worker 0 wants forks (0, 1), worker 1 wants forks (1, 0). A
// back-off is counted in rounds to sit out. Two steps:
//   1. `try_both` waits for the second fork while holding the first: make it try, and give
//      up (return `None`) if either fork is busy. As shipped, the tests hang on a deadlock.
//   2. Then the workers livelock: write `backoff_rounds`. `random_below(n)` (below) returns a
//      random number in `0..n`.

use forks::{Fork, ForkGuard, random_below};

/// Takes both forks and returns their guards, or returns `None` holding nothing, without ever
/// waiting for one fork while holding the other.
pub fn try_both<'a>(first: &'a Fork, second: &'a Fork) -> Option<(ForkGuard<'a>, ForkGuard<'a>)> {
    let a = first.try_lock()?;
    // Never wait while holding `a`: if `second` is busy, `?` returns None and drops `a`.
    let b = second.try_lock()?;
    Some((a, b))
}

/// After a worker's `failures`-th failure in a row, how many rounds it sits out before it tries
/// again.
pub fn backoff_rounds(worker: usize, failures: u32) -> u32 {
    let _ = worker;
    // A random wait breaks the symmetry; it grows with repeated failures (capped).
    random_below(2 << failures.min(4))
}

// ---- Don't edit below this line. ----

fn main() {
    let forks = [Fork::new(0), Fork::new(1)];
    let failures: Vec<u32> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|w| {
                let forks = &forks;
                s.spawn(move || {
                    let (mut meals, mut failed, mut in_a_row) = (0, 0, 0);
                    while meals < 1_000 {
                        if let Some(_both) = try_both(&forks[w], &forks[1 - w]) {
                            meals += 1;
                            in_a_row = 0;
                        } else {
                            failed += 1;
                            in_a_row += 1;
                            for _ in 0..backoff_rounds(w, in_a_row) {
                                std::thread::yield_now(); // real code: sleep a random while
                            }
                        }
                    }
                    failed
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    println!("both workers ate 1000 times; failed attempts: {failures:?}");
}

#[cfg_attr(not(test), allow(dead_code))]
mod forks {
    use std::collections::HashMap;
    use std::hash::{BuildHasher, RandomState};
    use std::sync::{Arc, Barrier, Condvar, Mutex, MutexGuard};
    use std::thread::{self, ThreadId};
    use std::time::{Duration, Instant};

    /// A random number in `0..n` (0 when `n` is 0).
    pub fn random_below(n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        (RandomState::new().hash_one(thread::current().id()) % u64::from(n)) as u32
    }

    pub struct Fork {
        id: usize,
        mutex: Mutex<()>,
        referee: Option<Arc<Referee>>,
    }

    pub type ForkGuard<'a> = MutexGuard<'a, ()>;

    impl Fork {
        pub fn new(id: usize) -> Fork {
            Fork {
                id,
                mutex: Mutex::new(()),
                referee: None,
            }
        }

        #[cfg(test)]
        pub fn refereed(id: usize, referee: Arc<Referee>) -> Fork {
            Fork {
                referee: Some(referee),
                ..Fork::new(id)
            }
        }

        pub fn id(&self) -> usize {
            self.id
        }

        /// Waits until the fork is free, then takes it.
        pub fn lock(&self) -> ForkGuard<'_> {
            let g = self.mutex.lock().unwrap();
            self.attempted();
            g
        }

        /// Takes the fork if it is free right now; `None` if somebody holds it.
        pub fn try_lock(&self) -> Option<ForkGuard<'_>> {
            let g = self.mutex.try_lock().ok();
            self.attempted();
            g
        }

        fn attempted(&self) {
            if let Some(r) = &self.referee {
                r.attempted();
            }
        }
    }

    /// Runs the workers in rounds. Inside a round, the workers move in step: after its k-th
    /// fork attempt a worker waits until every other active worker has made its k-th attempt
    /// too (or has finished its turn).
    #[derive(Default)]
    struct Round {
        number: u64,
        active: usize,
        pending_active: usize,
        workers: HashMap<ThreadId, (usize, bool)>, // (attempts, finished its turn)
    }

    pub struct Referee {
        round: Mutex<Round>,
        cv: Condvar,
        barrier: Barrier,
    }

    impl Referee {
        pub fn new(workers: usize) -> Arc<Referee> {
            Arc::new(Referee {
                round: Mutex::default(),
                cv: Condvar::new(),
                barrier: Barrier::new(workers),
            })
        }

        pub fn begin_round(&self, active: bool) {
            self.round.lock().unwrap().pending_active += usize::from(active);
            if self.barrier.wait().is_leader() {
                let mut r = self.round.lock().unwrap();
                r.number += 1;
                r.active = r.pending_active;
                r.pending_active = 0;
                r.workers.clear();
            }
            self.barrier.wait();
        }

        pub fn end_round(&self) {
            let mut r = self.round.lock().unwrap();
            r.workers.entry(thread::current().id()).or_default().1 = true;
            self.cv.notify_all();
            drop(r);
            self.barrier.wait();
        }

        fn attempted(&self) {
            let me = thread::current().id();
            let mut r = self.round.lock().unwrap();
            let number = r.number;
            let entry = r.workers.entry(me).or_default();
            entry.0 += 1;
            let k = entry.0;
            self.cv.notify_all();
            let deadline = Instant::now() + Duration::from_millis(500);
            loop {
                let caught_up = r
                    .workers
                    .iter()
                    .filter(|(t, (n, done))| **t != me && (*n >= k || *done))
                    .count();
                let now = Instant::now();
                if caught_up + 1 >= r.active || r.number != number || now >= deadline {
                    return;
                }
                r = self.cv.wait_timeout(r, deadline - now).unwrap().0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::forks::{Fork, Referee};
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    const MEALS: usize = 10;
    const ROUNDS: usize = 2_000;

    /// Two workers in lock-step rounds; returns how often each one got both forks.
    fn run_rounds() -> Vec<usize> {
        let referee = Referee::new(2);
        let forks = [
            Fork::refereed(0, referee.clone()),
            Fork::refereed(1, referee.clone()),
        ];
        let finished = AtomicUsize::new(0);
        thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|w| {
                    let (forks, referee, finished) = (&forks, &referee, &finished);
                    s.spawn(move || {
                        let (mut meals, mut sit_out, mut failures) = (0, 0, 0);
                        for _ in 0..ROUNDS {
                            let active = sit_out == 0 && meals < MEALS;
                            referee.begin_round(active);
                            if active {
                                match try_both(&forks[w], &forks[1 - w]) {
                                    Some(both) => {
                                        drop(both);
                                        meals += 1;
                                        failures = 0;
                                        if meals == MEALS {
                                            finished.fetch_add(1, Ordering::SeqCst);
                                        }
                                    }
                                    None => {
                                        failures += 1;
                                        sit_out = backoff_rounds(w, failures);
                                    }
                                }
                            } else {
                                sit_out = sit_out.saturating_sub(1);
                            }
                            referee.end_round();
                            if finished.load(Ordering::SeqCst) == 2 {
                                break;
                            }
                        }
                        meals
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    #[test]
    fn gives_up_when_the_second_fork_is_busy() {
        let (f0, f1) = (Fork::new(0), Fork::new(1));
        let held = f1.lock();
        let got = thread::scope(|s| s.spawn(|| try_both(&f0, &f1).is_some()).join().unwrap());
        assert!(
            !got,
            "fork 1 is held by someone else: try_both must return None"
        );
        assert!(
            f0.try_lock().is_some(),
            "after a failed try_both, fork 0 must be free again"
        );
        drop(held);
        assert!(try_both(&f0, &f1).is_some(), "both forks are free now");
    }

    #[test]
    fn both_workers_eat_despite_collisions() {
        let meals = run_rounds();
        assert!(
            meals.iter().all(|m| *m == MEALS),
            "after {ROUNDS} rounds the workers ate {meals:?} times (expected {MEALS} each). \
             They keep colliding, letting go and retrying in step: a livelock (or one of them \
             starves). Make the back-off differ between the two, e.g. at random"
        );
    }
}
