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
use serde::{Deserialize, Serialize};

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

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The compiler (or a clippy lint set to deny) rejects the code.
    Error,
    /// A warning: it fails only where clippy warnings are not allowed.
    Warning,
    /// Anything else the compiler says (notes, help, failure notes).
    Note,
    /// Cargo's own error (not the compiler's), when nothing else explains a failure.
    Cargo,
}

impl Level {
    /// The level of a compiler message as its JSON names it.
    pub fn from_compiler(level: &str) -> Self {
        match level {
            "error" | "error: internal compiler error" => Level::Error,
            "warning" => Level::Warning,
            _ => Level::Note,
        }
    }
}

/// One compiler diagnostic attached to a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub level: Level,
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
        self.count(Level::Error)
    }

    /// Number of diagnostics at `warning` level.
    pub fn warnings(&self) -> usize {
        self.count(Level::Warning)
    }

    fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }

    /// Whether every error is a clippy lint (the code compiles, clippy rejects it).
    pub fn only_lint_errors(&self) -> bool {
        let mut errors = self
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Error)
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
    /// The compiler commands cargo ran for workbook targets (for [`crate::direct`]).
    pub invocations: Vec<crate::direct::Invocation>,
}

/// Something cargo reported while building, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildEvent {
    /// The workbook's dependencies are compiling (only sent once one really compiles, not when
    /// all are up to date): `done` of `total` are ready (`total` once it is known).
    Dependencies { done: usize, total: Option<usize> },
    /// A workbook target finished compiling (as a program or harness).
    Target(String),
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    package_id: Option<String>,
    #[serde(default)]
    fresh: bool,
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
    #[serde(default)]
    spans: Vec<MsgSpan>,
}

