// MISTAKE: signals the group numbered by the boss's pid without ever making the boss lead a group
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
    // One signal to the whole group (its id is the boss's pid): the boss and every worker.
    if unsafe { libc::killpg(boss.id() as libc::pid_t, libc::SIGKILL) } != 0 {
        return Err(io::Error::last_os_error());
    }
    boss.wait()?;
    Ok(())
}

