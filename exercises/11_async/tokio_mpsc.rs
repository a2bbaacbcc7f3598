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
    let producer_probe = probe.clone();
    let producer = tokio::spawn(async move {
        for n in 1..=items {
            let item = produce(n).await;
            tx.send(item).unwrap();
            producer_probe.sent();
        }
    });

    let mut outputs = Vec::new();
    while let Some(item) = rx.recv().await {
        probe.received();
        outputs.push(consume(item).await);
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

// ---- Don't edit below this line. ----

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Counts the items in the channel: +1 after each send, -1 after each receive.
#[derive(Clone, Default)]
struct Probe {
    queued: Arc<AtomicI64>,
    max: Arc<AtomicI64>,
}

impl Probe {
    fn sent(&self) {
        let now = self.queued.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(now, Ordering::SeqCst);
    }
    fn received(&self) {
        self.queued.fetch_sub(1, Ordering::SeqCst);
    }
    fn max_queued(&self) -> i64 {
        self.max.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::idle_count::run_paused;
    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn producer_stays_at_most_two_ahead() {
        let probe = Probe::default();
        run_pipeline(20, probe.clone()).await;
        let max = probe.max_queued();
        assert!(
            max <= 2,
            "the producer ran up to {max} items ahead of the consumer; the queue should hold \
             at most 2 (the producer must wait while it is full, however slow the consumer \
             is at the moment)"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn every_item_arrives_in_order() {
        let outputs = run_pipeline(20, Probe::default()).await;
        let expected: Vec<u32> = (1..=20).map(|n| n * 2).collect();
        assert_eq!(outputs, expected, "items lost, duplicated or out of order");
    }

    #[tokio::test(start_paused = true)]
    async fn producer_still_works_ahead() {
        let start = Instant::now();
        run_pipeline(20, Probe::default()).await;
        let elapsed = start.elapsed();
        assert_eq!(
            elapsed,
            Duration::from_millis(10 + 16 * 100 + 4 * 300),
            "took {elapsed:?}: the first item is ready after 10 ms, then the consumer should \
             be busy all the time (16 x 100 ms + 4 x 300 ms); a producer that waits for each \
             item to be consumed before making the next one takes 10 ms more per item"
        );
    }

    #[test]
    fn producer_waits_instead_of_polling() {
        let ((), idle) = run_paused(async {
            run_pipeline(20, Probe::default()).await;
        });
        // The 40 produce and consume timers wake the runtime about 100 times in all; a
        // producer that retries every 100 ms while the queue is full wakes it 50 times more.
        assert!(
            idle <= 130,
            "the runtime woke up {idle} times for 20 items: something keeps checking for room \
             in the queue (a retry loop with a short sleep?) instead of waiting to be woken \
             when there is room"
        );
    }
}
