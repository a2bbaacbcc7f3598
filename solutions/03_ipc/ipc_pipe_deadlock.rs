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
// Make `shout` work for texts of any length, with the pipes as they are (making a pipe's buffer
// bigger only moves the limit): the writing and the reading must go on at the same time, which
// is what 02_threads was about. The child finishes only when its stdin is closed (it sees EOF),
// so whoever writes must close (drop) it when done. `ipc_child` in the support library starts
// this same program again as the child.

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

use mtlings_support::ipc_child;
use std::io::BufReader;
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

/// A running child that upper-cases what it reads. Its stdin and stdout are pipes.
pub struct Shouter {
    pub stdin: Option<ChildStdin>,
    pub stdout: BufReader<ChildStdout>,
    child: Child,
}

impl Shouter {
    pub fn spawn() -> Shouter {
        let mut child = ipc_child::command("shout", cfg!(test))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start the child process");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        ipc_child::skip_to_ready(&mut stdout);
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
        ipc_child::stop(&mut self.child); // never leave a child behind, even when a test fails
    }
}

/// If this process was started as a child, plays its role and exits.
fn run_as_child() {
    let Some(role) = ipc_child::role() else {
        return;
    };
    let mut out = std::io::stdout().lock();
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
        // 4.4 MB: four times the biggest pipe buffer Linux gives a process that asks for one
        // (`/proc/sys/fs/pipe-max-size`, 1 MiB), so no pipe is ever big enough to hold it.
        let text = "the quick brown fox jumps over the lazy dog 0123456789\n".repeat(80_000);
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
