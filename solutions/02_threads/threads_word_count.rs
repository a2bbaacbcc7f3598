// threads_word_count.rs — Capstone: a parallel word count
//
// Count how often each word occurs in a text, with several threads: split the text's lines into
// chunks, count each chunk on its own thread with `count_lines`, then merge the per-chunk
// counts. Everything from this folder meets here: threads that borrow the text (no copies),
// waiting for every thread, getting each thread's result back, and not losing a thread's panic.
//
// A word about Python: with the GIL, only one Python thread runs Python code at a time (the
// interpreter switches every 5 ms, and a thread gives the GIL up while it blocks on I/O), so
// threads help Python with I/O-bound work but do not make a CPU-bound count like this one
// faster: for that Python needs processes. Rust threads have no GIL: they really run at the same
// time, on all cores, and the compiler's ownership rules keep them from corrupting shared data.
//
// `word_count` counts everything on the calling thread. Make it use `n_threads` threads that
// run AT THE SAME TIME, each counting one chunk (the tests make every chunk wait until all of
// them are being counted), and return exactly what a sequential count returns, for any number
// of lines. `count_lines` panics on a line it cannot read: then `word_count` must panic too,
// never return a count with a chunk missing.

use std::collections::HashMap;
use std::thread;

/// Counts the words of `text` (see `count_lines`) using up to `n_threads` threads.
pub fn word_count(text: &str, n_threads: usize) -> HashMap<String, usize> {
    let lines: Vec<&str> = text.lines().collect();
    let chunk_len = lines.len().div_ceil(n_threads.max(1)).max(1);
    let mut total: HashMap<String, usize> = HashMap::new();
    thread::scope(|s| {
        // Start every chunk's thread first, so that they all run at the same time...
        let handles: Vec<_> = lines
            .chunks(chunk_len)
            .map(|chunk| s.spawn(move || count_lines(chunk)))
            .collect();
        // ...and only then join them, merging each chunk's counts into the total.
        for handle in handles {
            for (word, n) in handle.join().expect("a counting thread panicked") {
                *total.entry(word).or_insert(0) += n;
            }
        }
    });
    total
}

// ---- Don't edit below this line. ----

use mtlings_support::thread_crowd::Crowd;
use std::sync::Mutex;

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
/// Panics on a line with a NUL character in it.
pub fn count_lines(lines: &[&str]) -> HashMap<String, usize> {
    let _inside = CROWD.enter();
    let text = *TEXT.lock().unwrap_or_else(|e| e.into_inner());
    let mut counts = HashMap::new();
    for line in lines {
        let at = line.as_ptr() as usize;
        if text.is_some_and(|(lo, hi)| at < lo || at + line.len() > hi) {
            *COPIED.lock().unwrap_or_else(|e| e.into_inner()) = true;
        }
        assert!(!line.contains('\0'), "cannot read the line {line:?}");
        for word in words(line) {
            *counts.entry(word).or_insert(0) += 1;
        }
    }
    counts
}

/// What the tests watch: the chunks being counted at once, and whether the lines were copied.
static CROWD: Crowd = Crowd::new();
static TEXT: Mutex<Option<(usize, usize)>> = Mutex::new(None);
static COPIED: Mutex<bool> = Mutex::new(false);

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

    /// The tests share the probes, so they run one at a time.
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

    /// Counts `text` with `n_threads`, requiring `n_threads` chunks to be counted at once.
    fn check(text: &str, n_threads: usize) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let need = n_threads.min(text.lines().count());
        CROWD.expect(need);
        *COPIED.lock().unwrap_or_else(|e| e.into_inner()) = false;
        let at = text.as_ptr() as usize;
        *TEXT.lock().unwrap_or_else(|e| e.into_inner()) = Some((at, at + text.len()));

        let counts = word_count(text, n_threads);

        let seen = CROWD.report();
        assert!(
            counts == sequential(text),
            "the counts differ from a sequential count of the same {} lines",
            text.lines().count()
        );
        assert!(
            !*COPIED.lock().unwrap_or_else(|e| e.into_inner()),
            "count_lines was given copies of the lines: let the threads borrow the text itself"
        );
        assert!(
            seen.threads.len() <= n_threads,
            "{} threads counted chunks, but at most {n_threads} were allowed",
            seen.threads.len()
        );
        assert!(
            !seen.threads.contains(&std::thread::current().id()),
            "the calling thread counted a chunk itself: every chunk needs its own thread"
        );
        assert!(
            seen.peak >= need,
            "expected {need} chunks to be counted at the same time, saw at most {} (by {} \
             thread(s) in all): the chunks ran one after another (or under one lock)",
            seen.peak,
            seen.threads.len()
        );
    }

    #[test]
    fn a_small_text() {
        let text = "the cat and the hat\nThe CAT sat.";
        check(text, 2);
        let expected = sequential(text);
        assert_eq!(expected["the"], 3);
        assert_eq!(expected["cat"], 2);
    }

    #[test]
    fn a_large_text_on_four_threads() {
        check(&sample_text(2_003), 4);
    }

    #[test]
    fn lines_that_do_not_divide_evenly() {
        check(&sample_text(7), 3);
        check(&sample_text(101), 6);
    }

    #[test]
    fn one_thread_is_fine_too() {
        check(&sample_text(50), 1);
    }

    #[test]
    fn an_empty_text() {
        check("", 4);
    }

    #[test]
    fn a_chunk_that_panics_is_not_lost() {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        CROWD.expect(0);
        *TEXT.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let text = format!("{}\nbad \0 line\n{}", sample_text(30), sample_text(30));
        let outcome = std::panic::catch_unwind(|| word_count(&text, 3));
        assert!(
            outcome.is_err(),
            "a chunk's count panicked, but word_count returned a count anyway: the words of \
             that chunk are missing from it"
        );
    }
}
