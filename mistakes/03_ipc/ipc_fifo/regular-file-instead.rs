// MISTAKE: a plain file instead of a FIFO: nothing to wait for, but it is not a pipe
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
// `fifo_sum` creates a FIFO in a temporary directory, then opens it for writing, and only then
// starts the child that would open it for reading. The open waits for a reader that is never
// started (mtlings' timeout stops it). Reorder `fifo_sum` so that both ends can meet. Keep the
// FIFO: the child checks that what it opens is one.

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
    std::fs::File::create(&path).expect("cannot create the file");

    // Open our end (the writing end) of the FIFO...
    let fifo = OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("cannot open the FIFO for writing");
    // ...and start the child that opens the reading end.
    let reader = FifoReader::spawn(&path);

    let mut fifo = std::io::BufWriter::new(fifo);
    for n in numbers {
        writeln!(fifo, "{n}").expect("writing to the FIFO failed");
    }
    drop(fifo); // close the writing end: the child reads EOF
    reader.answer()
}

/// Creates a FIFO at `path` (it must not exist yet).
#[cfg(unix)]
#[allow(dead_code)]
fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path has a NUL byte");
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    let rc = unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo failed: {}", std::io::Error::last_os_error());
}

