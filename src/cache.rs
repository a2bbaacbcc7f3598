//! Remembering the last build of each exercise, so a re-run of unchanged code starts at once.
//!
//! The key covers everything the build depends on that a learner can change: the source file,
//! the workbook manifest, the lock file, the colour setting and mtlings' own version. When it
//! matches and the executables are still there, cargo is not asked again (a warm `cargo`
//! invocation costs about 80 ms before it does anything). Entries live under `.mtlings/`.

use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cargo::{Diagnostic, TargetBuild};

/// Folder (under the workbook root) for mtlings' private files.
pub const PRIVATE_DIR: &str = ".mtlings";

#[derive(Serialize, Deserialize)]
struct Entry {
    key: String,
    program: Option<PathBuf>,
    harness: Option<PathBuf>,
    diagnostics: Vec<(String, Option<String>, String)>,
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

/// Computes the cache key of a build, or `None` if an input cannot be read.
pub fn key(manifest: &Path, source: &Path, color: bool) -> Option<String> {
    let mut h = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    color.hash(&mut h);
    fs::read(source).ok()?.hash(&mut h);
    fs::read(manifest).ok()?.hash(&mut h);
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
    if entry.key != key || entry.program.is_none() || stamps != entry.stamps {
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

/// Records a successful build; failures are not cached (they are cheap to reproduce).
pub fn store(root: &Path, bin: &str, key: &str, build: &TargetBuild) {
    if build.program.is_none() {
        return;
    }
    let entry = Entry {
        key: key.to_string(),
        program: build.program.clone(),
        harness: build.harness.clone(),
        diagnostics: build
            .diagnostics
            .iter()
            .map(|d| (d.level.clone(), d.code.clone(), d.rendered.clone()))
            .collect(),
        stamps: vec![stamp(&build.program), stamp(&build.harness)],
    };
    let path = entry_path(root, bin);
    let Some(dir) = path.parent() else { return };
    // The cache is an optimisation: a read-only workbook simply goes without it.
    if fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if let Ok(text) = serde_json::to_string(&entry)
        && fs::write(&tmp, text).is_ok()
        && fs::rename(&tmp, &path).is_err()
    {
        let _ = fs::remove_file(&tmp);
    }
}
