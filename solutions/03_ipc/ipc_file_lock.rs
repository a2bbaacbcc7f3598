// ipc_file_lock.rs — A lock between processes: `flock`
//
// Unix only: `flock` is a Unix call; elsewhere this exercise only prints a note.
//
// Processes that write to the same resource at once make a mess of it, and they need their own
// kind of lock: a `threading.Lock` lives in one process's memory, so Python offers
// `multiprocessing.Lock`, and a Rust `Mutex` in one process is just as invisible to the others.
// On Unix, a simple lock that any number of processes can share is a lock on a file:
// `flock(fd, LOCK_EX)` waits until no other process holds the lock on that file, and
// `flock(fd, LOCK_UN)` releases it (the system releases it anyway if the process dies).
// `FileLock` (from `ipc_flock` in the support library) wraps that the Rust way: `FileLock::lock` takes the lock and returns
// a guard, and the guard's `Drop` releases it, on every path out of its scope, panics included
// (Python's `with lock:`, or `try: ... finally: lock.release()`).
//
// Several child processes (this program, run again, all started at once) each append 50 records
// to one log file. A record is three lines, written by three separate `write` calls, so without
// a lock the records of different processes interleave. Make `append_record` write each record
// as one piece that no other process can break into, and release the lock once it is written.
// Mind how long a guard lives.

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

// ---- Don't edit below this line. ----

#[cfg(unix)]
use mtlings_support::{ipc_child, ipc_flock, ipc_flock::FileLock};
#[cfg(unix)]
use std::io::{BufRead, BufReader, Read, Write};
#[cfg(unix)]
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
#[cfg(unix)]
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

pub const WRITERS: usize = 4;
pub const RECORDS: usize = 50;

/// What a writer process counts: the number of locks taken when the record being written
/// began, parts written while nobody held the lock, and records not written under one guard.
#[cfg(unix)]
static BEGAN_AT: AtomicUsize = AtomicUsize::new(0);
#[cfg(unix)]
static UNLOCKED: AtomicUsize = AtomicUsize::new(0);
#[cfg(unix)]
static SPLIT: AtomicUsize = AtomicUsize::new(0);

/// Writes one part of a record with a single `write` call, after checking whether somebody
/// holds the lock right now and whether this record is still under the guard it began with.
#[cfg(unix)]
pub fn write_part(mut log: &File, text: &str) {
    if std::env::var_os("MTLINGS_LOG").is_some_and(|p| !ipc_flock::is_locked(p.as_ref())) {
        UNLOCKED.fetch_add(1, SeqCst);
    }
    if text.starts_with("BEGIN") {
        BEGAN_AT.store(ipc_flock::taken(), SeqCst);
    } else if text.starts_with("END")
        && (ipc_flock::held() == 0 || ipc_flock::taken() != BEGAN_AT.load(SeqCst))
    {
        SPLIT.fetch_add(1, SeqCst);
    }
    log.write_all(text.as_bytes())
        .expect("cannot write to the log");
    std::thread::yield_now(); // let another writer try to get in
}

/// Starts WRITERS child processes, lets them all go at once, and returns the log's lines and
/// what the writers counted: (lines, parts written unlocked, records split).
#[cfg(unix)]
pub fn run_writers() -> (Vec<String>, usize, usize) {
    let dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let path = dir.path().join("shared.log");
    File::create_new(&path).expect("cannot create the log");
    let mut writers: Vec<Writer> = (0..WRITERS).map(|_| Writer::spawn(&path)).collect();
    for w in &mut writers {
        writeln!(w.stdin, "go").expect("cannot start a writer"); // all of them, at once
    }
    let counts: Vec<(usize, usize)> = writers.into_iter().map(Writer::finish).collect();
    let text = std::fs::read_to_string(&path).expect("cannot read the log");
    let lines = text.lines().map(str::to_string).collect();
    let sum = |f: fn(&(usize, usize)) -> usize| counts.iter().map(f).sum();
    (lines, sum(|c| c.0), sum(|c| c.1))
}

