// tokio_broadcast.rs — broadcast: every subscriber gets every message... unless it lags
//
// `tokio::sync::broadcast` delivers each message to EVERY subscriber (an mpsc message goes to
// exactly one receiver). It keeps the last `capacity` messages in a ring buffer, and it never
// slows the sender down for a slow subscriber (unlike mpsc's back-pressure). So a subscriber that
// falls more than `capacity` messages behind loses the oldest ones: its next `recv()` fails
// with an error that says how many messages it missed, and the call after that carries on with
// the oldest message still kept. Not every error is the end: only one kind means the channel is
// finished (every sender dropped and nothing left to read).
//
// `follow` reads prices from a broadcast channel. A slow follower stops at its first `Lagged`
// error as if the channel had closed. Make it skip over the gap, count how many messages it
// missed, and read on until the channel is really closed.

use tokio::sync::broadcast;
use tokio::time::{Duration, sleep};

#[derive(Debug, Default)]
struct Followed {
    /// The prices this follower read, in order.
    seen: Vec<u32>,
    /// How many prices it missed because it lagged behind.
    missed: u64,
}

/// Reads prices until the channel closes, spending `work_ms` on each.
async fn follow(mut rx: broadcast::Receiver<u32>, work_ms: u64) -> Followed {
    let mut followed = Followed::default();
    while let Ok(price) = rx.recv().await {
        sleep(Duration::from_millis(work_ms)).await;
        followed.seen.push(price);
    }
    followed
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (fast, slow) = run_market(10).await;
    println!("fast follower: {fast:?}");
    println!("slow follower: {slow:?}");
}

// ---- Don't edit below this line. ----

/// Publishes prices 1..=count every 10 ms on a channel of capacity 4, to a fast follower
/// (1 ms per price) and a slow one (50 ms per price).
async fn run_market(count: u32) -> (Followed, Followed) {
    let (tx, _) = broadcast::channel(4);
    let fast = tokio::spawn(follow(tx.subscribe(), 1));
    let slow = tokio::spawn(follow(tx.subscribe(), 50));
    for price in 1..=count {
        tx.send(price).unwrap();
        sleep(Duration::from_millis(10)).await;
    }
    drop(tx); // closes the channel
    (fast.await.unwrap(), slow.await.unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn fast_follower_sees_everything() {
        let (fast, _) = run_market(20).await;
        assert_eq!(
            fast.seen,
            (1..=20).collect::<Vec<_>>(),
            "the fast follower keeps up"
        );
        assert_eq!(fast.missed, 0, "the fast follower never lags");
    }

    #[tokio::test(start_paused = true)]
    async fn slow_follower_reads_to_the_end() {
        let (_, slow) = run_market(20).await;
        assert_eq!(
            slow.seen.last(),
            Some(&20),
            "the slow follower stopped after reading {:?}: a Lagged error is not the end of \
             the channel, only Closed is",
            slow.seen
        );
        assert!(
            slow.seen.windows(2).all(|w| w[0] < w[1]),
            "prices out of order or repeated: {:?}",
            slow.seen
        );
    }

    #[tokio::test(start_paused = true)]
    async fn slow_follower_counts_what_it_missed() {
        let (_, slow) = run_market(20).await;
        assert!(
            slow.missed > 0,
            "the slow follower must have lagged: {slow:?}"
        );
        assert_eq!(
            slow.seen.len() as u64 + slow.missed,
            20,
            "read {} and missed {}: every one of the 20 prices is either read or counted as \
             missed ({slow:?})",
            slow.seen.len(),
            slow.missed
        );
    }
}
