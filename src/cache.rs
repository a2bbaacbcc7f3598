//! Remembering the last build of each exercise, so a re-run of unchanged code starts at once.
//!
//! The key covers everything the build depends on that a learner can change: the source file,
//! the workbook manifest, the folder of the package's library (its support code), the lock file, the colour setting and mtlings' own version. When it
//! matches and the executables are still there, cargo is not asked again (a warm `cargo`
//! invocation costs about 80 ms before it does anything, and a target that fails to compile is
//! compiled again on every cargo run). Entries live under `.mtlings/`.

use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cargo::{Diagnostic, Level, Settings, TargetBuild};

/// Folder (under the workbook root) for mtlings' private files.
pub const PRIVATE_DIR: &str = ".mtlings";

#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    program: Option<PathBuf>,
    harness: Option<PathBuf>,
    diagnostics: Vec<(Level, Option<String>, String)>,
    /// Modification stamps of the executables, so a build made elsewhere (a learner's own
    /// `cargo test`) invalidates the entry.
    stamps: Vec<Option<u128>>,
}

fn stamp(path: &Option<PathBuf>) -> Option<u128> {
    let modified = fs::metadata(path.as_ref()?).ok()?.modified().ok()?;
    Some(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
}

/// Computes the cache key of a build, or `None` if an input cannot be read. `library` is the
/// folder of the package's library target, if it has one.
pub fn key(
    manifest: &Path,
    library: Option<&Path>,
    source: &Path,
    settings: &Settings,
) -> Option<String> {
    let mut h = std::hash::DefaultHasher::new();
    fs::read(source).ok()?.hash(&mut h);
    setup_key(manifest, library, settings)?.hash(&mut h);
    Some(format!("{:016x}", h.finish()))
}

/// The key of everything a build depends on except the exercise's own file (the compiler
/// commands of [`crate::direct`] are kept under it), or `None` if an input cannot be read.
pub fn setup_key(manifest: &Path, library: Option<&Path>, settings: &Settings) -> Option<String> {
    let mut h = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    settings.color.hash(&mut h);
    settings.lean_target.hash(&mut h);
    fs::read(manifest).ok()?.hash(&mut h);
    // The package's own library (the workbook's support code) is compiled into every bin.
    if let Some(dir) = library {
        for file in files_below(dir) {
            file.hash(&mut h);
            fs::read(&file).ok()?.hash(&mut h);
        }
    }
    // The lock file sits next to the manifest or at the workspace root above it.
    let lock = manifest
        .ancestors()
        .skip(1)
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file());
    if let Some(lock) = lock {
        fs::read(lock).ok()?.hash(&mut h);
    }
    Some(format!("{:016x}", h.finish()))
}

/// Every file below `dir`, sorted (none if it does not exist).
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for path in fs::read_dir(&d)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
        {
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn entry_path(root: &Path, bin: &str) -> PathBuf {
    root.join(PRIVATE_DIR)
        .join("builds")
        .join(format!("{bin}.json"))
}

/// The cached build of `bin` if its key matches and its executables still exist.
pub fn load(root: &Path, bin: &str, key: &str) -> Option<TargetBuild> {
    let text = fs::read_to_string(entry_path(root, bin)).ok()?;
    let entry: Entry = serde_json::from_str(&text).ok()?;
    let stamps = vec![stamp(&entry.program), stamp(&entry.harness)];
    if entry.key != key || stamps != entry.stamps {
        return None;
    }
    Some(TargetBuild {
        program: entry.program,
        harness: entry.harness,
        diagnostics: entry
            .diagnostics
            .into_iter()
            .map(|(level, code, rendered)| Diagnostic {
                level,
                code,
                rendered,
            })
            .collect(),
    })
}

/// Records a build: a success, or a failure the compiler explained. A failure of cargo itself
/// (a lock, a broken manifest) is not recorded: it says nothing about the source.
pub fn store(root: &Path, bin: &str, key: &str, build: &TargetBuild) {
    if build.diagnostics.iter().any(|d| d.level == Level::Cargo) {
        return;
    }
    if build.program.is_none() && build.errors() == 0 {
        return;
    }
    let entry = Entry {
        key: key.to_string(),
        program: build.program.clone(),
        harness: build.harness.clone(),
        diagnostics: build
            .diagnostics
            .iter()
            .map(|d| (d.level, d.code.clone(), d.rendered.clone()))
            .collect(),
        stamps: vec![stamp(&build.program), stamp(&build.harness)],
    };
    // The cache is an optimisation: a read-only workbook simply goes without it.
    if let Ok(text) = serde_json::to_string(&entry) {
        let _ = crate::atomic_file::write(&entry_path(root, bin), text.as_bytes(), false);
    }
}

/// A fingerprint of a source file's content, taken before a build.
pub fn source_stamp(source: &Path) -> Option<u64> {
    let mut h = std::hash::DefaultHasher::new();
    fs::read(source).ok()?.hash(&mut h);
    Some(h.finish())
}

/// Whether `source` still has the content fingerprinted as `before`.
pub fn source_unchanged(source: &Path, before: &u64) -> bool {
    source_stamp(source).as_ref() == Some(before)
}
