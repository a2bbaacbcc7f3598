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
    todo!("ask the OS for this process's id")
}

/// The id of the parent of the process that calls this.
#[cfg(unix)]
pub fn my_parent_pid() -> u32 {
    todo!("ask the OS for the id of this process's parent")
}

/// The id the OS gave to a child we started.
pub fn pid_of(child: &std::process::Child) -> u32 {
    let _ = child;
    todo!("a Child handle knows its process id")
}

// ---- Don't edit below this line. ----

#[cfg(unix)]
use std::process::{Command, Stdio};

#[cfg(unix)]
const ROLE: &str = "MTLINGS_PROC_IDS_ROLE";

/// This program again, as a child with a role: "report" prints "ids PID PPID";
/// "relay" starts a "report" grandchild, then prints the grandchild's line and its own.
#[cfg(unix)]
fn child(role: &str) -> Command {
    let mut cmd = mtlings_support::proc_child::me_again(ROLE, role, cfg!(test));
    // stderr is piped too: a failing child's panic message belongs in the test's report, and
    // a child whose parent gave up on it must not spray errors over the output.
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

#[cfg(unix)]
fn child_main(role: &str) -> ! {
    if role == "relay" {
        let (pid, line) = ask(child("report"));
        println!("grandchild {pid} {line}");
    }
    println!("ids {} {}", my_pid(), my_parent_pid());
    std::process::exit(0)
}

/// Starts `cmd`, reads its "ids PID PPID" lines, waits for it and returns
/// (the pid we got from its handle, everything it printed about ids).
#[cfg(unix)]
fn ask(mut cmd: Command) -> (u32, String) {
    let child = cmd.spawn().expect("spawn");
    let pid = pid_of(&child);
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "the child failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let ids: Vec<&str> = text.lines().filter(|l| l.contains("ids ")).collect();
    (pid, ids.join("\n"))
}

#[cfg(unix)]
fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        child_main(&role);
    }
    println!("me: pid {} ppid {}", my_pid(), my_parent_pid());
    let (pid, said) = ask(child("relay"));
    println!("my child has pid {pid} and said:\n{said}");
}

#[cfg(not(unix))]
fn main() {
    println!("proc_ids is Unix only: parent_id() does not exist on this platform. Skipping.");
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Not a real test: the body of the child processes (does nothing unless the role is set).
    #[test]
    fn child_entry() {
        if let Ok(role) = std::env::var(ROLE) {
            child_main(&role);
        }
    }

    fn parse(line: &str) -> (u32, u32) {
        let mut it = line.rsplit("ids ").next().unwrap().split_whitespace();
        let pid = it.next().unwrap().parse().unwrap();
        let ppid = it.next().unwrap().parse().unwrap();
        (pid, ppid)
    }

    #[test]
    fn me() {
        assert_eq!(
            my_pid(),
            std::process::id(),
            "my_pid() is not this process's id"
        );
        assert_ne!(my_parent_pid(), my_pid(), "a process is not its own parent");
    }

    #[test]
    fn parent_and_child_agree() {
        let (pid, said) = ask(child("report"));
        let (child_pid, child_ppid) = parse(&said);
        assert_eq!(
            pid, child_pid,
            "the pid from the Child handle and the pid the child reports should be equal"
        );
        assert_eq!(
            child_ppid,
            std::process::id(),
            "the child's parent is this test process"
        );
    }

    #[test]
    fn siblings_have_different_pids_and_one_parent() {
        // Both children are alive at the same time here, so their pids must differ.
        let a = child("report").spawn().expect("spawn");
        let b = child("report").spawn().expect("spawn");
        let (pid_a, pid_b) = (pid_of(&a), pid_of(&b));
        let out_a = a.wait_with_output().expect("wait");
        let out_b = b.wait_with_output().expect("wait");
        assert_ne!(
            pid_a, pid_b,
            "two children alive at once cannot share a pid"
        );
        for (pid, out) in [(pid_a, out_a), (pid_b, out_b)] {
            let text = String::from_utf8_lossy(&out.stdout);
            let line = text
                .lines()
                .find(|l| l.contains("ids "))
                .expect("an ids line");
            assert_eq!(
                parse(line),
                (pid, std::process::id()),
                "each sibling's (pid, ppid)"
            );
        }
    }

    #[test]
    fn three_generations() {
        let (child_pid, said) = ask(child("relay"));
        let lines: Vec<&str> = said.lines().collect();
        assert_eq!(
            lines.len(),
            2,
            "expected the grandchild's line and the child's: {said:?}"
        );
        let grandchild_line = lines[0];
        let handle_pid: u32 = grandchild_line
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let (grandchild_pid, grandchild_ppid) = parse(grandchild_line);
        let (reported_child_pid, child_ppid) = parse(lines[1]);
        assert_eq!(reported_child_pid, child_pid);
        assert_eq!(child_ppid, std::process::id());
        assert_eq!(handle_pid, grandchild_pid);
        assert_eq!(
            grandchild_ppid, child_pid,
            "the grandchild's parent is the child, not this test process"
        );
    }
}
