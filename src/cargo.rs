//! Building exercises with one cargo invocation and reading what it reports.
//!
//! Cargo runs with clippy's driver as the workspace rustc wrapper, so one compilation of each
//! target yields both its binary and its clippy lints. Cargo's JSON messages tell, per target,
//! the executables built (plain and test harness) and every diagnostic. This module is the only
//! one that knows cargo's flags.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::process::{self, Cancel};

/// Which targets one cargo invocation builds.
#[derive(Debug, Clone)]
pub enum Selection {
    /// These bins as programs; one that fails to compile does not stop the others.
    Programs(Vec<String>),
    /// These bins as test harnesses. `cargo test --no-run` has no `--keep-going`; its
    /// `--no-fail-fast` keeps going too, but may leave targets unbuilt after an error, so callers
    /// ask again for what is missing.
    Harnesses(Vec<String>),
}

/// Where and how to build.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Ask the compiler for ANSI colours in its rendered diagnostics.
    pub color: bool,
    /// Build in this separate target dir, tuned for one-off cold builds (no incremental
    /// compilation, no debug info): for `dev check`, so it neither waits for nor disturbs the
    /// learner's incremental builds.
    pub lean_target: Option<PathBuf>,
    /// Build from this manifest instead of the workbook's (`dev check` with mistakes).
    pub manifest: Option<PathBuf>,
}

/// The level given to cargo's own errors (not the compiler's) when they explain a failure.
pub const CARGO_LEVEL: &str = "cargo";

/// One compiler diagnostic attached to a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `error`, `warning`, `note`...
    pub level: String,
    /// The lint or error code (`clippy::needless_return`, `E0382`), if any.
    pub code: Option<String>,
    /// The diagnostic as the compiler renders it (with colours when asked).
    pub rendered: String,
}

/// What cargo produced for one bin target.
#[derive(Debug, Clone, Default)]
pub struct TargetBuild {
    /// The program, if it compiled as one.
    pub program: Option<PathBuf>,
    /// The test harness, if it compiled as one.
    pub harness: Option<PathBuf>,
    /// Diagnostics from rustc and clippy, without duplicates.
    pub diagnostics: Vec<Diagnostic>,
}

impl TargetBuild {
    /// Number of diagnostics at `error` level.
    pub fn errors(&self) -> usize {
        self.count("error")
    }

    /// Number of diagnostics at `warning` level.
    pub fn warnings(&self) -> usize {
        self.count("warning")
    }

    fn count(&self, level: &str) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }

    /// Whether every error is a clippy lint (the code compiles, clippy rejects it).
    pub fn only_lint_errors(&self) -> bool {
        let mut errors = self
            .diagnostics
            .iter()
            .filter(|d| d.level == "error")
            .peekable();
        errors.peek().is_some()
            && errors.all(|d| d.code.as_deref().is_some_and(|c| c.starts_with("clippy::")))
    }

    /// All diagnostics, rendered, in the order the compiler gave them.
    pub fn rendered(&self) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.rendered.as_str())
            .collect()
    }
}

/// The result of one cargo invocation.
#[derive(Debug, Default)]
pub struct BuildOutput {
    /// Per bin target name.
    pub targets: BTreeMap<String, TargetBuild>,
    /// Cargo's own error lines (manifest errors, lock problems...), for when no target explains
    /// a failure.
    pub cargo_errors: String,
    /// Whether cargo was cancelled before it finished.
    pub cancelled: bool,
}

/// Something cargo reported while building, for progress displays.
#[derive(Debug, Clone)]
pub enum BuildEvent {
    /// A dependency of the workbook (tokio...) finished compiling.
    Dependency(String),
    /// A workbook target finished compiling (as a program or harness).
    Target(String),
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    package_id: Option<String>,
    target: Option<MsgTarget>,
    profile: Option<MsgProfile>,
    executable: Option<PathBuf>,
    message: Option<MsgDiagnostic>,
}

#[derive(Deserialize)]
struct MsgTarget {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct MsgProfile {
    test: bool,
}

#[derive(Deserialize)]
struct MsgCode {
    code: String,
}

#[derive(Deserialize)]
struct MsgDiagnostic {
    message: String,
    level: String,
    code: Option<MsgCode>,
    rendered: Option<String>,
}

/// The clippy driver of the toolchain that builds the workbook, found once.
fn clippy_driver(dir: &Path) -> Result<PathBuf> {
    static DRIVER: OnceLock<std::result::Result<PathBuf, String>> = OnceLock::new();
    let found = DRIVER.get_or_init(|| {
        if let Some(path) = std::env::var_os("MTLINGS_CLIPPY_DRIVER") {
            return Ok(PathBuf::from(path));
        }
        let out = Command::new("rustc")
            .args(["--print", "sysroot"])
            .current_dir(dir)
            .output()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => "cannot run `rustc`: it is not on PATH \
                    (install Rust from https://rustup.rs)"
                    .to_string(),
                _ => format!("cannot run `rustc`: {e}"),
            })?;
        let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let driver = Path::new(&sysroot)
            .join("bin")
            .join(format!("clippy-driver{}", std::env::consts::EXE_SUFFIX));
        if driver.is_file() {
            Ok(driver)
        } else {
            Err(
                "clippy is not installed for this toolchain: run `rustup component add clippy`"
                    .to_string(),
            )
        }
    });
    found.clone().map_err(anyhow::Error::msg)
}

