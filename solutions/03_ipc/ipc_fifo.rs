// ipc_fifo.rs — A FIFO is a pipe with a name, and opening it is a rendezvous
//
// Unix only: FIFOs ("named pipes") are a Unix feature; elsewhere this exercise only prints a note.
//
// The pipes of `ipc_pipe_deadlock` have no name: a child gets them from its parent when it is
// started, so only related processes can use them. A FIFO is a pipe that lives in the file system
// (`mkfifo`, Python's `os.mkfifo`): any process that knows the path can open it, one for reading
// and one for writing, and the bytes go straight from one to the other (nothing is stored on
// disk). The catch: opening one end BLOCKS until some process opens the other end. Python's
// `open(path, "w")` on a FIFO blocks exactly the same way.
//
// `fifo_sum` creates a FIFO in a temporary directory, opens it for writing, and starts the child
// that opens it for reading. The open waits for a reader that does not exist yet (mtlings'
// timeout stops it). Make the two ends meet. Keep the FIFO (the child checks that what it opens
// is one) and your end a plain write-only one; the child in the tests is slow to open its end,
// and everything it is sent must reach it.

#[cfg(unix)]
use std::fs::OpenOptions;
#[cfg(unix)]
use std::io::Write;
#[cfg(unix)]
use std::path::Path;

/// Sends `numbers` one per line through a FIFO to a child process, which adds them up.
/// Returns the child's answer: (how many numbers it read, their sum).
#[cfg(unix)]
pub fn fifo_sum(numbers: &[u64]) -> (usize, u64) {
    let dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let path = dir.path().join("numbers.fifo");
    make_fifo(&path);

    // Start the child that opens the reading end FIRST: opening our end waits until it does.
    let reader = FifoReader::spawn(&path);
    // Then open our end (the writing end) of the FIFO.
    let fifo = OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("cannot open the FIFO for writing");

    let mut fifo = std::io::BufWriter::new(fifo);
    for n in numbers {
        writeln!(fifo, "{n}").expect("writing to the FIFO failed");
    }
    drop(fifo); // close the writing end: the child reads EOF
    reader.answer()
}

/// Creates a FIFO at `path` (it must not exist yet).
#[cfg(unix)]
fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path has a NUL byte");
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    let rc = unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo failed: {}", std::io::Error::last_os_error());
}

// ---- Don't edit below this line. ----

#[cfg(unix)]
use mtlings_support::ipc_child::{self, Running};
#[cfg(unix)]
use std::io::{BufRead, BufReader};
#[cfg(unix)]
use std::process::Stdio;

#[cfg(unix)]
const FIFO_ENV: &str = "MTLINGS_FIFO";

/// A child process that opens the FIFO at a path for reading and adds up the numbers in it.
#[cfg(unix)]
pub struct FifoReader(Running);

#[cfg(unix)]
impl FifoReader {
    pub fn spawn(fifo: &Path) -> FifoReader {
        let mut cmd = ipc_child::command("fifo-reader", cfg!(test));
        FifoReader(Running::start(cmd.env(FIFO_ENV, fifo).stdin(Stdio::null())))
    }

    /// Waits for the child and returns what it read: (count, sum).
    pub fn answer(self) -> (usize, u64) {
        let text = self.0.finish();
        let mut parts = text.split_whitespace();
        match (parts.next(), parts.next(), parts.next()) {
            (Some("count"), Some(count), Some(sum)) => {
                (count.parse().unwrap(), sum.parse().unwrap())
            }
            _ => panic!("the child said: {}", text.trim()),
        }
    }
}

/// If this process was started as a child, plays its role and exits.
#[cfg(unix)]
fn run_as_child() {
    use std::os::unix::fs::FileTypeExt;
    let Some(role) = ipc_child::role() else {
        return;
    };
    let mut out = std::io::stdout(); // not locked: the watchdog below prints too
    assert_eq!(role, "fifo-reader", "unknown child role");
    let path = std::env::var_os(FIFO_ENV).expect("no FIFO path given");
    let is_fifo = std::fs::metadata(&path).is_ok_and(|m| m.file_type().is_fifo());
    if !is_fifo {
        writeln!(out, "{path:?} is not a FIFO").ok();
    } else {
        // A slow reader: it opens its end only a while after it started.
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::thread::spawn(|| {
            // A watchdog: `open` below blocks until a writer has the other end open.
            std::thread::sleep(std::time::Duration::from_millis(1500));
            println!(
                "the reader waited in `open` for 1.5 s and no writer came: the writer had \
                 written and closed its end before the reader opened the FIFO, and a FIFO keeps \
                 nothing once both ends are closed"
            );
            std::process::exit(0);
        });
        let fifo = std::fs::File::open(&path).expect("cannot open the FIFO for reading");
        let (mut count, mut sum) = (0usize, 0u64);
        for line in BufReader::new(fifo).lines() {
            let line = line.expect("reading the FIFO failed");
            count += 1;
            sum += line.trim().parse::<u64>().expect("not a number");
        }
        writeln!(out, "count {count} {sum}").ok();
    }
    out.flush().ok();
    std::process::exit(0);
}

#[cfg(unix)]
fn main() {
    run_as_child();
    let (count, sum) = fifo_sum(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    println!("the child read {count} numbers from the FIFO, sum {sum}");
}

#[cfg(not(unix))]
fn main() {
    println!("ipc_fifo is Unix only (FIFOs are a Unix feature): nothing to do on this platform.");
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Entry point of the child processes; does nothing in a normal test run.
    #[test]
    fn child_entry() {
        run_as_child();
    }

    #[test]
    fn a_few_numbers() {
        assert_eq!(fifo_sum(&[5, 10, 27]), (3, 42));
    }

    #[test]
    fn no_numbers() {
        assert_eq!(
            fifo_sum(&[]),
            (0, 0),
            "with nothing written the child reads nothing"
        );
    }

    #[test]
    fn more_than_a_pipe_holds() {
        let numbers: Vec<u64> = (1..=100_000).collect();
        let expected: u64 = numbers.iter().sum();
        assert_eq!(
            fifo_sum(&numbers),
            (100_000, expected),
            "the child should read every number"
        );
    }
}
