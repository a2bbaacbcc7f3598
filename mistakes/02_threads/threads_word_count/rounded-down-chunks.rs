// MISTAKE: the chunk size is rounded down and exactly n_threads chunks are cut, so the last lines are never counted
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
    let n = n_threads.min(lines.len()).max(1);
    let chunk_len = lines.len() / n;
    let mut total: HashMap<String, usize> = HashMap::new();
    thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|t| {
                let chunk = &lines[t * chunk_len..(t + 1) * chunk_len];
                s.spawn(move || count_lines(chunk))
            })
            .collect();
        for handle in handles {
            for (word, n) in handle.join().unwrap() {
                *total.entry(word).or_insert(0) += n;
            }
        }
    });
    total
}

