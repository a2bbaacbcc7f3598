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

    // Hand the jobs out round-robin: job i goes to worker i % n_workers.
    for (i, x) in inputs.iter().enumerate() {
        writeln!(workers[i % n_workers].stdin, "{i} {x}").expect("cannot send a job");
    }

    // Collect the answers, worker by worker.
    let mut answers = Vec::new();
    for worker in &mut workers {
        for line in (&mut worker.stdout).lines() {
            answers.push(parse_answer(&line.expect("cannot read an answer")));
        }
    }
    answers
}

// ---- Don't edit below this line. ----

use mtlings_support::ipc_child;
use mtlings_support::ipc_workers::{self, Answer, Worker, parse_answer};

/// Starts one worker process.
pub fn spawn_worker() -> Worker {
    Worker::spawn(cfg!(test))
}

fn main() {
    if ipc_child::role().is_some() {
        ipc_workers::serve(); // this process is a worker
    }
    // Like Python's `Pool()`: as many workers as the machine can run at once.
    let n = std::thread::available_parallelism().map_or(2, |n| n.get());
    let inputs: Vec<u64> = (1..=12).collect();
    for (x, a) in inputs.iter().zip(pool_map(n, &inputs)) {
        println!("work({x}) = {} (job {}, worker {})", a.value, a.id, a.pid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipc_workers::work;
    use std::collections::BTreeSet;
    use std::sync::Mutex;

    /// Entry point of the worker processes; does nothing in a normal test run.
    #[test]
    fn child_entry() {
        if ipc_child::role().is_some() {
            ipc_workers::serve();
        }
    }

    /// The tests run one at a time, and kill + reap any worker a test leaves behind.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    struct Cleanup;

    impl Drop for Cleanup {
        fn drop(&mut self) {
            ipc_workers::watch(None);
            ipc_workers::cleanup();
        }
    }

    fn check(n_workers: usize, inputs: &[u64]) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let _cleanup = Cleanup;
        let traces = tempfile::tempdir().expect("cannot create a temporary directory");
        ipc_workers::watch(Some(traces.path()));
        let answers = pool_map(n_workers, inputs);
        assert_eq!(answers.len(), inputs.len(), "expected one answer per input");
        for (i, (a, &x)) in answers.iter().zip(inputs).enumerate() {
            let expected = work(x);
            assert!(
                a.id == i && a.value == expected,
                "answers[{i}] should be job {i} with value work({x}) = {expected}, got job {} \
                 with value {}: the answers are not in input order",
                a.id,
                a.value
            );
        }
        let pids: BTreeSet<u32> = answers.iter().map(|a| a.pid).collect();
        let expected = n_workers.min(inputs.len());
        assert_eq!(
            pids.len(),
            expected,
            "expected the jobs to be spread over {expected} worker processes, saw {}",
            pids.len()
        );
        #[cfg(unix)]
        for &pid in &pids {
            // SAFETY: signal 0 only checks whether the process still exists.
            let exists = unsafe { libc::kill(pid as libc::pid_t, 0) } == 0;
            assert!(
                !exists,
                "worker {pid} was never waited for: it is still in the process table (a zombie)"
            );
        }
        if inputs.len() >= 10_000 {
            let most = ipc_workers::most_active(traces.path());
            assert!(
                most >= expected,
                "at most {most} of the {expected} workers were working at the same time: the \
                 pool ran its workers one after another"
            );
        }
    }

    #[test]
    fn a_few_jobs() {
        check(4, &[27, 1, 2, 3, 97, 871, 6171, 77031]);
    }

    #[test]
    fn more_jobs_than_a_pipe_holds() {
        // 30 000 jobs per worker: far more than their pipes hold.
        let inputs: Vec<u64> = (0..60_000u64).map(|i| i * 7919 % 1000 + 1).collect();
        check(2, &inputs);
    }

    #[test]
    fn three_workers_that_overlap() {
        let inputs: Vec<u64> = (0..30_000u64).map(|i| i * 104_729 % 5000 + 1).collect();
        check(3, &inputs);
    }

    #[test]
    fn one_worker() {
        check(1, &[5, 4, 3, 2, 1]);
    }
}