#[derive(Deserialize)]
struct MsgSpan {
    file_name: String,
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
    // `-vv` shows the compiler commands (for replaying them, see `crate::direct`).
    cmd.arg("--manifest-path")
        .arg(manifest)
        .arg(format)
        .arg("-vv")
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
    let mut deps = Dependencies::new(manifest);
    for line in stdout.lines() {
        let Ok(line) = line else { break };
        let Ok(msg) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        let Some(target) = msg.target else { continue };
        let is_bin = target.kind.iter().any(|k| k == "bin");
        match msg.reason.as_str() {
            "compiler-artifact" if is_bin && msg.package_id.is_some() => {
                let entry = out.targets.entry(target.name.clone()).or_default();
                let is_test = msg.profile.is_some_and(|p| p.test);
                if is_test {
                    entry.harness = msg.executable;
                } else {
                    entry.program = msg.executable;
                }
                on_event(BuildEvent::Target(target.name));
            }
            "compiler-artifact" => {
                let registry = msg
                    .package_id
                    .as_deref()
                    .is_some_and(|id| !id.starts_with("path+"));
                let build_script = target.kind.iter().any(|k| k == "custom-build");
                if registry
                    && !build_script
                    && let Some(event) = deps.compiled(msg.fresh)
                {
                    on_event(event);
                }
            }
            "compiler-message" if is_bin => {
                let Some(m) = msg.message else { continue };
                let Some(rendered) = m.rendered else { continue };
                if is_summary(&m.message) {
                    continue;
                }
                let entry = out.targets.entry(target.name).or_default();
                let diag = Diagnostic {
                    level: Level::from_compiler(&m.level),
                    code: m.code.map(|c| c.code),
                    rendered: tidy_paths(rendered, &m.spans),
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
    out.invocations = crate::direct::invocations(&stderr_text);
    if !status.success() {
        out.cargo_errors = cargo_error_lines(&stderr_text);
    }
    Ok(out)
}

/// Counts the workbook's dependencies as cargo reports them ready, and learns how many there
/// are (from `cargo tree`, asked in the background) once one really has to compile.
struct Dependencies {
    manifest: PathBuf,
    done: usize,
    compiling: bool,
    total: Option<std::sync::mpsc::Receiver<Option<usize>>>,
    known: Option<usize>,
}

impl Dependencies {
    fn new(manifest: &Path) -> Self {
        Dependencies {
            manifest: manifest.to_path_buf(),
            done: 0,
            compiling: false,
            total: None,
            known: None,
        }
    }

    /// One more dependency is ready (`fresh`: it was already compiled); the progress to show,
    /// if there is anything to show.
    fn compiled(&mut self, fresh: bool) -> Option<BuildEvent> {
        self.done += 1;
        if !fresh && !self.compiling {
            self.compiling = true;
            let (tx, rx) = std::sync::mpsc::channel();
            let manifest = self.manifest.clone();
            std::thread::spawn(move || {
                let _ = tx.send(count_dependencies(&manifest));
            });
            self.total = Some(rx);
        }
        if let Some(rx) = &self.total
            && let Ok(total) = rx.try_recv()
        {
            self.known = total;
        }
        self.compiling.then_some(BuildEvent::Dependencies {
            done: self.done,
            total: self.known,
        })
    }
}

/// How many packages the workbook's package depends on, for this machine (`cargo tree`).
fn count_dependencies(manifest: &Path) -> Option<usize> {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "tree",
            "--quiet",
            "--offline",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .arg("--manifest-path")
        .arg(manifest)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let packages: std::collections::BTreeSet<&str> = text
        .lines()
        .map(|l| l.trim_end_matches(" (*)").trim())
        .filter(|l| !l.is_empty() && !l.starts_with('[') && !l.contains("(/"))
        .collect();
    Some(packages.len())
}

/// Compiler messages name files as cargo passed them, relative to the workspace root, so an
/// exercise of a manifest in a sub-folder shows up as `workbook/../exercises/...`; this
/// writes such paths as the learner knows them (`exercises/...`).
fn tidy_paths(rendered: String, spans: &[MsgSpan]) -> String {
    let mut text = rendered;
    for span in spans {
        if span.file_name.contains("/../") {
            let tidy = crate::workbook::normalize(Path::new(&span.file_name));
            text = text.replace(&span.file_name, &tidy.to_string_lossy());
        }
    }
    text
}

/// Whether a diagnostic is only rustc's closing count ("aborting due to 2 previous errors",
/// "3 warnings emitted"), which says nothing about the code.
pub fn is_summary(message: &str) -> bool {
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
            || trimmed.starts_with("Running")
            || trimmed.starts_with("Fresh")
            || trimmed.starts_with("Dirty")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_progress_shows_only_once_one_really_compiles() {
        let mut deps = Dependencies::new(Path::new("/nonexistent/Cargo.toml"));
        assert_eq!(
            deps.compiled(true),
            None,
            "up-to-date dependencies say nothing"
        );
        assert_eq!(deps.compiled(true), None);
        assert_eq!(
            deps.compiled(false),
            Some(BuildEvent::Dependencies {
                done: 3,
                total: None
            })
        );
        assert!(matches!(
            deps.compiled(true),
            Some(BuildEvent::Dependencies { done: 4, .. })
        ));
    }

    #[test]
    fn paths_through_the_manifest_folder_are_written_as_the_learner_knows_them() {
        let spans = [MsgSpan {
            file_name: "workbook/../exercises/03_threads/a.rs".into(),
        }];
        let text = tidy_paths(
            "  --> workbook/../exercises/03_threads/a.rs:3:5\n".into(),
            &spans,
        );
        assert_eq!(text, "  --> exercises/03_threads/a.rs:3:5\n");
    }

    #[test]
    fn cargo_errors_keep_the_error_and_drop_the_commands() {
        let stderr = "     Running `rustc --crate-name a`\nerror: no bin target named `b`\n  \
            help: available bins: a\n     Running `rustc --crate-name c`\n";
        assert_eq!(
            cargo_error_lines(stderr),
            "error: no bin target named `b`\n  help: available bins: a\n"
        );
    }
}
