//! When a run times out, mtlings names where each thread waits: what it is blocked in and the
//! line of the exercise, read from the real stacks of real fixture programs (Linux x86_64).
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

mod common;

use common::{Fixture, text};

/// The 1-based line of the fixture exercise that carries `// stuck: TAG`.
fn line_of(name: &str, tag: &str) -> usize {
    let src = std::fs::read_to_string(format!(
        "{}/tests/fixtures/wb/exercises/{name}.rs",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    src.lines()
        .position(|l| l.ends_with(&format!("// stuck: {tag}")))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no `// stuck: {tag}` in {name}.rs"))
}

/// Runs a fixture that times out and returns what mtlings printed, checking that nothing it
/// started is left (stopped, traced or running).
fn stuck(name: &str) -> String {
    let fx = Fixture::new(&[name]);
    let out = fx.run(&["run", name]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("did not finish in 1 s"), "{all}");
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new(), "{all}");
    all
}

#[test]
fn a_two_lock_deadlock_names_both_lock_calls() {
    // The fixture's two `lock()` calls that wait are lines 13 (worker) and 18 (the test).
    let all = stuck("deadlock");
    assert!(
        all.contains(
            "thread `tests::both_transfers_finish` waits in Mutex::lock at exercises/deadlock.rs:18"
        ),
        "{all}"
    );
    assert!(
        all.contains("thread `<unnamed>` waits in Mutex::lock at exercises/deadlock.rs:13"),
        "{all}"
    );
    assert!(
        all.contains("        13 | let y = b2.lock().unwrap();"),
        "{all}"
    );
}

#[test]
fn a_condvar_nobody_notifies_is_named() {
    let all = stuck("stuck_condvar");
    let line = line_of("stuck_condvar", "condvar");
    let want = format!("waits in Condvar::wait at exercises/stuck_condvar.rs:{line}");
    assert!(all.contains(&want), "{all}");
}

#[test]
fn a_recv_on_a_channel_kept_open_is_named() {
    let all = stuck("stuck_recv");
    let line = line_of("stuck_recv", "recv");
    let want = format!("waits in Receiver::recv at exercises/stuck_recv.rs:{line}");
    assert!(all.contains(&want), "{all}");
}

#[test]
fn an_endless_loop_names_the_line_it_spins_on() {
    let all = stuck("spin");
    let line = line_of("spin", "spin");
    assert!(all.contains("looks like an endless loop"), "{all}");
    let spun = all
        .lines()
        .find(|l| l.contains("keeps running at exercises/spin.rs:"))
        .unwrap_or_else(|| panic!("{all}"));
    let lines: Vec<usize> = spun
        .rsplit(':')
        .next()
        .unwrap()
        .split(", ")
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    // The loop is the `while` line and its body: every sampled line is one of them.
    assert!(
        !lines.is_empty() && lines.iter().all(|l| (line - 1..=line).contains(l)),
        "{all}"
    );
}

#[test]
fn a_deadlock_inside_a_child_process_is_named() {
    let all = stuck("child_deadlock");
    let line = line_of("child_deadlock", "child");
    assert!(all.contains("in child process"), "{all}");
    let want = format!("waits in Mutex::lock at exercises/child_deadlock.rs:{line}");
    assert!(all.contains(&want), "{all}");
    assert!(all.contains("waits in waitpid (Child::wait)"), "{all}");
}

#[test]
fn one_stuck_worker_of_twenty_stands_out_from_the_idle_ones() {
    let all = stuck("pool_stuck");
    let (worker, idle, main) = (
        line_of("pool_stuck", "worker"),
        line_of("pool_stuck", "idle"),
        line_of("pool_stuck", "main"),
    );
    let stuck_worker =
        format!("thread `worker-7` waits in Mutex::lock at exercises/pool_stuck.rs:{worker}");
    assert!(all.contains(&stuck_worker), "{all}");
    // One idle worker holds the queue's lock while it waits for a job; the others wait for it.
    let idle_workers = format!("14 more) wait in Mutex::lock at exercises/pool_stuck.rs:{idle}");
    assert!(
        all.contains("18 threads (`worker-") && all.contains(&idle_workers),
        "{all}"
    );
    let receiver = format!("waits in Receiver::recv at exercises/pool_stuck.rs:{idle}");
    assert!(all.contains(&receiver), "{all}");
    let joiner = format!("waits in JoinHandle::join at exercises/pool_stuck.rs:{main}");
    assert!(all.contains(&joiner), "{all}");
}
