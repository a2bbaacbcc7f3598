// MISTAKE: waits for an acknowledgement of every item, so the producer never works ahead
// tokio_mpsc.rs — Back-pressure: a bounded channel slows the producer down
//
// A queue between a fast producer and a slow consumer must be bounded, or it grows without
// limit. The seeds' `Queue(maxsize=n)`: `put` blocks while the queue is full ("存满了会阻塞"),
// so the producer can never run more than n items ahead. `Queue(maxsize=0)` means no limit.
//
// In tokio, `mpsc::unbounded_channel()` is the no-limit queue: its `send` never waits. A
// bounded queue can make a sender wait instead, without blocking the thread: only the sending
// task pauses, until the consumer takes an item. That pushing back on the producer is called
// back-pressure. It adapts by itself: however slow the consumer is at the moment, the producer
// is held back exactly as much as needed, no more.
//
// Here the producer makes an item every 10 ms and the consumer needs 100 ms per item (300 ms
// for every fifth). Make the producer stay at most 2 items ahead of the consumer, while still
// working ahead (the consumer should never wait for an item once the first one has arrived),
// and without the producer waking up again and again to see whether there is room yet.

use tokio::sync::mpsc;
use tokio::time::{Duration, sleep};

async fn produce(n: u32) -> u32 {
    sleep(Duration::from_millis(10)).await;
    n
}

async fn consume(item: u32) -> u32 {
    let ms = if item.is_multiple_of(5) { 300 } else { 100 };
    sleep(Duration::from_millis(ms)).await;
    item * 2
}

/// Runs a producer task and a consumer; returns the consumer's outputs in order.
async fn run_pipeline(items: u32, probe: Probe) -> Vec<u32> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (ack_tx, mut ack_rx) = mpsc::unbounded_channel::<()>();
    let producer_probe = probe.clone();
    let producer = tokio::spawn(async move {
        for n in 1..=items {
            let item = produce(n).await;
            tx.send(item).unwrap();
            producer_probe.sent();
            // Wait until the consumer is done with it.
            ack_rx.recv().await;
        }
    });

    let mut outputs = Vec::new();
    while let Some(item) = rx.recv().await {
        probe.received();
        outputs.push(consume(item).await);
        let _ = ack_tx.send(());
    }
    producer.await.unwrap();
    outputs
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let probe = Probe::default();
    let outputs = run_pipeline(10, probe.clone()).await;
    println!(
        "outputs {outputs:?}; the most items ever queued: {}",
        probe.max_queued()
    );
}

