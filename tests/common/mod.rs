//! Shared helpers for the integration tests: fixture workbooks in temp dirs and the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The info.toml settings of each fixture exercise (besides name and hint).
fn settings(name: &str) -> &'static str {
    match name {
        "no_tests" | "spawn_child" | "flaky" | "send_rc" => "test = false\n",
        "busy_pool" => "test = false\ntimeout_secs = 60\n",
        "deadlock" => "timeout_secs = 1\n",
        "mem_hog" => "test = false\ntimeout_secs = 30\nmemory_mb = 256\n",
        "stuck_condvar" | "stuck_recv" | "spin" | "child_deadlock" | "pool_stuck" => {
            "test = false\ntimeout_secs = 1\n"
        }
        "wait_child" => "test = false\ntimeout_secs = 1\n",
        "fork_loop" => "test = false\ntimeout_secs = 30\nmax_processes = 32\n",
        _ => "",
    }
}

/// A copy of some fixture exercises as a rustlings-format workbook in a fresh temp dir.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wb")
}

impl Fixture {
    /// A workbook with the named fixture exercises, in that order.
    pub fn new(names: &[&str]) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("mtlings-fixture-")
            .tempdir()
            .unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("exercises")).unwrap();
        std::fs::create_dir_all(root.join("solutions")).unwrap();
        let mut info =
            String::from("format_version = 1\nwelcome_message = \"Welcome to the fixture\"\n");
        let mut bins = String::from("bin = [\n");
        for name in names {
            for top in ["exercises", "solutions"] {
                std::fs::copy(
                    source_dir().join(top).join(format!("{name}.rs")),
                    root.join(top).join(format!("{name}.rs")),
                )
                .unwrap();
            }
            info.push_str(&format!(
                "\n[[exercises]]\nname = \"{name}\"\n{}hint = \"A hint for {name}.\"\n",
                settings(name)
            ));
            bins.push_str(&format!(
                "  {{ name = \"{name}\", path = \"exercises/{name}.rs\" }},\n  {{ name = \"{name}_sol\", path = \"solutions/{name}.rs\" }},\n"
            ));
        }
        bins.push_str("]\n\n[package]\nname = \"fixture\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n");
        std::fs::write(root.join("info.toml"), info).unwrap();
        std::fs::write(root.join("Cargo.toml"), bins).unwrap();
        Fixture { dir }
    }

    /// The workbook root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces an exercise with its solution (the learner solved it).
    pub fn solve(&self, name: &str) {
        let sol = self.root().join(format!("solutions/{name}.rs"));
        std::fs::copy(sol, self.root().join(format!("exercises/{name}.rs"))).unwrap();
    }

    /// Writes a known wrong fix of `exercise` as `mistakes/EXERCISE/SLUG.rs`.
    pub fn mistake(&self, exercise: &str, slug: &str, text: &str) {
        let dir = self.root().join("mistakes").join(exercise);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{slug}.rs")), text).unwrap();
    }

    /// A command running the real `mtlings` binary inside the workbook.
    pub fn mtlings(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mtlings"));
        cmd.args(args).current_dir(self.root());
        // Each fixture builds in its own target dir: fixtures share bin names, and cargo
        // names a bin's executable after the bin alone, so a shared dir would mix them up.
        cmd.env_remove("CARGO_TARGET_DIR");
        cmd.env_remove("RUSTC_WORKSPACE_WRAPPER");
        // English unless a test asks otherwise, whatever this machine's locale.
        for var in ["MTLINGS_LANG", "LC_ALL", "LC_MESSAGES"] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", "C.UTF-8");
        cmd
    }

    /// Runs `mtlings ARGS` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.mtlings(args).output().unwrap()
    }

    /// The state file's text ("" if missing).
    pub fn state(&self) -> String {
        std::fs::read_to_string(self.root().join(".mtlings-state.toml")).unwrap_or_default()
    }

    /// Pids of live (non-zombie) processes working in this fixture's folder (Linux): every run
    /// of an exercise starts there, and so do the children it spawns.
    pub fn leftover_processes(&self) -> Vec<u32> {
        let root = std::fs::canonicalize(self.root()).unwrap();
        let mut found = Vec::new();
        for e in std::fs::read_dir("/proc").unwrap().filter_map(|e| e.ok()) {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let cwd = std::fs::read_link(e.path().join("cwd")).unwrap_or_default();
            let stat = std::fs::read_to_string(e.path().join("stat")).unwrap_or_default();
            let zombie = stat
                .rsplit(')')
                .next()
                .is_some_and(|r| r.trim_start().starts_with('Z'));
            if !zombie && cwd == root {
                found.push(pid);
            }
        }
        found
    }
}

/// stdout and stderr of an output, as one string.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
