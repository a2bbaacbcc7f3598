//! Embeds this repository's exercises as shipped in the binary, so `mtlings reset` gives back
//! the original file without git, whatever the learner has done to the tree.
//!
//! "As shipped" is the committed version: in a git checkout the files come from `HEAD`, not from
//! the working tree, so a learner's edits are never taken for originals, and editing an exercise
//! does not make cargo rebuild mtlings (the build script watches git's HEAD, not `exercises/`).
//! Outside git (a packaged source tree) the files on disk are the shipped ones.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// A file's path below the repository root, and its content.
type File = (String, Vec<u8>);

/// The shipped files from git's `HEAD`, and the git files whose change means `HEAD` moved.
/// `None` outside a git checkout.
fn from_git(root: &Path) -> Option<(Vec<File>, Vec<PathBuf>)> {
    let listed = git_text(
        root,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            "HEAD",
            "--",
            "exercises",
            "info.toml",
        ],
    )?;
    let mut files = Vec::new();
    for rel in listed.lines() {
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

/// The files on disk below `exercises/`, and `info.toml`.
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
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("exercises"), root, &mut out);
    if let Ok(bytes) = std::fs::read(root.join("info.toml")) {
        out.push(("info.toml".into(), bytes));
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
            println!("cargo::rerun-if-changed=exercises");
            println!("cargo::rerun-if-changed=info.toml");
            from_disk(root)
        }
    };
    let shipped = out_dir.join("shipped");
    let _ = std::fs::remove_dir_all(&shipped);
    let mut code = String::from("/// Original exercise files, by path below `exercises/`.\n");
    code.push_str("pub static EXERCISES: &[(&str, &[u8])] = &[\n");
    let mut info = None;
    for (rel, bytes) in &files {
        let copy = shipped.join(rel);
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::write(&copy, bytes).unwrap();
        if rel == "info.toml" {
            info = Some(copy);
        } else if let Some(sub) = rel.strip_prefix("exercises/")
            && sub.ends_with(".rs")
        {
            writeln!(
                code,
                "    ({sub:?}, include_bytes!({:?})),",
                copy.to_string_lossy()
            )
            .unwrap();
        }
    }
    code.push_str("];\n/// The bundled workbook's info.toml.\n");
    match info {
        Some(path) => writeln!(
            code,
            "pub static INFO: &str = include_str!({:?});",
            path.to_string_lossy()
        )
        .unwrap(),
        None => code.push_str("pub static INFO: &str = \"\";\n"),
    }
    std::fs::write(out_dir.join("embedded.rs"), code).unwrap();
}
