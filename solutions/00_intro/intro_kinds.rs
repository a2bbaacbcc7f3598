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
// Python contrast: CPython (in its standard build) has a Global Interpreter Lock, so only one
// thread runs Python bytecode at a time, even on 100 cores; Python programs use `multiprocessing`
// for CPU-bound work. (Optional "free-threaded" CPython builds without a GIL exist since 3.13;
// the notes, and the questions below, are about the standard build.) Rust has no GIL: the
// threads of one Rust process run on several cores at once (Rust stops data races at compile
// time instead, with ownership and `Send`/`Sync`). So the same workload can get a different
// answer in Python and in Rust.
//
// Below are your predictions. Some are wrong. The tests check each one, running a small
// experiment where it can. Correct the predictions (only the values in `PREDICTIONS`), and for
// each one you change, explain to yourself why the new value is right.

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
    process_shares_memory: false, // each process has its own memory
    future_runs_without_being_polled: false, // futures are lazy: only polling runs them
    thread_switched_by: SwitchedBy::Os,
    async_task_switched_by: SwitchedBy::TheTaskItself, // only at an `.await`
    python_threads_compute_in_parallel: false,
    rust_threads_compute_in_parallel: true, // no GIL in Rust
    cpu_bound_in_python: Kind::Process,
    cpu_bound_in_rust: Kind::Thread, // threads use every core in Rust
    many_idle_connections: Kind::AsyncTask, // cheap tasks that wait without a thread
    isolate_a_crashy_plugin: Kind::Process,
};

// ---- Don't edit below this line. ----

fn main() {
    let p = &PREDICTIONS;
    println!("threads share memory: {}", p.thread_shares_memory);
    println!("processes share memory: {}", p.process_shares_memory);
    println!(
        "threads are switched by {:?}, async tasks by {:?}",
        p.thread_switched_by, p.async_task_switched_by
    );
    println!(
        "CPU-bound work: {:?} in Python, {:?} in Rust",
        p.cpu_bound_in_python, p.cpu_bound_in_rust
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

    static SHARED: AtomicU32 = AtomicU32::new(0);
    static RAN: AtomicBool = AtomicBool::new(false);

    #[test]
    fn thread_memory_experiment() {
        std::thread::spawn(|| SHARED.store(42, Ordering::SeqCst))
            .join()
            .unwrap();
        let observed = SHARED.load(Ordering::SeqCst) == 42;
        assert_eq!(
            PREDICTIONS.thread_shares_memory,
            observed,
            "experiment: a spawned thread stored 42 in a static, and after join the spawner read {}",
            SHARED.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn process_memory() {
        assert!(
            !PREDICTIONS.process_shares_memory,
            "each process has its own address space: a child changes only ITS copy of a global \
             (01_processes proves it by experiment)"
        );
    }

    #[test]
    fn future_experiment() {
        let fut = async {
            RAN.store(true, Ordering::SeqCst);
        };
        drop(fut);
        let observed = RAN.load(Ordering::SeqCst);
        assert_eq!(
            PREDICTIONS.future_runs_without_being_polled, observed,
            "experiment: an async block was created and dropped; its body ran: {observed}. \
             A future is lazy: nothing runs until something polls it."
        );
    }

    #[test]
    fn who_switches() {
        assert_eq!(
            PREDICTIONS.thread_switched_by,
            SwitchedBy::Os,
            "the OS preempts threads: it can switch away from a thread at any instruction"
        );
        assert_eq!(
            PREDICTIONS.async_task_switched_by,
            SwitchedBy::TheTaskItself,
            "an async task gives control back only at an `.await`: switching is cooperative"
        );
    }

    #[test]
    fn gil_contrast() {
        assert!(
            !PREDICTIONS.python_threads_compute_in_parallel,
            "CPython's GIL lets only one thread run bytecode at a time"
        );
        assert!(
            PREDICTIONS.rust_threads_compute_in_parallel,
            "Rust has no GIL: the threads of one process run on different cores at the same time"
        );
    }

    #[test]
    fn workloads() {
        assert_eq!(
            PREDICTIONS.cpu_bound_in_python,
            Kind::Process,
            "in Python, only separate processes (each with its own GIL) compute on several cores"
        );
        assert_eq!(
            PREDICTIONS.cpu_bound_in_rust,
            Kind::Thread,
            "in Rust, threads already use every core and share the data without copying it"
        );
        assert_eq!(
            PREDICTIONS.many_idle_connections,
            Kind::AsyncTask,
            "10 000 mostly idle connections: a thread each costs a stack and a kernel task; \
             async tasks cost a few hundred bytes and wait without a thread"
        );
        assert_eq!(
            PREDICTIONS.isolate_a_crashy_plugin,
            Kind::Process,
            "a crash (or memory corruption) in a thread takes its whole process down; \
             a separate process is isolated"
        );
    }
}
