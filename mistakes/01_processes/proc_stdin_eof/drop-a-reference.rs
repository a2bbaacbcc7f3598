// MISTAKE: drops a reference to the ChildStdin, which closes nothing: the child keeps waiting
// proc_stdin_eof.rs — A child that never hears "that's all"
//
// A parent can plug a PIPE into a child's standard input and another into its standard output,
// then talk to it like a filter program: write the input, read the output. A filter reads its
// input until END OF FILE, and a pipe reports end of file only when every write end of it has
// been CLOSED. Writing the last byte is not closing; flushing is not closing. As long as the
// parent keeps its write end open, the child waits for more input: it never finishes, so its
// output never ends either, and a parent reading "until the end" waits for it forever. The two
// processes are stuck waiting for each other.
//
// Python: `Popen(..., stdin=PIPE, stdout=PIPE)`: after `p.stdin.write(data)` you must call
// `p.stdin.close()` before `p.stdout.read()`; `p.communicate(data)` does both for you. Rust's
// `ChildStdin` has no `close` method: find out how its write end gets closed.
//
// As shipped, `shout` hangs and mtlings' timeout stops it. Make it finish. (Large inputs bring a
// second trap, a full pipe, which 03_ipc is about; here the texts are small.)

use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

/// Sends `text` to a child process that upper-cases its input, and returns everything the
/// child printed.
pub fn shout(mut upper: Command, text: &str) -> io::Result<String> {
    let mut child = upper.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
    child
        .stdin
        .as_mut()
        .expect("piped stdin")
        .write_all(text.as_bytes())?;
    drop(child.stdin.as_mut()); // close stdin
    let mut out = String::new();
    child
        .stdout
        .as_mut()
        .expect("piped stdout")
        .read_to_string(&mut out)?;
    child.wait()?;
    Ok(out)
}

