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
    let mut out = String::new();
    child
        .stdout
        .as_mut()
        .expect("piped stdout")
        .read_to_string(&mut out)?;
    child.wait()?;
    Ok(out)
}

// ---- Don't edit below this line. ----

const ROLE: &str = "MTLINGS_PROC_STDIN_EOF_ROLE";

/// This program again, as the upper-casing filter.
fn upper() -> Command {
    mtlings_support::proc_child::me_again(ROLE, "upper", cfg!(test))
}

/// The filter: copies stdin to stdout in upper case, line by line, until end of file.
fn child_main() -> ! {
    let mut out = io::stdout().lock();
    for line in io::stdin().lines() {
        let line = line.expect("read stdin");
        writeln!(out, "{}", line.to_uppercase()).expect("write stdout");
        out.flush().expect("flush");
    }
    std::process::exit(0)
}

fn main() {
    if std::env::var(ROLE).is_ok() {
        child_main();
    }
    let out = shout(upper(), "the child reads until\nits input is closed\n").expect("shout");
    print!("{out}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a real test: the body of the child process (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if std::env::var(ROLE).is_ok() {
            child_main();
        }
    }

    /// Under `cargo test` the child is the test harness, which prints a "running 1 test" line
    /// before the filter starts; drop it.
    fn filtered(out: &str) -> &str {
        match out.find("running 1 test\n") {
            Some(i) => &out[i + "running 1 test\n".len()..],
            None => out,
        }
    }

    #[test]
    fn one_line() {
        let out = shout(upper(), "hello\n").unwrap();
        assert_eq!(filtered(&out), "HELLO\n");
    }

    #[test]
    fn several_lines() {
        let text = "a child\nsees end of file\nonly when stdin is closed\n";
        let out = shout(upper(), text).unwrap();
        assert_eq!(filtered(&out), text.to_uppercase());
    }

    #[test]
    fn nothing_to_say() {
        let out = shout(upper(), "").unwrap();
        assert_eq!(filtered(&out), "");
    }
}
