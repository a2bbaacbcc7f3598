//! A learner's save compiled without cargo: the compiler commands cargo ran for the exercise,
//! replayed, the program and the test harness at the same time.
//!
//! On a save nothing but the exercise's own file has changed, yet `cargo test` then `cargo
//! build` spend most of their time before and between the two compilations: cargo starts,
//! checks every dependency's fingerprint, and cannot compile the program and the harness of one
//! bin at once (one invocation builds one of them; two invocations wait for each other's lock
//! on the target folder). So the first build of an exercise goes through cargo as usual, asked
//! to show its compiler commands (`-vv`); they are kept as a [`Recipe`] in `.mtlings/`, keyed on
//! everything that could change them (manifest, lock file, support library, colours, mtlings'
//! version, the compiler's own stamp). Later saves run both commands in parallel, straight
//! from the workbook root, so compiler messages and panics name `exercises/DIR/NAME.rs`.
//! Anything unexpected (a command that will not start, a compiler that fails without saying
//! why, a dependency gone) drops the recipe and cargo builds again.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use crate::cache::PRIVATE_DIR;
use crate::cargo::{Diagnostic, Level, TargetBuild, is_summary};
use crate::process::{self, Cancel};

/// One compiler command as cargo ran it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invocation {
    /// The crate name (`--crate-name`).
    pub crate_name: String,
    /// Whether it builds the test harness (`--test`).
    pub test: bool,
    /// Environment variables cargo set.
    pub env: Vec<(String, String)>,
    /// The program (the clippy driver, or rustc).
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
}

impl Invocation {
    /// Reads a command from one line of `cargo -vv` output: "Running `ENV=.. prog args..`".
    pub fn parse(line: &str) -> Option<Self> {
        let quoted = line
            .trim_start()
            .strip_prefix("Running `")?
            .strip_suffix('`')?;
        let mut words = shell_words(quoted).into_iter().peekable();
        let mut env = Vec::new();
        while let Some(word) = words.peek() {
            let Some((key, value)) = word.split_once('=') else {
                break;
            };
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                break;
            }
            env.push((key.to_string(), value.to_string()));
            words.next();
        }
        let program = PathBuf::from(words.next()?);
        let args: Vec<String> = words.collect();
        let at = args.iter().position(|a| a == "--crate-name")?;
        let crate_name = args.get(at + 1)?.clone();
        let test = args.iter().any(|a| a == "--test");
        Some(Invocation {
            crate_name,
            test,
            env,
            program,
            args,
        })
    }

    /// The files it needs besides the source: the compiler and every `--extern` crate.
    fn inputs(&self) -> impl Iterator<Item = PathBuf> + '_ {
        let externs = self
            .args
            .iter()
            .filter_map(|a| a.split_once('=').map(|(_, path)| path))
            .filter(|p| p.starts_with('/') && (p.ends_with(".rlib") || p.ends_with(".rmeta")));
        std::iter::once(self.program.clone()).chain(externs.map(PathBuf::from))
    }

    /// The command compiling `source` (relative to `root`) from `root`.
    fn command(&self, root: &Path, source: &Path) -> Command {
        let mut cmd = Command::new(&self.program);
        let mut replaced = false;
        for arg in &self.args {
            if !replaced && !arg.starts_with('-') && arg.ends_with(".rs") {
                cmd.arg(source);
                replaced = true;
            } else {
                cmd.arg(arg);
            }
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    }
}

/// Splits a command line the way cargo quotes it (single quotes, `'\''` for a quote).
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                in_word = true;
            }
            '\\' if !quoted => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// How to build one bin without cargo: its program and (where it has tests) its harness.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recipe {
    key: String,
    program: Invocation,
    harness: Option<Invocation>,
    /// The compiler's modification stamp: a toolchain update invalidates the recipe.
    compiler: Option<u128>,
}

fn recipe_path(root: &Path, bin: &str) -> PathBuf {
    root.join(PRIVATE_DIR)
        .join("recipes")
        .join(format!("{bin}.json"))
}

