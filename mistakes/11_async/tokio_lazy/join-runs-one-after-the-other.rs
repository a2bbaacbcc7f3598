// MISTAKE: predicts that join! runs its futures one after the other
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
const NEVER_AWAITED: &[&str] = &["built"];

// Scenario 2: build `visit("v", 10)`, log "built", await it, log "awaited".
const AWAITED_LATER: &[&str] = &["built", "v: start", "v: end", "awaited"];

// Scenario 3: `tokio::spawn(visit("v", 10))` and drop the handle at once; log "spawned";
// then sleep 50 ms and log "slept".
const SPAWNED_AND_FORGOTTEN: &[&str] = &["spawned", "v: start", "v: end", "slept"];

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

