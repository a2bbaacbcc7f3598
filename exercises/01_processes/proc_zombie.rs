// proc_zombie.rs — Kill a child, then reap it (zombies)
//
// Unix only: zombies and signals are a Unix idea.
//
// `Child::kill` sends the child the signal SIGKILL, which ends it at once (on Unix it cannot be
// caught or ignored). But a dead child does not vanish: the kernel keeps a small entry for it in
// the process table, holding its exit status, until its parent collects that status by WAITING
// for it. Until then it is a ZOMBIE: terminated, but not reaped. `ps` shows it as `Z <defunct>`,
// and `/proc/PID/stat` on Linux has state `Z`. A zombie uses no CPU and no memory, but it keeps
// its pid, and a long-running parent that kills without waiting piles zombies up until the
// system runs out of pids. (If the parent itself exits, its zombies are adopted by init, which is
// supposed to reap them.)
//
// Python: `p.terminate()` / `p.kill()` then `p.join()`; `Popen.kill()` then `Popen.wait()`.
// Python's multiprocessing quietly reaps finished children whenever you start a new one or call
// `active_children()`. Rust never waits behind your back, and dropping a `Child` does not reap
// it either.
//
// Fix `stop` so that the child is gone from the process table when `stop` returns, every time.

#![cfg_attr(not(unix), allow(dead_code, unused_imports))] // Unix-only exercise

use std::io;
use std::process::Child;

/// Ends `child`, which might otherwise run forever, and leaves nothing of it behind.
pub fn stop(child: &mut Child) -> io::Result<()> {
    child.kill()?;
    Ok(())
}

// ---- Don't edit below this line. ----

#[cfg(unix)]
use std::process::{Command, Stdio};

#[cfg(unix)]
const ROLE: &str = "MTLINGS_PROC_ZOMBIE_ROLE";

/// This program again as a child: "forever" runs until killed; "exit" ends at once.
#[cfg(unix)]
fn child(role: &str) -> Command {
    let mut cmd = mtlings_support::proc_child::me_again(ROLE, role, cfg!(test));
    cmd.stdout(Stdio::null());
    cmd
}

#[cfg(unix)]
fn child_main(role: &str) -> ! {
    if role == "forever" {
        loop {
            std::thread::park();
        }
    }
    std::process::exit(0)
}

/// The process's state letter from `/proc/PID/stat` (Linux), or None if there is no such process.
#[cfg(unix)]
fn proc_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

/// Whether a process with this pid is still in the process table (alive OR a zombie).
#[cfg(unix)]
fn in_process_table(pid: u32) -> bool {
    // Signal 0 sends nothing; it only checks that the process exists. A zombie still exists.
    unsafe { libc::kill(pid as libc::pid_t, 0) == 0 }
}

#[cfg(unix)]
fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        child_main(&role);
    }
    let mut c = child("forever").spawn().expect("spawn");
    let pid = c.id();
    // Kill it WITHOUT waiting, and watch the kernel keep it as a zombie (Linux shows the state).
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
    if std::path::Path::new("/proc/self/stat").exists() {
        while proc_state(pid) != Some('Z') {
            std::thread::yield_now();
        }
        println!("killed, not waited: child {pid} is in state Z (a zombie)");
    }
    stop(&mut c).expect("stop");
    println!(
        "after stop: child {pid} in the process table: {}",
        in_process_table(pid)
    );
}

#[cfg(not(unix))]
fn main() {
    println!("proc_zombie is Unix only (signals and zombies). Skipping.");
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            child_main(&role);
        }
    }

    /// Kills and reaps the child when the test ends, even when it fails.
    struct Guard(Child);
    impl Drop for Guard {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn check_gone(pid: u32) {
        if !in_process_table(pid) {
            return;
        }
        match proc_state(pid) {
            Some('Z') => panic!(
                "child {pid} is a zombie after stop(): it is dead, but nobody collected its \
                 exit status, so the kernel keeps its entry (state Z in /proc/{pid}/stat)"
            ),
            state => panic!(
                "child {pid} is still alive after stop() (state {state:?} in /proc/{pid}/stat): \
                 a signal is delivered after kill() returns, and the child dies a moment later, \
                 so it was not dead yet when stop() looked at it"
            ),
        }
    }

    #[test]
    fn a_stopped_child_is_gone() {
        let mut g = Guard(child("forever").spawn().expect("spawn"));
        let pid = g.0.id();
        stop(&mut g.0).expect("stop");
        check_gone(pid);
        let status =
            g.0.try_wait()
                .unwrap()
                .expect("a reaped child has a status");
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "it was ended by SIGKILL"
        );
    }

    #[test]
    fn stopping_many_children_leaves_no_zombies() {
        let mut guards: Vec<Guard> = (0..4)
            .map(|_| Guard(child("forever").spawn().expect("spawn")))
            .collect();
        for g in &mut guards {
            let pid = g.0.id();
            stop(&mut g.0).expect("stop");
            check_gone(pid);
        }
    }

    #[test]
    fn stopping_a_child_that_already_ended() {
        let mut g = Guard(child("exit").spawn().expect("spawn"));
        let pid = g.0.id();
        stop(&mut g.0).expect("stopping an ended child is not an error");
        check_gone(pid);
    }
}
