// MISTAKE: the caller reads every batch first to count the numbers, and the consumer takes that many
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
    let batches: Vec<Vec<u64>> = batches.into_iter().map(|b| b.collect()).collect();
    let expected: usize = batches.iter().map(Vec::len).sum();
    let (tx, rx) = mpsc::channel::<u64>();

    let consumer = thread::spawn(move || {
        let (mut total, mut count) = (0, 0);
        for x in rx.iter().take(expected) {
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

    consumer.join().unwrap()
}
