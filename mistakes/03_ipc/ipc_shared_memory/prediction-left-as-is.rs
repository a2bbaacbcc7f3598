// MISTAKE: the mapping is fixed, but the prediction still says the parent's global saw every child's additions
// ipc_shared_memory.rs — Shared memory: the only memory two processes both see
//
// Unix only: this exercise uses `mmap` from libc; elsewhere it only prints a note.
//
// Every process has its own memory. A child never sees the parent's variables change, and the
// parent never sees the child's: a Python child made by `fork` gets a COPY of the parent's
// globals. (Rust's `Command` even starts a fresh program, so a child's globals start from their
// initial values, like Python's "spawn" start method.) To really share memory, two processes must
// map the same memory into their address spaces: here, the same small file, with `mmap`. A
// mapping is either shared, and then a store by one process is seen by every process that mapped
// the file, or private: each process gets a copy-on-write copy, and its writes stay its own.
//
// `tally` starts CHILDREN child processes. Each adds 1 to the shared counter PER_CHILD times with
// `fetch_add`, and adds 1 to its global `GLOBAL_COUNTER` PER_CHILD times. (An `AtomicU64` is a
// number that many threads, or processes on shared memory, may add to at once without losing an
// update; 04_shared_state explains atomics.) The parent then reads both. Two things are wrong:
// 1. `map_counter` maps the file so that the children's writes never reach the parent. Fix it.
// 2. `PREDICTED_PARENT_GLOBAL` is a wrong prediction of the parent's own `GLOBAL_COUNTER` once all
//    children are done. Correct it, and be ready to say why.

#[cfg(unix)]
use std::fs::File;
#[cfg(unix)]
use std::sync::atomic::AtomicU64;

pub const CHILDREN: u64 = 4;
pub const PER_CHILD: u64 = 10_000;

/// What does the PARENT's `GLOBAL_COUNTER` read after all the children have run?
pub const PREDICTED_PARENT_GLOBAL: u64 = CHILDREN * PER_CHILD;

/// Maps the first 8 bytes of `file` into this process's memory and returns them as a counter.
/// (The mapping is never unmapped, so the reference can live for the rest of the process.)
#[cfg(unix)]
pub fn map_counter(file: &File) -> &'static AtomicU64 {
    use std::os::fd::AsRawFd;
    let len = std::mem::size_of::<AtomicU64>();
    // SAFETY: we map `len` bytes of a file that is at least `len` bytes long.
    let ptr = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED,
            file.as_raw_fd(),
            0,
        )
    };
    assert_ne!(
        ptr,
        libc::MAP_FAILED,
        "mmap failed: {}",
        std::io::Error::last_os_error()
    );
    // SAFETY: the mapping is page-aligned, readable and writable, and never unmapped.
    unsafe { &*(ptr as *const AtomicU64) }
}

