// MISTAKE: a scoped thread writes while this one reads, but it only borrows stdin, so the child never sees EOF
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
        s.spawn(|| {
            stdin
                .write_all(text.as_bytes())
                .expect("writing to the child failed");
        });
        child
            .stdout
            .read_to_string(&mut answer)
            .expect("reading from the child failed");
    });
    child.wait();
    answer
}

