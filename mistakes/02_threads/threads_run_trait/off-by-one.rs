// MISTAKE: the countdown logs n - 1, ..., 0 instead of n, ..., 1
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
pub fn start<T: Task + Send + 'static>(mut task: T) -> JoinHandle<T> {
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
        self.log.extend((0..self.n).rev());
    }
}

