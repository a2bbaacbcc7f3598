// ipc_file_lock.rs — A lock between processes: `flock`
//
// Unix only: `flock` is a Unix call; elsewhere this exercise only prints a note.
//
// The seed notes warn that processes asking for the same resource at once make a mess, and that
// processes need their own kind of lock: a `threading.Lock` lives in one process's memory, so
// Python offers `multiprocessing.Lock`. On Unix, a simple lock that any number of processes can
// share is a lock on a file: `flock(fd, LOCK_EX)` waits until no other process holds the lock on
// that file, `flock(fd, LOCK_UN)` releases it (and the system releases it anyway if the process
// dies). `FileLock` below wraps that the Rust way: `FileLock::lock` takes the lock and returns a
// guard, and the guard's `Drop` releases it, on every path out of the scope, panics included
// (Python's `with lock:`, or `try: ... finally: lock.release()` from the seed notes).
//
// Several child processes (this program, run again) each append 50 records to one log file. A
// record is three lines, written by three separate `write` calls, so without a lock the records
// of different processes interleave. Make `append_record` hold the lock while it writes a record.
// Careful: a guard that is not kept in a variable is dropped at once.

#[cfg(unix)]
use std::fs::File;

/// Appends one record (three lines) to the shared log.
#[cfg(unix)]
pub fn append_record(log: &File, id: &str) {
    // A named guard lives to the end of the function: all three writes happen under the lock.
    let _lock = FileLock::lock(log);
    write_part(log, &format!("BEGIN {id}\n"));
    write_part(log, &format!("  the body of record {id}\n"));
    write_part(log, &format!("END {id}\n"));
}

/// An exclusive lock on a file, shared by every process that opens the file; released on drop.
#[cfg(unix)]
pub struct FileLock<'a> {
    file: &'a File,
}

#[cfg(unix)]
impl<'a> FileLock<'a> {
    /// Waits until no other process holds the lock, then takes it.
    pub fn lock(file: &'a File) -> FileLock<'a> {
        use std::os::fd::AsRawFd;
        // SAFETY: `flock` on a file descriptor we own for the lifetime of the guard.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert_eq!(rc, 0, "flock failed: {}", std::io::Error::last_os_error());
        FileLock { file }
    }
}

#[cfg(unix)]
impl Drop for FileLock<'_> {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: as above.
        unsafe { libc::flock(self.file.as_raw_fd(), libc::LOCK_UN) };
    }
}

// ---- Don't edit below this line. ----

#[cfg(unix)]
use std::io::{BufRead, BufReader, Read, Write};
#[cfg(unix)]
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::process::{Child, ChildStdout, Command, Stdio};
#[cfg(unix)]
use std::sync::OnceLock;
#[cfg(unix)]
use std::sync::atomic::{AtomicUsize, Ordering};

#[cfg(unix)]
const CHILD_ENV: &str = "MTLINGS_CHILD";
#[cfg(unix)]
const LOG_ENV: &str = "MTLINGS_LOG";
#[cfg(unix)]
const READY: &str = "--mtlings-child-ready--";

pub const WRITERS: usize = 4;
pub const RECORDS: usize = 50;

/// The log's path (in a child), and how many parts were written while nobody held the lock.
#[cfg(unix)]
static LOG_PATH: OnceLock<PathBuf> = OnceLock::new();
#[cfg(unix)]
static UNLOCKED_WRITES: AtomicUsize = AtomicUsize::new(0);

