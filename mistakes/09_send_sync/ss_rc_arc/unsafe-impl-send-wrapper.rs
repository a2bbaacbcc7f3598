// MISTAKE: wraps the Rc<RefCell> in a struct with `unsafe impl Send`: it compiles, and two threads write the log at once
// ss_rc_arc.rs — No GIL: why `Rc<RefCell<T>>` will not cross threads
//
// The seed notes explain Python's GIL: only one thread runs Python bytecode at a time, so 100
// threads on 100 cores still use one core. One big reason it exists: every Python object has a
// reference count, updated by every thread, with no lock of its own. The GIL is that lock.
//
// Rust has no GIL: its threads really run at the same time. So who protects shared data? The
// compiler, through two marker traits. `Send`: a value may be MOVED to another thread.
// `Sync`: a value may be SHARED (`&T`) between threads. `thread::spawn` only accepts closures
// that are `Send`. `Rc` counts its owners with a plain integer (fast, but two threads updating
// it at once would lose counts), so `Rc` is neither `Send` nor `Sync`. `RefCell` tracks borrows
// with a plain flag, so it is not `Sync`. Their thread-safe twins cost a little more:
// `Arc` (atomic reference count) and `Mutex` (a lock that blocks instead of panicking).
//
// `run_workers` does not compile: read the error, it names the type and the trait. Make it
// compile with the thread-safe twins, keeping one spawned thread per worker. Silencing the
// compiler with `unsafe impl Send` is no fix: it brings back the very race the error is about,
// and the tests make two workers reach the log at the same moment.

use std::cell::RefCell;
use std::rc::Rc;

/// The compiler cannot see that the threads are fine, so promise it.
struct SendLog(Rc<RefCell<Log>>);
unsafe impl Send for SendLog {}
use std::thread::{self, ThreadId};

#[derive(Debug, Clone)]
pub struct Entry {
    pub worker: usize,
    pub seq: usize,
    pub thread: ThreadId,
}

/// Runs `workers` threads; worker `w` appends `Entry { worker: w, seq }` for seq in
/// `0..per_worker` to one shared log. Returns the log.
pub fn run_workers(workers: usize, per_worker: usize) -> Vec<Entry> {
    let log = Rc::new(RefCell::new(Log::new()));
    let mut handles = Vec::new();
    for worker in 0..workers {
        let log = SendLog(Rc::clone(&log));
        handles.push(thread::spawn(move || {
            let log = log;
            for seq in 0..per_worker {
                let thread = thread::current().id();
                log.0.borrow_mut().push(Entry {
                    worker,
                    seq,
                    thread,
                });
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    log.borrow().entries()
}

