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
        let log = Rc::clone(&log);
        handles.push(thread::spawn(move || {
            for seq in 0..per_worker {
                let thread = thread::current().id();
                log.borrow_mut().push(Entry {
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

// ---- Don't edit below this line. ----

fn main() {
    let log = run_workers(4, 3);
    for e in &log {
        println!(
            "worker {} wrote entry {} on {:?}",
            e.worker, e.seq, e.thread
        );
    }
}

/// The shared log (`mtlings_support::ss_log`): in the tests, two workers that write it at the
/// same moment are seen.
pub type Log = mtlings_support::ss_log::Log<Entry>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn two_workers_never_write_the_log_at_once() {
        mtlings_support::ss_log::arm();
        let log = run_workers(4, 200);
        assert_eq!(
            mtlings_support::ss_log::most_inside(),
            1,
            "two workers were inside the log's push at the same moment: nothing protects the \
             log. Did `unsafe` silence the compiler instead of a thread-safe type?"
        );
        assert_eq!(log.len(), 800);
    }

    #[test]
    fn every_entry_is_logged_in_order() {
        let log = run_workers(4, 500);
        assert_eq!(log.len(), 2000, "4 workers x 500 entries");
        for w in 0..4 {
            let seqs: Vec<usize> = log
                .iter()
                .filter(|e| e.worker == w)
                .map(|e| e.seq)
                .collect();
            assert_eq!(seqs, (0..500).collect::<Vec<_>>(), "worker {w}'s entries");
        }
    }

    #[test]
    fn one_thread_per_worker() {
        let log = run_workers(3, 10);
        let me = thread::current().id();
        assert!(
            log.iter().all(|e| e.thread != me),
            "the work must happen on spawned threads"
        );
        for w in 0..3 {
            let threads: HashSet<ThreadId> = log
                .iter()
                .filter(|e| e.worker == w)
                .map(|e| e.thread)
                .collect();
            assert_eq!(threads.len(), 1, "worker {w} should run on one thread");
        }
        let threads: HashSet<ThreadId> = log.iter().map(|e| e.thread).collect();
        assert_eq!(
            threads.len(),
            3,
            "expected 3 workers on 3 different threads"
        );
    }
}
