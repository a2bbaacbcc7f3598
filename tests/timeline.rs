//! `mtlings run --timeline` and `--trace FILE` on real fixture programs: what each thread did
//! over time, as rows and as a Chrome trace (Linux x86_64, where stacks can be read).
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

mod common;

use common::{Fixture, text};
use serde_json::Value;

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

/// Runs `mtlings run NAME --trace FILE` and returns what it printed and the parsed trace,
/// checking that nothing it started is left (stopped, traced or running).
fn traced(name: &str) -> (String, Vec<Value>) {
    let fx = Fixture::new(&[name]);
    let file = fx.root().join("run.json");
    let out = fx.run(&["run", name, "--trace", file.to_str().unwrap()]);
    let all = text(&out);
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new(), "{all}");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let events = json["traceEvents"].as_array().unwrap().clone();
    (all, events)
}

/// The (pid, tid) of the thread named `name` in the trace.
fn thread_named(events: &[Value], name: &str) -> (u64, u64) {
    let e = events
        .iter()
        .find(|e| e["ph"] == "M" && e["name"] == "thread_name" && e["args"]["name"] == name)
        .unwrap_or_else(|| panic!("no thread `{name}` in {events:#?}"));
    (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap())
}

/// The waiting slices of one thread.
fn waits(events: &[Value], (pid, tid): (u64, u64)) -> Vec<&Value> {
    events
        .iter()
        .filter(|e| e["ph"] == "X" && e["cat"] == "waiting" && e["pid"] == pid && e["tid"] == tid)
        .collect()
}

#[test]
fn the_trace_names_every_thread_and_where_each_waits() {
    let (all, events) = traced("deadlock");
    assert!(all.contains("Trace written to"), "{all}");
    // Threads carry their full names (the kernel keeps 15 characters of the test's).
    let test = thread_named(&events, "tests::both_transfers_finish");
    let worker = thread_named(&events, "<unnamed>");
    let harness = thread_named(&events, "main (test harness)");
    assert_eq!((test.0, worker.0), (harness.0, harness.0), "one process");
    let process = events
        .iter()
        .find(|e| e["name"] == "process_name" && e["pid"] == harness.0)
        .unwrap();
    assert!(
        process["args"]["name"]
            .as_str()
            .unwrap()
            .contains("killed at its time limit"),
        "{process}"
    );
    for (thread, line) in [(test, 18), (worker, 13)] {
        let at = format!("exercises/deadlock.rs:{line}");
        assert!(
            waits(&events, thread).iter().any(
                |e| e["args"]["location"] == at.as_str() && e["name"] == "waiting: Mutex::lock"
            ),
            "no wait at {at}: {events:#?}"
        );
    }
    // Slices are well formed: every complete event has a start and a duration.
    assert!(
        events
            .iter()
            .filter(|e| e["ph"] == "X")
            .all(|e| e["ts"].is_u64() && e["dur"].is_u64())
    );
}

#[test]
fn the_trace_includes_child_processes() {
    let (all, events) = traced("child_deadlock");
    let pids: std::collections::BTreeSet<u64> = events
        .iter()
        .filter(|e| e["name"] == "process_name")
        .map(|e| e["pid"].as_u64().unwrap())
        .collect();
    assert_eq!(pids.len(), 2, "{all}\n{events:#?}");
    let at = format!(
        "exercises/child_deadlock.rs:{}",
        line_of("child_deadlock", "child")
    );
    assert!(
        events.iter().any(|e| e["args"]["location"] == at.as_str()),
        "{events:#?}"
    );
    // The parent's main thread is never stopped; /proc says it waits for its child.
    assert!(
        events.iter().any(|e| e["name"] == "waiting: waitpid"),
        "{events:#?}"
    );
}

#[test]
fn the_timeline_shows_each_thread_and_what_it_waits_in() {
    let fx = Fixture::new(&["pool_stuck"]);
    let out = fx.run(&["run", "pool_stuck", "--timeline"]);
    let all = text(&out);
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new(), "{all}");
    let timeline = &all[all
        .find("Timeline of main")
        .unwrap_or_else(|| panic!("{all}"))..];
    let timeline = &timeline[..timeline.find("\n\n").unwrap_or(timeline.len())];
    assert!(
        timeline.contains("21 threads; killed at its time limit"),
        "{timeline}"
    );
    assert!(
        timeline.lines().all(|l| l.chars().count() <= 100),
        "{timeline}"
    );
    // worker-7's row is drawn with the letter of its wait in the key.
    let line = line_of("pool_stuck", "worker");
    let key = timeline
        .lines()
        .find(|l| {
            l.contains(&format!(
                "waits in Mutex::lock at exercises/pool_stuck.rs:{line}"
            ))
        })
        .unwrap_or_else(|| panic!("{timeline}"));
    let letter = key.trim_start().chars().next().unwrap();
    let row = timeline
        .lines()
        .find(|l| l.starts_with("worker-7 "))
        .unwrap_or_else(|| panic!("{timeline}"));
    assert!(row.contains(letter), "{row}\n{timeline}");
    for n in 0..20 {
        assert!(
            timeline
                .lines()
                .any(|l| l.starts_with(&format!("worker-{n} "))),
            "{timeline}"
        );
    }
}

#[test]
fn a_run_that_is_sampled_still_passes_and_its_timeline_ends_with_its_exit() {
    let fx = Fixture::new(&["busy_pool"]);
    let out = fx.run(&["run", "busy_pool", "--timeline"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("20 results; work took"), "{all}");
    assert!(all.contains("busy_pool passes!"), "{all}");
    assert!(all.contains("; exited with code 0):"), "{all}");
    for name in ["main ", "cruncher-a ", "cruncher-b ", "collector "] {
        assert!(all.lines().any(|l| l.starts_with(name)), "{name}: {all}");
    }
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new(), "{all}");
}

#[test]
fn a_trace_file_that_cannot_be_written_is_named_before_the_run() {
    let fx = Fixture::new(&["busy_pool"]);
    let out = fx.run(&["run", "busy_pool", "--trace", "no/such/dir/t.json"]);
    let all = text(&out);
    assert_ne!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("cannot write the trace file no/such/dir/t.json"),
        "{all}"
    );
    assert!(!all.contains("── main ──"), "it did not run: {all}");
}
