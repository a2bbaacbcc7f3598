// ipc_pipe_deadlock.rs — A pipe holds only so much: write and read at the same time
//
// A child's stdin and stdout are pipes, and a pipe is a small buffer in the kernel (64 KiB on
// Linux, less on macOS). `write` blocks while the buffer is full, `read` blocks while it is empty.
// `shout` starts a child (this same program, run again) that reads text and writes it back in
// capitals as it goes. `shout` writes the WHOLE text first and reads the answer only afterwards.
// A short text fits in the pipes and works. With a long one the child fills its stdout pipe and
// blocks until somebody reads it, so it stops reading its stdin; the parent's `write_all` then
// blocks on the full stdin pipe. Each waits for the other, forever (mtlings' timeout stops it).
//
// Python has the same trap: `p.stdin.write(big); p.stdout.read()` hangs, and the docs tell you to
// use `p.communicate(big)`, which feeds stdin from a helper thread while it reads stdout. Rust's
// `Child::wait_with_output` only reads (it closes stdin first), so here you feed it yourself.
//
// Make `shout` work for texts of any length: write the child's stdin from another thread
// (`std::thread::scope` or `spawn`; 02_threads covers threads) while this thread reads the answer.
// The child finishes only when its stdin is closed (it sees EOF), so the writer must close
// (drop) it when it is done.

use std::io::{Read, Write};

/// Sends `text` through a child process that upper-cases it and returns the child's answer.
pub fn shout(text: &str) -> String {
    let mut child = Shouter::spawn();
    let mut stdin = child.stdin.take().expect("the child's stdin is piped");

    let mut answer = String::new();
    std::thread::scope(|s| {
        // Feed the child from another thread while this one reads: neither pipe can stay full.
        s.spawn(move || {
            stdin
                .write_all(text.as_bytes())
                .expect("writing to the child failed");
            drop(stdin); // close the child's stdin: it sees EOF and finishes
        });
        child
            .stdout
            .read_to_string(&mut answer)
            .expect("reading from the child failed");
    });
    child.wait();
    answer
}

// ---- Don't edit below this line. ----

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

const CHILD_ENV: &str = "MTLINGS_CHILD";
const READY: &str = "--mtlings-child-ready--";

/// A running child that upper-cases what it reads. Its stdin and stdout are pipes.
pub struct Shouter {
    pub stdin: Option<ChildStdin>,
    pub stdout: BufReader<ChildStdout>,
    child: Child,
}

impl Shouter {
    pub fn spawn() -> Shouter {
        let mut child = child_command("shout")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start the child process");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        skip_to_ready(&mut stdout);
        Shouter {
            stdin,
            stdout,
            child,
        }
    }

    /// Waits for the child to exit and checks that it succeeded.
    pub fn wait(&mut self) {
        let status = self.child.wait().expect("waiting for the child failed");
        assert!(status.success(), "the child failed: {status}");
    }
}

impl Drop for Shouter {
    fn drop(&mut self) {
        // Never leave a child behind, even when a test fails.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// This program again, told by an environment variable to play `role`. Under `cargo test` the
/// program is the test harness, so it is asked to run only `tests::child_entry`.
fn child_command(role: &str) -> Command {
    let exe = std::env::current_exe().expect("cannot find this program");
    let mut cmd = Command::new(exe);
    if cfg!(test) {
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd.env(CHILD_ENV, role);
    cmd
}

/// Skips whatever the child printed before it announced itself (the test harness' banner).
fn skip_to_ready(out: &mut impl BufRead) {
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

/// If this process was started as a child, plays its role and exits.
fn run_as_child() {
    let Ok(role) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").and_then(|_| out.flush()).ok();
    match role.as_str() {
        "shout" => {
            // Read a chunk, write it back in capitals, repeat until EOF.
            let mut input = std::io::stdin().lock();
            let mut buf = [0u8; 4096];
            loop {
                let n = match input.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                buf[..n].make_ascii_uppercase();
                if out.write_all(&buf[..n]).and_then(|_| out.flush()).is_err() {
                    break; // the parent went away
                }
            }
        }
        other => panic!("unknown child role {other:?}"),
    }
    std::process::exit(0);
}

fn main() {
    run_as_child();
    println!("{}", shout("hello from the parent process"));
    let long = "all work and no play makes jack a dull boy\n".repeat(5_000);
    let answer = shout(&long);
    println!("sent {} bytes, got {} bytes back", long.len(), answer.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Entry point of the child processes; does nothing in a normal test run.
    #[test]
    fn child_entry() {
        run_as_child();
    }

    #[test]
    fn short_text() {
        assert_eq!(shout("hello, pipes"), "HELLO, PIPES");
    }

    #[test]
    fn empty_text() {
        assert_eq!(shout(""), "", "an empty text should come back empty");
    }

    #[test]
    fn long_text_does_not_deadlock() {
        // 1 MiB: far more than a pipe can hold.
        let text = "the quick brown fox jumps over the lazy dog 0123456789\n".repeat(19_000);
        let answer = shout(&text);
        assert_eq!(
            answer.len(),
            text.len(),
            "expected {} bytes back, got {}",
            text.len(),
            answer.len()
        );
        assert!(
            answer == text.to_ascii_uppercase(),
            "the answer is not the text in capitals"
        );
    }
}
