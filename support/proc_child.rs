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
/// test lets it go, then exits with code N. Unix only: "polite N" catches SIGTERM, says so at
/// the gate (tag 1) and exits with code N once let go; "deaf" ignores SIGTERM and runs until
/// killed. Both first report at the gate (tag 0) once their signal handling is in place.
pub fn play(role: &str) -> ! {
    let words: Vec<&str> = role.split(' ').collect();
    match words[..] {
        #[cfg(unix)]
        ["polite", n] => polite(n.parse().expect("exit code")),
        #[cfg(unix)]
        ["deaf"] => {
            unsafe { libc::signal(libc::SIGTERM, libc::SIG_IGN) };
            at_gate(0);
            loop {
                std::thread::park();
            }
        }
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

fn at_gate(tag: u32) {
    let addr = std::env::var(crate::proc_gate::GATE_VAR).expect("gate address");
    crate::proc_gate::wait_at_gate(&addr, tag);
}

#[cfg(unix)]
static TERM_ASKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_term(_: libc::c_int) {
    TERM_ASKED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// A child that cleans up when asked to stop: on SIGTERM it reports at the gate (tag 1), and
/// exits with `code` once the test lets it go.
#[cfg(unix)]
fn polite(code: i32) -> ! {
    let handler: extern "C" fn(libc::c_int) = on_term;
    unsafe { libc::signal(libc::SIGTERM, handler as libc::sighandler_t) };
    at_gate(0);
    while !TERM_ASKED.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    at_gate(1); // "cleaning up": the test decides when that is done
    std::process::exit(code)
}
