//! `mtlings init` writes a workbook of the bundled course that works where it is put, and the CI
//! workflows it writes grade it; the crate packages the whole course. Real binary, real cargo.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::text;

fn mtlings(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtlings"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .unwrap()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("mtlings-init-")
        .tempdir()
        .unwrap()
}

#[test]
fn init_writes_the_course_for_a_learner_and_refuses_an_existing_workbook() {
    let tmp = tempdir();
    let out = mtlings(&["init", "course"], tmp.path());
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("cd course && mtlings"),
        "{}",
        text(&out)
    );
    let wb = tmp.path().join("course");
    for file in [
        "info.toml",
        "Cargo.toml",
        "Cargo.lock",
        ".gitignore",
        ".vscode/extensions.json",
        "support/lib.rs",
        "exercises/00_intro/intro1.rs",
    ] {
        assert!(wb.join(file).is_file(), "{file} missing");
    }
    assert!(
        !wb.join("solutions").exists(),
        "a learner gets no solutions"
    );
    let info = std::fs::read_to_string(wb.join("info.toml")).unwrap();
    assert!(
        !info.contains("manifest ="),
        "the manifest is the workbook's own Cargo.toml"
    );
    // The new workbook is a workbook: mtlings lists every exercise of it from inside.
    let count = info.matches("[[exercises]]").count();
    let list = mtlings(&["list", "--plain"], &wb);
    assert!(list.status.success(), "{}", text(&list));
    let done = format!("0/{count} exercises done");
    assert!(text(&list).contains(&done), "{}", text(&list));
    // A second init there writes nothing.
    let before = std::fs::read_to_string(wb.join("exercises/00_intro/intro1.rs")).unwrap();
    std::fs::write(wb.join("exercises/00_intro/intro1.rs"), "// my work\n").unwrap();
    let again = mtlings(&["init", "course"], tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again).contains("already a workbook"),
        "{}",
        text(&again)
    );
    assert_eq!(
        std::fs::read_to_string(wb.join("exercises/00_intro/intro1.rs")).unwrap(),
        "// my work\n"
    );
    assert_ne!(before, "// my work\n");
    // Nor into a folder that holds something else.
    std::fs::create_dir(tmp.path().join("busy")).unwrap();
    std::fs::write(tmp.path().join("busy/notes.txt"), "mine").unwrap();
    let busy = mtlings(&["init", "busy"], tmp.path());
    assert_eq!(busy.status.code(), Some(1));
    assert!(text(&busy).contains("busy is not empty"), "{}", text(&busy));
}

#[test]
fn init_with_solutions_writes_what_dev_check_needs() {
    let tmp = tempdir();
    let out = mtlings(&["init", "course", "--with-solutions"], tmp.path());
    assert!(out.status.success(), "{}", text(&out));
    let wb = tmp.path().join("course");
    assert!(wb.join("solutions/00_intro/intro1.rs").is_file());
    let manifest = std::fs::read_to_string(wb.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"intro1_sol\""), "{manifest}");
}

