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
}
