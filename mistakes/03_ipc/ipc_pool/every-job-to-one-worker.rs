// MISTAKE: n workers are started, but every job goes to the first one; the others only idle
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
    let mut workers: Vec<Worker> = (0..n_workers).map(|_| spawn_worker()).collect();
    let mut answers: Vec<Option<Answer>> = vec![None; inputs.len()];
    let first = workers.remove(0);
    for mut idle in workers {
        drop(idle.stdin);
        idle.child.wait().expect("cannot wait for a worker");
    }
    let Worker {
        mut child,
        stdin,
        stdout,
    } = first;
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut stdin = std::io::BufWriter::new(stdin);
            for (i, x) in inputs.iter().enumerate() {
                writeln!(stdin, "{i} {x}").expect("cannot send a job");
            }
            stdin.flush().expect("cannot send a job");
        });
        for line in stdout.lines() {
            let answer = parse_answer(&line.expect("cannot read an answer"));
            let id = answer.id;
            answers[id] = Some(answer);
        }
    });
    child.wait().expect("cannot wait for a worker");
    answers.into_iter().map(|a| a.expect("a job got no answer")).collect()
}

