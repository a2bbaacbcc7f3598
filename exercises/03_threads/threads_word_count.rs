// threads_word_count.rs — Capstone: a parallel word count
//
// Count how often each word occurs in a text, with several threads: split the text's lines into
// chunks, count each chunk on its own thread with `count_lines`, then merge the per-chunk
// counts. Everything from this folder meets here: scoped threads that borrow the text (no copies),
// joining every handle, and getting each thread's result back from `join`.
//
// A word about Python: with the GIL, Python threads take turns running Python code, so a thread
// pool would not make a CPU-bound count like this one faster; the seed notes send you to
// processes for that. Rust threads have no GIL: they really run at the same time, on all cores,
// and the compiler's ownership rules are what keep them from corrupting shared data.
//
// `word_count` counts everything on the calling thread. Make it use up to `n_threads` threads
// that run AT THE SAME TIME (the tests check that at least two chunks are being counted at once),
// and return exactly what a sequential count returns.

use std::collections::HashMap;

/// Counts the words of `text` (see `count_lines`) using up to `n_threads` threads.
pub fn word_count(text: &str, n_threads: usize) -> HashMap<String, usize> {
    let lines: Vec<&str> = text.lines().collect();
    let _ = n_threads;
    count_lines(&lines)
}

// ---- Don't edit below this line. ----

use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

/// The words of a line: split on whitespace, trimmed of punctuation, lower-cased.
pub fn words(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
}

/// Counts the words in some lines. Call it once per chunk, from the thread counting that chunk.
pub fn count_lines(lines: &[&str]) -> HashMap<String, usize> {
    GATE.enter();
    let mut counts = HashMap::new();
    for line in lines {
        for word in words(line) {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    GATE.leave();
    counts
}

/// What the tests watch: how many chunks are being counted at once, and by which threads.
/// With `need` > 1, a chunk waits (up to 2 s) until `need` chunks are being counted together.
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default, Clone)]
struct GateState {
    need: usize,
    inside: usize,
    peak: usize,
    gave_up: bool,
    threads: Vec<ThreadId>,
}

static GATE: Gate = Gate {
    state: Mutex::new(GateState {
        need: 0,
        inside: 0,
        peak: 0,
        gave_up: false,
        threads: Vec::new(),
    }),
    changed: Condvar::new(),
};

impl Gate {
    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn enter(&self) {
        let mut s = self.lock();
        s.inside += 1;
        s.peak = s.peak.max(s.inside);
        let me = thread::current().id();
        if !s.threads.contains(&me) {
            s.threads.push(me);
        }
        self.changed.notify_all();
        if s.need > 1 {
            let (mut s, waited) = self
                .changed
                .wait_timeout_while(s, Duration::from_secs(2), |s| s.peak < s.need && !s.gave_up)
                .unwrap_or_else(|e| e.into_inner());
            if waited.timed_out() && s.peak < s.need {
                s.gave_up = true; // fail the test, but do not make every chunk wait
                self.changed.notify_all();
            }
        }
    }

    fn leave(&self) {
        self.lock().inside -= 1;
    }
}

fn main() {
    let text = "The cat sat on the mat.\nThe dog sat on the log.\nA cat, a dog!\nThe end.";
    let counts = word_count(text, 2);
    let mut sorted: Vec<_> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (word, n) in sorted.iter().take(5) {
        println!("{word:>4} {n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests share the gate, so they run one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    /// The plain sequential count, to compare with.
    fn sequential(text: &str) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for word in text.lines().flat_map(words) {
            *counts.entry(word).or_insert(0) += 1;
        }
        counts
    }

    fn sample_text(lines: usize) -> String {
        const WORDS: [&str; 12] = [
            "process",
            "thread",
            "Lock",
            "queue",
            "pool,",
            "event",
            "GIL",
            "pipe.",
            "fifo",
            "deadlock!",
            "async",
            "task",
        ];
        (0..lines)
            .map(|i| {
                (0..(i % 9 + 1))
                    .map(|j| WORDS[(i * 7 + j * 5) % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Counts `text` with `n_threads`, requiring `need` chunks to be counted at once.
    fn check(text: &str, n_threads: usize, need: usize) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        *GATE.lock() = GateState {
            need,
            ..GateState::default()
        };

        let counts = word_count(text, n_threads);

        let seen = GATE.lock().clone();
        *GATE.lock() = GateState::default();
        assert!(
            counts == sequential(text),
            "the counts differ from a sequential count of the same text"
        );
        assert!(
            seen.threads.len() <= n_threads,
            "{} threads counted chunks, but at most {n_threads} were allowed",
            seen.threads.len()
        );
        assert!(
            seen.peak >= need,
            "expected at least {need} chunks to be counted at the same time, saw at most {} \
             (by {} thread(s) in all): count the chunks on threads that run together",
            seen.peak,
            seen.threads.len()
        );
    }

    #[test]
    fn a_small_text() {
        let text = "the cat and the hat\nThe CAT sat.";
        check(text, 2, 2);
        let expected = sequential(text);
        assert_eq!(expected["the"], 3);
        assert_eq!(expected["cat"], 2);
    }

    #[test]
    fn a_large_text_on_four_threads() {
        check(&sample_text(2_000), 4, 2);
    }

    #[test]
    fn one_thread_is_fine_too() {
        check(&sample_text(50), 1, 1);
    }

    #[test]
    fn an_empty_text() {
        check("", 4, 0);
    }
}