/// Runs one cargo build of `selection` in the package of `manifest`.
pub fn build(
    manifest: &Path,
    selection: &Selection,
    settings: &Settings,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(BuildEvent),
) -> Result<BuildOutput> {
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let driver = clippy_driver(dir)?;
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    let bins = match selection {
        Selection::Programs(bins) => {
            cmd.args(["build", "--keep-going"]);
            bins
        }
        Selection::Harnesses(bins) => {
            cmd.args(["test", "--no-run", "--no-fail-fast"]);
            bins
        }
    };
    for bin in bins {
        cmd.arg("--bin").arg(bin);
    }
    if let Some(target) = &settings.lean_target {
        cmd.env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_PROFILE_DEV_DEBUG", "0");
    }
    let format = if settings.color {
        "--message-format=json-diagnostic-rendered-ansi"
    } else {
        "--message-format=json"
    };
    cmd.arg("--manifest-path")
        .arg(manifest)
        .arg(format)
        .env("RUSTC_WORKSPACE_WRAPPER", driver)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match process::spawn_group(&mut cmd) {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("cannot run `cargo`: it is not on PATH (install Rust from https://rustup.rs)")
        }
        Err(e) => return Err(e).context("cannot start cargo"),
    };
    let guard = cancel.track(child.id());
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut out = BuildOutput::default();
    let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut workbook_pkg: Option<String> = None;
    for line in stdout.lines() {
        let Ok(line) = line else { break };
        let Ok(msg) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        let Some(target) = msg.target else { continue };
        let is_bin = target.kind.iter().any(|k| k == "bin");
        match msg.reason.as_str() {
            "compiler-artifact" if is_bin && msg.package_id.is_some() => {
                if workbook_pkg.is_none() {
                    workbook_pkg = msg.package_id.clone();
                }
                let entry = out.targets.entry(target.name.clone()).or_default();
                let is_test = msg.profile.is_some_and(|p| p.test);
                if is_test {
                    entry.harness = msg.executable;
                } else {
                    entry.program = msg.executable;
                }
                on_event(BuildEvent::Target(target.name));
            }
            "compiler-artifact" => on_event(BuildEvent::Dependency(target.name)),
            "compiler-message" if is_bin => {
                let Some(m) = msg.message else { continue };
                let Some(rendered) = m.rendered else { continue };
                if is_summary(&m.message) {
                    continue;
                }
                let entry = out.targets.entry(target.name).or_default();
                let diag = Diagnostic {
                    level: m.level,
                    code: m.code.map(|c| c.code),
                    rendered,
                };
                if !entry.diagnostics.contains(&diag) {
                    entry.diagnostics.push(diag);
                }
            }
            _ => {}
        }
    }
    let status = child.wait().context("cannot wait for cargo")?;
    process::forget(child.id());
    drop(guard);
    let stderr_text = err_reader.join().unwrap_or_default();
    out.cancelled = cancel.is_cancelled();
    if !status.success() {
        out.cargo_errors = cargo_error_lines(&stderr_text);
    }
    Ok(out)
}

/// Whether a diagnostic is only rustc's closing count ("aborting due to 2 previous errors",
/// "3 warnings emitted"), which says nothing about the code.
fn is_summary(message: &str) -> bool {
    message.starts_with("aborting due to")
        || (message.ends_with(" emitted") && message.contains("warning"))
}

/// The lines of cargo's stderr worth showing: errors and what follows them, not progress.
fn cargo_error_lines(stderr: &str) -> String {
    let mut keep = false;
    let mut out = String::new();
    for line in stderr.lines() {
        let plain = console::strip_ansi_codes(line);
        let trimmed = plain.trim_start();
        if trimmed.starts_with("error") {
            keep = true;
        } else if trimmed.starts_with("Compiling")
            || trimmed.starts_with("Finished")
            || trimmed.starts_with("Checking")
            || trimmed.starts_with("Building")
            || trimmed.starts_with("warning: build failed")
        {
            keep = false;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
