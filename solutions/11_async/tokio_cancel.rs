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
    // The half-finished pair lives outside the select!, so dropping a branch loses nothing.
    let mut first: Option<u32> = None;
    loop {
        tokio::select! {
            // recv() is cancel safe: a message is either returned or still in the channel.
            message = rx.recv() => match message {
                Some(n) => match first.take() {
                    Some(a) => pairs.push((a, n)),
                    None => first = Some(n),
                },
                None => break,
            },
            _ = heartbeat.tick() => alive.beat(),
        }
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

// ---- Don't edit below this line. ----

use std::sync::{Arc, Mutex};
use tokio::task::{self, Id};

/// The heartbeat: remembers which task each beat came from.
#[derive(Clone, Default)]
struct Alive(Arc<Mutex<Vec<Option<Id>>>>);

impl Alive {
    fn beat(&self) {
        self.0.lock().unwrap().push(task::try_id());
    }
    fn beats(&self) -> Vec<Option<Id>> {
        self.0.lock().unwrap().clone()
    }
}

/// Sends each (at_ms, number) at its time, then closes the channel at `close_ms`.
fn send_slowly(schedule: &[(u64, u32)], close_ms: u64) -> mpsc::Receiver<u32> {
    let (tx, rx) = mpsc::channel(16);
    let schedule = schedule.to_vec();
    tokio::spawn(async move {
        let start = tokio::time::Instant::now();
        for (at_ms, n) in schedule {
            tokio::time::sleep_until(start + Duration::from_millis(at_ms)).await;
            tx.send(n).await.unwrap();
        }
        tokio::time::sleep_until(start + Duration::from_millis(close_ms)).await;
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `pair_up` in a task of its own; returns the pairs and how many beats came from it.
    async fn run(schedule: &[(u64, u32)], close_ms: u64) -> (Vec<(u32, u32)>, usize) {
        let rx = send_slowly(schedule, close_ms);
        let alive = Alive::default();
        let probe = alive.clone();
        let (me, pairs) = tokio::spawn(async move { (task::id(), pair_up(rx, probe).await) })
            .await
            .unwrap();
        let beats = alive.beats();
        assert!(
            beats.iter().all(|id| *id == Some(me)),
            "a heartbeat came from another task: it must come from pair_up's own loop, or it \
             would go on beating while the loop is stuck"
        );
        (pairs, beats.len())
    }

    const SLOW: [(u64, u32); 6] = [(0, 1), (150, 2), (160, 3), (420, 4), (430, 5), (440, 6)];

    #[tokio::test(start_paused = true)]
    async fn no_number_is_lost() {
        let (pairs, _) = run(&SLOW, 650).await;
        assert_eq!(
            pairs,
            [(1, 2), (3, 4), (5, 6)],
            "numbers were lost or paired wrongly: a heartbeat came between the two halves of \
             a pair, select! dropped the half-finished future, and the first half went with it"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn heartbeat_keeps_ticking_while_waiting() {
        let (_, beats) = run(&SLOW, 650).await;
        assert_eq!(
            beats, 7,
            "the heartbeat should beat at 0, 100, ..., 600 ms while pair_up waits: 7 beats"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn quick_pairs_still_work() {
        let (pairs, beats) = run(
            &[(0, 10), (0, 20), (0, 30), (0, 40), (50, 50), (60, 60)],
            70,
        )
        .await;
        assert_eq!(pairs, [(10, 20), (30, 40), (50, 60)], "quick pairs");
        assert_eq!(beats, 1, "only the beat at 0 ms fits in 70 ms");
    }

    #[tokio::test(start_paused = true)]
    async fn unpaired_last_number_is_dropped_at_close() {
        let (pairs, _) = run(&[(0, 1), (250, 2), (500, 3)], 520).await;
        assert_eq!(pairs, [(1, 2)], "a lone last number makes no pair");
    }
}
