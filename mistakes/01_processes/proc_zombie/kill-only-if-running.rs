// MISTAKE: checks whether the child is still running and kills it, but never collects the killed child
// proc_zombie.rs — Kill a child, then reap it (zombies)
//
// Unix only: zombies and signals are a Unix idea.
//
// `Child::kill` sends the child the signal SIGKILL, which ends it at once (on Unix it cannot be
// caught or ignored). But a dead child does not vanish: the kernel keeps a small entry for it in
// the process table, holding its exit status, until its parent collects that status by WAITING
// for it. Until then it is a ZOMBIE: terminated, but not reaped. `ps` shows it as `Z <defunct>`,
// and `/proc/PID/stat` on Linux has state `Z`. A zombie uses no CPU and no memory, but it keeps
// its pid, and a long-running parent that kills without waiting piles zombies up until the
// system runs out of pids. (If the parent itself exits, its zombies are adopted by init, which is
// supposed to reap them.)
//
// Python: `p.terminate()` / `p.kill()` then `p.join()`; `Popen.kill()` then `Popen.wait()`.
// Python's multiprocessing quietly reaps finished children whenever you start a new one or call
// `active_children()`; Rust never waits behind your back: a `Child` is reaped only by `wait`,
// `try_wait` (once it has ended) or `wait_with_output`, and dropping a `Child` does not reap it.
//
// Fix `stop` so that the child is gone from the process table when `stop` returns, every time.

#![cfg_attr(not(unix), allow(dead_code, unused_imports))] // Unix-only exercise

use std::io;
use std::process::Child;

/// Ends `child`, which might otherwise run forever, and leaves nothing of it behind.
pub fn stop(child: &mut Child) -> io::Result<()> {
    if child.try_wait()?.is_none() {
        child.kill()?;
    }
    Ok(())
}

