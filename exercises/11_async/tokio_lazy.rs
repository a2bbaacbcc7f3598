// tokio_lazy.rs — A future that nobody awaits never runs (predict)
//
// Calling an `async fn` runs NONE of its body: it only builds the future, a paused state
// machine. The body runs while something polls the future: `.await` on it, `join!` with it, or
// an executor's task. Python's asyncio is the same (a coroutine object that is never awaited
// does nothing, and Python warns "coroutine ... was never awaited"); Rust warns "futures do
// nothing unless you `.await` or poll them". JavaScript promises, by contrast, start at once.
//
// `tokio::spawn` is different: it hands the future to the runtime as a new TASK, which runs on
// its own even if you never await (or drop) its `JoinHandle`. But on the single-threaded
// runtime that `#[tokio::test]` uses, the new task only gets a turn when the current task
// gives way at an `.await` that has to wait.
//
// This is a predict exercise. Each test (read them below) runs a small scenario and records
// what happened in a log. Replace each guess with the real log, and explain to yourself why
// before running the tests again. A failure names the first event where your guess and the real
// log part ways, and the events you predicted that never happened, but not the real log.

// Scenario 1: build `visit("v", 10)`, log "built", then drop the future without awaiting it.
const NEVER_AWAITED: &[&str] = &["v: start", "built", "v: end"];

// Scenario 2: build `visit("v", 10)`, log "built", await it, log "awaited".
const AWAITED_LATER: &[&str] = &["v: start", "v: end", "built", "awaited"];

// Scenario 3: `tokio::spawn(visit("v", 10))` and drop the handle at once; log "spawned";
// then sleep 50 ms and log "slept".
const SPAWNED_AND_FORGOTTEN: &[&str] = &["spawned", "slept"];

// Scenario 4: `tokio::join!(visit("a", 20), visit("b", 10))`, then log "joined".
const JOINED: &[&str] = &["a: start", "a: end", "b: start", "b: end", "joined"];

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let log = Log::default();
    let future = visit(log.clone(), "v", 10);
    log.push("built");
    future.await;
    println!("{:?}", log.take());
    println!(
        "your guesses: {NEVER_AWAITED:?} {AWAITED_LATER:?} {SPAWNED_AND_FORGOTTEN:?} {JOINED:?}"
    );
}

// ---- Don't edit below this line. ----

use std::sync::{Arc, Mutex};
use tokio::time::{Duration, sleep};

/// A shared, clonable event log.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    fn push(&self, event: &str) {
        self.0.lock().unwrap().push(event.to_string());
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// Logs "NAME: start", waits `ms` milliseconds, logs "NAME: end".
async fn visit(log: Log, name: &str, ms: u64) {
    log.push(&format!("{name}: start"));
    sleep(Duration::from_millis(ms)).await;
    log.push(&format!("{name}: end"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::verdict::check_log;

    #[tokio::test(start_paused = true)]
    async fn scenario_1_never_awaited() {
        let log = Log::default();
        let future = visit(log.clone(), "v", 10);
        log.push("built");
        drop(future);
        sleep(Duration::from_millis(50)).await;
        check_log(
            "NEVER_AWAITED",
            NEVER_AWAITED,
            &log.take(),
            "scenario 1: does building a future run any of its body?",
        );
    }

    #[tokio::test(start_paused = true)]
    async fn scenario_2_awaited_later() {
        let log = Log::default();
        let future = visit(log.clone(), "v", 10);
        log.push("built");
        future.await;
        log.push("awaited");
        check_log(
            "AWAITED_LATER",
            AWAITED_LATER,
            &log.take(),
            "scenario 2: does the body of an async fn run when it is called, or when it is awaited?",
        );
    }

    #[tokio::test(start_paused = true)]
    async fn scenario_3_spawned_and_forgotten() {
        let log = Log::default();
        drop(tokio::spawn(visit(log.clone(), "v", 10)));
        log.push("spawned");
        sleep(Duration::from_millis(50)).await;
        log.push("slept");
        check_log(
            "SPAWNED_AND_FORGOTTEN",
            SPAWNED_AND_FORGOTTEN,
            &log.take(),
            "scenario 3: is a task cancelled when its JoinHandle is dropped, and when does a new task get a turn on a single-threaded runtime?",
        );
    }

    #[tokio::test(start_paused = true)]
    async fn scenario_4_joined() {
        let log = Log::default();
        tokio::join!(visit(log.clone(), "a", 20), visit(log.clone(), "b", 10));
        log.push("joined");
        check_log(
            "JOINED",
            JOINED,
            &log.take(),
            "scenario 4: does join! finish the first future before it starts the second?",
        );
    }
}
