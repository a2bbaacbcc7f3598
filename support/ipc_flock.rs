//! A lock between processes: an exclusive `flock` on a file, held by a guard (used by 03_ipc).
//!
//! [`FileLock::lock`] waits until no other process holds the lock on the file, takes it, and
//! returns a guard whose `Drop` releases it, on every path out of its scope, panics included.
//! The module also counts, for the tests, how many guards this process holds right now
//! ([`held`]) and has taken so far ([`taken`]), and can check from the outside whether anybody
//! holds the lock on a file ([`is_locked`]). Unix only.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

static HELD: AtomicUsize = AtomicUsize::new(0);
static TAKEN: AtomicUsize = AtomicUsize::new(0);

/// An exclusive lock on a file, shared by every process that opens the file; released on drop.
pub struct FileLock<'a> {
    file: &'a File,
}

impl<'a> FileLock<'a> {
    /// Waits until no other process holds the lock, then takes it.
    pub fn lock(file: &'a File) -> FileLock<'a> {
        // SAFETY: `flock` on a file descriptor that outlives the guard.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert_eq!(rc, 0, "flock failed: {}", std::io::Error::last_os_error());
        HELD.fetch_add(1, SeqCst);
        TAKEN.fetch_add(1, SeqCst);
        FileLock { file }
    }
}

impl Drop for FileLock<'_> {
    fn drop(&mut self) {
        HELD.fetch_sub(1, SeqCst);
        // SAFETY: as above.
        unsafe { libc::flock(self.file.as_raw_fd(), libc::LOCK_UN) };
    }
}

/// How many `FileLock` guards this process holds right now.
pub fn held() -> usize {
    HELD.load(SeqCst)
}

/// How many times this process has taken a `FileLock` so far.
pub fn taken() -> usize {
    TAKEN.load(SeqCst)
}

/// True if some process (this one included) holds the lock on the file at `path` right now:
/// a second, non-blocking attempt on a freshly opened file fails exactly then.
pub fn is_locked(path: &Path) -> bool {
    let probe = File::open(path).expect("cannot open the file to probe its lock");
    // SAFETY: non-blocking `flock` calls on a file we just opened.
    unsafe {
        if libc::flock(probe.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 {
            libc::flock(probe.as_raw_fd(), libc::LOCK_UN);
            false
        } else {
            true
        }
    }
}
