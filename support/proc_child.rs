//! Starting this program again as a child process that plays a role.
//!
//! Process exercises need a child program that is sure to exist on every machine, so they start
//! their own binary again (`std::env::current_exe()`) with an environment variable naming the
//! child's role. Under `cargo test` that binary is the test harness, so the child must be told
//! to run only the exercise's hidden `tests::child_entry` test, quietly. Each exercise passes
//! `cfg!(test)` in, because this library is never itself built for the exercise's tests.

use std::process::Command;

/// A command that runs this program again with `role_var=role` in its environment. With
/// `under_test` (pass `cfg!(test)`), it runs only the test `tests::child_entry`, which must call
/// the exercise's child code when the role is set.
pub fn me_again(role_var: &str, role: &str, under_test: bool) -> Command {
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.env(role_var, role);
    if under_test {
        cmd.args([
            "--exact",
            "tests::child_entry",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]);
    }
    cmd
}

/// The body of a child that plays one of the common roles, then ends:
/// "exit N" exits with code N; "abort" aborts (ended by SIGABRT on Unix); "hang" never ends;
/// "gated TAG N" waits at the test's gate (its address in `proc_gate::GATE_VAR`) until the
/// test lets it go, then exits with code N.
pub fn play(role: &str) -> ! {
    let words: Vec<&str> = role.split(' ').collect();
    match words[..] {
        ["exit", n] => std::process::exit(n.parse().expect("exit code")),
        ["abort"] => std::process::abort(),
        ["gated", tag, n] => {
            let addr = std::env::var(crate::proc_gate::GATE_VAR).expect("gate address");
            crate::proc_gate::wait_at_gate(&addr, tag.parse().expect("tag"));
            std::process::exit(n.parse().expect("exit code"))
        }
        _ => loop {
            std::thread::park();
        },
    }
}
