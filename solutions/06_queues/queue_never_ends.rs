// queue_never_ends.rs — The loop that waits for a sender nobody dropped
//
// `for x in rx` keeps receiving until the queue is closed, and a std channel is closed only when
// EVERY `Sender` is gone: the original and each of its clones. Until Python 3.13 added
// `Queue.shutdown()`, a `queue.Queue` could not be closed at all: a reader looped on `q.get()`
// forever, so Python code sent a sentinel (`None`) or terminated the reader. In Rust the last
// sender going away IS the end signal, and the reader's loop ends by itself.
//
// `sum_batches` starts one consumer and one producer per batch, and then never returns
// (mtlings' timeout stops it). Find out why the consumer's loop never ends and make
// `sum_batches` return once every producer is done. The consumer's `for x in rx` loop stays as it
// is: it must not count what is coming, look for a marker value, or stop after a quiet spell
// (a producer may be slow). Each batch is read by its own producer thread.

use std::sync::mpsc;
use std::thread;

/// Sums every number of every batch; each batch is sent by its own producer thread to one
/// consumer thread. Returns `(sum, how many numbers the consumer received)`.
pub fn sum_batches<B>(batches: Vec<B>) -> (u64, usize)
where
    B: Iterator<Item = u64> + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<u64>();

    let consumer = thread::spawn(move || {
        let (mut total, mut count) = (0, 0);
        for x in rx {
            total += x;
            count += 1;
        }
        (total, count)
    });

    for batch in batches {
        let tx = tx.clone();
        thread::spawn(move || {
            for x in batch {
                tx.send(x).unwrap();
            }
        });
    }
    drop(tx); // the producers hold the only senders now: when they finish, the queue closes

    consumer.join().unwrap()
}

// ---- Don't edit below this line. ----

fn main() {
    let batches = vec![vec![1, 2, 3], vec![10, 20], vec![100]];
    let (sum, count) = sum_batches(batches.into_iter().map(Vec::into_iter).collect());
    println!("the consumer received {count} numbers, sum {sum}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::batch::{Batch, LONGER_THAN_ANY_IDLE_TIMEOUT};
    use std::collections::HashSet;
    use std::time::Duration;

    /// `sum_batches` on a helper thread, so that a consumer that never ends fails the test
    /// (after a second, or a second more than a slow batch pauses).
    fn sum_of(batches: Vec<Batch>) -> (u64, usize) {
        let limit = Duration::from_secs(1) + LONGER_THAN_ANY_IDLE_TIMEOUT;
        let (done_tx, done_rx) = mpsc::channel();
        thread::spawn(move || done_tx.send(sum_batches(batches)));
        done_rx.recv_timeout(limit).unwrap_or_else(|_| {
            panic!("sum_batches never returned: the consumer is still waiting for a sender that is alive")
        })
    }

    #[test]
    fn sums_every_batch() {
        let batches: Vec<Batch> = (0..8)
            .map(|b| Batch::new((b * 100..b * 100 + 100).collect()))
            .collect();
        let readers: Vec<_> = batches.iter().map(Batch::readers).collect();
        let (sum, count) = sum_of(batches);
        assert_eq!(
            count, 800,
            "expected the consumer to receive 800 numbers, got {count}"
        );
        assert_eq!(sum, (0..800).sum::<u64>(), "wrong sum");
        let mut all = HashSet::new();
        for r in &readers {
            all.extend(r.lock().unwrap().iter().copied());
        }
        assert!(
            all.len() == 8 && readers.iter().all(|r| r.lock().unwrap().len() == 1),
            "8 batches were read by {} thread(s) in all: each batch is read by its own producer thread, and by nobody else",
            all.len()
        );
    }

    #[test]
    fn waits_for_a_slow_producer() {
        let batches = vec![Batch::new(vec![1, 2, 3]), Batch::slow(vec![10, 20, 30])];
        let (sum, count) = sum_of(batches);
        assert_eq!(
            (sum, count),
            (66, 6),
            "the consumer stopped before a slow producer had sent its last number: end when the queue closes, not after a quiet spell"
        );
    }

    #[test]
    fn no_batches_at_all() {
        assert_eq!(
            sum_of(vec![]),
            (0, 0),
            "with no producers the queue should close at once"
        );
    }
}
