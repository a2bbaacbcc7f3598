//! Worker processes and rude connections for 14_distributed.
//!
//! The distributed exercises start their workers as real processes: the exercise's own program
//! started again, told by an environment variable that it is a worker (so no other program has
//! to exist). Under `cargo test` the program is the test harness, so the child is asked to run
//! only the test named `tests::child_entry`, which calls the worker's entry point.
//! [`ChildGuard`] kills and reaps a child when dropped, even when a test fails.
//!
//! A worker that dies does not always close its connection politely: a process killed with
//! unread data in its socket makes the kernel answer with a reset, and the server's next read
//! fails with an error instead of returning 0 bytes. [`take_then_reset`] plays such a worker.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Kills (if still running) and reaps the child when dropped, even if a test fails.
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// Starts this program again with `env` set. With `test_harness`, the child runs only the test
/// `tests::child_entry`. Its stdin and stderr are closed; its stdout is piped if `pipe_stdout`.
pub fn respawn(env: &[(&str, &str)], test_harness: bool, pipe_stdout: bool) -> ChildGuard {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    if test_harness {
        cmd.args(["tests::child_entry", "--exact", "--nocapture", "-q"]);
        cmd.arg("--test-threads=1");
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.stdin(Stdio::null()).stderr(Stdio::null());
    cmd.stdout(if pipe_stdout {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    ChildGuard(cmd.spawn().expect("could not start a worker process"))
}

/// A worker that sends `request` (a line), waits until the server's answer has arrived, and
/// then closes the connection WITHOUT reading it, so the server sees a reset, not a clean end.
/// Returns the answer it got (read with `peek`, so it stays unread).
pub fn take_then_reset(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_nodelay(true).unwrap();
    writeln!(stream, "{request}").unwrap();
    let mut buf = [0u8; 256];
    let mut seen = 0;
    while seen == 0 || buf[..seen].last() != Some(&b'\n') {
        seen = stream.peek(&mut buf).unwrap();
        if seen == 0 {
            panic!("the server closed the connection instead of answering {request:?}");
        }
        if buf[..seen].last() != Some(&b'\n') {
            std::thread::yield_now(); // half a line so far
        }
    }
    let answer = String::from_utf8_lossy(&buf[..seen]).trim().to_string();
    drop(stream); // unread data: the kernel resets the connection
    answer
}

/// Reads a whole line from `r` (helper for tests that read a child's stdout).
pub fn read_line(r: &mut impl Read) -> Option<String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        match r.read(&mut byte) {
            Ok(1) if byte[0] == b'\n' => return Some(String::from_utf8_lossy(&line).into()),
            Ok(1) => line.push(byte[0]),
            _ => return None,
        }
    }
}
