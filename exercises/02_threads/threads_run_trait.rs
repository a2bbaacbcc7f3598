// threads_run_trait.rs — "Subclass Thread and override run()", the Rust way
//
// Python has a second way to make a thread: subclass `Thread`, put the work in `run(self)`, call
// `t.start()`, and after `t.join()` read the results the thread left in its fields
// (`self.result = ...`). Rust has no inheritance; the same shape is a trait with a `run`
// method plus a generic `start` that runs any such task on a new thread. Here `start` moves the
// task into the thread and hands it back through the `JoinHandle`, so after `join()` you own the
// task again and can read its fields.
//
// What Python never asks, Rust must: may this value go to another thread at all? A task holding
// an `Rc` or a `RefCell` borrow must not (09_send_sync is all about this). And may it hold
// borrowed data that could vanish while the thread runs? The compiler wants `start`'s type
// parameter to promise both. Make `start` compile, without changing its body or what it returns.
// Then "override run" for `Countdown`, the Rust version of the Python class shown above it.

use std::thread::{self, JoinHandle};

/// Like a Python `Thread` subclass: the thread's work goes in `run`.
pub trait Task {
    fn run(&mut self);
}

/// Runs `task.run()` on a new thread; joining the handle gives the finished task back.
pub fn start<T: Task>(mut task: T) -> JoinHandle<T> {
    thread::spawn(move || {
        task.run();
        task
    })
}

/// class Countdown(Thread):
///     def __init__(self, n):
///         super().__init__()
///         self.n, self.log = n, []
///     def run(self):
///         for i in range(self.n, 0, -1):
///             self.log.append(i)
pub struct Countdown {
    pub n: u32,
    pub log: Vec<u32>,
}

impl Task for Countdown {
    fn run(&mut self) {
        // TODO: push n, n - 1, ..., 1 onto `self.log`.
    }
}

// ---- Don't edit below this line. ----

use std::thread::ThreadId;

/// Adds up a range of numbers and remembers which thread did it.
pub struct Summer {
    pub from: u64,
    pub to: u64,
    pub total: u64,
    pub ran_on: Option<ThreadId>,
}

impl Summer {
    pub fn new(from: u64, to: u64) -> Summer {
        Summer {
            from,
            to,
            total: 0,
            ran_on: None,
        }
    }
}

impl Task for Summer {
    fn run(&mut self) {
        self.total = (self.from..=self.to).sum();
        self.ran_on = Some(thread::current().id());
    }
}

/// Counts the words of its text.
pub struct WordCounter {
    pub text: String,
    pub words: usize,
}

impl Task for WordCounter {
    fn run(&mut self) {
        self.words = self.text.split_whitespace().count();
    }
}

fn main() {
    let a = start(Summer::new(1, 100));
    let b = start(WordCounter {
        text: "the quick brown fox".to_string(),
        words: 0,
    });
    let a = a.join().unwrap();
    let b = b.join().unwrap();
    println!("1 + ... + 100 = {} (on {:?})", a.total, a.ran_on.unwrap());
    println!("{:?} has {} words", b.text, b.words);
    let c = start(Countdown {
        n: 3,
        log: Vec::new(),
    })
    .join()
    .unwrap();
    println!("countdown: {:?}", c.log);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_task_comes_back_finished() {
        let done = start(Summer::new(1, 10)).join().unwrap();
        assert_eq!(done.total, 55);
        let done = start(WordCounter {
            text: "a b c d e".to_string(),
            words: 0,
        })
        .join()
        .unwrap();
        assert_eq!(done.words, 5);
    }

    #[test]
    fn countdown() {
        let done = start(Countdown {
            n: 5,
            log: Vec::new(),
        })
        .join()
        .unwrap();
        assert_eq!(done.log, [5, 4, 3, 2, 1], "the countdown's log after run()");
        let done = start(Countdown {
            n: 0,
            log: Vec::new(),
        })
        .join()
        .unwrap();
        assert!(done.log.is_empty(), "a countdown from 0 logs nothing");
    }

    /// A task that may move to another thread but not be shared by two (a `Cell` is not `Sync`).
    struct Tally {
        hits: std::cell::Cell<u32>,
    }

    impl Task for Tally {
        fn run(&mut self) {
            self.hits.set(self.hits.get() + 3);
        }
    }

    #[test]
    fn a_task_that_is_not_shared() {
        let done = start(Tally {
            hits: std::cell::Cell::new(1),
        })
        .join()
        .unwrap();
        assert_eq!(done.hits.get(), 4);
        let done = start(Countdown { n: 3, log: vec![9] }).join().unwrap();
        assert_eq!(done.log, [9, 3, 2, 1], "run() adds to the log it was given");
    }

    #[test]
    fn each_task_runs_on_its_own_thread() {
        let handles: Vec<JoinHandle<Summer>> = (0..5)
            .map(|i| start(Summer::new(i * 100, i * 100 + 99)))
            .collect();
        let done: Vec<Summer> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let threads: HashSet<ThreadId> = done.iter().map(|s| s.ran_on.unwrap()).collect();
        assert!(
            !threads.contains(&thread::current().id()),
            "a task ran on the caller's thread"
        );
        assert_eq!(threads.len(), 5, "expected 5 tasks on 5 different threads");
        for (i, s) in done.iter().enumerate() {
            let i = i as u64;
            assert_eq!(s.total, (i * 100..=i * 100 + 99).sum::<u64>());
        }
    }
}
