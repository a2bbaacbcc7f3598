//! Embeds this repository's course as shipped in the binary: the exercises (so `mtlings reset`
//! gives back the original file without git, whatever the learner has done to the tree), and the
//! solutions, mistakes, support library, info.toml, workbook manifest and lock file (so
//! `mtlings init` can write a whole workbook from an installed binary).
//!
//! "As shipped" is the committed version: in a git checkout the files come from `HEAD`, not from
//! the working tree, so a learner's edits are never taken for originals, and editing an exercise
//! does not make cargo rebuild mtlings (the build script watches git's HEAD, not `exercises/`).
//! Outside git (a packaged source tree) the files on disk are the shipped ones.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the course is made of, below the repository root.
const COURSE: &[&str] = &[
    "exercises",
    "solutions",
    "mistakes",
    "support",
    "info.toml",
    "workbook/Cargo.toml",
    "Cargo.lock",
    "i18n",
];

/// Where the packaged crate keeps the workbook manifest: cargo leaves the nested `workbook/`
/// package out of the crate, so `support/` holds a symbolic link to it.
const MANIFEST_COPY: &str = "support/workbook-manifest.toml";

/// A file's path below the repository root, and its content.
type File = (String, Vec<u8>);

/// Runs git in `root` and returns its stdout, or `None` if git is missing or fails.
fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

fn git_text(root: &Path, args: &[&str]) -> Option<String> {
    git(root, args).map(|b| String::from_utf8_lossy(&b).trim().to_string())
}

/// The shipped files from git's `HEAD`, and the git files whose change means `HEAD` moved.
/// `None` outside a git checkout.
fn from_git(root: &Path) -> Option<(Vec<File>, Vec<PathBuf>)> {
    let mut args = vec!["ls-tree", "-r", "--name-only", "HEAD", "--"];
    args.extend(COURSE);
    let listed = git_text(root, &args)?;
    let mut files = Vec::new();
    for rel in listed.lines().filter(|r| *r != MANIFEST_COPY) {
        let bytes = git(root, &["show", &format!("HEAD:{rel}")])?;
        files.push((rel.to_string(), bytes));
    }
    let git_dir = PathBuf::from(git_text(root, &["rev-parse", "--absolute-git-dir"])?);
    let common = git_text(root, &["rev-parse", "--git-common-dir"])
        .map(|d| root.join(d))
        .unwrap_or_else(|| git_dir.clone());
    let mut watched = vec![git_dir.join("HEAD"), common.join("packed-refs")];
    if let Some(branch) = git_text(root, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(common.join(branch));
    }
    Some((files, watched))
}

/// The course's files on disk (a packaged source tree).
fn from_disk(root: &Path) -> Vec<File> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<File>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(&path, root, out);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push((rel.replace('\\', "/"), bytes));
            }
        }
    }
    let mut out = Vec::new();
    for part in COURSE {
        let path = root.join(part);
        if path.is_dir() {
            walk(&path, root, &mut out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((part.to_string(), bytes));
        }
    }
    if let Some(copy) = out.iter().position(|(rel, _)| rel == MANIFEST_COPY) {
        let (_, bytes) = out.remove(copy);
        if !out.iter().any(|(rel, _)| rel == "workbook/Cargo.toml") {
            out.push(("workbook/Cargo.toml".into(), bytes));
        }
    }
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo::rerun-if-changed=build.rs");
    let files = match from_git(root) {
        Some((files, watched)) => {
            // A path that does not exist would make cargo rerun this script on every build.
            for w in watched.iter().filter(|w| w.exists()) {
                println!("cargo::rerun-if-changed={}", w.display());
            }
            files
        }
        None => {
            for part in COURSE {
                println!("cargo::rerun-if-changed={part}");
            }
            from_disk(root)
        }
    };
    let shipped = out_dir.join("shipped");
    let _ = std::fs::remove_dir_all(&shipped);
    let mut code = String::from(
        "/// The course as shipped: (path below the repository root, content).\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, bytes) in &files {
        let copy = shipped.join(rel);
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::write(&copy, bytes).unwrap();
        let copy = copy.to_string_lossy();
        writeln!(code, "    ({rel:?}, include_bytes!({copy:?})),").unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded.rs"), code).unwrap();
    messages(&out_dir);
}

/// The CLI's message catalogues, one per language, that `src/messages.rs` includes.
const CATALOGUES: [(&str, &str); 2] = [
    ("en", "src/messages/en.toml"),
    ("zh-CN", "src/messages/zh-CN.toml"),
];

/// The `{name}` placeholders of a message, in order of first appearance (`{{` and `}}` skipped).
fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text.replace("{{", "").replace("}}", "");
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        let name = rest[open + 1..open + len].to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = rest[open + len + 1..].to_string();
    }
    out
}

