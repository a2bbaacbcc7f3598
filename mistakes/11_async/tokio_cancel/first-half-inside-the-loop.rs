// MISTAKE: keeps the first half in a variable declared inside the loop, so every round forgets it
// tokio_cancel.rs — Cancellation happens at an `.await`
//
// When `select!` takes one branch, it DROPS the futures of the other branches. Dropping a
// future is how async Rust cancels: the future stops at the `.await` where it was paused and
// never runs another line. Whatever it had already done is kept, and whatever it had only
// half done (a value it received but had not yet returned) is lost with it. (Python's
// `task.cancel()` raises `CancelledError` at the task's `await`, which the task can catch;
// a dropped Rust future gets no say at all.)
//
// So in a `select!` loop, every branch's future must be "cancel safe": dropping it must not lose
// anything. `mpsc::Receiver::recv` is cancel safe (a message is either returned or still in the
// channel). `next_pair` is NOT: it can be dropped while waiting for the second number, holding
// the first one.
//
// `pair_up` pairs the numbers it receives, (1, 2), (3, 4), ..., and while it waits it reports
// every 100 ms that it is alive (`alive.beat()`): a heartbeat from the loop itself, so that a
// stuck loop would go quiet. Numbers go missing whenever a heartbeat comes between the two
// halves of a pair. Fix it so that no number is lost, and the loop keeps beating while it waits.

use tokio::sync::mpsc;
use tokio::time::{Duration, interval};

/// Pairs up the numbers until the channel closes, beating every 100 ms.
async fn pair_up(mut rx: mpsc::Receiver<u32>, alive: Alive) -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    let mut heartbeat = interval(Duration::from_millis(100));
    loop {
        // The half-finished pair, kept in a variable of its own.
        let mut first: Option<u32> = None;
        tokio::select! {
            message = rx.recv() => match message {
                Some(n) => match first.take() {
                    Some(a) => pairs.push((a, n)),
                    None => first = Some(n),
                },
                None => break,
            },
            _ = heartbeat.tick() => alive.beat(),
        }
        let _ = first;
    }
    pairs
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let rx = send_slowly(
        &[(0, 1), (150, 2), (160, 3), (420, 4), (430, 5), (440, 6)],
        650,
    );
    let alive = Alive::default();
    let pairs = pair_up(rx, alive.clone()).await;
    println!("pairs {pairs:?}, {} heartbeats", alive.beats().len());
}

