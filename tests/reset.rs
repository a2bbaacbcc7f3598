//! `reset` gives back the exercise as shipped, even after the learner edited it and mtlings
//! was rebuilt the way the README starts it (`cargo run --release`), and an edit does not
//! make cargo rebuild mtlings. Drives real git and real cargo on a copy of this repository.

mod common;

use std::path::Path;
use std::process::Command;

use common::text;

/// Copies the files that make up this repository's CLI and workbook into `to`.
fn copy_repo(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "info.toml",
        "src",
        "exercises",
        "solutions",
        "workbook",
        "support",
    ] {
        let status = Command::new("cp")
            .arg("-R")
            .arg(from.join(entry))
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success(), "cannot copy {entry}");
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `cargo ARGS` in `dir`, building in a target dir kept between test runs.
fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("reset-repo"),
        )
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .unwrap()
}

#[test]
fn reset_gives_back_the_shipped_file_after_an_edit_and_a_rebuild() {
    let dir = tempfile::Builder::new()
        .prefix("mtlings-repo-")
        .tempdir()
        .unwrap();
    let repo = dir.path();
    copy_repo(repo);
    git(repo, &["init", "-q"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "shipped"]);
    let rel = "exercises/00_intro/intro1.rs";
    let shipped = git(repo, &["show", &format!("HEAD:{rel}")]);
    let file = repo.join(rel);

    // The learner edits the exercise, then starts mtlings as the README says.
    std::fs::write(&file, format!("{shipped}\n// my attempt\n")).unwrap();
    let out = cargo(repo, &["run", "--release", "-q", "--", "reset", "intro1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), shipped);

    // A restart after another edit finds mtlings built: nothing is compiled again.
    std::fs::write(&file, "fn main() {}\n").unwrap();
    let out = cargo(repo, &["build", "--release"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("Compiling mtlings"), "{}", text(&out));
    let out = cargo(repo, &["run", "--release", "-q", "--", "reset", "intro1"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), shipped);
}
