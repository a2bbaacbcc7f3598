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
    future_runs_without_being_polled: true,
    thread_switched_by: SwitchedBy::Os,
    async_task_switched_by: SwitchedBy::Os,
    python_threads_compute_in_parallel: false,
    rust_threads_compute_in_parallel: false,
    python_threads_help_io_bound: false,
    cpu_bound_in_python: Kind::Process,
    cpu_bound_in_rust: Kind::Process,
    many_idle_connections: Kind::Thread,
    isolate_a_crashy_plugin: Kind::Process,
};

// ---- Don't edit below this line. ----

use std::sync::atomic::{AtomicU32, Ordering};

const ROLE: &str = "MTLINGS_INTRO_KINDS_ROLE";

/// The experiments' global: every fresh run of this program starts with 0 in it.
static SHARED: AtomicU32 = AtomicU32::new(0);

/// The child process of the memory experiment: store 42 in its `SHARED`, then exit.
fn child_main() -> ! {
    SHARED.store(42, Ordering::SeqCst);
    std::process::exit(0)
}

fn main() {
    if std::env::var(ROLE).is_ok() {
        child_main();
    }
    println!("your predictions: {:#?}", PREDICTIONS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::intro_exec::{Task, run_in_turns, yield_once};
    use std::cell::RefCell;
    use std::sync::atomic::AtomicBool;

    static THREAD_SEES: AtomicU32 = AtomicU32::new(0);
    static RAN: AtomicBool = AtomicBool::new(false);

    /// Not a real test: the body of the child process (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if std::env::var(ROLE).is_ok() {
            child_main();
        }
    }

    #[test]
    fn thread_memory_experiment() {
        std::thread::spawn(|| THREAD_SEES.store(42, Ordering::SeqCst))
            .join()
            .unwrap();
        let seen = THREAD_SEES.load(Ordering::SeqCst);
        assert_eq!(
            PREDICTIONS.thread_shares_memory,
            seen == 42,
            "experiment: a spawned thread stored 42 in a static; after join the spawner read {seen}"
        );
    }

    #[test]
    fn process_memory_experiment() {
        SHARED.store(7, Ordering::SeqCst);
        let me = mtlings_support::proc_child::me_again(ROLE, "child", cfg!(test));
        let status = { me }.stdout(std::process::Stdio::null()).status();
        assert!(status.expect("run the child").success(), "the child failed");
        let seen = SHARED.load(Ordering::SeqCst);
        assert_eq!(
            PREDICTIONS.process_shares_memory,
            seen == 42,
            "experiment: this process stored 7 in a static, then started a child process that \
             stored 42 in the same static and exited; afterwards this process read {seen}"
        );
    }

    #[test]
    fn future_experiment() {
        let fut = async {
            RAN.store(true, Ordering::SeqCst);
        };
        drop(fut);
        let ran = RAN.load(Ordering::SeqCst);
        assert_eq!(
            PREDICTIONS.future_runs_without_being_polled, ran,
            "experiment: an async block was created and dropped without being polled; \
             whether its body ran: {ran}"
        );
    }

    #[test]
    fn who_switches_threads() {
        assert_eq!(
            PREDICTIONS.thread_switched_by,
            SwitchedBy::Os,
            "a thread that computes in a loop never offers to stop, and yet the other threads of \
             a busy machine keep running: something outside the thread takes its core away"
        );
    }

    #[test]
    fn who_switches_async_tasks_experiment() {
        let log = RefCell::new(String::new());
        let task = |name: char| -> Task<'_> {
            let log = &log;
            Box::pin(async move {
                for _ in 0..3 {
                    log.borrow_mut().push(name); // three steps, no `.await` between them
                }
                yield_once().await;
                log.borrow_mut().push(name);
            })
        };
        run_in_turns(vec![task('A'), task('B')]);
        let log = log.into_inner();
        assert_eq!(
            PREDICTIONS.async_task_switched_by,
            SwitchedBy::TheTaskItself,
            "experiment: two async tasks were run in turns on one thread, and wrote their steps \
             to a log: {log:?}. Each task ran its three steps in a row; the other one got the \
             thread only when the first reached its `.await` and returned Pending. The executor \
             cannot take the thread back in between: it only regains it when `poll` returns"
        );
    }

    #[test]
    fn gil_contrast() {
        assert!(
            !PREDICTIONS.python_threads_compute_in_parallel,
            "a CPython thread must hold its process's one GIL to run bytecode, and only one \
             thread can hold it at a time"
        );
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert!(
            PREDICTIONS.rust_threads_compute_in_parallel,
            "Rust has no interpreter lock: the OS may put each thread of this process on its own \
             core (this machine has {cores}), and nothing in Rust makes them take turns"
        );
        assert!(
            PREDICTIONS.python_threads_help_io_bound,
            "a CPython thread releases the GIL while it blocks on I/O (a socket read, a sleep), \
             so ten threads wait for their ten downloads at the same time"
        );
    }

    #[test]
    fn workloads() {
        let p = &PREDICTIONS;
        assert_eq!(
            p.cpu_bound_in_python,
            Kind::Process,
            "in Python, number crunching on every core needs several GILs, one per {:?}",
            Kind::Process
        );
        assert_eq!(
            p.cpu_bound_in_rust,
            Kind::Thread,
            "in Rust both processes and threads use every core, but only threads share the data \
             without copying it to each worker and the results back"
        );
        assert_eq!(
            p.many_idle_connections,
            Kind::AsyncTask,
            "10 000 mostly idle connections: a thread each costs a stack and a kernel task; \
             a task that waits costs a few hundred bytes and no thread at all"
        );
        assert_eq!(
            p.isolate_a_crashy_plugin,
            Kind::Process,
            "a crash (or memory corruption) in a thread takes its whole process down"
        );
    }
}
