// proc_graceful_stop.rs — Ask first, then insist (SIGTERM, a grace period, SIGKILL)
//
// Unix only: signals are a Unix idea.
//
// SIGKILL ends a process at once, and that is its flaw: the process gets no chance to finish
// what it was doing, to flush a file, to remove a lock file, to tell its own children to stop.
// So a well-behaved parent (a service manager, `docker stop`) stops a child in two steps: first
// it ASKS, with SIGTERM, which a program may catch to clean up and exit; then, if the child is
// still running when a grace period is over, SIGKILL. Either way it collects the exit status.
// (Ctrl-C in a terminal is the same kind of request: SIGINT to the foreground process group.)
//
// Python: `p.terminate()` (SIGTERM), `p.join(timeout)`, then `p.kill()` if `p.is_alive()`.
// Rust's `Child::kill` is only the second step, and std has no "wait at most this long" for a
// child.
//
// `stop_gently` kills at once. Make it ask first, give the child up to `grace` to end by itself
// (returning as soon as it has), and only then insist. Either way leave no zombie behind.

#![cfg_attr(not(unix), allow(dead_code, unused_imports))] // Unix-only exercise

use std::io;
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The child ended within the grace period, with this status.
    Stopped(ExitStatus),
    /// The child was still running when the grace period was over, and was killed.
    Killed,
}

/// Stops `child`: politely first, by force after `grace`; collects its exit status.
#[cfg(unix)]
pub fn stop_gently(child: &mut Child, grace: Duration) -> io::Result<Ending> {
    // Ask first: SIGTERM can be caught, so the child may clean up and exit by itself.
    if unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            return Ok(Ending::Stopped(status)); // it ended (and try_wait reaped it)
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    // Then insist, and still collect the status.
    child.kill()?;
    child.wait()?;
    Ok(Ending::Killed)
}

// ---- Don't edit below this line. ----

#[cfg(unix)]
use mtlings_support::proc_child::{me_again, play};

#[cfg(unix)]
const ROLE: &str = "MTLINGS_PROC_GRACEFUL_ROLE";

#[cfg(unix)]
fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        play(&role);
    }
    let mut child = me_again(ROLE, "hang", false).spawn().expect("spawn");
    let ending = stop_gently(&mut child, Duration::from_secs(2)).expect("stop");
    println!("a child that does not catch SIGTERM: {ending:?}");
}

#[cfg(not(unix))]
fn main() {
    println!("proc_graceful_stop is Unix only (signals). Skipping.");
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use mtlings_support::proc_gate::{GATE_VAR, Gate, reaped};
    use std::os::unix::process::ExitStatusExt;
    use std::sync::mpsc;

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            play(&role);
        }
    }

    /// Only turns a stalled test into a failure.
    const PATIENCE: Duration = Duration::from_secs(2);

    /// Starts a gated child and returns once it reported that its signal handling is in place,
    /// with the gate (moved to a thread that lets the child finish its clean-up when it asks).
    fn start(role: &str) -> (Child, std::thread::JoinHandle<bool>) {
        let mut gate = Gate::new();
        let mut cmd = me_again(ROLE, role, cfg!(test));
        let child = cmd.env(GATE_VAR, gate.addr()).spawn().expect("spawn");
        let (ready_tx, ready) = mpsc::channel();
        let helper = std::thread::spawn(move || {
            let ok = gate.arrival(PATIENCE) == Some(0);
            gate.release(0);
            let _ = ready_tx.send(ok);
            // Tag 1: the child caught SIGTERM and is cleaning up; let it finish.
            let asked = gate.arrival(PATIENCE) == Some(1);
            gate.release(1);
            asked
        });
        assert!(ready.recv().unwrap(), "the child did not start");
        (child, helper)
    }

    #[test]
    fn a_child_that_cleans_up_is_let_finish() {
        let (mut child, helper) = start("polite 3");
        let ending = stop_gently(&mut child, Duration::from_secs(60)).unwrap();
        let caught_term = helper.join().unwrap();
        assert!(
            caught_term,
            "the child never heard a request to stop (SIGTERM): it was ended without warning"
        );
        let status = match ending {
            Ending::Stopped(status) => status,
            Ending::Killed => {
                panic!("the child was cleaning up, and was killed before it was done")
            }
        };
        assert_eq!(
            status.code(),
            Some(3),
            "the child exits with code 3 once it has cleaned up"
        );
        assert!(reaped(child.id()), "the child must be waited for");
    }

    #[test]
    fn a_child_that_ignores_the_request_is_killed_after_the_grace_period() {
        let (mut child, _helper) = start("deaf");
        let ending = stop_gently(&mut child, Duration::from_millis(200)).unwrap();
        assert_eq!(
            ending,
            Ending::Killed,
            "this child ignores SIGTERM; after the grace period it must be killed"
        );
        assert!(
            reaped(child.id()),
            "child {} was killed but never waited for: it stays a zombie",
            child.id()
        );
    }

    #[test]
    fn a_child_that_does_not_catch_sigterm_ends_at_the_request() {
        let mut child = me_again(ROLE, "hang", cfg!(test)).spawn().expect("spawn");
        let ending = stop_gently(&mut child, Duration::from_secs(60)).unwrap();
        let Ending::Stopped(status) = ending else {
            panic!("a child that does not catch SIGTERM is ended by it: no need to kill it")
        };
        assert_eq!(
            status.signal(),
            Some(libc::SIGTERM),
            "it was ended by SIGTERM"
        );
        assert!(reaped(child.id()), "the child must be waited for");
    }
}
