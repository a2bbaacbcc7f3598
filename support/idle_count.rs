//! Run a future on a paused, single-threaded tokio runtime and count how often it went idle.
//!
//! A task that waits properly (on a channel, a semaphore, a timer) lets the runtime go idle
//! until something real happens. A task that polls instead (`try_send` plus a 1 ms sleep,
//! a `yield_now` loop, a timeout loop) gives the same results on the paused clock but makes
//! the runtime wake up again and again. Counting the runtime's parks tells the two apart
//! without any wall-clock measurement: under the paused clock the count is exact.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `f` to completion on a fresh current-thread runtime with the clock paused (as
/// `#[tokio::test(start_paused = true)]` does) and returns its output with the number of
/// times the runtime's thread parked (went idle) meanwhile.
pub fn run_paused<F: Future>(f: F) -> (F::Output, usize) {
    let parks = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&parks);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .on_thread_park(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        })
        .build()
        .expect("a tokio runtime");
    let out = rt.block_on(f);
    (out, parks.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_sleeper_parks_once_per_timer_and_a_poller_many_times() {
        let ((), sleeper) =
            run_paused(async { tokio::time::sleep(Duration::from_millis(500)).await });
        let ((), poller) = run_paused(async {
            for _ in 0..500 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        });
        assert!(
            sleeper <= 3,
            "sleeper parked {sleeper} times, poller {poller}"
        );
        assert!(poller >= 400, "poller parked {poller} times");
    }
}
