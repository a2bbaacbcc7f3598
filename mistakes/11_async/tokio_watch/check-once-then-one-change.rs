// MISTAKE: checks the value once, then waits for one change: `if` where a `while` is needed
// tokio_watch.rs — watch: wait for a STATE, not for a change
//
// `tokio::sync::watch` holds one value that a sender updates and any number of receivers can
// look at: the latest value only (there is no queue: a receiver that looks late sees the
// newest value and never the ones in between). It is the async cousin of the seeds' `Event`
// (`set` / `wait` / `is_set`), except that it carries a value, here the phase a service is in.
//
// `changed().await` waits for the NEXT change after the value this receiver last saw. That is
// the wrong question when you want a state: if the service is already running, no change may
// ever come (a hang, like a lost wakeup); and the next change may be to some other phase.
// Python's `Event.wait()` returns at once when the flag is already set, and a `Condition` waiter
// re-checks its predicate in a `while` loop; do the same here.
//
// Make `wait_until_running` return as soon as the phase is `Running` (at once if it already
// is), and `None` if the sender goes away before that, sleeping in between: no peeking at the
// value every few milliseconds.

use tokio::sync::watch;
use tokio::time::{Duration, sleep};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    Starting,
    Warming,
    Running,
}

/// Waits until the phase is `Running`; `None` if the service is gone before that.
async fn wait_until_running(rx: &mut watch::Receiver<Phase>) -> Option<Phase> {
    if *rx.borrow() == Phase::Running {
        return Some(Phase::Running);
    }
    // Not yet: the next change is the one we wait for.
    rx.changed().await.ok()?;
    let phase = *rx.borrow();
    Some(phase)
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (tx, mut rx) = watch::channel(Phase::Starting);
    tokio::spawn(async move {
        for phase in [Phase::Warming, Phase::Running] {
            sleep(Duration::from_millis(10)).await;
            tx.send(phase).unwrap();
        }
        std::future::pending::<()>().await; // keep the sender alive
    });
    println!("the service is {:?}", wait_until_running(&mut rx).await);
}