fn stamp(path: &Path) -> Option<u128> {
    let modified = fs::metadata(path).ok()?.modified().ok()?;
    Some(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
}

/// Keeps the commands cargo just ran for `bin` (if it ran both that are needed).
pub fn remember(root: &Path, bin: &str, key: &str, ran: &[Invocation], tests: bool) {
    let crate_name = bin.replace('-', "_");
    let find = |test: bool| {
        ran.iter()
            .find(|i| i.crate_name == crate_name && i.test == test)
            .cloned()
    };
    let Some(program) = find(false) else { return };
    let harness = find(true);
    if tests && harness.is_none() {
        return;
    }
    let recipe = Recipe {
        key: key.to_string(),
        compiler: stamp(&program.program),
        program,
        harness: harness.filter(|_| tests),
    };
    if let Ok(text) = serde_json::to_string(&recipe) {
        let _ = crate::atomic_file::write(&recipe_path(root, bin), text.as_bytes(), false);
    }
}

/// The recipe for `bin` if it was made under `key`, builds a harness exactly when `tests`
/// asks for one, and everything it needs is still there.
pub fn recipe(root: &Path, bin: &str, key: &str, tests: bool) -> Option<Recipe> {
    let text = fs::read_to_string(recipe_path(root, bin)).ok()?;
    let recipe: Recipe = serde_json::from_str(&text).ok()?;
    let usable = recipe.key == key
        && recipe.harness.is_some() == tests
        && recipe.compiler.is_some()
        && stamp(&recipe.program.program) == recipe.compiler
        && recipe
            .program
            .inputs()
            .chain(recipe.harness.iter().flat_map(Invocation::inputs))
            .all(|p| p.is_file());
    usable.then_some(recipe)
}

/// Forgets the recipe for `bin` (it did not work).
pub fn forget(root: &Path, bin: &str) {
    let _ = fs::remove_file(recipe_path(root, bin));
}

#[derive(Deserialize)]
struct Line {
    #[serde(rename = "$message_type")]
    kind: Option<String>,
    message: Option<String>,
    level: Option<String>,
    code: Option<Code>,
    rendered: Option<String>,
    artifact: Option<PathBuf>,
    emit: Option<String>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

/// What one compiler run produced.
#[derive(Default)]
struct Compiled {
    executable: Option<PathBuf>,
    diagnostics: Vec<Diagnostic>,
    success: bool,
}

/// Builds `source` (relative to `root`) with the recipe, program and harness at once, with
/// coloured messages if `color`. `None` when the recipe did not work and cargo should build
/// instead (the recipe is then forgotten).
pub fn build(
    recipe: &Recipe,
    root: &Path,
    bin: &str,
    source: &Path,
    color: bool,
    cancel: &Cancel,
) -> Option<TargetBuild> {
    let mut started = Vec::new();
    for inv in std::iter::once(&recipe.program).chain(&recipe.harness) {
        match process::spawn_group(&mut inv.command(root, source)) {
            Ok(child) => started.push(child),
            Err(_) => break,
        }
    }
    let complete = started.len() == 1 + usize::from(recipe.harness.is_some());
    let results: Vec<Compiled> = std::thread::scope(|scope| {
        let handles: Vec<_> = started
            .into_iter()
            .map(|mut child| {
                scope.spawn(move || {
                    let _tracked = cancel.track(child.id());
                    let compiled = read(&mut child, color);
                    let status = child.wait();
                    process::forget(child.id());
                    Compiled {
                        success: status.is_ok_and(|s| s.success()),
                        ..compiled
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    if cancel.is_cancelled() {
        return Some(TargetBuild::default());
    }
    let explained = results
        .iter()
        .all(|r| r.success || r.diagnostics.iter().any(|d| d.level == Level::Error));
    if !complete || !explained {
        forget(root, bin);
        return None;
    }
    let mut results = results.into_iter();
    let program = results.next().unwrap_or_default();
    let harness = results.next();
    let mut built = TargetBuild {
        program: program.executable.filter(|_| program.success),
        harness: None,
        diagnostics: Vec::new(),
    };
    match harness {
        // The harness compiles the test code as well: its messages come first, and when it
        // fails the program's (the same errors again) are left out.
        Some(h) => {
            let failed = !h.success;
            built.harness = h.executable.filter(|_| h.success);
            built.diagnostics = h.diagnostics;
            if failed {
                built.program = None;
            } else {
                for d in program.diagnostics {
                    if !built.diagnostics.contains(&d) {
                        built.diagnostics.push(d);
                    }
                }
            }
        }
        None => built.diagnostics = program.diagnostics,
    }
    Some(built)
}

/// Reads a compiler's JSON messages until it closes its standard error. Cargo always asks
/// for coloured messages and removes the colours itself when they are not wanted; so does this.
fn read(child: &mut std::process::Child, color: bool) -> Compiled {
    let mut out = Compiled::default();
    let Some(stderr) = child.stderr.take() else {
        return out;
    };
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        let Ok(msg) = serde_json::from_str::<Line>(&line) else {
            continue;
        };
        match msg.kind.as_deref() {
            Some("artifact") if msg.emit.as_deref() == Some("link") => {
                out.executable = msg.artifact;
            }
            Some("diagnostic") => {
                let (Some(level), Some(rendered)) = (msg.level, msg.rendered) else {
                    continue;
                };
                if msg.message.as_deref().is_some_and(is_summary) {
                    continue;
                }
                let d = Diagnostic {
                    level: Level::from_compiler(&level),
                    code: msg.code.map(|c| c.code),
                    rendered: if color {
                        rendered
                    } else {
                        console::strip_ansi_codes(&rendered).into_owned()
                    },
                };
                if !out.diagnostics.contains(&d) {
                    out.diagnostics.push(d);
                }
            }
            _ => {}
        }
    }
    out
}

/// The commands in `cargo -vv`'s standard error, by crate name and kind.
pub fn invocations(stderr: &str) -> Vec<Invocation> {
    let mut found: BTreeMap<(String, bool), Invocation> = BTreeMap::new();
    for inv in stderr.lines().filter_map(Invocation::parse) {
        found.insert((inv.crate_name.clone(), inv.test), inv);
    }
    found.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cargo_command_line_is_read_with_its_environment_and_quotes() {
        let line = "     Running `CARGO_PKG_NAME=wb CARGO_PKG_AUTHORS='' LD_LIBRARY_PATH='/t/deps:/lib' \
            /tc/clippy-driver /tc/rustc --crate-name a1 --edition=2024 wb/../exercises/a1.rs \
            --check-cfg 'cfg(docsrs,test)' --test --extern tokio=/t/deps/libtokio-1.rlib \
            --cfg 'it'\\''s'`";
        let inv = Invocation::parse(line).unwrap();
        assert_eq!(inv.crate_name, "a1");
        assert!(inv.test);
        assert_eq!(
            inv.env,
            vec![
                ("CARGO_PKG_NAME".into(), "wb".into()),
                ("CARGO_PKG_AUTHORS".into(), String::new()),
                ("LD_LIBRARY_PATH".into(), "/t/deps:/lib".into()),
            ]
        );
        assert_eq!(inv.program, PathBuf::from("/tc/clippy-driver"));
        assert_eq!(inv.args[0], "/tc/rustc");
        assert!(inv.args.contains(&"cfg(docsrs,test)".to_string()));
        assert_eq!(inv.args.last().unwrap(), "it's");
        let inputs: Vec<PathBuf> = inv.inputs().collect();
        assert_eq!(
            inputs,
            vec![
                PathBuf::from("/tc/clippy-driver"),
                PathBuf::from("/t/deps/libtokio-1.rlib")
            ]
        );
        let cmd = inv.command(Path::new("/wb"), Path::new("exercises/a1.rs"));
        let args: Vec<_> = cmd.get_args().collect();
        assert!(args.contains(&std::ffi::OsStr::new("exercises/a1.rs")));
        assert!(!args.contains(&std::ffi::OsStr::new("wb/../exercises/a1.rs")));
        assert!(Invocation::parse("   Compiling tokio v1.0.0").is_none());
    }
}
