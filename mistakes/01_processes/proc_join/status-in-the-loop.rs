// MISTAKE: Command::status starts and waits in one call, so the children still take turns
// proc_join.rs — Start them all, then wait for them all
//
// Waiting for a child blocks the parent until that child has ended. So WHERE you wait decides
// what runs at the same time: wait for each child right after starting it, and your children run
// one after the other, exactly as if you had no processes at all. And a child does not have to
// be waited for the moment it ends: one that ended early keeps its exit status, as a zombie,
// until its parent gets to it (see proc_zombie).
//
// Python: `p1.start(); p1.join(); p2.start(); p2.join()` runs p1 to the end before p2 even
// starts. In Rust, `Command::spawn` is `start()` and `Child::wait` is `join()`.
//
// `run_all` makes its children take turns. Make them all run at the same time, and still return
// every exit code in the order of the commands, whatever order the children end in.

use std::io;
use std::process::Command;

/// Runs every command as a child process, all at the same time, waits for every one of them
/// and returns their exit codes in the order of `cmds`.
pub fn run_all(cmds: Vec<Command>) -> io::Result<Vec<Option<i32>>> {
    let mut codes = Vec::new();
    for mut cmd in cmds {
        codes.push(cmd.status()?.code());
    }
    Ok(codes)
}

