// MISTAKE: apply_async starts a thread of its own instead of using the pool
// pool_map.rs — apply_async and map: getting results back from a pool
//
// Python's pool gives results back two ways. `r = pool.apply_async(f, (x,))` returns at once with
// a handle, and `r.get()` waits for that one job's result. `pool.map(f, xs)` runs `f` on every
// item in parallel and returns the results in the order of `xs`, whichever job finished first.
//
// The pool below the line only runs jobs (`ThreadPool::execute`); its jobs return nothing, so a
// result has to travel back from the worker to whoever waits for it, and to nobody else.
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
    let (tx, rx) = mpsc::channel(); // one reply channel per job
    let _ = pool;
    std::thread::spawn(move || tx.send(f()));
    AsyncResult { rx }
}

/// Python's `pool.map(f, items)`: runs `f` on every item in the pool; results in input order.
pub fn map<T, R, F>(pool: &ThreadPool, f: F, items: Vec<T>) -> Vec<R>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let f = Arc::new(f);
    // Submit everything first, so the jobs run at once...
    let pending: Vec<AsyncResult<R>> = items
        .into_iter()
        .map(|item| {
            let f = Arc::clone(&f);
            apply_async(pool, move || f(item))
        })
        .collect();
    // ...then wait for the results in input order, whatever order they finish in.
    pending.into_iter().map(AsyncResult::get).collect()
}
