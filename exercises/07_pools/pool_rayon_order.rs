// pool_rayon_order.rs — rayon: the order of results vs the order of side effects (predict)
//
// For CPU-bound work (pure computation on data you already have), don't hand-build a pool: the
// `rayon` crate keeps one worker thread per core and `par_iter()` spreads a collection over them,
// with idle threads stealing work from busy ones. Python needs processes for this, because the
// GIL lets only one thread run Python code at a time; Rust threads compute truly in parallel, and
// the compiler only lets the closure share what is safe to share (`Sync`).
// For IO-bound work (waiting on sockets, disks, child processes) a rayon thread that blocks is a
// core doing nothing: use plain threads or async (11_async) for waiting, rayon for computing.
//
// Predict, don't guess. The test below runs two experiments on a 4-thread rayon pool:
//   1. `par_iter` over 0..8: each item pushes itself onto a log (a side effect) and returns its
//      square, which `collect()` gathers. Item 0 is slow on purpose: it only finishes after all
//      the other items have logged.
//   2. `rayon::join(left, right)`, where `left` only finishes after `right` has finished.
// Set the four constants to what really happens, and be ready to explain each one: which order
// does `collect` keep, which order do side effects happen in, and why? A wrong prediction fails
// with what the run showed, not with the answer: reason it out, don't fish for it.

/// What `collect::<Vec<usize>>()` returns in experiment 1.
const COLLECTED: [usize; 8] = [1, 4, 9, 16, 25, 36, 49, 0];
/// At which index of the log (0..8) does item 0 appear in experiment 1?
const LOG_POSITION_OF_ITEM_0: usize = 0;
/// Did experiment 1 run items on more than one thread?
const MORE_THAN_ONE_THREAD: bool = false;
/// The order in which `left` and `right` FINISHED in experiment 2.
const JOIN_FINISH_ORDER: [&str; 2] = ["left", "right"];

// ---- Don't edit below this line. ----

use mtlings_support::crowd::Log; // entries that threads can wait for, with a safety net
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Mutex;

fn pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
}

/// Experiment 1: returns (collected, log, number of threads used).
fn experiment_1() -> (Vec<usize>, Vec<usize>, usize) {
    let log = Log::new();
    let threads = Mutex::new(HashSet::new());
    let collected = pool().install(|| {
        (0..8usize)
            .into_par_iter()
            .with_max_len(1) // every item is its own task
            .map(|x| {
                threads.lock().unwrap().insert(std::thread::current().id());
                if x == 0 {
                    log.wait_len(7); // item 0 waits until the 7 others have logged
                }
                log.push(x);
                x * x
            })
            .collect::<Vec<usize>>()
    });
    let n_threads = threads.lock().unwrap().len();
    (collected, log.get(), n_threads)
}

/// Experiment 2: returns the finish order.
fn experiment_2() -> Vec<&'static str> {
    let log = Log::new();
    pool().install(|| {
        rayon::join(
            || {
                log.wait_len(1); // left waits until right has finished
                log.push("left");
            },
            || log.push("right"),
        )
    });
    log.get()
}

fn main() {
    let (collected, log, n_threads) = experiment_1();
    let position = log.iter().position(|&x| x == 0);
    let verdict = |right: bool| if right { "right" } else { "wrong" };
    println!("COLLECTED: {}", verdict(COLLECTED == collected.as_slice()));
    println!(
        "LOG_POSITION_OF_ITEM_0: {}",
        verdict(position == Some(LOG_POSITION_OF_ITEM_0))
    );
    println!(
        "MORE_THAN_ONE_THREAD: {}",
        verdict(MORE_THAN_ONE_THREAD == (n_threads > 1))
    );
    println!(
        "JOIN_FINISH_ORDER: {}",
        verdict(JOIN_FINISH_ORDER == experiment_2().as_slice())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predict_collect_and_side_effects() {
        let (collected, log, n_threads) = experiment_1();
        let finish_order: Vec<usize> = log.iter().map(|x| x * x).collect();
        assert!(
            COLLECTED == collected.as_slice(),
            "COLLECTED is not what collect() returned. {}",
            if COLLECTED == finish_order.as_slice() {
                "You predicted the squares in the order the items finished, and item 0 did finish last, but collect() did not follow that order. What does collect promise for an indexed iterator such as a range?"
            } else {
                "collect() returned the 8 squares of 0..8, each exactly once: in which order?"
            }
        );
        let position = log.iter().position(|&x| x == 0).unwrap();
        assert!(
            LOG_POSITION_OF_ITEM_0 == position,
            "LOG_POSITION_OF_ITEM_0: item 0 is not at index {LOG_POSITION_OF_ITEM_0} of the log. It pushed itself only after waiting for {} other items to log first.",
            log.len() - 1
        );
        assert!(
            MORE_THAN_ONE_THREAD == (n_threads > 1),
            "MORE_THAN_ONE_THREAD: item 0 sat waiting on its thread until the other items had logged, and they did log while it waited. Could a single thread have done both?"
        );
    }

    #[test]
    fn predict_join() {
        assert!(
            JOIN_FINISH_ORDER == experiment_2().as_slice(),
            "JOIN_FINISH_ORDER: `left` could push itself only once the log already had an entry, and `right` pushed without waiting. So which one pushed first? Does `join` force any order on the two closures?"
        );
    }
}
