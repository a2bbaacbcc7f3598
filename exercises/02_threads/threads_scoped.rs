// threads_scoped.rs — Threads that may borrow what the function owns
//
// Threads share their process's memory: that is what makes them cheap to talk to, and what makes
// them dangerous. Rust lets threads share memory only in ways it can check. `thread::spawn`
// threads may outlive the caller, so they cannot borrow its data at all (see `threads_move_args`).
// But a thread that is certain to be joined before the function returns can safely borrow the
// function's local data: many such threads may share `&data` at once, or each may get `&mut` to
// its own, separate part of it (`chunks_mut`). The compiler checks which one you do: two threads
// can never write the same element. std has a way to start threads with exactly that guarantee.
//
// `scale_in_place` wants each thread to scale one chunk of the caller's slice, in place, but a
// `thread::spawn` closure may not hold a borrowed `&mut` chunk and it does not compile. Make it
// compile with threads that are allowed to borrow. Keep one thread per chunk, all running at the
// same time (the tests make each wait for the others), and scale the caller's memory itself: no
// copies, and no `unsafe`.

#![forbid(unsafe_code)]

use std::thread;

/// Multiplies every element of `data` by `factor`, in place, one thread per chunk.
pub fn scale_in_place(data: &mut [u64], factor: u64, n_threads: usize) {
    let chunk_len = data.len().div_ceil(n_threads).max(1);
    let mut handles = Vec::new();
    for chunk in data.chunks_mut(chunk_len) {
        handles.push(thread::spawn(move || scale_chunk(chunk, factor)));
    }
    for handle in handles {
        handle.join().unwrap();
    }
}

// ---- Don't edit below this line. ----

use mtlings_support::thread_crowd::Crowd;
use std::sync::Mutex;
use std::thread::ThreadId;

/// For each scaled chunk: the thread that scaled it and where the chunk was in memory.
static CALLS: Mutex<Vec<(ThreadId, usize, usize)>> = Mutex::new(Vec::new());
/// Counts the chunks being scaled at once; the tests make each wait for the others.
static CROWD: Crowd = Crowd::new();

/// Scales one chunk in place, and notes which thread did it and where the chunk was.
pub fn scale_chunk(chunk: &mut [u64], factor: u64) {
    let _inside = CROWD.enter();
    for x in chunk.iter_mut() {
        *x *= factor;
    }
    let start = chunk.as_ptr() as usize;
    CALLS.lock().unwrap_or_else(|e| e.into_inner()).push((
        thread::current().id(),
        start,
        start + std::mem::size_of_val(chunk),
    ));
}

fn main() {
    let mut prices = vec![10, 20, 30, 40, 50, 60, 70];
    scale_in_place(&mut prices, 3, 3);
    println!("tripled in place by 3 scoped threads: {prices:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The tests share CALLS, so they run one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn check(len: u64, factor: u64, n_threads: usize, chunks: usize) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        CALLS.lock().unwrap_or_else(|e| e.into_inner()).clear();
        CROWD.expect(chunks);
        let mut data: Vec<u64> = (0..len).collect();
        let (lo, hi) = {
            let start = data.as_ptr() as usize;
            (start, start + std::mem::size_of_val(data.as_slice()))
        };

        scale_in_place(&mut data, factor, n_threads);

        let expected: Vec<u64> = (0..len).map(|x| x * factor).collect();
        assert!(data == expected, "the data was not scaled by {factor}");
        let calls = CALLS.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let seen = CROWD.report();
        assert!(
            seen.peak == chunks,
            "at most {} of the {chunks} chunks were being scaled at the same time: the threads \
             ran one after another (or under one lock), not together",
            seen.peak
        );
        for &(_, start, end) in &calls {
            assert!(
                lo <= start && end <= hi,
                "a chunk was scaled somewhere else in memory: scale the caller's data in place, \
                 not a copy"
            );
        }
        let threads: HashSet<ThreadId> = calls.iter().map(|c| c.0).collect();
        assert!(
            !threads.contains(&thread::current().id()),
            "the calling thread scaled a chunk itself: every chunk must get its own thread"
        );
        assert_eq!(
            (calls.len(), threads.len()),
            (chunks, chunks),
            "expected {chunks} chunks scaled by {chunks} different threads"
        );
    }

    #[test]
    fn four_threads() {
        check(1_000, 3, 4, 4);
    }

    #[test]
    fn more_threads_than_needed() {
        check(1_003, 7, 7, 7);
    }

    #[test]
    fn a_single_thread() {
        check(10, 2, 1, 1);
    }
}
