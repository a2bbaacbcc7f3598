//! End-to-end tests of the `mtlings` binary on fixture workbooks (rustlings format), with real
//! cargo builds and real child processes.

mod common;

use common::{Fixture, text};

/// `text` under another name, for tests with a local named `text`.
use common::text as text_of;

#[test]
fn passing_exercise_is_marked_done_and_the_next_becomes_current() {
    let fx = Fixture::new(&["test_fail", "no_tests"]);
    fx.solve("test_fail");
    let out = fx.run(&["run"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("test_fail passes"), "{all}");
    assert!(all.contains("Next exercise: no_tests"), "{all}");
    let state = fx.state();
    assert!(state.contains("current = \"no_tests\""), "{state}");
    assert!(state.contains("done = [\"test_fail\"]"), "{state}");
}

#[test]
fn compile_error_is_reported_with_the_compiler_message() {
    let fx = Fixture::new(&["compile_fail"]);
    let out = fx.run(&["run", "compile_fail"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("E0308"), "{all}");
    assert!(all.contains("compile_fail: it does not compile"), "{all}");
    assert!(!fx.state().contains("done = [\"compile_fail\"]"));
}

#[test]
fn failing_test_shows_its_message() {
    let fx = Fixture::new(&["test_fail"]);
    let out = fx.run(&["run", "test_fail"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("double(3) should be 6"), "{all}");
    assert!(all.contains("test_fail: tests failed"), "{all}");
}

#[test]
fn exercise_without_tests_is_judged_by_main() {
    let fx = Fixture::new(&["no_tests"]);
    let out = fx.run(&["run", "no_tests"]);
    assert!(
        text(&out).contains("main exited with code 1"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("not ready yet"), "{}", text(&out));
    fx.solve("no_tests");
    let out = fx.run(&["run", "no_tests"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
#[cfg(target_os = "linux")] // the diagnosis and the leftover check read /proc
fn deadlock_is_killed_at_its_timeout_and_diagnosed() {
    let fx = Fixture::new(&["deadlock"]);
    let out = fx.run(&["run", "deadlock"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("the tests did not finish in 1 s: looks like a deadlock"),
        "{all}"
    );
    assert!(all.contains("all waiting"), "{all}");
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new());
}

#[test]
#[cfg(target_os = "linux")] // the leftover check reads /proc
fn child_that_would_outlive_the_exercise_is_ended() {
    let fx = Fixture::new(&["spawn_child"]);
    fx.solve("spawn_child");
    let out = fx.run(&["run", "spawn_child"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    let pid: u32 = all
        .split("child pid ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no child pid in {all}"));
    let alive = std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    });
    assert!(!alive, "the exercise's child {pid} is still running");
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new());
}

#[test]
fn corrupted_state_is_rebuilt_with_a_warning_and_kept_aside() {
    let fx = Fixture::new(&["test_fail", "no_tests"]);
    std::fs::write(
        fx.root().join(".mtlings-state.toml"),
        "current = [[[ not toml",
    )
    .unwrap();
    let out = fx.run(&["list", "--plain"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(
        all.contains("warning:") && all.contains("unreadable"),
        "{all}"
    );
    assert!(all.contains("0/2 exercises done"), "{all}");
    assert!(fx.root().join(".mtlings-state.toml.corrupt").is_file());
}

#[test]
fn progress_survives_between_commands() {
    let fx = Fixture::new(&["no_tests", "test_fail"]);
    fx.solve("no_tests");
    assert!(fx.run(&["run"]).status.success());
    let out = fx.run(&["list", "--plain"]);
    let all = text(&out);
    assert!(all.contains("1/2 exercises done"), "{all}");
    assert!(
        all.lines()
            .any(|l| l.contains("no_tests") && l.contains("done")),
        "{all}"
    );
    assert!(
        all.lines()
            .any(|l| l.contains("test_fail") && l.contains("current")),
        "{all}"
    );
}

#[test]
fn bad_info_toml_names_file_line_and_field() {
    let fx = Fixture::new(&["test_fail"]);
    let info = fx.root().join("info.toml");
    let text_before = std::fs::read_to_string(&info).unwrap();
    std::fs::write(&info, text_before.replace("hint =", "timeout = 3\nhint =")).unwrap();
    let out = fx.run(&["list", "--plain"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("info.toml:6:1") && err.contains("timeout"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn unknown_exercise_suggests_the_nearest_name() {
    let fx = Fixture::new(&["test_fail"]);
    let out = fx.run(&["hint", "test_fial"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("did you mean `test_fail`"),
        "{}",
        text(&out)
    );
}

#[test]
fn running_outside_a_workbook_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mtlings"))
        .arg("list")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("no mtlings workbook here"),
        "{}",
        text(&out)
    );
}

#[test]
fn missing_cargo_is_a_clear_error() {
    let fx = Fixture::new(&["test_fail"]);
    let empty = tempfile::tempdir().unwrap();
    let out = fx
        .mtlings(&["run"])
        .env("PATH", empty.path())
        .env_remove("CARGO")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("not on PATH"), "{}", text(&out));
}

#[test]
fn reset_restores_the_original_without_git() {
    let fx = Fixture::new(&["test_fail"]);
    let file = fx.root().join("exercises/test_fail.rs");
    let original = std::fs::read_to_string(&file).unwrap();
    assert!(fx.run(&["hint"]).status.success());
    std::fs::write(&file, "garbage").unwrap();
    let out = fx.run(&["reset", "test_fail"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn dev_check_passes_a_sound_workbook() {
    let fx = Fixture::new(&["compile_fail", "test_fail", "no_tests", "deadlock"]);
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("check: 8 passed, 0 failed"), "{all}");
}

#[test]
fn dev_check_catches_an_exercise_that_passes_as_shipped() {
    let fx = Fixture::new(&["test_fail", "no_tests"]);
    fx.solve("test_fail");
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.lines()
            .any(|l| l.contains("test_fail ") && l.contains("passes as shipped")),
        "{all}"
    );
}

#[test]
fn dev_check_stress_finds_a_flaky_solution() {
    let fx = Fixture::new(&["flaky"]);
    let counter = fx.root().join("counter");
    let out = fx
        .mtlings(&["dev", "check", "--stress", "4"])
        .env("FIXTURE_COUNTER", &counter)
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("flaky: passed 2 of 4 runs"), "{all}");
}

#[test]
fn dev_check_reports_inconsistent_files() {
    let fx = Fixture::new(&["test_fail", "no_tests"]);
    std::fs::remove_file(fx.root().join("solutions/no_tests.rs")).unwrap();
    std::fs::write(fx.root().join("exercises/stray.rs"), "fn main() {}").unwrap();
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("`no_tests` has no file solutions/no_tests.rs"),
        "{all}"
    );
    assert!(all.contains("exercises/stray.rs: stray file"), "{all}");
}

#[test]
fn verify_reports_json_and_junit() {
    let fx = Fixture::new(&["test_fail", "no_tests"]);
    fx.solve("no_tests");
    let out = fx.run(&["verify", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("verify prints JSON");
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let failed = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ok"] == false)
        .unwrap();
    assert_eq!(failed["name"], "test_fail");
    assert!(
        failed["output"]
            .as_str()
            .unwrap()
            .contains("double(3) should be 6")
    );
    assert!(
        fx.state().contains("done = [\"no_tests\"]"),
        "{}",
        fx.state()
    );

    let out = fx.run(&["verify", "--format", "junit"]);
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(
        xml.contains("<testsuites name=\"mtlings verify\" tests=\"2\" failures=\"1\" time=\""),
        "{xml}"
    );
    assert!(xml.contains("<failure message=\"tests failed\">"), "{xml}");
}

#[test]
fn unchanged_exercise_reruns_from_the_build_cache_and_an_edit_rebuilds() {
    let fx = Fixture::new(&["test_fail"]);
    fx.solve("test_fail");
    assert!(fx.run(&["run"]).status.success());
    // Without cargo on PATH only a cache hit can pass: nothing changed, so nothing is built.
    let empty = tempfile::tempdir().unwrap();
    let no_cargo = |fx: &Fixture| {
        fx.mtlings(&["run", "test_fail"])
            .env("PATH", empty.path())
            .env_remove("CARGO")
            .output()
            .unwrap()
    };
    let out = no_cargo(&fx);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("test_fail passes"), "{}", text(&out));
    // An edit must invalidate the cache: now the toolchain is needed again (with nothing on
    // PATH, the compiler cannot even find its linker).
    let file = fx.root().join("exercises/test_fail.rs");
    let edited = std::fs::read_to_string(&file).unwrap() + "\n// edited\n";
    std::fs::write(&file, edited).unwrap();
    let out = no_cargo(&fx);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("test_fail passes"), "{}", text(&out));
    assert!(text(&out).contains("not found"), "{}", text(&out));
}

#[test]
#[cfg(unix)]
fn output_into_a_closed_pipe_ends_quietly() {
    let fx = Fixture::new(&["test_fail"]);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = fx
        .mtlings(&["list", "--plain"])
        .stdout(writer)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn hint_reveals_one_step_at_a_time_and_remembers() {
    let fx = Fixture::new(&["test_fail"]);
    let info = fx.root().join("info.toml");
    let text_before = std::fs::read_to_string(&info).unwrap();
    std::fs::write(
        &info,
        text_before.replace(
            "hint = \"A hint for test_fail.\"",
            "hints = [\"The idea.\", \"Where to look.\", \"The shape of the fix.\"]",
        ),
    )
    .unwrap();
    let first = text(&fx.run(&["hint"]));
    assert!(
        first.contains("Hint 1 of 3") && first.contains("1. The idea."),
        "{first}"
    );
    assert!(!first.contains("Where to look."), "{first}");
    let second = text(&fx.run(&["hint", "test_fail"]));
    assert!(
        second.contains("Hint 2 of 3") && second.contains("2. Where to look."),
        "{second}"
    );
    assert!(!second.contains("The shape"), "{second}");
    let all = text(&fx.run(&["hint", "--all"]));
    assert!(
        all.contains("Hint 3 of 3") && all.contains("3. The shape of the fix."),
        "{all}"
    );
    // `--all` shows everything without counting as reading it.
    let third = text(&fx.run(&["hint"]));
    assert!(third.contains("Hint 3 of 3"), "{third}");
    assert!(!third.contains("next step"), "{third}");
    assert!(fx.state().contains("test_fail = 3"), "{}", fx.state());
}

/// A wrong fix of the `marked` fixture that the test catches.
const ADD_THREE: &str =
    "// MISTAKE: adds one\nfn double(x: u32) -> u32 {\n    x + 1\n}\n\nfn main() {}\n";

#[test]
fn dev_check_proves_a_mistake_fails_when_spliced_onto_the_exercise() {
    let fx = Fixture::new(&["marked"]);
    fx.mistake("marked", "add-three", ADD_THREE);
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(
        all.lines().any(|l| l.starts_with("ok")
            && l.contains("marked/add-three")
            && l.contains("adds one: tests failed")),
        "{all}"
    );
    assert!(all.contains("check: 3 passed, 0 failed"), "{all}");
    assert!(
        all.contains(
            "mistakes: 1 known wrong fixes for 1 of 1 exercises; fewer than 3: marked (1)"
        ),
        "{all}"
    );
    // Only the mistakes, on request.
    let out = fx.run(&["dev", "check", "--mistakes-only", "marked"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("check: 1 passed, 0 failed"), "{all}");
}

#[test]
fn dev_check_reports_a_mistake_that_passes() {
    let fx = Fixture::new(&["marked"]);
    fx.mistake(
        "marked",
        "hard-coded",
        "// MISTAKE: hard-codes the value the test feeds in\nfn double(x: u32) -> u32 {\n    if x == 3 { 6 } else { 0 }\n}\n\nfn main() {}\n",
    );
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.lines().any(|l| l.starts_with("FAIL")
            && l.contains("marked/hard-coded")
            && l.contains("a wrong fix passes: hard-codes the value the test feeds in")),
        "{all}"
    );
}

#[test]
fn dev_check_stress_catches_a_mistake_that_passes_only_sometimes() {
    let fx = Fixture::new(&["marked"]);
    // Right on every other call: a race that the tests catch only when it goes badly.
    fx.mistake(
        "marked",
        "sometimes",
        "// MISTAKE: right only every other run\nfn double(x: u32) -> u32 {\n    let path = std::env::var_os(\"FIXTURE_COUNTER\").unwrap();\n    let n: u32 = std::fs::read_to_string(&path).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);\n    std::fs::write(&path, (n + 1).to_string()).unwrap();\n    if n % 2 == 0 { x * 2 } else { x + 2 }\n}\n\nfn main() {}\n",
    );
    let counter = fx.root().join("counter");
    let once = fx
        .mtlings(&["dev", "check", "--mistakes-only", "marked"])
        .env("FIXTURE_COUNTER", &counter)
        .output()
        .unwrap();
    assert_eq!(once.status.code(), Some(1), "{}", text(&once));
    let out = fx
        .mtlings(&["dev", "check", "--mistakes-only", "marked", "--stress", "4"])
        .env("FIXTURE_COUNTER", &counter)
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("a wrong fix passes on 2 of 4 runs: right only every other run"),
        "{all}"
    );
}

#[test]
fn dev_check_reports_a_stale_mistake_that_no_longer_compiles() {
    let fx = Fixture::new(&["marked"]);
    fx.mistake(
        "marked",
        "stale",
        "// MISTAKE: written against an older exercise\nfn double(x: u32, factor: u32) -> u32 {\n    x * factor\n}\n\nfn main() {}\n",
    );
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.lines().any(|l| l.starts_with("FAIL")
            && l.contains("marked/stale")
            && l.contains("stale: no longer compiles against the exercise (error[E0061]")),
        "{all}"
    );
}

#[test]
fn dev_check_names_a_mistake_of_an_unknown_exercise() {
    let fx = Fixture::new(&["marked"]);
    fx.mistake("marekd", "x", ADD_THREE);
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("problem: mistakes/marekd/x.rs: no exercise `marekd` in info.toml")
            && all.contains("did you mean `marked`"),
        "{all}"
    );
}

#[test]
fn dev_mistake_starts_a_file_from_the_learner_part() {
    let fx = Fixture::new(&["marked"]);
    let out = fx.run(&["dev", "mistake", "marked", "off-by-one"]);
    assert!(out.status.success(), "{}", text(&out));
    let file = fx.root().join("mistakes/marked/off-by-one.rs");
    let written = std::fs::read_to_string(&file).unwrap();
    let exercise = std::fs::read_to_string(fx.root().join("exercises/marked.rs")).unwrap();
    let learner = exercise.split("// ---- Don't edit").next().unwrap();
    assert_eq!(
        written,
        format!("// MISTAKE: <what is wrong, in one line>\n{learner}")
    );
    // It will not be overwritten, and dev check asks for a description.
    let again = fx.run(&["dev", "mistake", "marked", "off-by-one"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("already exists"), "{}", text(&again));
    let check = text(&fx.run(&["dev", "check"]));
    assert!(
        check.contains("mistakes/marked/off-by-one.rs:1: describe the wrong fix"),
        "{check}"
    );
}

#[test]
fn a_rebuild_replays_the_compiler_without_cargo_and_names_the_exercise_file() {
    let fx = Fixture::new(&["compile_fail"]);
    assert_eq!(fx.run(&["run", "compile_fail"]).status.code(), Some(1));
    assert!(
        fx.root()
            .join(".mtlings/recipes/compile_fail.json")
            .is_file()
    );
    // An edit, with cargo unusable: only the remembered compiler commands can judge it.
    let file = fx.root().join("exercises/compile_fail.rs");
    let edited = std::fs::read_to_string(&file).unwrap() + "\n// edited\n";
    std::fs::write(&file, edited).unwrap();
    let out = fx
        .mtlings(&["run", "compile_fail"])
        .env("CARGO", "/nonexistent/cargo")
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("E0308"), "{all}");
    assert!(all.contains("--> exercises/compile_fail.rs:"), "{all}");
    assert!(all.contains("compile_fail: it does not compile"), "{all}");
}

#[test]
fn a_recipe_that_no_longer_works_is_dropped_for_cargo() {
    let fx = Fixture::new(&["test_fail"]);
    fx.solve("test_fail");
    assert!(fx.run(&["run", "test_fail"]).status.success());
    let recipe = fx.root().join(".mtlings/recipes/test_fail.json");
    let written = std::fs::read_to_string(&recipe).unwrap();
    // A compiler that exists but fails without a word, as after a broken toolchain update.
    let broken = written.replacen("\"program\":\"", "\"program\":\"/bin/false\",\"was\":\"", 2);
    std::fs::write(&recipe, broken).unwrap();
    let file = fx.root().join("exercises/test_fail.rs");
    let edited = std::fs::read_to_string(&file).unwrap() + "\n// edited\n";
    std::fs::write(&file, edited).unwrap();
    let out = fx.run(&["run", "test_fail"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("test_fail passes"), "{}", text(&out));
    let again = std::fs::read_to_string(&recipe).unwrap();
    assert!(!again.contains("/bin/false"), "{again}");
}

#[test]
fn backtraces_are_off_unless_asked_for() {
    let fx = Fixture::new(&["test_fail"]);
    let quiet = fx
        .mtlings(&["run", "test_fail"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let all = text(&quiet);
    assert!(all.contains("double(3) should be 6"), "{all}");
    assert!(!all.contains("stack backtrace"), "{all}");
    let loud = fx
        .mtlings(&["run", "test_fail", "--backtrace"])
        .output()
        .unwrap();
    assert!(text(&loud).contains("stack backtrace"), "{}", text(&loud));
}

/// Sets `line` into the `[[exercises]]` table of `name` in the fixture's info.toml.
fn set_info(fx: &Fixture, name: &str, line: &str) {
    let path = fx.root().join("info.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let table = format!("name = \"{name}\"\n");
    assert!(text.contains(&table), "{text}");
    std::fs::write(&path, text.replace(&table, &format!("{table}{line}\n"))).unwrap();
}

#[test]
fn verify_reports_edited_tests_as_tampered_and_grades_the_rest() {
    let fx = Fixture::new(&["marked", "no_tests"]);
    assert!(fx.run(&["list", "--plain"]).status.success()); // the learner opens the workbook
    fx.solve("no_tests");
    let file = fx.root().join("exercises/marked.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    // Not solved, but the assertion that says so is gone.
    let weakened = text.replace(
        "        assert_eq!(super::double(3), 6, \"double(3) should be 6\");\n",
        "",
    );
    assert_ne!(weakened, text);
    std::fs::write(&file, weakened).unwrap();
    let out = fx.run(&["verify"]);
    let all = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.lines().any(|l| l.starts_with("FAIL")
            && l.contains("marked")
            && l.contains("tampered: the tests or scaffolding below the marker were edited (shipped line(s) 15;")),
        "{all}"
    );
    assert!(
        all.lines()
            .any(|l| l.starts_with("ok") && l.contains("no_tests")),
        "{all}"
    );
    assert!(
        fx.state().contains("done = [\"no_tests\"]"),
        "{}",
        fx.state()
    );
    let out = fx.run(&["verify", "--allow-edited-tests"]);
    assert!(out.status.success(), "{}", text_of(&out));
}

#[test]
fn verify_grades_with_the_shipped_settings_not_an_edited_info_toml() {
    let fx = Fixture::new(&["test_fail"]);
    assert!(fx.run(&["list", "--plain"]).status.success());
    // Turning the tests off would let `main` alone pass the exercise.
    set_info(&fx, "test_fail", "test = false");
    let out = fx.run(&["verify"]);
    let all = text_of(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.lines().any(|l| l.starts_with("FAIL")
            && l.contains("test_fail")
            && l.contains("tests failed")),
        "{all}"
    );
    assert!(
        all.contains("info.toml's settings differ from the shipped ones (test_fail.test)"),
        "{all}"
    );
}

#[test]
fn verify_reports_points_in_gradescope_and_classroom50_formats() {
    let fx = Fixture::new(&["test_fail", "no_tests"]);
    set_info(&fx, "no_tests", "points = 3");
    fx.solve("no_tests");
    let report = fx.root().join("out/results.json");
    let out = fx.run(&[
        "verify",
        "--format",
        "gradescope",
        "--output",
        "out/results.json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "verify: 1 passed, 1 failed (3 of 4 points)"
    );
    // Gradescope's results.json: a numeric total and, per test, name, score, max_score,
    // status ("passed" or "failed") and output.
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(v["score"].as_f64(), Some(3.0));
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 2);
    for t in tests {
        assert!(t["name"].is_string() && t["output"].is_string(), "{t}");
        assert!(
            t["score"].as_f64().unwrap() <= t["max_score"].as_f64().unwrap(),
            "{t}"
        );
        assert!(
            ["passed", "failed"].contains(&t["status"].as_str().unwrap()),
            "{t}"
        );
    }
    let failed = tests.iter().find(|t| t["status"] == "failed").unwrap();
    assert_eq!(
        (failed["name"].as_str(), failed["score"].as_f64()),
        (Some("test_fail"), Some(0.0))
    );
    assert!(
        failed["output"]
            .as_str()
            .unwrap()
            .contains("double(3) should be 6"),
        "{failed}"
    );

    // Classroom 50's result.json (classroom50/result/v1): integer score <= max-score, and per
    // test test-name, passed, integer score <= integer max-score.
    let out = fx.run(&["verify", "--format", "classroom50"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["score"].as_u64(), v["max-score"].as_u64()),
        (Some(3), Some(4))
    );
    for t in v["tests"].as_array().unwrap() {
        assert!(
            t["test-name"].as_str().is_some_and(|n| !n.is_empty()),
            "{t}"
        );
        assert!(t["passed"].is_boolean(), "{t}");
        assert!(
            t["score"].as_u64().unwrap() <= t["max-score"].as_u64().unwrap(),
            "{t}"
        );
    }
}

#[test]
#[cfg(target_os = "linux")] // memory is read from /proc
fn runaway_allocation_is_stopped_at_its_memory_limit() {
    let fx = Fixture::new(&["mem_hog"]);
    let out = fx.run(&["run", "mem_hog"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("main used more than 256 MiB of memory"),
        "{all}"
    );
    #[cfg(target_arch = "x86_64")] // where it was allocating, from its stack
    assert!(all.contains("| queue.push(vec![1u8; 16 << 20]);"), "{all}");
    assert!(
        !all.contains("did not finish"),
        "stopped by the limit, not the timeout: {all}"
    );
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new());
}

#[test]
#[cfg(target_os = "linux")]
fn a_program_that_keeps_starting_itself_is_stopped_and_counted() {
    let fx = Fixture::new(&["fork_loop"]);
    let out = fx.run(&["run", "fork_loop"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("main started "), "{all}");
    assert!(
        all.contains("processes (limit 32, `max_processes` in info.toml): is the child starting itself again?"),
        "{all}"
    );
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new());
}

#[test]
#[cfg(target_os = "linux")]
fn runs_under_their_limits_pass_and_dev_check_wants_solutions_well_under() {
    let fx = Fixture::new(&["mem_hog", "fork_loop"]);
    fx.solve("mem_hog");
    fx.solve("fork_loop");
    let out = fx.run(&["run", "mem_hog"]);
    assert!(
        out.status.success(),
        "200 of 256 MiB is allowed: {}",
        text(&out)
    );
    let out = fx.run(&["run", "fork_loop"]);
    assert!(out.status.success(), "{}", text(&out));
    // The solution of mem_hog uses more than half its limit: an author should raise it.
    let fx = Fixture::new(&["mem_hog", "fork_loop"]);
    let out = fx.run(&["dev", "check"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.lines().any(|l| l.contains("mem_hog_sol")
            && l.contains("more than half its memory limit (256 MiB)")),
        "{all}"
    );
    assert!(
        all.lines()
            .any(|l| l.starts_with("ok") && l.contains("fork_loop_sol")),
        "{all}"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn a_timeout_waiting_on_a_child_says_so_rather_than_deadlock() {
    let fx = Fixture::new(&["wait_child"]);
    let out = fx.run(&["run", "wait_child"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("main did not finish in 1 s: waiting for child processes"),
        "{all}"
    );
    assert_eq!(fx.leftover_processes(), Vec::<u32>::new());
}
