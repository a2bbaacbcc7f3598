// ss_await_guard.rs — A MutexGuard held across `.await` makes a future non-Send
//
// Python's asyncio runs every coroutine on the one thread of its event loop, so nothing about
// threads shows up in async code. Tokio's default runtime has several worker threads and may
// move a task to another thread at any `.await`. So `tokio::spawn` demands a `Send` future.
// An `async fn` compiles to a state machine that stores every local still alive at an
// `.await`: if one of them is not `Send`, neither is the future. A `std::sync::MutexGuard` is
// not `Send` (it must be unlocked by the thread that locked it), so keeping one alive across an
// `.await` makes the whole task impossible to spawn. The compiler says "future cannot be sent
// between threads safely" and points at the guard and the `.await`.
//
// (It would be a bad idea anyway: a lock held while the task sleeps blocks every other task
// that wants it, and with std's Mutex it can even block the runtime's thread.)
//
// Fix `visit` so that `visit_all` compiles. The visits must still count right and still pause
// (on tokio's clock: the tests pause it and check that the five pauses overlap), so removing
// the pause, blocking the thread instead, or holding any lock across it does not count.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::time::{Duration, sleep};

pub type Stats = Arc<Mutex<HashMap<String, u64>>>;

/// Counts one visit of `page`, then pauses 10 ms (pretend: writes an access log), then returns
/// the page's new visit count.
pub async fn visit(stats: Stats, page: String) -> u64 {
    let mut map = stats.lock().unwrap();
    let n = map.entry(page).or_default();
    *n += 1;
    let count = *n;
    sleep(Duration::from_millis(10)).await;
    count
}

// ---- Don't edit below this line. ----

/// Spawns one task per page and collects their results, in the order of `pages`.
pub async fn visit_all(stats: Stats, pages: &[&str]) -> Vec<u64> {
    let handles: Vec<_> = pages
        .iter()
        .map(|p| tokio::spawn(visit(stats.clone(), p.to_string())))
        .collect();
    let mut counts = Vec::new();
    for h in handles {
        counts.push(h.await.unwrap());
    }
    counts
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    let stats = Stats::default();
    let counts = rt.block_on(visit_all(stats.clone(), &["home", "about", "home"]));
    println!(
        "counts returned: {counts:?}; stats: {:?}",
        stats.lock().unwrap()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn counts_every_visit() {
        let stats = Stats::default();
        let mut counts = visit_all(stats.clone(), &["a", "b", "a", "a", "c"]).await;
        counts.sort();
        assert_eq!(
            counts,
            [1, 1, 1, 2, 3],
            "a is visited 3 times, b and c once: each visit of a must see the count the one \
             before it left. Was the count read before the pause and written after it?"
        );
        let map = stats.lock().unwrap().clone();
        assert_eq!(map.get("a"), Some(&3));
        assert_eq!(map.get("b"), Some(&1));
        assert_eq!(map.get("c"), Some(&1));
    }

    #[tokio::test(start_paused = true)]
    async fn the_pauses_overlap() {
        let start = Instant::now();
        visit_all(Stats::default(), &["a", "b", "c", "d", "e"]).await;
        let elapsed = start.elapsed();
        assert!(
            elapsed >= Duration::from_millis(10),
            "the visits did not pause on tokio's clock (took {elapsed:?}): each visit must \
             await its 10 ms pause, not skip it, block the thread with a std sleep, or leave \
             it to a task nobody waits for"
        );
        assert_eq!(
            elapsed,
            Duration::from_millis(10),
            "5 visits that pause 10 ms each should pause together (10 ms in all on tokio's \
             paused clock), took {elapsed:?}: do the visits wait for each other, e.g. for a \
             lock held across the pause?"
        );
    }
}
