//! `race_model`: every schedule of a racy counter, for the "predict" exercise.
//!
//! Used by 04_shared_state (`shared_predict`). Each thread runs `x += 1` as two steps, read then
//! write (or as one `fetch_add`); [`finals`] tries every interleaving of those steps (with
//! memoisation, so ten increments each stay quick) and returns, for every final value of x that
//! some schedule produces, one such schedule in words: who reads and who writes, in order, but
//! not the values, which the learner traces by hand.

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
