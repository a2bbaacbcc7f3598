// MISTAKE: sleeps on the blocking pool: the runtime is free, but its timer never sees the wait
// pitfall_sleep.rs — One blocking sleep stalls every task
//
// An async runtime runs many tasks on a few threads and switches between them only at `.await`
// points. `std::thread::sleep` is not an await point: it puts the whole THREAD to sleep, and every
// other task on that thread sleeps with it. The Python notes tell the same story about gevent:
// `time.sleep` inside a greenlet blocks every greenlet, so gevent has its own `gevent.sleep`, and
// `monkey.patch_all()` quietly swaps the blocking calls of the standard library for cooperative
// ones. Rust patches nothing behind your back: a blocking call inside an `async fn` compiles
// without a word, and it is up to you to call the cooperative version, `tokio::time::sleep`, and
// `.await` it (that hands the thread back to the runtime until the time is up).
//
// `fetch` pretends to wait for a slow server. Three fetches started together should all wait at
// the same time, and the heartbeat task should keep ticking while they wait. Make the tests pass;
// `fetch` must still wait `delay` between its "start" and "end" entries.

use std::time::Duration;

/// Pretends to fetch record `id` from a server that answers after `delay`.
pub async fn fetch(id: u32, delay: Duration, log: Log) -> u32 {
    log.push(format!("start {id}"));
    // Off the runtime: the blocking pool does the sleeping.
    tokio::task::spawn_blocking(move || std::thread::sleep(delay))
        .await
        .unwrap();
    log.push(format!("end {id}"));
    id * 10
}