#[cfg(unix)]
struct Writer {
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    child: Child,
}

#[cfg(unix)]
impl Writer {
    fn spawn(log: &std::path::Path) -> Writer {
        let mut child = ipc_child::command("writer", cfg!(test))
            .env("MTLINGS_LOG", log)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("could not start a writer process");
        let stdin = child.stdin.take().expect("stdin is piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        ipc_child::skip_to_ready(&mut stdout);
        Writer {
            stdin,
            stdout,
            child,
        }
    }

    /// Waits for the writer and returns what it counted: (parts unlocked, records split).
    fn finish(mut self) -> (usize, usize) {
        let mut text = String::new();
        self.stdout
            .read_to_string(&mut text)
            .expect("reading the writer's answer failed");
        let status = self.child.wait().expect("waiting for a writer failed");
        assert!(status.success(), "a writer failed: {status}");
        let counts: Vec<usize> = text.split_whitespace().flat_map(str::parse).collect();
        match counts[..] {
            [u, s] => (u, s),
            _ => panic!("the writer said: {}", text.trim()),
        }
    }
}

#[cfg(unix)]
impl Drop for Writer {
    fn drop(&mut self) {
        ipc_child::stop(&mut self.child); // never leave a child behind, even when a test fails
    }
}

/// If this process was started as a writer, waits for "go", appends its records and exits.
#[cfg(unix)]
fn run_as_child() {
    let Some(role) = ipc_child::role() else {
        return;
    };
    assert_eq!(role, "writer", "unknown child role");
    let path = std::env::var_os("MTLINGS_LOG").expect("no log given");
    let log = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("cannot open the log");
    let mut go = String::new();
    std::io::stdin().lock().read_line(&mut go).ok();
    let pid = std::process::id();
    for i in 0..RECORDS {
        append_record(&log, &format!("{pid}-{i}"));
    }
    println!("{} {}", UNLOCKED.load(SeqCst), SPLIT.load(SeqCst));
    std::process::exit(0);
}

/// Checks that the log is made of whole records; returns how many, or what is wrong.
#[cfg(unix)]
pub fn check_records(lines: &[String]) -> Result<usize, String> {
    for (n, chunk) in lines.chunks(3).enumerate() {
        let id = chunk[0].strip_prefix("BEGIN ").unwrap_or("?");
        let expected = [
            format!("BEGIN {id}"),
            format!("  the body of record {id}"),
            format!("END {id}"),
        ];
        if chunk != expected {
            return Err(format!(
                "record {n} is mixed up with another's lines: {chunk:?}"
            ));
        }
    }
    Ok(lines.len() / 3)
}

#[cfg(unix)]
fn main() {
    run_as_child();
    let (lines, _, _) = run_writers();
    println!("{WRITERS} processes wrote {} lines:", lines.len());
    for line in lines.iter().take(3) {
        println!("{line}");
    }
    println!(
        "{:?}",
        check_records(&lines).map(|n| format!("{n} whole records"))
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
        let (lines, unlocked, split) = run_writers();
        assert_eq!(
            unlocked, 0,
            "{} record lines were written while no process held the lock on the log",
            unlocked
        );
        assert_eq!(
            split, 0,
            "{} records were not written under one single lock: the lock was let go (and \
             maybe taken again) in the middle of a record, where another process can get in",
            split
        );
        assert_eq!(lines.len(), WRITERS * RECORDS * 3, "lines in the log");
        assert_eq!(check_records(&lines), Ok(WRITERS * RECORDS));
    }

    #[test]
    fn the_lock_is_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.log");
        let file = File::create_new(&path).unwrap();
        append_record(&file, "x");
        append_record(&file, "y");
        assert!(
            !ipc_flock::is_locked(&path),
            "the lock is still held after append_record returned"
        );
    }
}
