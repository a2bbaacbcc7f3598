// MISTAKE: guesses the child's pid as the caller's plus one
// proc_ids.rs — Who am I, and who is my parent? (pid and ppid)
//
// Unix only: std offers a process's parent id only on Unix.
//
// The OS gives every process a number, its PID, unique among the processes alive right now.
// Every process except the very first was started by another one, its PARENT, whose PID is its
// PPID; so the processes form a tree (run `pstree` or `ps -ef` to see it). The parent learns the
// child's PID from the handle it gets back when it starts it; the child asks the OS for both.
//
// Python: `os.getpid()` and `os.getppid()`; `p.pid` on a `multiprocessing.Process`.
//
// Replace the `todo!()`s. The tests start this program again as a child (and that child starts a
// grandchild) and check that everybody's numbers fit together into one family tree.

#![cfg_attr(not(unix), allow(dead_code, unused_imports))] // Unix-only exercise

/// The id of the process that calls this.
pub fn my_pid() -> u32 {
    std::process::id() // Python's os.getpid()
}

/// The id of the parent of the process that calls this.
#[cfg(unix)]
pub fn my_parent_pid() -> u32 {
    std::os::unix::process::parent_id() // Python's os.getppid()
}

/// The id the OS gave to a child we started.
pub fn pid_of(child: &std::process::Child) -> u32 {
    let _ = child;
    std::process::id() + 1
}

