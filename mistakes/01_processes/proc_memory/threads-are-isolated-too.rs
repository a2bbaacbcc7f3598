// MISTAKE: predicts that a thread has its own copy of a global, like a process
// proc_memory.rs — A child process has its own memory (predict)
//
// Threads of one process share one memory: a thread that changes a global changes it for
// everybody. A child PROCESS gets its own, separate memory: whatever it changes, it changes in
// ITS copy, and the parent never sees it (nor do its brothers and sisters). To get a result back
// from a child you need inter-process communication: its exit code, a pipe, a file, a socket.
//
// How does a child start out? That depends on how it is made. Python's `multiprocessing` with
// the "fork" start method (the Linux default before Python 3.14) makes the child a COPY of the
// parent at that moment, globals and all. Rust's `Command` does fork + exec: after the fork,
// the child replaces itself with a fresh run of a program, from its `main`, with every `static`
// at the value written in the source. (Python's "spawn" and "forkserver" methods, the defaults
// on macOS and Windows and, since 3.14, on Linux, start a fresh interpreter too.)
//
// The experiment, run by the tests: the parent stores 1 in the global `COUNTER`, then starts
// this program again as a child. The child reads its `COUNTER`, adds 100 to it and reads it
// again, and exits. Then the parent reads its own `COUNTER`. A second experiment does the same
// with a thread (on `THREAD_COUNTER`) instead of a child process.
//
// Correct the predictions below (only the numbers), and explain each one to yourself.

pub struct Predictions {
    /// What the child reads in its `COUNTER` before adding anything.
    pub child_sees_at_start: u64,
    /// What the child reads in its `COUNTER` after adding 100.
    pub child_sees_after_adding: u64,
    /// What the parent reads in its `COUNTER` after the child has ended.
    pub parent_sees_after_child: u64,
    /// What the parent reads in `THREAD_COUNTER` (also 1 at first) after a thread added 100 to
    /// it and was joined.
    pub parent_sees_after_thread: u64,
}

pub static PREDICTIONS: Predictions = Predictions {
    child_sees_at_start: 0, // a fresh run of the program: the initial value, not a copy
    child_sees_after_adding: 100, // its own copy: 0 + 100
    parent_sees_after_child: 1, // the child never touched the parent's memory
    parent_sees_after_thread: 1,
};

