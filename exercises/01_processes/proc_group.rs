// proc_group.rs — Children that outlive their parent (process groups)
//
// Unix only: process groups and signals are Unix ideas.
//
// A child process is not tied to its parent's life. When a parent dies, its children keep
// running: the OS hands them to a new parent (init, pid 1, or a "subreaper"), and nobody may be
// left who remembers to stop them. So killing a process you started stops THAT process only:
// whatever it started itself lives on.
//
// Python contrast: `multiprocessing.Process(daemon=True)` asks Python to terminate the child when
// the parent exits, and non-daemon children are joined at exit. Rust has no such flag: a child
// started with `std::process::Command` is an independent process. If you need "when I stop it,
// everything it started stops too", you arrange it yourself, the Unix way. Besides its pid, every
// process belongs to a PROCESS GROUP (its PGID), and the children it starts inherit that group.
// A signal can be sent to one pid, or to a whole group at once. Your test runs in a group of its
// own, with mtlings and whatever else it started; the crew should not be part of it.
//
// Here a "boss" process starts its own workers. `stop_crew` kills the boss, but the workers
// outlive it. Fix `start_crew` and `stop_crew` so that stopping the crew stops every worker, and
// still reaps the boss.

#![cfg_attr(not(unix), allow(dead_code, unused_imports))] // Unix-only exercise

use std::io;
#[cfg(unix)]
use std::os::unix::process::CommandExt; // gives `Command` Unix-only methods
use std::process::{Child, Command, Stdio};

/// Starts the boss (it starts its workers itself and prints "worker PID" for each).
#[cfg(unix)]
pub fn start_crew(mut boss: Command) -> io::Result<Child> {
    boss.stdout(Stdio::piped()).spawn()
}

/// Stops the boss and everything it started, and reaps the boss.
#[cfg(unix)]
pub fn stop_crew(boss: &mut Child) -> io::Result<()> {
    boss.kill()?;
    boss.wait()?;
    Ok(())
}

// ---- Don't edit below this line. ----

#[cfg(unix)]
use std::io::{BufRead, BufReader, Write};

#[cfg(unix)]
const ROLE: &str = "MTLINGS_PROC_GROUP_ROLE";

/// This program again, as a child: "boss N" starts N workers, prints their pids and waits
/// forever; "worker" waits forever.
#[cfg(unix)]
fn child(role: &str) -> Command {
    mtlings_support::proc_child::me_again(ROLE, role, cfg!(test))
}

#[cfg(unix)]
fn child_main(role: &str) -> ! {
    if let Some(n) = role.strip_prefix("boss ") {
        let mut out = io::stdout().lock();
        for _ in 0..n.parse().expect("worker count") {
            // The workers inherit the boss's stdout: the parent's pipe stays open while any of
            // them lives.
            let worker = child("worker")
                .stdin(Stdio::null())
                .spawn()
                .expect("spawn worker");
            writeln!(out, "worker {}", worker.id()).expect("write");
            out.flush().expect("flush");
            std::mem::forget(worker);
        }
    }
    loop {
        std::thread::park();
    }
}

/// Linux: adopt orphaned descendants, so that the killed workers become OUR zombies and we can
/// reap them (instead of leaving them to pid 1).
#[cfg(unix)]
fn adopt_orphans() {
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

/// Reads the workers' pids from the boss's stdout, and returns the rest of the stream.
#[cfg(unix)]
fn worker_pids(boss: &mut Child, n: usize) -> (Vec<u32>, BufReader<std::process::ChildStdout>) {
    let mut reader = BufReader::new(boss.stdout.take().expect("boss stdout must be piped"));
    let mut pids = Vec::new();
    let mut line = String::new();
    while pids.len() < n {
        line.clear();
        assert!(
            reader.read_line(&mut line).expect("read") > 0,
            "the boss stopped talking"
        );
        if let Some(pid) = line.trim().strip_prefix("worker ") {
            pids.push(pid.parse().expect("pid"));
        }
    }
    (pids, reader)
}

/// Reaps a dead worker if it was handed to us (Linux subreaper); harmless otherwise.
#[cfg(unix)]
fn reap(pid: u32) {
    unsafe {
        libc::waitpid(pid as libc::pid_t, std::ptr::null_mut(), 0);
    }
}

#[cfg(unix)]
fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        child_main(&role);
    }
    adopt_orphans();
    let mut boss = start_crew(child("boss 2")).expect("start");
    let (pids, mut rest) = worker_pids(&mut boss, 2);
    println!("boss {} started workers {pids:?}", boss.id());
    stop_crew(&mut boss).expect("stop");
    // End of file on the pipe: every process that held its write end is gone.
    let mut tail = String::new();
    let _ = std::io::Read::read_to_string(&mut rest, &mut tail);
    pids.iter().for_each(|&p| reap(p));
    println!("the boss and all its workers are gone");
}

#[cfg(not(unix))]
fn main() {
    println!("proc_group is Unix only (process groups and signals). Skipping.");
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Read;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            child_main(&role);
        }
    }

    /// Kills and reaps the boss and its workers when the test ends, even when it fails.
    struct Guard {
        boss: Child,
        workers: Vec<u32>,
    }
    impl Drop for Guard {
        fn drop(&mut self) {
            for &pid in &self.workers {
                unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
            }
            let _ = self.boss.kill();
            let _ = self.boss.wait();
            self.workers.iter().for_each(|&p| reap(p));
        }
    }

    fn crew_test(n: usize) {
        adopt_orphans();
        let boss = start_crew(child(&format!("boss {n}"))).expect("start_crew");
        let mut g = Guard {
            boss,
            workers: Vec::new(),
        };
        let (pids, mut rest) = worker_pids(&mut g.boss, n);
        g.workers = pids.clone();
        let boss_pid = g.boss.id();
        let group = unsafe { libc::getpgid(boss_pid as libc::pid_t) };
        assert!(
            group == boss_pid as libc::pid_t,
            "the boss {boss_pid} was started in process group {group}, the group of this test \
             (and of mtlings): no signal can reach the boss and its workers without hitting \
             this test too. The crew needs a group of its own, led by the boss"
        );

        stop_crew(&mut g.boss).expect("stop_crew");

        assert!(
            unsafe { libc::kill(boss_pid as libc::pid_t, 0) } != 0,
            "the boss {boss_pid} is still in the process table: kill it AND wait for it"
        );
        // The workers hold the write end of the boss's stdout pipe: it reaches end of file
        // exactly when the last of them has died.
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut tail = String::new();
            let _ = rest.read_to_string(&mut tail);
            let _ = tx.send(());
        });
        assert!(
            rx.recv_timeout(Duration::from_secs(2)).is_ok(),
            "the workers {pids:?} are still running after stop_crew: killing the boss does not \
             kill the processes it started"
        );
    }

    #[test]
    fn stopping_the_crew_stops_the_workers() {
        crew_test(3);
    }

    #[test]
    fn a_bigger_crew() {
        crew_test(6);
    }
}
