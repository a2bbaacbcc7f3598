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
// WHY (which schedule gives the smallest value?). The tests try every possible schedule. When
// your answer misses a value, they show you a schedule (who reads and who writes, in which
// order) whose final x you left out: trace it on paper to see which. They never print the
// answer itself.
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

/// Tries every interleaving of the steps of `threads` threads that each do `increments`
/// increments of a shared x (starting at 0), and finds one schedule for every final value.
#[cfg(test)]
mod model {
    use std::collections::{BTreeMap, HashMap};

    /// Up to three threads: per thread its next step and the value it read; and x.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    struct State {
        threads: usize,
        pc: [u32; 3],
        seen: [u64; 3],
        x: u64,
    }

    #[derive(Clone, Copy)]
    enum Step {
        Read,
        Write,
        FetchAdd,
    }

    struct Model {
        steps: u32,
        atomic: bool,
        memo: HashMap<State, u64>,
    }

    impl Model {
        fn successors(&self, st: &State) -> Vec<(usize, Step, State)> {
            let mut out = Vec::new();
            for t in 0..st.threads {
                if st.pc[t] == self.steps {
                    continue;
                }
                let mut next = *st;
                let step = if self.atomic {
                    next.x += 1;
                    Step::FetchAdd
                } else if st.pc[t].is_multiple_of(2) {
                    next.seen[t] = st.x;
                    Step::Read
                } else {
                    next.x = st.seen[t] + 1;
                    next.seen[t] = 0; // forgotten after the write: fewer states to explore
                    Step::Write
                };
                next.pc[t] += 1;
                out.push((t, step, next));
            }
            out
        }

        /// Every final x reachable from `st`, as a bit set (bit v set: x can end as v).
        fn reach(&mut self, st: &State) -> u64 {
            if let Some(r) = self.memo.get(st) {
                return *r;
            }
            let succ = self.successors(st);
            let mut r = 0;
            if succ.is_empty() {
                r |= 1 << st.x;
            }
            for (_, _, next) in succ {
                r |= self.reach(&next);
            }
            self.memo.insert(*st, r);
            r
        }
    }

    /// Final value -> one schedule that produces it, in words.
    pub fn finals(threads: usize, increments: u32, atomic: bool) -> BTreeMap<u64, String> {
        let mut m = Model {
            steps: if atomic { increments } else { 2 * increments },
            atomic,
            memo: HashMap::new(),
        };
        let start = State {
            threads,
            pc: [0; 3],
            seen: [0; 3],
            x: 0,
        };
        let mut out = BTreeMap::new();
        let all = m.reach(&start);
        for value in (0..64).filter(|v| all & (1 << v) != 0) {
            let mut st = start;
            let mut trace = Vec::new();
            loop {
                let succ = m.successors(&st);
                let Some((t, step, next)) = succ
                    .into_iter()
                    .find(|(_, _, next)| m.reach(next) & (1 << value) != 0)
                else {
                    break;
                };
                trace.push((t, step));
                st = next;
            }
            out.insert(value, describe(&trace));
        }
        out
    }

    /// "A reads x, B runs 7 whole increments, A writes x, ...": who does what, in which order,
    /// but not the values, which the learner traces.
    fn describe(trace: &[(usize, Step)]) -> String {
        let mut parts = Vec::new();
        let mut i = 0;
        while i < trace.len() {
            let t = trace[i].0;
            let name = (b'A' + t as u8) as char;
            let mut j = i;
            while j < trace.len() && trace[j].0 == t {
                j += 1;
            }
            let group = &trace[i..j];
            let (mut lo, mut hi) = (0, group.len());
            if let Some((_, Step::Write)) = group.first() {
                parts.push(format!("{name} writes (what it read + 1)"));
                lo = 1;
            }
            if hi > lo && matches!(group[hi - 1].1, Step::Read) {
                hi -= 1;
            }
            let whole = &group[lo..hi];
            let n = whole.len();
            match whole.last() {
                Some((_, Step::Write)) if n >= 4 => {
                    parts.push(format!("{name} runs {} whole increments", n / 2))
                }
                Some((_, Step::FetchAdd)) if n >= 2 => {
                    parts.push(format!("{name} does {n} fetch_adds"))
                }
                _ => {
                    for (_, step) in whole {
                        parts.push(match step {
                            Step::Read => format!("{name} reads x"),
                            Step::Write => format!("{name} writes (what it read + 1)"),
                            Step::FetchAdd => format!("{name} does a fetch_add"),
                        });
                    }
                }
            }
            if hi < group.len() {
                parts.push(format!("{name} reads x"));
            }
            i = j;
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::model::finals;
    use super::*;
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
