// MISTAKE: blocks in recv_timeout: the sensor cannot run meanwhile, so the wait just times out
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

use std::sync::mpsc;
use std::time::Duration;
use tokio::time::Instant;

/// Collects every reading of the sensor with the time (since the start) it arrived.
pub async fn collect_readings(readings: Vec<u32>, gap: Duration) -> Vec<(u32, Duration)> {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel::<u32>();
    let sensor = tokio::spawn(async move {
        for reading in readings {
            tokio::time::sleep(gap).await; // one reading per `gap`
            tx.send(reading).unwrap();
        }
    });

    let mut arrived = Vec::new();
    while let Ok(reading) = rx.recv_timeout(Duration::from_millis(50)) {
        arrived.push((reading, start.elapsed()));
    }
    sensor.await.unwrap();
    arrived
}