/// Reads a catalogue: `[section]` tables of `key = "text"`, and keys outside any section.
fn read_catalogue(path: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    for (key, value) in &table {
        match value {
            toml::Value::String(s) => out.push((String::new(), key.clone(), s.clone())),
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let s = v
                        .as_str()
                        .unwrap_or_else(|| panic!("{path}: [{key}] {k}: a message is a string"));
                    out.push((key.clone(), k.clone(), s.to_string()));
                }
            }
            _ => panic!("{path}: {key}: a message is a string or a [section]"),
        }
    }
    out
}

/// Checks that every catalogue has the same messages with the same placeholders as the English
/// one, and generates one function per message, whose parameters are its placeholders.
fn messages(out_dir: &Path) {
    for (_, path) in CATALOGUES {
        println!("cargo::rerun-if-changed={path}");
    }
    let all: Vec<Vec<(String, String, String)>> =
        CATALOGUES.iter().map(|(_, p)| read_catalogue(p)).collect();
    let english = &all[0];
    let mut problems = Vec::new();
    for ((_, path), catalogue) in CATALOGUES.iter().zip(&all).skip(1) {
        for (section, key, text) in english {
            match catalogue.iter().find(|(s, k, _)| s == section && k == key) {
                None => problems.push(format!("{path}: [{section}] {key}: missing")),
                Some((_, _, t)) => {
                    let (mut a, mut b) = (placeholders(text), placeholders(t));
                    a.sort();
                    b.sort();
                    if a != b {
                        problems.push(format!(
                            "{path}: [{section}] {key}: placeholders {b:?}, the English has {a:?}"
                        ));
                    }
                }
            }
        }
        for (section, key, _) in catalogue {
            if !english.iter().any(|(s, k, _)| s == section && k == key) {
                problems.push(format!(
                    "{path}: [{section}] {key}: not in the English catalogue"
                ));
            }
        }
    }
    if !problems.is_empty() {
        panic!("message catalogues disagree:\n{}", problems.join("\n"));
    }
    let mut sections: Vec<&str> = english.iter().map(|(s, _, _)| s.as_str()).collect();
    sections.dedup();
    let mut code = String::new();
    for section in sections {
        if !section.is_empty() {
            writeln!(code, "pub mod {section} {{\n    use super::*;").unwrap();
        }
        for (_, key, text) in english.iter().filter(|m| m.0 == section) {
            let params = placeholders(text);
            let texts: Vec<String> = all
                .iter()
                .map(|c| {
                    format!(
                        "{:?}",
                        c.iter()
                            .find(|(s2, k, _)| s2 == section && k == key)
                            .map_or(text, |m| &m.2)
                    )
                })
                .collect();
            let args: Vec<String> = params
                .iter()
                .map(|p| format!("{p}: impl Display"))
                .collect();
            let pairs: Vec<String> = params
                .iter()
                .map(|p| format!("({p:?}, &{p} as &dyn Display)"))
                .collect();
            writeln!(
                code,
                "    /// {}",
                text.lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or(key)
                    .trim()
                    .replace('`', "'")
            )
            .unwrap();
            writeln!(
                code,
                "    pub fn {key}({}) -> String {{\n        fill(&[{}], &[{}])\n    }}",
                args.join(", "),
                texts.join(", "),
                pairs.join(", ")
            )
            .unwrap();
        }
        if !section.is_empty() {
            code.push_str("}\n");
        }
    }
    std::fs::write(out_dir.join("messages.rs"), code).unwrap();
}
