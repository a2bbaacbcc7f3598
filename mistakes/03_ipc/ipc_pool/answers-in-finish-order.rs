// MISTAKE: the answers are collected in the order they arrive, not put back in their inputs' places
// ipc_pool.rs — Capstone: a process pool with `map`
//
// Python's `Pool(4).map(f, inputs)` starts 4 worker processes once, hands every input to one of
// them, and returns the results IN INPUT ORDER, however the work was spread; `close()` + `join()`
// then ends the workers and reaps them (close the pool before you join it: `join` waits for
// workers that only end once they are told no more work is coming). `Pool()` with no size
// starts one worker per core. Here you build that pool by hand. A worker (`spawn_worker()`, this
// program run again; `ipc_workers` in the support library) reads one job per line on its stdin,
// "ID X", answers "ID WORK(X) PID" on its stdout, and exits when its stdin is closed.
//
// `pool_map` hands the jobs out round-robin, then reads the answers worker by worker. Everything
// you learned in this folder goes wrong in it at once (mtlings' timeout stops the hang):
// - the workers' stdin is never closed, so reading "until the end" never ends;
// - it writes every job before reading any answer: with many jobs the pipes fill up and the
//   parent and the workers wait for each other (`ipc_pipe_deadlock`);
// - the answers come back grouped by worker, not in input order;
// - no worker is ever waited for, so each one stays a zombie after it exits.
// Make `pool_map` return one answer per input, in input order, computed by exactly `n_workers`
// worker processes that all work AT THE SAME TIME (each gets a share of the jobs; fewer workers
// only when there are fewer inputs), all of them reaped before it returns.

use std::io::{BufRead, Write};

/// Runs `work` on every input in a pool of `n_workers` worker processes. `answers[i]` is the
/// answer for `inputs[i]`.
pub fn pool_map(n_workers: usize, inputs: &[u64]) -> Vec<Answer> {
    let workers: Vec<Worker> = (0..n_workers).map(|_| spawn_worker()).collect();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        for (w, worker) in workers.into_iter().enumerate() {
            let Worker {
                mut child,
                stdin,
                stdout,
            } = worker;
                s.spawn(move || {
                    let mut stdin = std::io::BufWriter::new(stdin);
                    for (i, x) in inputs.iter().enumerate().skip(w).step_by(n_workers) {
                        writeln!(stdin, "{i} {x}").expect("cannot send a job");
                    }
                    stdin.flush().expect("cannot send a job");
                });
            let tx = tx.clone();
            s.spawn(move || {
                for line in stdout.lines() {
                    let answer = parse_answer(&line.expect("cannot read an answer"));
                    tx.send(answer).unwrap();
                }
                child.wait().expect("cannot wait for a worker");
            });
        }
    });
    drop(tx);
    rx.into_iter().collect()
}

