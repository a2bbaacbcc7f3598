// MISTAKE: each thread scales a copy of its chunk, and the caller copies the results back
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
    for chunk in data.chunks(chunk_len) {
        let mut copy = chunk.to_vec();
        handles.push(thread::spawn(move || {
            scale_chunk(&mut copy, factor);
            copy
        }));
    }
    let mut scaled = Vec::new();
    for handle in handles {
        scaled.extend(handle.join().unwrap());
    }
    data.copy_from_slice(&scaled);
}

