// MISTAKE: order and shutdown fixed, but every call of `work` still happens under one Mutex
// queue_pipeline.rs — Capstone: reader -> N workers -> aggregator
//
// A pipeline is a chain of stages, each on its own thread, joined by queues: a reader numbers the
// input lines and queues them, N workers share that queue and each turns a line into a result,
// and an aggregator collects the results. The queues are bounded (`crossbeam_channel::bounded`),
// so a fast reader cannot run far ahead of slow workers. The Python version would be
// `multiprocessing.Process`es joined by `Queue(maxsize=...)`s, with `None` sentinels to shut
// them down; here closing a queue (dropping its last sender) is the shutdown signal, and it flows
// down the pipeline stage by stage. Unlike Python threads, the workers really run at once.
//
// `pipeline` below has three bugs, one per lesson of this folder:
//   1. it never finishes (mtlings' timeout stops it);
//   2. the results come back in the order they finished, not in input order;
//   3. the workers take turns instead of working at the same time.
// Fix all three. Keep the stages and the bounded queues, and join every thread before returning.
// The pipeline ends when its input does: not after a quiet spell (some lines are slow), and not
// by counting lines up front (the reader must not run ahead of the workers).

use crossbeam_channel::bounded;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread;

/// Runs `work` on every input line with `workers` threads and returns the results in input order.
/// The queues between the stages hold at most `cap` items each.
pub fn pipeline<I, W, R>(input: I, workers: usize, cap: usize, work: W) -> Vec<R>
where
    I: Iterator<Item = String> + Send + 'static,
    W: Fn(&str) -> R + Send + Sync + 'static,
    R: Send + 'static,
{
    let (jobs_tx, jobs_rx) = bounded::<(usize, String)>(cap);
    let (results_tx, results_rx) = bounded::<(usize, R)>(cap);

    // Stage 1: the reader numbers the lines and queues them.
    let reader = thread::spawn(move || {
        for (i, line) in input.enumerate() {
            jobs_tx.send((i, line)).unwrap();
        }
        // `jobs_tx` is dropped here: the workers' loops end once the queue is empty.
    });

    // Stage 2: the workers share the jobs queue.
    let work = Arc::new(Mutex::new(work));
    let mut handles = Vec::new();
    for _ in 0..workers {
        let (jobs_rx, results_tx) = (jobs_rx.clone(), results_tx.clone());
        let work = Arc::clone(&work);
        handles.push(thread::spawn(move || {
            for (i, line) in jobs_rx {
                let result = (work.lock().unwrap())(&line);
                results_tx.send((i, result)).unwrap();
            }
        }));
    }
    drop(results_tx); // only the workers may keep the results queue open

    // Stage 3: the aggregator puts the results back in input order.
    let aggregator = thread::spawn(move || {
        let by_index: BTreeMap<usize, R> = results_rx.iter().collect(); // sorted by line number
        by_index.into_values().collect::<Vec<R>>()
    });

    reader.join().unwrap();
    for h in handles {
        h.join().unwrap();
    }
    aggregator.join().unwrap()
}
