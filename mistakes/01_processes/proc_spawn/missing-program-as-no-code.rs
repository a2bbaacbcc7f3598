// MISTAKE: a program that cannot start is reported as 'no exit code' instead of an error
// proc_spawn.rs — Start a child process and wait for its exit status
//
// A process can start another program: the new process is its CHILD. The parent does not stop
// while the child runs; the two run side by side, scheduled by the OS. To learn how the child
// ended, the parent WAITS for it: waiting blocks until the child exits and hands back its exit
// status (0 usually means success; the program chooses the number, e.g. `std::process::exit(3)`).
// On Unix a child can also be ended by a signal (a crash, `abort()`, `kill -9`): then it has no
// exit code at all, only the signal number.
//
// Python: `p = multiprocessing.Process(target=f); p.start(); p.join(); p.exitcode`, or
// `subprocess.run(...)`. Python's `Process` runs a function of the same program in the child;
// Rust's `std::process::Command` runs a program (here: this exercise's own binary again, told by
// an environment variable which role to play). `spawn()` is `start()`: it returns a `Child`
// handle at once, while the child is still running. A handle is not a result.
//
// Fix `run_child` so that it waits for the child and returns its exit code. It does not compile
// yet: the compiler's complaint is the lesson.

use std::io;
use std::process::{Command, ExitStatus};

/// Starts `cmd` as a child process, waits until it has ended and returns its exit code, or
/// `None` when the child was ended by a signal.
pub fn run_child(mut cmd: Command) -> io::Result<Option<i32>> {
    let Ok(mut child) = cmd.spawn() else {
        return Ok(None);
    };
    let status: ExitStatus = child.wait()?; // blocks until the child has exited
    Ok(status.code())
}

