// ipc_pool.rs — Capstone: a process pool with `map`
//
// Python's `Pool(4).map(f, inputs)` starts 4 worker processes once, hands every input to one of
// them, and returns the results IN INPUT ORDER, however the work was spread; `close()` + `join()`
// then ends the workers and reaps them (the seed notes insist: close the pool before you join it).
// Here you build that pool by hand. A worker (`Worker::spawn`, this program run again) reads one
// job per line on its stdin, "ID X", answers "ID WORK(X) PID" on its stdout, and exits when its
// stdin is closed.
//
// `pool_map` hands the jobs out round-robin, then reads the answers worker by worker. Everything
// you learned in this folder goes wrong in it at once (mtlings' timeout stops the hang):
// - the workers' stdin is never closed, so reading "until the end" never ends;
// - it writes every job before reading any answer: with many jobs the pipes fill up and the
//   parent and the workers wait for each other (`ipc_pipe_deadlock`);
// - the answers come back grouped by worker, not in input order;
// - no worker is ever waited for, so each one stays a zombie after it exits.
// Make `pool_map` return one answer per input, in input order, computed by exactly `n_workers`
// worker processes (each gets a share of the jobs; fewer only when there are fewer inputs), all
// of them reaped before it returns.

use std::io::{BufRead, Write};

/// Runs `work` on every input in a pool of `n_workers` worker processes. `answers[i]` is the
/// answer for `inputs[i]`.
pub fn pool_map(n_workers: usize, inputs: &[u64]) -> Vec<Answer> {
    let workers: Vec<Worker> = (0..n_workers).map(|_| Worker::spawn()).collect();
    let mut answers: Vec<Option<Answer>> = vec![None; inputs.len()];

    std::thread::scope(|s| {
        let mut readers = Vec::new();
        for (w, worker) in workers.into_iter().enumerate() {
            let Worker {
                mut child,
                stdin,
                stdout,
            } = worker;
            // A feeder thread per worker, so no pipe can fill up while nobody reads it.
            s.spawn(move || {
                let mut stdin = std::io::BufWriter::new(stdin);
                for (i, x) in inputs.iter().enumerate().skip(w).step_by(n_workers) {
                    writeln!(stdin, "{i} {x}").expect("cannot send a job");
                }
                stdin.flush().expect("cannot send a job");
                // `stdin` is dropped here: the worker sees EOF and exits.
            });
            // A reader thread per worker: read until EOF, then reap the worker.
            readers.push(s.spawn(move || {
                let got: Vec<Answer> = stdout
                    .lines()
                    .map(|line| parse_answer(&line.expect("cannot read an answer")))
                    .collect();
                child.wait().expect("cannot wait for a worker"); // no zombie left behind
                got
            }));
        }
        for reader in readers {
            for answer in reader.join().expect("a reader thread panicked") {
                let id = answer.id;
                answers[id] = Some(answer); // put each answer back in its input's place
            }
        }
    });

    answers
        .into_iter()
        .map(|a| a.expect("a job got no answer"))
        .collect()
}

// ---- Don't edit below this line. ----

use std::io::BufReader;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

const CHILD_ENV: &str = "MTLINGS_CHILD";
const READY: &str = "--mtlings-child-ready--";

/// The job: the number of Collatz steps from `x` down to 1.
pub fn work(mut x: u64) -> u64 {
    let mut steps = 0;
    while x > 1 {
        x = if x.is_multiple_of(2) {
            x / 2
        } else {
            3 * x + 1
        };
        steps += 1;
    }
    steps
}

/// One worker's answer to job `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub id: usize,
    pub value: u64,
    /// The process id of the worker that computed it.
    pub pid: u32,
}

/// Parses a worker's answer line, "ID VALUE PID".
pub fn parse_answer(line: &str) -> Answer {
    let parts: Vec<&str> = line.split_whitespace().collect();
    match parts[..] {
        [id, value, pid] => Answer {
            id: id.parse().expect("bad job id"),
            value: value.parse().expect("bad value"),
            pid: pid.parse().expect("bad pid"),
        },
        _ => panic!("not an answer: {line:?}"),
    }
}

/// A running worker process: send it jobs on `stdin`, read its answers from `stdout`, and wait for
/// `child` once it is done.
pub struct Worker {
    pub child: Child,
    pub stdin: ChildStdin,
    pub stdout: BufReader<ChildStdout>,
}

