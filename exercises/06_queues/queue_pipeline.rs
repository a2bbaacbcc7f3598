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
    let work = Arc::new(Mutex::new(work)); // shared by all workers
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

    // Stage 3: the aggregator collects the results.
    let aggregator = thread::spawn(move || {
        let mut out = Vec::new();
        for (_i, result) in results_rx {
            out.push(result);
        }
        out
    });

    reader.join().unwrap();
    for h in handles {
        h.join().unwrap();
    }
    aggregator.join().unwrap()
}

// ---- Don't edit below this line. ----

fn main() {
    let text = "the quick brown fox\njumps over\nthe lazy dog\n\nend";
    let lines = text
        .lines()
        .map(String::from)
        .collect::<Vec<_>>()
        .into_iter();
    let counts = pipeline(lines, 3, 2, |line: &str| line.split_whitespace().count());
    println!("words per line: {counts:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::batch::LONGER_THAN_ANY_IDLE_TIMEOUT;
    use mtlings_support::crowd::Crowd;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

    fn lines(n: usize) -> impl Iterator<Item = String> + Send + 'static {
        (0..n).map(|i| i.to_string())
    }

    #[test]
    fn results_in_input_order() {
        let crowd = Arc::new(Crowd::new());
        let c = Arc::clone(&crowd);
        let out = pipeline(lines(50), 4, 2, move |line: &str| {
            let n: u64 = line.parse().unwrap();
            c.enter();
            if n == 0 {
                c.wait_for_left(1); // line 0 finishes only after some other line has finished
            }
            c.leave();
            n * n % 97
        });
        assert!(
            !crowd.gave_up(),
            "line 0 waited for another line to finish, but none did: the workers are not working at the same time"
        );
        let expected: Vec<u64> = (0..50).map(|n| n * n % 97).collect();
        assert_eq!(
            out, expected,
            "results must come back in input order, not in the order they finished"
        );
    }

    #[test]
    fn workers_run_at_once() {
        let crowd = Arc::new(Crowd::new());
        let c = Arc::clone(&crowd);
        let out = pipeline(lines(8), 4, 2, move |line: &str| {
            c.pass_together(4);
            line.len()
        });
        assert_eq!(out.len(), 8, "expected 8 results, got {}", out.len());
        assert_eq!(
            crowd.most(),
            4,
            "expected 4 workers to run at once, saw {}",
            crowd.most()
        );
    }

    #[test]
    fn queues_are_bounded() {
        let pulled = Arc::new(AtomicUsize::new(0));
        let started = Arc::new(AtomicUsize::new(0));
        let worst = Arc::new(AtomicUsize::new(0));
        let pl = Arc::clone(&pulled);
        let input = (0..300).map(move |i: usize| {
            pl.fetch_add(1, SeqCst);
            i.to_string()
        });
        let (pl, st, wo) = (
            Arc::clone(&pulled),
            Arc::clone(&started),
            Arc::clone(&worst),
        );
        let (workers, cap) = (2, 3);
        let out = pipeline(input, workers, cap, move |line: &str| {
            let s = st.fetch_add(1, SeqCst) + 1;
            let ahead = pl.load(SeqCst).saturating_sub(s);
            wo.fetch_max(ahead, SeqCst);
            line.len()
        });
        assert_eq!(out.len(), 300);
        let limit = cap + 1 + workers;
        let seen = worst.load(SeqCst);
        assert!(
            seen <= limit,
            "the reader ran {seen} lines ahead of the workers; a jobs queue of {cap} allows at most {limit}"
        );
    }

    #[test]
    fn waits_for_a_slow_line() {
        let out = std::panic::catch_unwind(|| {
            let others = Arc::new(Crowd::new());
            pipeline(lines(6), 2, 1, move |line: &str| {
                if line == "3" {
                    others.wait_for_left(5); // after every other line is done...
                    thread::sleep(LONGER_THAN_ANY_IDLE_TIMEOUT); // ...a deliberately slow line
                } else {
                    others.pass_together(1);
                }
                line.len()
            })
        });
        assert_eq!(
            out.map(|v| v.len()).ok(),
            Some(6),
            "the aggregator stopped before a slow line was done: end when the results queue closes, not after a quiet spell"
        );
    }

    #[test]
    fn shutdown_is_clean() {
        let token = Arc::new(());
        let t = Arc::clone(&token);
        let out = pipeline(lines(20), 3, 1, move |line: &str| {
            let _keep = &t;
            line.len()
        });
        assert_eq!(out.len(), 20);
        assert_eq!(
            Arc::strong_count(&token),
            1,
            "a worker still held `work` after pipeline returned: join every stage before returning"
        );
        let none = pipeline(std::iter::empty(), 2, 1, |line: &str| line.len());
        assert!(none.is_empty(), "no input, no results");
    }
}
