// queue_never_ends.rs — The loop that waits for a sender nobody dropped
//
// `for x in rx` keeps receiving until the queue is closed, and a std channel is closed only when
// EVERY `Sender` has been dropped: the original and each of its clones. Python's `queue.Queue` has
// no "closed": a reader loops on `q.get()` forever, so Python code sends a sentinel (`None`) or
// calls `terminate()` on the reader. In Rust the last sender going away IS the sentinel, and the
// reader's loop ends by itself.
//
// `sum_batches` gives every producer its own clone of `tx`, but the function keeps the original
// `tx` alive while it waits for the consumer, so the consumer's loop never ends (mtlings' timeout
// stops it). Make the consumer finish once every producer is done. Keep the consumer's
// `for x in rx` loop: no counting messages, no sentinel value.

use std::sync::mpsc;
use std::thread;

/// Sums every number of every batch; each batch is sent by its own producer thread to one
/// consumer thread. Returns `(sum, how many numbers the consumer received)`.
pub fn sum_batches(batches: Vec<Vec<u64>>) -> (u64, usize) {
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
    let (sum, count) = sum_batches(vec![vec![1, 2, 3], vec![10, 20], vec![100]]);
    println!("the consumer received {count} numbers, sum {sum}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_every_batch() {
        let batches: Vec<Vec<u64>> = (0..8).map(|b| (b * 100..b * 100 + 100).collect()).collect();
        let expected: u64 = batches.iter().flatten().sum();
        let (sum, count) = sum_batches(batches);
        assert_eq!(count, 800, "expected the consumer to receive 800 numbers");
        assert_eq!(sum, expected, "wrong sum");
    }

    #[test]
    fn no_batches_at_all() {
        assert_eq!(
            sum_batches(vec![]),
            (0, 0),
            "with no producers the queue should close at once"
        );
    }
}
