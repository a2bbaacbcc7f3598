// MISTAKE: believes a child process shares (or writes back to) its parent's memory
// intro_kinds.rs — Process, thread or coroutine? (predict)
//
// Three kinds of task run "at the same time":
//   - a PROCESS is a running program. It owns its resources: its own memory, its own open files.
//     The operating system schedules it. Processes share nothing unless they set up IPC.
//   - a THREAD runs inside a process and shares that process's memory with the process's other
//     threads. The operating system schedules it too and can switch away from it at any moment.
//   - a COROUTINE (in Rust: a future / async task) is a resumable function. The program, not the
//     OS, decides when it runs: it is switched only where it awaits, and a future that nobody
//     polls never runs at all.
//
// Python contrast: standard CPython has a Global Interpreter Lock: only one thread of a process
// runs Python bytecode at a time, even on 100 cores. The GIL is passed on every 5 ms (the switch
// interval, since Python 3.2; older texts say "every 100 bytecodes") and released while a thread
// blocks on I/O. (Free-threaded CPython builds exist since 3.13; the questions below are about
// the standard build.) Rust has no GIL: the threads of one process run on several cores at once,
// and data races are stopped at compile time instead (ownership, `Send`/`Sync`). So the same
// workload can get a different answer in Python and in Rust.
//
// Below are your predictions. Some are wrong. The tests check each one, with a small experiment
// where one can be run here, and say what was observed. Correct the predictions (only the values
// in `PREDICTIONS`), and for each one you change, explain to yourself why the new value is right.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Process,
    Thread,
    AsyncTask,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchedBy {
    /// The operating system's scheduler can switch away at any instruction (preemption).
    Os,
    /// The task itself hands control back, at an `.await` (cooperation).
    TheTaskItself,
}

#[derive(Debug)]
pub struct Predictions {
    /// A thread writes to a `static`; after `join`, does the spawning thread see the new value?
    pub thread_shares_memory: bool,
    /// A child process writes to its copy of a `static`; does the parent see the new value?
    pub process_shares_memory: bool,
    /// An `async` block is created and then dropped, never awaited or polled: did its body run?
    pub future_runs_without_being_polled: bool,
    /// Who decides when a thread stops running and another one starts?
    pub thread_switched_by: SwitchedBy,
    /// Who decides when an async task stops running and another one starts?
    pub async_task_switched_by: SwitchedBy,
    /// Can two threads of ONE (standard) CPython process run Python bytecode on two cores at the
    /// same instant?
    pub python_threads_compute_in_parallel: bool,
    /// Can two threads of ONE Rust process run Rust code on two cores at the same instant?
    pub rust_threads_compute_in_parallel: bool,
    /// Ten Python threads each download a file (they mostly wait for the network). Is that
    /// faster than downloading the ten files one after another in one thread?
    pub python_threads_help_io_bound: bool,
    /// Best fit to crunch numbers on every core, in Python.
    pub cpu_bound_in_python: Kind,
    /// Best fit to crunch numbers on every core, in Rust.
    pub cpu_bound_in_rust: Kind,
    /// Best fit for 10 000 network connections that are idle most of the time.
    pub many_idle_connections: Kind,
    /// Best fit to run a plugin that may crash or corrupt memory without taking you down with it.
    pub isolate_a_crashy_plugin: Kind,
}

pub static PREDICTIONS: Predictions = Predictions {
    thread_shares_memory: true,
    process_shares_memory: true,
    future_runs_without_being_polled: false, // futures are lazy: only polling runs them
    thread_switched_by: SwitchedBy::Os,
    async_task_switched_by: SwitchedBy::TheTaskItself, // only at an `.await`
    python_threads_compute_in_parallel: false,
    rust_threads_compute_in_parallel: true, // no GIL in Rust
    python_threads_help_io_bound: true, // the GIL is released while a thread waits for I/O
    cpu_bound_in_python: Kind::Process,
    cpu_bound_in_rust: Kind::Thread, // threads use every core in Rust
    many_idle_connections: Kind::AsyncTask, // cheap tasks that wait without a thread
    isolate_a_crashy_plugin: Kind::Process,
};

