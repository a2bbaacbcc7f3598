//! Worker processes for the process-pool capstone (used by 03_ipc's `ipc_pool`).
//!
//! A [`Worker`] is the exercise's own program run again (see [`crate::ipc_child`]): it reads one
//! job per line on its stdin, "ID X", answers "ID WORK(X) PID" on its stdout ([`work`] is the
//! job, [`parse_answer`] reads an answer back), and exits when its stdin is closed. [`serve`] is
//! that worker's main loop.
//!
//! For the tests, the workers also leave traces in a directory ([`watch`]): a worker marks
//! itself active from its first job until its stdin ends, and at that end notes how many
//! workers were active at once. A pool that runs its workers one after another never sees more
//! than one ([`most_active`]). [`cleanup`] kills and reaps any worker a test left behind.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::Mutex;

use crate::ipc_child;

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

/// A running worker process: send it jobs on `stdin`, read its answers from `stdout`, and wait
/// for `child` once it is done.
pub struct Worker {
    pub child: Child,
    pub stdin: ChildStdin,
    pub stdout: BufReader<ChildStdout>,
}

const TRACE_ENV: &str = "MTLINGS_POOL_TRACES";
static TRACES: Mutex<Option<PathBuf>> = Mutex::new(None);
static SPAWNED: Mutex<Vec<u32>> = Mutex::new(Vec::new());

impl Worker {
    /// Starts a worker. Pass `cfg!(test)` of the calling exercise (see `ipc_child::command`).
    pub fn spawn(under_test: bool) -> Worker {
        let mut cmd = ipc_child::command("worker", under_test);
        if let Some(dir) = &*TRACES.lock().unwrap_or_else(|e| e.into_inner()) {
            cmd.env(TRACE_ENV, dir);
        }
        let mut child = cmd
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
        ipc_child::skip_to_ready(&mut stdout);
        Worker {
            child,
            stdin,
            stdout,
        }
    }
}

/// From now on, workers started by this process leave their traces in `dir` (`None`: no more).
pub fn watch(dir: Option<&Path>) {
    *TRACES.lock().unwrap_or_else(|e| e.into_inner()) = dir.map(Path::to_path_buf);
}

/// The most workers that a worker saw active at once when its jobs ended, over all workers
/// that left traces in `dir`.
pub fn most_active(dir: &Path) -> usize {
    let mut most = 0;
    for entry in std::fs::read_dir(dir)
        .expect("cannot read the traces")
        .flatten()
    {
        if entry.file_name().to_string_lossy().starts_with("seen-") {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            most = most.max(text.trim().parse().unwrap_or(0));
        }
    }
    most
}

/// Kills and reaps every worker this process started that is still there (a zombie included).
pub fn cleanup() {
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

/// The worker's main loop: answers jobs until its stdin is closed, then exits the process.
pub fn serve() -> ! {
    let pid = std::process::id();
    let traces = std::env::var_os(TRACE_ENV).map(PathBuf::from);
    let active = traces.as_ref().map(|d| d.join(format!("active-{pid}")));
    let mut out = BufWriter::new(std::io::stdout().lock());
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
        if let Some(active) = active.as_ref().filter(|a| !a.exists()) {
            std::fs::write(active, "").expect("cannot leave a trace");
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
    if let (Some(dir), Some(active)) = (&traces, &active) {
        let others = std::fs::read_dir(dir).map_or(0, |entries| {
            let names = entries.flatten().map(|e| e.file_name());
            names
                .filter(|n| n.to_string_lossy().starts_with("active-"))
                .count()
        });
        std::fs::write(dir.join(format!("seen-{pid}")), others.to_string()).ok();
        std::fs::remove_file(active).ok();
    }
    out.flush().ok();
    std::process::exit(0);
}
