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
        let mut child = cmd.spawn()?;
        codes.push(child.wait()?.code());
    }
    Ok(codes)
}

// ---- Don't edit below this line. ----

use mtlings_support::proc_child::play;

const ROLE: &str = "MTLINGS_PROC_JOIN_ROLE";

/// This program again as a child, playing `role` (see `mtlings_support::proc_child::play`):
/// "exit N", or "gated TAG N" (waits at the test's gate until let go, then exits with N).
fn child(role: &str) -> Command {
    let mut cmd = mtlings_support::proc_child::me_again(ROLE, role, cfg!(test));
    cmd.stdout(std::process::Stdio::null());
    cmd
}

fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        play(&role);
    }
    let codes = run_all(vec![child("exit 0"), child("exit 4"), child("exit 2")]).expect("run");
    println!("exit codes, in order: {codes:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use mtlings_support::proc_gate::{GATE_VAR, Gate, reaped};
    use std::time::Duration;

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            play(&role);
        }
    }

    #[test]
    fn codes_in_order() {
        let cmds = [3, 0, 7, 1].map(|c| child(&format!("exit {c}")));
        assert_eq!(
            run_all(cmds.into()).unwrap(),
            [Some(3), Some(0), Some(7), Some(1)],
            "one exit code per command, in command order: did you wait for every child?"
        );
    }

    /// Only turns a stalled `run_all` into a failure; a correct one never waits this long.
    const PATIENCE: Duration = Duration::from_secs(1);
    /// The order in which the test lets the gated children end: neither the commands' order
    /// nor its reverse.
    const ENDING_ORDER: [u32; 4] = [2, 0, 3, 1];

    /// The test's side: waits until all children wait at the gate (or the parent stalls), then
    /// lets them end one by one in `ENDING_ORDER`. Returns how many were alive at once.
    fn conduct(mut gate: Gate, n: usize) -> usize {
        let mut arrived = 0;
        while arrived < n && gate.arrival(PATIENCE).is_some() {
            arrived += 1;
        }
        let most = gate.alive();
        if arrived < n {
            return most; // dropping the gate lets every child, present or future, go
        }
        for k in ENDING_ORDER {
            gate.release(k);
            gate.wait_exit(k);
            // Once every earlier child has been waited for, give the parent time to collect
            // this one before the next ends (a parent that waits in order is waiting for it).
            if (0..k).all(|j| reaped(gate.pid(j))) {
                Gate::wait_reaped(gate.pid(k), PATIENCE);
            }
        }
        most
    }

    #[test]
    fn all_run_at_once_and_codes_keep_command_order() {
        let n = ENDING_ORDER.len();
        let gate = Gate::new();
        let cmds = (0..n)
            .map(|i| {
                let mut cmd = child(&format!("gated {i} {}", 10 + i));
                cmd.env(GATE_VAR, gate.addr());
                cmd
            })
            .collect();
        let conductor = std::thread::spawn(move || conduct(gate, n));
        let codes = run_all(cmds).unwrap();
        let most = conductor.join().unwrap();
        assert_eq!(
            most, n,
            "expected all {n} children to be running at the same time, saw at most {most}"
        );
        assert_eq!(
            codes,
            [Some(10), Some(11), Some(12), Some(13)],
            "the children ended in the order {ENDING_ORDER:?}; the codes must still come back \
             in the order of the commands"
        );
    }

    #[test]
    fn nothing_to_run() {
        assert_eq!(run_all(Vec::new()).unwrap(), []);
    }
}