/// Writes one part of a record with a single `write` call. Before writing, it checks (with a
/// second, non-blocking attempt on the file) whether somebody holds the lock right now.
#[cfg(unix)]
pub fn write_part(mut log: &File, text: &str) {
    use std::os::fd::AsRawFd;
    if let Some(path) = LOG_PATH.get() {
        let probe = File::open(path).expect("cannot open the log");
        // SAFETY: non-blocking `flock` calls on a file we just opened.
        unsafe {
            if libc::flock(probe.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 {
                libc::flock(probe.as_raw_fd(), libc::LOCK_UN);
                UNLOCKED_WRITES.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
    log.write_all(text.as_bytes())
        .expect("cannot write to the log");
}

#[cfg(unix)]
#[derive(Debug)]
pub struct Outcome {
    /// The log's lines.
    pub lines: Vec<String>,
    /// How many record parts were written while the lock was free, summed over the writers.
    pub unlocked_writes: usize,
}

/// Runs WRITERS child processes that each append RECORDS records to one log.
#[cfg(unix)]
pub fn run_writers() -> Outcome {
    let dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let path = dir.path().join("shared.log");
    File::create_new(&path).expect("cannot create the log");
    let writers: Vec<Writer> = (0..WRITERS).map(|_| Writer::spawn(&path)).collect();
    let unlocked_writes = writers.into_iter().map(Writer::finish).sum();
    let mut text = String::new();
    File::open(&path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .expect("cannot read the log");
    Outcome {
        lines: text.lines().map(str::to_string).collect(),
        unlocked_writes,
    }
}

#[cfg(unix)]
struct Writer {
    stdout: BufReader<ChildStdout>,
    child: Child,
}

#[cfg(unix)]
impl Writer {
    fn spawn(log: &Path) -> Writer {
        let mut child = child_command("writer")
            .env(LOG_ENV, log)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start a writer process");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        skip_to_ready(&mut stdout);
        Writer { stdout, child }
    }

    /// Waits for the writer and returns how many parts it wrote while the lock was free.
    fn finish(mut self) -> usize {
        let mut text = String::new();
        self.stdout
            .read_to_string(&mut text)
            .expect("reading the writer's answer failed");
        let status = self.child.wait().expect("waiting for a writer failed");
        assert!(status.success(), "a writer failed: {status}");
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("the writer said: {}", text.trim()))
    }
}

#[cfg(unix)]
impl Drop for Writer {
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
#[cfg(unix)]
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
#[cfg(unix)]
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

/// If this process was started as a writer, appends its records and exits.
#[cfg(unix)]
fn run_as_child() {
    let Ok(role) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").and_then(|_| out.flush()).ok();
    assert_eq!(role, "writer", "unknown child role");
    let path = PathBuf::from(std::env::var_os(LOG_ENV).expect("no log given"));
    let log = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("cannot open the log");
    LOG_PATH.set(path).expect("set once");
    let pid = std::process::id();
    for i in 0..RECORDS {
        append_record(&log, &format!("{pid}-{i}"));
    }
    writeln!(out, "{}", UNLOCKED_WRITES.load(Ordering::SeqCst)).ok();
    out.flush().ok();
    std::process::exit(0);
}

/// Checks that the log is made of whole records; returns how many, or what is wrong.
#[cfg(unix)]
pub fn check_records(lines: &[String]) -> Result<usize, String> {
    let mut records = 0;
    for (n, chunk) in lines.chunks(3).enumerate() {
        let id = chunk[0].strip_prefix("BEGIN ").unwrap_or("?");
        let expected = [
            format!("BEGIN {id}"),
            format!("  the body of record {id}"),
            format!("END {id}"),
        ];
        if chunk != expected {
            return Err(format!(
                "record {n} is mixed up with another process's lines: {chunk:?}"
            ));
        }
        records += 1;
    }
    Ok(records)
}

#[cfg(unix)]
fn main() {
    run_as_child();
    let outcome = run_writers();
    println!(
        "{WRITERS} processes wrote {} lines; the first record:",
        outcome.lines.len()
    );
    for line in outcome.lines.iter().take(3) {
        println!("{line}");
    }
    println!(
        "{:?}",
        check_records(&outcome.lines).map(|n| format!("{n} whole records"))
    );
}

#[cfg(not(unix))]
fn main() {
    println!("ipc_file_lock is Unix only (it uses flock): nothing to do on this platform.");
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Entry point of the writer processes; does nothing in a normal test run.
    #[test]
    fn child_entry() {
        run_as_child();
    }

    #[test]
    fn records_are_written_under_the_lock() {
        let outcome = run_writers();
        assert_eq!(
            outcome.unlocked_writes, 0,
            "{} record parts were written while no process held the lock on the log",
            outcome.unlocked_writes
        );
        assert_eq!(
            outcome.lines.len(),
            WRITERS * RECORDS * 3,
            "expected {} lines in the log",
            WRITERS * RECORDS * 3
        );
        assert_eq!(check_records(&outcome.lines), Ok(WRITERS * RECORDS));
    }

    #[test]
    fn the_lock_is_released() {
        // After the writers are done, nobody may still hold the lock.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.log");
        let file = File::create_new(&path).unwrap();
        append_record(&file, "x");
        append_record(&file, "y");
        let other = File::open(&path).unwrap();
        use std::os::fd::AsRawFd;
        // SAFETY: non-blocking `flock` calls on a file we just opened.
        let rc = unsafe { libc::flock(other.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        assert_eq!(rc, 0, "the lock is still held after append_record returned");
    }
}
