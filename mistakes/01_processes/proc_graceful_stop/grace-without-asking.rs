// MISTAKE: gives the child a grace period, but never asks it to stop
// proc_graceful_stop.rs — Ask first, then insist (SIGTERM, a grace period, SIGKILL)
//
// Unix only: signals are a Unix idea.
//
// SIGKILL ends a process at once, and that is its flaw: the process gets no chance to finish
// what it was doing, to flush a file, to remove a lock file, to tell its own children to stop.
// So a well-behaved parent (a service manager, `docker stop`, Kubernetes) stops a child in two
// steps: first it ASKS, with SIGTERM, which a program may catch to clean up and exit; then it
// gives the child a grace period; only a child still running when the grace period is over
// gets SIGKILL, which cannot be caught. Either way the parent then collects the exit status.
// Ctrl-C in a terminal is the same kind of request: it sends SIGINT to the foreground group.
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

