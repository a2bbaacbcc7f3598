// MISTAKE: a Mutex only locks out the threads of one process; the other writer processes never see it
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
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _lock = LOCK.lock().unwrap();
    write_part(log, &format!("BEGIN {id}\n"));
    write_part(log, &format!("  the body of record {id}\n"));
    write_part(log, &format!("END {id}\n"));
}

