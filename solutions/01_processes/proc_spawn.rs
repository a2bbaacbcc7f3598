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
    let mut child = cmd.spawn()?;
    let status: ExitStatus = child.wait()?; // blocks until the child has exited
    Ok(status.code())
}

// ---- Don't edit below this line. ----

const ROLE: &str = "MTLINGS_PROC_SPAWN_ROLE";

/// A command that runs this program again as a child with the given role:
/// "exit N" exits with code N, "abort" aborts (ended by the signal SIGABRT on Unix).
fn child(role: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.env(ROLE, role);
    if cfg!(test) {
        // Under `cargo test` this program is the test harness: run only the hidden entry test
        // (and keep the harness's chatter out of the test output).
        cmd.stdout(std::process::Stdio::null());
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd
}

fn child_main(role: &str) -> ! {
    match role.split_once(' ') {
        Some(("exit", n)) => std::process::exit(n.parse().expect("exit code")),
        _ => std::process::abort(),
    }
}

fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        child_main(&role);
    }
    for role in ["exit 0", "exit 3"] {
        let code = run_child(child(role)).expect("spawn");
        println!("child `{role}` ended with exit code {code:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            child_main(&role);
        }
    }

    #[test]
    fn success_is_zero() {
        assert_eq!(run_child(child("exit 0")).unwrap(), Some(0));
    }

    #[test]
    fn the_childs_own_exit_code() {
        for code in [1, 3, 42] {
            assert_eq!(
                run_child(child(&format!("exit {code}"))).unwrap(),
                Some(code),
                "the child called exit({code}); did you wait for it to end?"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_signal_leaves_no_exit_code() {
        assert_eq!(
            run_child(child("abort")).unwrap(),
            None,
            "a child ended by a signal has no exit code"
        );
    }

    #[test]
    fn a_missing_program_is_an_error() {
        let cmd = Command::new("/this/program/does/not/exist");
        assert!(
            run_child(cmd).is_err(),
            "starting a missing program must be an error, not an exit code"
        );
    }
}
