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
