// MISTAKE: twice each is thought to end as low as 1
// shared_predict.rs — Predict: every final value of a racy counter
//
// In the last exercise `x += 1` was a read followed by a write: `seen = x; x = seen + 1`. Each
// thread keeps its own `seen` (the seed notes' `tmp`), and the operating system may switch
// threads between ANY two steps. So a racy counter does not have one wrong answer, it has a
// whole set of possible answers, and the set is bigger than most people guess.
//
// Predict: x starts at 0 and every increment is the two steps above (no lock, no fetch_add,
// unless the question says so). Correct the answers below so that each lists EVERY final value
// of x that some schedule can produce, and no other. Then add a one-line comment to each saying
// WHY (which schedule gives the smallest value?). The tests try every possible schedule
// (`mtlings_support::race_model`). When your answer misses a value, they show you a schedule
// (who reads and who writes, in which order) whose final x you left out: trace it on paper to
// see which. They never print the answer itself.
//
// Hint for the last two: the value of x at the end is whatever the LAST write wrote. What must
// the thread that writes last have read, and when?
//
// (In Python the answers are the same: CPython may switch threads between any two bytecodes,
// every 5 ms by default, and `x += 1` is several bytecodes. In Rust you cannot write this race with a plain variable at all, the
// compiler refuses two threads writing one `&mut`, so the program in `main` uses an atomic's
// `load` and `store` as the two steps.)

/// Threads A and B each run `x += 1` once.
// Both can read 0 before either writes: both write 1.
pub const TWO_THREADS_ONCE_EACH: &[u64] = &[1, 2];

/// Threads A, B and C each run `x += 1` once.
// All three can read 0 (x = 1), two can (x = 2), or none overlap (x = 3).
pub const THREE_THREADS_ONCE_EACH: &[u64] = &[1, 2, 3];

/// Threads A and B each run `x += 1` twice.
// Not 1: whoever writes last read x after its own first write, so it read at least 1.
pub const TWO_THREADS_TWICE_EACH: &[u64] = &[1, 2, 3, 4];

/// Threads A and B each run `x += 1` ten times: the smallest and the largest final x.
// 2, not 10: A reads 0 and waits; B does 9 increments; A writes 1; B reads 1; A does its other 9;
// B writes 2. Losing almost everything takes only two badly timed pauses.
pub const TEN_EACH_SMALLEST: u64 = 2;
pub const TEN_EACH_LARGEST: u64 = 20;

/// Threads A and B each run `x.fetch_add(1)` ten times (one indivisible step each).
// fetch_add has no gap between read and write: nothing is ever lost.
pub const TEN_EACH_FETCH_ADD: &[u64] = &[20];

