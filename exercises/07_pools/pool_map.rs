// pool_map.rs — apply_async and map: getting results back from a pool
//
// Python's pool gives results back two ways. `r = pool.apply_async(f, (x,))` returns at once with
// a handle, and `r.get()` waits for that one job's result. `pool.map(f, xs)` runs `f` on every
// item in parallel and returns the results in the order of `xs`, whichever job finished first.
//
// The pool (`ThreadPool`, pool_drop_hang's pool fixed, from the support library) only runs jobs
// (`ThreadPool::execute`), and its jobs return nothing: a result has to travel back from the
// worker to whoever waits for it, and to nobody else.
//
// Write `apply_async`: it hands `f` to the pool's workers and returns at once with a handle whose
// `get` waits for that job's result. Then fix `map`: it collects the results in the order the
// jobs FINISH, which is not the input order. All of `map`'s jobs run on the pool at the same
// time; the results come back in input order.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

/// The handle `apply_async` returns (Python's `AsyncResult`).
pub struct AsyncResult<T> {
    rx: Receiver<T>,
}

impl<T> AsyncResult<T> {
    /// Waits for the job's result.
    pub fn get(self) -> T {
        self.rx
            .recv()
            .expect("the job ended without sending its result")
    }
}

/// Python's `pool.apply_async(f)`: submits `f` and returns at once.
pub fn apply_async<T, F>(pool: &ThreadPool, f: F) -> AsyncResult<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let _ = (pool, f);
    todo!("run `f` on the pool and hand back a way to wait for its result")
}

/// Python's `pool.map(f, items)`: runs `f` on every item in the pool; results in input order.
pub fn map<T, R, F>(pool: &ThreadPool, f: F, items: Vec<T>) -> Vec<R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let f = Arc::new(f);
    let n = items.len();
    let (tx, rx) = mpsc::channel();
    for item in items {
        let (f, tx) = (Arc::clone(&f), tx.clone());
        pool.execute(move || tx.send(f(item)).unwrap());
    }
    // Collect the n results as they arrive.
    rx.iter().take(n).collect()
}

// ---- Don't edit below this line. ----

pub use mtlings_support::pool_fixed::ThreadPool; // the pool of pool_drop_hang, fixed

fn main() {
    let pool = ThreadPool::new(4);
    let answer = apply_async(&pool, || 6 * 7);
    let squares = map(&pool, |x: u64| x * x, (1..=10).collect());
    println!("apply_async -> {}", answer.get());
    println!("map -> {squares:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::crowd::Crowd;
    use std::thread;

    #[test]
    fn apply_async_returns_a_result() {
        let pool = ThreadPool::new(2);
        let a = apply_async(&pool, || 6 * 7);
        let b = apply_async(&pool, || String::from("hello"));
        assert_eq!(b.get(), "hello");
        assert_eq!(a.get(), 42);
    }

    #[test]
    fn apply_async_does_not_wait_for_the_job() {
        let pool = ThreadPool::new(2);
        let started = Arc::new(Crowd::new());
        let s = Arc::clone(&started);
        // This job can only finish after apply_async has returned and `started` was passed.
        let r = apply_async(&pool, move || s.wait_for_left(1));
        started.pass_together(1);
        assert!(
            r.get(),
            "the job could not finish: did apply_async wait for the job before returning?"
        );
    }

    #[test]
    fn map_keeps_input_order() {
        let pool = ThreadPool::new(4);
        let workers = pool.worker_ids();
        let finished = Arc::new(Crowd::new());
        let f = Arc::clone(&finished);
        let out = map(
            &pool,
            move |x: u64| {
                // Item 0 finishes only after three other items have finished.
                let ok = x != 0 || f.wait_for_left(3);
                f.pass_together(1);
                (x * 37 % 11, ok, thread::current().id())
            },
            (0..12).collect(),
        );
        assert!(
            out.iter().all(|(_, ok, _)| *ok),
            "item 0 waited for other items to finish, but none did: submit every job before waiting for any result"
        );
        assert!(
            out.iter().all(|(_, _, t)| workers.contains(t)),
            "some items ran outside the pool's workers: submit them to the pool"
        );
        let values: Vec<u64> = out.iter().map(|(v, _, _)| *v).collect();
        let expected: Vec<u64> = (0..12).map(|x| x * 37 % 11).collect();
        assert_eq!(
            values, expected,
            "map must return results in input order, not in the order the jobs finished"
        );
        let out: Vec<u8> = map(&pool, |x: u8| x, vec![]);
        assert!(out.is_empty(), "map of nothing is nothing");
    }
}
