// dl_trylock.rs — try_lock, back-off, and the livelock
//
// Another way out of the transfer deadlock: never WAIT while holding a lock. Take what you can
// right now, and if the rest is busy, give back what you took and try again later. A thread
// that cannot go on holds nothing while it waits, and nobody has to take a lock away from it.
// In Python you would `lock.acquire(blocking=False)` and must remember to `release()` on the
// failure path; in Rust a guard is released when it is dropped, on every path.
//
// The trap: two threads that collide, both let go, and both retry AT ONCE collide again, and
// again, forever. Nobody is blocked, both are busy, nothing gets done: a LIVELOCK. Ethernet
// met the same problem when two stations send at once, and solved it without a referee.
//
// The tests run two workers in lock-step rounds (see `mtlings_support::dl_referee`), so every
// collision that could happen does happen: worker 0 wants forks (0, 1), worker 1 wants forks
// (1, 0). A back-off is counted in rounds to sit out. Both workers must get their meals, and
// the worker's number must not decide who eats first (a fixed priority starves someone). Two
// steps:
//   1. `try_both` waits for the second fork while holding the first (a fork's `lock()` refuses
//      that here). Make it never wait while it holds a fork.
//   2. Then the workers livelock: write `backoff_rounds`. `random_below(n)` returns a random
//      number in `0..n`.

use mtlings_support::dl_referee::{Fork, ForkGuard, random_below};

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

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::dl_referee::Referee;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::thread;

    /// Two workers in lock-step rounds, each wanting `meals` meals; returns, per worker, how
    /// often it got both forks within `rounds` rounds, and in which round it first did.
    fn run_rounds(meals: usize, rounds: usize) -> Vec<(usize, Option<usize>)> {
        let referee = Referee::new(2);
        let forks = [
            Fork::refereed(0, referee.clone()),
            Fork::refereed(1, referee.clone()),
        ];
        let finished = AtomicUsize::new(0);
        let hungry = |m: usize| m < meals;
        thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|w| {
                    let (forks, referee, finished) = (&forks, &referee, &finished);
                    s.spawn(move || {
                        let _seat = referee.seat();
                        let (mut ate, mut sit_out, mut failures) = (0, 0, 0);
                        let mut first = None;
                        for round in 0..rounds {
                            let active = sit_out == 0 && hungry(ate);
                            referee.begin_round(active);
                            if active {
                                match try_both(&forks[w], &forks[1 - w]) {
                                    Some(both) => {
                                        drop(both);
                                        ate += 1;
                                        first.get_or_insert(round);
                                        failures = 0;
                                        if !hungry(ate) {
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
                        (ate, first)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    #[test]
    fn gives_up_when_the_second_fork_is_busy() {
        let (f0, f1) = (Fork::new(0), Fork::new(1));
        for (first, second) in [(&f0, &f1), (&f1, &f0)] {
            let held = second.lock();
            let got = thread::scope(|s| {
                s.spawn(|| try_both(first, second).is_some())
                    .join()
                    .unwrap()
            });
            assert!(
                !got,
                "fork {} is held by someone else: try_both must return None",
                second.id()
            );
            assert!(
                first.try_lock().is_some(),
                "after a failed try_both, fork {} must be free again",
                first.id()
            );
            drop(held);
        }
        let both = try_both(&f1, &f0).expect("both forks are free now");
        assert_eq!(
            both.0.id() + both.1.id(),
            1,
            "try_both must return both forks"
        );
    }

    #[test]
    fn both_workers_eat_despite_collisions() {
        let meals: Vec<usize> = run_rounds(10, 2_000).iter().map(|m| m.0).collect();
        assert!(
            meals.iter().all(|m| *m == 10),
            "after 2000 rounds the workers ate {meals:?} times (expected 10 each). \
             They keep colliding, letting go and retrying in step: a livelock (or one of them \
             starves)"
        );
    }

    #[test]
    fn the_worker_number_does_not_decide() {
        let mut first_eaters = Vec::new();
        for _ in 0..16 {
            let got = run_rounds(1, 500);
            let (Some(r0), Some(r1)) = (got[0].1, got[1].1) else {
                panic!(
                    "in 500 rounds the two workers, one meal each, ate {:?} times: they keep \
                     colliding in step (a livelock)",
                    [got[0].0, got[1].0]
                );
            };
            first_eaters.push(if r0 < r1 { 0 } else { 1 });
        }
        assert!(
            first_eaters.contains(&0) && first_eaters.contains(&1),
            "16 dinners, and worker {} got the first meal in every one: the back-off decides by \
             worker number, which is a fixed priority. With more workers or busier forks, the \
             one at the back starves. Let chance break the tie",
            first_eaters[0]
        );
    }
}
