// pitfall_std_channel.rs — A std channel inside async: the receiver that never lets go
//
// `std::sync::mpsc::Receiver::recv` blocks the calling THREAD until a message arrives. Inside an
// async task on a single-threaded runtime that thread is the only one the runtime has: while
// `recv` waits, the producer task can never run, so the message it would send never comes. The
// program hangs for good (mtlings' timeout stops it). It is the gevent lesson again: a blocking
// call in a coroutine freezes every coroutine. Python's asyncio has its own queue for this,
// next to the thread-safe `queue.Queue`; tokio too has channels made for tasks.
//
// `collect_readings` starts a sensor task that produces one reading every `gap` and collects
// them, noting when each arrived. Make it work on the single-threaded runtime: each reading is
// collected the moment it is produced (not all at the end, and not on the next round of a
// polling loop), and the collecting stays in this task.

use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// Collects every reading of the sensor with the time (since the start) it arrived.
pub async fn collect_readings(readings: Vec<u32>, gap: Duration) -> Vec<(u32, Duration)> {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::unbounded_channel::<u32>(); // an async channel: `recv` is awaited
    let sensor = tokio::spawn(async move {
        for reading in readings {
            tokio::time::sleep(gap).await; // one reading per `gap`
            tx.send(reading).unwrap();
        }
    });

    let mut arrived = Vec::new();
    while let Some(reading) = rx.recv().await {
        arrived.push((reading, start.elapsed()));
    }
    sensor.await.unwrap();
    arrived
}

// ---- Don't edit below this line. ----

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let arrived = rt.block_on(collect_readings(vec![7, 8, 9], Duration::from_millis(5)));
    println!("arrived: {arrived:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    // `#[tokio::test]` runs on a single-threaded ("current thread") runtime.
    #[tokio::test(start_paused = true)]
    async fn readings_arrive_as_they_are_produced() {
        let arrived = collect_readings(vec![5, 6, 7, 8], Duration::from_secs(10)).await;
        let readings: Vec<u32> = arrived.iter().map(|(r, _)| *r).collect();
        assert_eq!(
            readings,
            vec![5, 6, 7, 8],
            "readings lost or out of order (none at all: the collecting loop gave up before the \
             sensor, which shares its thread, got a turn)"
        );
        for (i, (reading, at)) in arrived.iter().enumerate() {
            let expected = Duration::from_secs(10 * (i as u64 + 1));
            assert_eq!(
                *at, expected,
                "reading {reading} was produced at {expected:?} but collected at {at:?}: \
                 collect each reading the moment it is sent (a loop that looks now and then \
                 sees it late; one that waits for the sensor to end sees it at the end)"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn no_readings_at_all() {
        let arrived = collect_readings(vec![], Duration::from_secs(1)).await;
        assert!(arrived.is_empty(), "expected no readings, got {arrived:?}");
    }
}
