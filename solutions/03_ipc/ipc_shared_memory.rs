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
pub const PREDICTED_PARENT_GLOBAL: u64 = 0; // each child counted its own copy; the parent never did

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
            libc::MAP_SHARED, // one copy for every process that maps the file
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

// ---- Don't edit below this line. ----

#[cfg(unix)]
use mtlings_support::ipc_child::{self, Running};
#[cfg(unix)]
use std::io::Write;
#[cfg(unix)]
use std::process::Stdio;
#[cfg(unix)]
use std::sync::atomic::Ordering;

/// Every process has its own copy of this.
#[cfg(unix)]
static GLOBAL_COUNTER: AtomicU64 = AtomicU64::new(0);

#[cfg(unix)]
const FILE_ENV: &str = "MTLINGS_SHM_FILE";

#[cfg(unix)]
#[derive(Debug)]
pub struct Tally {
    /// The shared counter, as the parent reads it.
    pub shared: u64,
    /// The parent's own GLOBAL_COUNTER.
    pub parent_global: u64,
    /// Each child's GLOBAL_COUNTER, as the child reported it before exiting.
    pub child_globals: Vec<u64>,
}

/// Runs the children on a shared counter and reports what everybody saw.
#[cfg(unix)]
pub fn tally() -> Tally {
    let dir = tempfile::tempdir().expect("cannot create a temporary directory");
    let path = dir.path().join("counter");
    let file = File::create_new(&path).expect("cannot create the counter file");
    file.set_len(8).expect("cannot size the counter file");
    let shared = map_counter(&file);

    let children: Vec<Running> = (0..CHILDREN).map(|_| spawn_adder(&path)).collect();
    let child_globals = children.into_iter().map(finish_adder).collect();
    Tally {
        shared: shared.load(Ordering::SeqCst),
        parent_global: GLOBAL_COUNTER.load(Ordering::SeqCst),
        child_globals,
    }
}

/// Starts one adder child on the counter file at `path`.
#[cfg(unix)]
fn spawn_adder(path: &std::path::Path) -> Running {
    Running::start(
        ipc_child::command("adder", cfg!(test))
            .env(FILE_ENV, path)
            .stdin(Stdio::null()),
    )
}

/// Waits for an adder and returns the GLOBAL_COUNTER it reported.
#[cfg(unix)]
fn finish_adder(adder: Running) -> u64 {
    let text = adder.finish();
    let text = text.trim();
    text.parse()
        .unwrap_or_else(|_| panic!("the child said: {text}"))
}

/// If this process was started as a child, plays its role and exits.
#[cfg(unix)]
fn run_as_child() {
    let Some(role) = ipc_child::role() else {
        return;
    };
    let mut out = std::io::stdout().lock();
    assert_eq!(role, "adder", "unknown child role");
    let path = std::env::var_os(FILE_ENV).expect("no counter file given");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("cannot open the counter file");
    let shared = map_counter(&file);
    for _ in 0..PER_CHILD {
        shared.fetch_add(1, Ordering::SeqCst);
        GLOBAL_COUNTER.fetch_add(1, Ordering::SeqCst);
    }
    writeln!(out, "{}", GLOBAL_COUNTER.load(Ordering::SeqCst)).ok();
    out.flush().ok();
    std::process::exit(0);
}

#[cfg(unix)]
fn main() {
    run_as_child();
    let t = tally();
    println!("{CHILDREN} children added {PER_CHILD} each");
    println!("shared counter, read by the parent: {}", t.shared);
    println!("the children's GLOBAL_COUNTERs: {:?}", t.child_globals);
    println!("the parent's GLOBAL_COUNTER: {}", t.parent_global);
}

#[cfg(not(unix))]
fn main() {
    println!("ipc_shared_memory is Unix only (it uses mmap): nothing to do on this platform.");
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
    fn children_write_to_shared_memory() {
        let t = tally();
        assert_eq!(
            t.child_globals,
            vec![PER_CHILD; CHILDREN as usize],
            "each child should have counted its own GLOBAL_COUNTER up to {PER_CHILD}"
        );
        assert_eq!(
            t.shared,
            CHILDREN * PER_CHILD,
            "the parent read {} from the shared counter, expected {} ({CHILDREN} children x \
             {PER_CHILD}): the children's writes did not reach the parent's memory",
            t.shared,
            CHILDREN * PER_CHILD
        );
    }

    #[test]
    fn globals_are_not_shared() {
        let t = tally();
        assert!(
            PREDICTED_PARENT_GLOBAL == t.parent_global,
            "wrong prediction: {PREDICTED_PARENT_GLOBAL} is not what the parent's own \
             GLOBAL_COUNTER reads. What was seen: just before exiting, the {CHILDREN} children \
             reported their GLOBAL_COUNTERs as {:?}; through the mapping, the parent read {} \
             from the shared counter. Ask whose memory each child's additions to GLOBAL_COUNTER \
             went to, and whether the parent itself ever added to its own.",
            t.child_globals,
            t.shared
        );
    }
}