/// The commands of a workflow's grading step: GitHub's `run: |` block of the step named
/// "Grade", or GitLab's `script:` list.
fn grading_commands(workflow: &str) -> String {
    let lines: Vec<&str> = workflow.lines().collect();
    if let Some(at) = lines.iter().position(|l| l.trim() == "- name: Grade") {
        let body = lines[at + 1..]
            .iter()
            .skip_while(|l| l.trim() != "run: |")
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with("- "))
            .map(|l| l.trim())
            .collect::<Vec<_>>();
        return body.join("\n");
    }
    let at = lines.iter().position(|l| l.trim() == "script:").unwrap();
    lines[at + 1..]
        .iter()
        .take_while(|l| l.trim_start().starts_with("- "))
        .map(|l| l.trim_start().trim_start_matches("- "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Keeps the first two exercises of an init'd workbook, so grading it stays quick.
fn keep_two_exercises(wb: &Path) {
    let path = wb.join("info.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let third = text.match_indices("[[exercises]]").nth(2).unwrap().0;
    std::fs::write(&path, &text[..third]).unwrap();
}

#[test]
fn init_ci_workflows_grade_the_new_workbook_with_their_own_commands() {
    let tmp = tempdir();
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_mtlings"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap());
    for (ci, file) in [
        ("github", ".github/workflows/mtlings.yml"),
        ("gitlab", ".gitlab-ci.yml"),
    ] {
        let out = mtlings(&["init", ci, "--ci", ci], tmp.path());
        assert!(out.status.success(), "{}", text(&out));
        let wb = tmp.path().join(ci);
        keep_two_exercises(&wb);
        let workflow = std::fs::read_to_string(wb.join(file)).unwrap();
        assert!(workflow.contains(&format!("--version {}", env!("CARGO_PKG_VERSION"))));
        let summary = wb.join("step-summary.md");
        let run = Command::new("bash")
            .args(["-c", &grading_commands(&workflow)])
            .current_dir(&wb)
            .env("PATH", &path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("init-workbook"),
            )
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .output()
            .unwrap();
        // intro1 passes as shipped, intro_kinds does not: the job fails with the score.
        assert_eq!(run.status.code(), Some(1), "{ci}: {}", text(&run));
        let report = std::fs::read_to_string(wb.join("mtlings-report.xml")).unwrap();
        assert!(
            report.contains("<testsuites name=\"mtlings verify\" tests=\"2\" failures=\"1\""),
            "{report}"
        );
        let shown = std::fs::read_to_string(wb.join("mtlings-summary.txt")).unwrap();
        assert_eq!(shown.trim(), "verify: 1 passed, 1 failed (1 of 2 points)");
        if ci == "github" {
            let summary = std::fs::read_to_string(&summary).unwrap();
            assert!(summary.contains("(1 of 2 points)"), "{summary}");
        } else {
            assert!(text(&run).contains("(1 of 2 points)"), "{}", text(&run));
        }
    }
}

#[test]
fn the_crate_packages_the_whole_course() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let listed = String::from_utf8_lossy(&out.stdout);
    for file in [
        "info.toml",
        "support/lib.rs",
        "support/workbook-manifest.toml",
        "exercises/00_intro/intro1.rs",
        "solutions/00_intro/intro1.rs",
    ] {
        assert!(listed.lines().any(|l| l == file), "{file} is not packaged");
    }
    let mistakes = root.join("mistakes");
    if mistakes.is_dir() {
        assert!(
            listed.lines().any(|l| l.starts_with("mistakes/")),
            "mistakes are not packaged"
        );
    }
    // Well under crates.io's 10 MB limit even before compression.
    let bytes: u64 = listed
        .lines()
        .filter_map(|l| std::fs::metadata(root.join(l)).ok())
        .map(|m| m.len())
        .sum();
    assert!(bytes < 8 * 1024 * 1024, "{bytes} bytes");
}

#[test]
fn verify_reports_an_exercise_whose_support_code_was_edited_as_tampered() {
    let tmp = tempdir();
    let out = mtlings(&["init", "course"], tmp.path());
    assert!(out.status.success(), "{}", text(&out));
    let wb = tmp.path().join("course");
    // The first exercise that uses a module of the support library, and that module.
    let info = std::fs::read_to_string(wb.join("info.toml")).unwrap();
    let (exercise, module) = info
        .split("[[exercises]]")
        .skip(1)
        .find_map(|table| {
            let field = |key: &str| {
                table.lines().find_map(|l| {
                    l.strip_prefix(&format!("{key} = \""))
                        .map(|v| v.trim_end_matches('"').to_string())
                })
            };
            let (name, dir) = (field("name")?, field("dir")?);
            let src =
                std::fs::read_to_string(wb.join(format!("exercises/{dir}/{name}.rs"))).ok()?;
            let after = src.split("mtlings_support::").nth(1)?;
            let module: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            wb.join(format!("support/{module}.rs"))
                .is_file()
                .then_some((name, module))
        })
        .expect("an exercise that uses the support library");
    let support = wb.join(format!("support/{module}.rs"));
    let mut code = std::fs::read_to_string(&support).unwrap();
    code.push_str("\n// made easier\n");
    std::fs::write(&support, code).unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("init-workbook");
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", exercise.as_str()];
        args.extend(extra);
        Command::new(env!("CARGO_BIN_EXE_mtlings"))
            .args(&args)
            .current_dir(&wb)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .output()
            .unwrap()
    };
    let out = verify(&[]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "tampered: the support library it uses was edited (support/{module}.rs)"
        )),
        "{all}"
    );
    assert!(all.contains("verify: 0 passed, 1 failed"), "{all}");
    let out = verify(&["--allow-edited-tests"]);
    assert!(!text(&out).contains("tampered"), "{}", text(&out));
}
