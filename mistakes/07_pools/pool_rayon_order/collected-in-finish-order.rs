// MISTAKE: predicts that collect gathers results in the order the items finished
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
const LOG_POSITION_OF_ITEM_0: usize = 7; // side effects happen in COMPLETION order
/// Did experiment 1 run items on more than one thread?
const MORE_THAN_ONE_THREAD: bool = true; // item 0 blocked one thread while others ran the rest
/// The order in which `left` and `right` FINISHED in experiment 2.
const JOIN_FINISH_ORDER: [&str; 2] = ["right", "left"]; // join waits for both, in any order
