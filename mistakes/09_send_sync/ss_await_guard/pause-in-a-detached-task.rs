// MISTAKE: moves the pause into a spawned task nobody awaits: the guard is gone, and so is the pause
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
// Fix `visit` so that `visit_all` compiles: let the guard go before the `.await`. A `drop`
// placed after the `.await` is too late, and `tokio::sync::Mutex` held across the pause
// compiles but makes the visits wait for each other: the tests check that the pauses overlap.

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
    // Write the access log in the background, so the lock is not held while it runs.
    tokio::spawn(sleep(Duration::from_millis(10)));
    count
}

