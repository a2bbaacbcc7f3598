//! Child processes for the IPC exercises (03_ipc): an exercise starts ITS OWN program again as
//! the child, told by an environment variable which role to play, so no outside tool is needed.
//!
//! Under `cargo test` the program is the test harness; the child is then asked to run only the
//! exercise's `tests::child_entry` test, which plays the role and exits. The harness prints a
//! banner first, so a child announces itself with a [`READY`] line and the parent skips
//! everything before it ([`skip_to_ready`]; [`Running::start`] does both). [`stop`] kills and
//! reaps a child that is still running, so a failing test never leaves one behind.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The environment variable that tells a child which role to play.
pub const ROLE_ENV: &str = "MTLINGS_CHILD";
/// The line a child prints when it starts playing its role.
pub const READY: &str = "--mtlings-child-ready--";

/// This program again, told to play `role`. Pass `cfg!(test)` of the calling exercise as
/// `under_test`: then the program is the test harness, and only `tests::child_entry` runs.
pub fn command(role: &str, under_test: bool) -> Command {
    let exe = std::env::current_exe().expect("cannot find this program");
    let mut cmd = Command::new(exe);
    if under_test {
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd.env(ROLE_ENV, role);
    cmd
}

/// The role this process was started to play, or `None` in the parent. A child announces
/// itself on stdout (the [`READY`] line) before this returns.
pub fn role() -> Option<String> {
    let role = std::env::var(ROLE_ENV).ok()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").and_then(|_| out.flush()).ok();
    Some(role)
}

/// Skips whatever the child printed before it announced itself (the test harness' banner).
pub fn skip_to_ready(out: &mut impl BufRead) {
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

/// A started child with its stdout piped to us; killed and reaped when dropped, if need be.
pub struct Running {
    pub child: Child,
    pub stdout: BufReader<ChildStdout>,
}

impl Running {
    /// Starts `cmd` with its stdout piped and waits until the child has announced itself.
    pub fn start(cmd: &mut Command) -> Running {
        let mut child = cmd
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start the child process");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        skip_to_ready(&mut stdout);
        Running { child, stdout }
    }

    /// Waits for the child to exit and checks that it succeeded.
    pub fn wait(&mut self) {
        let status = self.child.wait().expect("waiting for the child failed");
        assert!(status.success(), "the child failed: {status}");
    }

    /// Reads everything the child still prints, waits for it, and returns the text.
    pub fn finish(mut self) -> String {
        let mut text = String::new();
        self.stdout
            .read_to_string(&mut text)
            .expect("reading the child's answer failed");
        self.wait();
        text
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Kills and reaps `child` if it is still running (for `Drop`, so no child outlives a test).
pub fn stop(child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let _ = child.kill();
        let _ = child.wait();
    }
}
