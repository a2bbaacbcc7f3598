// MISTAKE: exponential back-off without randomness: both wait the same, and collide again
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
// neither may go hungry while the other eats. Two steps:
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
    // Wait longer after every failure, like ethernet.
    1 << failures.min(4)
}

