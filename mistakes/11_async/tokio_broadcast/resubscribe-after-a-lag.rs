// MISTAKE: resubscribes after a lag: jumps to the newest message and never learns how many it missed
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

use tokio::sync::broadcast::{self, error::RecvError};
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
    loop {
        match rx.recv().await {
            Ok(price) => {
                sleep(Duration::from_millis(work_ms)).await;
                followed.seen.push(price);
            }
            // Fell behind: start again from the newest message.
            Err(RecvError::Lagged(_)) => rx = rx.resubscribe(),
            Err(RecvError::Closed) => break,
        }
    }
    followed
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let (fast, slow) = run_market(10).await;
    println!("fast follower: {fast:?}");
    println!("slow follower: {slow:?}");
}