/// Every worker ever started, so the tests can clean up whatever is left.
static SPAWNED: Mutex<Vec<u32>> = Mutex::new(Vec::new());

impl Worker {
    pub fn spawn() -> Worker {
        let mut child = child_command("worker")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start a worker process");
        SPAWNED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(child.id());
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        skip_to_ready(&mut stdout);
        Worker {
            child,
            stdin,
            stdout,
        }
    }
}

/// This program again, told by an environment variable to play `role`. Under `cargo test` the
/// program is the test harness, so it is asked to run only `tests::child_entry`.
fn child_command(role: &str) -> Command {
    let exe = std::env::current_exe().expect("cannot find this program");
    let mut cmd = Command::new(exe);
    if cfg!(test) {
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd.env(CHILD_ENV, role);
    cmd
}

/// Skips whatever the child printed before it announced itself (the test harness' banner).
fn skip_to_ready(out: &mut impl BufRead) {
    let mut line = String::new();
    loop {
        line.clear();
        let n = out
            .read_line(&mut line)
            .expect("reading from the child failed");
        assert!(n > 0, "the child exited before it was ready");
        if line.trim_end() == READY {
            return;
        }
    }
}

/// If this process was started as a worker, answers jobs until its stdin is closed, then exits.
fn run_as_child() {
    let Ok(role) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").and_then(|_| out.flush()).ok();
    assert_eq!(role, "worker", "unknown child role");
    let pid = std::process::id();
    let mut out = std::io::BufWriter::new(out);
    let mut input = BufReader::new(std::io::stdin());
    let mut line = String::new();
    loop {
        // Send the answers so far before waiting for more jobs.
        if input.buffer().is_empty() && out.flush().is_err() {
            break; // the parent went away
        }
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let mut parts = line.split_whitespace();
        let (Some(id), Some(x)) = (parts.next(), parts.next()) else {
            panic!("not a job: {line:?}");
        };
        let x: u64 = x.parse().expect("not a number");
        if writeln!(out, "{id} {} {pid}", work(x)).is_err() {
            break;
        }
    }
    out.flush().ok();
    std::process::exit(0);
}

fn main() {
    run_as_child();
    let inputs: Vec<u64> = (1..=12).collect();
    for (x, a) in inputs.iter().zip(pool_map(3, &inputs)) {
        println!(
            "work({x}) = {} (job {}, worker pid {})",
            a.value, a.id, a.pid
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Entry point of the worker processes; does nothing in a normal test run.
    #[test]
    fn child_entry() {
        run_as_child();
    }

    /// The tests run one at a time, and kill + reap any worker a test leaves behind.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    struct Cleanup;

    impl Drop for Cleanup {
        fn drop(&mut self) {
            let pids: Vec<u32> = SPAWNED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .drain(..)
                .collect();
            #[cfg(unix)]
            for pid in pids {
                let pid = pid as libc::pid_t;
                let mut status = 0;
                // SAFETY: plain syscalls on our own children; 0 from WNOHANG = still running.
                unsafe {
                    if libc::waitpid(pid, &mut status, libc::WNOHANG) == 0 {
                        libc::kill(pid, libc::SIGKILL);
                        libc::waitpid(pid, &mut status, 0);
                    }
                }
            }
            #[cfg(not(unix))]
            let _ = pids;
        }
    }

    fn check(n_workers: usize, inputs: &[u64]) {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let _cleanup = Cleanup;
        let answers = pool_map(n_workers, inputs);
        assert_eq!(answers.len(), inputs.len(), "expected one answer per input");
        for (i, (a, &x)) in answers.iter().zip(inputs).enumerate() {
            let expected = work(x);
            assert!(
                a.id == i && a.value == expected,
                "answers[{i}] should be job {i} with value work({x}) = {}, got job {} with value \
                 {}: the answers are not in input order",
                expected,
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
        assert!(
            !pids.contains(&std::process::id()),
            "the jobs must run in the worker processes, not in the parent"
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
    }

    #[test]
    fn a_few_jobs() {
        check(4, &[27, 1, 2, 3, 97, 871, 6171, 77031]);
    }

    #[test]
    fn more_jobs_than_a_pipe_holds() {
        // 25 000 jobs per worker: far more than their pipes hold.
        let inputs: Vec<u64> = (0..50_000u64).map(|i| i * 7919 % 1000 + 1).collect();
        check(2, &inputs);
    }

    #[test]
    fn one_worker() {
        check(1, &[5, 4, 3, 2, 1]);
    }
}
