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
pub const TWO_THREADS_TWICE_EACH: &[u64] = &[2, 3, 4];

/// Threads A and B each run `x += 1` ten times: the smallest and the largest final x.
// 2, not 10: A reads 0 and waits; B does 9 increments; A writes 1; B reads 1; A does its other 9;
// B writes 2. Losing almost everything takes only two badly timed pauses.
pub const TEN_EACH_SMALLEST: u64 = 2;
pub const TEN_EACH_LARGEST: u64 = 20;

/// Threads A and B each run `x.fetch_add(1)` ten times (one indivisible step each).
// fetch_add has no gap between read and write: nothing is ever lost.
pub const TEN_EACH_FETCH_ADD: &[u64] = &[20];

// ---- Don't edit below this line. ----

fn main() {
    use std::collections::BTreeSet;
    use std::sync::atomic::{AtomicU64, Ordering};
    let mut seen = BTreeSet::new();
    for _ in 0..40 {
        let x = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    for _ in 0..10 {
                        let v = x.load(Ordering::SeqCst);
                        std::thread::yield_now();
                        x.store(v + 1, Ordering::SeqCst);
                    }
                });
            }
        });
        seen.insert(x.into_inner());
    }
    println!("two threads x 10 racy increments, 40 real runs, final values seen: {seen:?}");
    println!("your prediction: {TEN_EACH_SMALLEST} ..= {TEN_EACH_LARGEST}");
    println!("(real runs rarely show the extremes: that is why the tests enumerate)");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::race_model::finals;
    use std::collections::BTreeSet;

    fn check(question: &str, answer: &[u64], threads: usize, increments: u32, atomic: bool) {
        let truth = finals(threads, increments, atomic);
        let answer: BTreeSet<u64> = answer.iter().copied().collect();
        for value in &answer {
            assert!(
                truth.contains_key(value),
                "{question}: no schedule at all ends with x = {value}. Think about the last write: \
                 what must its thread have read, and can x ever count more increments than \
                 there are?"
            );
        }
        for (value, schedule) in &truth {
            assert!(
                answer.contains(value),
                "{question}: your answer leaves out a final value. This schedule can happen; \
                 trace it on paper (x starts at 0) and see where x ends:\n  {schedule}"
            );
        }
    }

    #[test]
    fn two_threads_once_each() {
        check("A and B, once each", TWO_THREADS_ONCE_EACH, 2, 1, false);
    }

    #[test]
    fn three_threads_once_each() {
        check(
            "A, B and C, once each",
            THREE_THREADS_ONCE_EACH,
            3,
            1,
            false,
        );
    }

    #[test]
    fn two_threads_twice_each() {
        check("A and B, twice each", TWO_THREADS_TWICE_EACH, 2, 2, false);
    }

    #[test]
    fn ten_each_extremes() {
        let truth = finals(2, 10, false);
        let (lo, hi) = (*truth.keys().next().unwrap(), *truth.keys().last().unwrap());
        for (name, guess) in [
            ("smallest", TEN_EACH_SMALLEST),
            ("largest", TEN_EACH_LARGEST),
        ] {
            assert!(
                truth.contains_key(&guess),
                "A and B, ten times each: no schedule at all ends with x = {guess}, so it cannot \
                 be the {name}. The last writer wrote its own `seen + 1`: what is the smallest \
                 `seen` it can have when it writes its tenth increment, and the largest?"
            );
        }
        if TEN_EACH_SMALLEST > lo {
            panic!(
                "A and B, ten times each: x can end lower than {TEN_EACH_SMALLEST}. Trace this \
                 schedule (x starts at 0):\n  {}",
                truth[&lo]
            );
        }
        if TEN_EACH_LARGEST < hi {
            panic!(
                "A and B, ten times each: x can end higher than {TEN_EACH_LARGEST}. Trace this \
                 schedule:\n  {}",
                truth[&hi]
            );
        }
    }

    #[test]
    fn ten_each_fetch_add() {
        check(
            "A and B, ten fetch_adds each",
            TEN_EACH_FETCH_ADD,
            2,
            10,
            true,
        );
    }
}
