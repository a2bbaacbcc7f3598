//! Original exercise files, for `mtlings reset`.
//!
//! For the workbook bundled with mtlings, the originals are embedded in the binary at build
//! time. For any other workbook, mtlings keeps a snapshot under `.mtlings/originals/` taken the
//! first time it opens the workbook, before the learner has saved anything through it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Result, bail};

use crate::cache::PRIVATE_DIR;
use crate::info::{self, Exercise, Info};
use crate::workbook::{INFO_FILE, Workbook};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// A file of the course bundled with this binary, by its path below the repository root
/// (`exercises/DIR/NAME.rs`, `info.toml`, `workbook/Cargo.toml`...).
pub fn bundled(path: &str) -> Option<&'static [u8]> {
    embedded::FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, bytes)| *bytes)
}

/// Every bundled file whose path starts with `prefix`, in path order.
pub fn bundled_below(prefix: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::FILES
        .iter()
        .filter(move |(p, _)| p.starts_with(prefix))
        .map(|(p, b)| (*p, *b))
}

fn snapshot_dir(wb: &Workbook) -> PathBuf {
    wb.root.join(PRIVATE_DIR).join("originals")
}

/// Takes the snapshot of a foreign workbook's exercises and info.toml if there is none yet.
pub fn ensure_snapshot(wb: &Workbook) {
    if is_bundled(wb) {
        return;
    }
    let dir = snapshot_dir(wb);
    if dir.exists() {
        return;
    }
    if fs::create_dir_all(&dir).is_ok() {
        let _ = fs::write(dir.join(INFO_FILE), &wb.info_text);
    }
    for ex in &wb.info.exercises {
        let target = dir.join(ex.sub_path());
        if let (Ok(bytes), Some(parent)) = (fs::read(wb.exercise_file(ex)), target.parent()) {
            // Best effort: a read-only workbook simply has no snapshot.
            let _ = fs::create_dir_all(parent).and_then(|_| fs::write(&target, bytes));
        }
    }
}

/// The bundled workbook's info.toml, parsed once.
fn bundled_info() -> Option<&'static Info> {
    static INFO: OnceLock<Option<Info>> = OnceLock::new();
    INFO.get_or_init(|| {
        let text = std::str::from_utf8(bundled(INFO_FILE)?).ok()?;
        info::parse(Path::new(INFO_FILE), text).ok()
    })
    .as_ref()
}

/// Whether `wb` is (a copy of) the workbook this binary was built with: the same exercises in
/// the same order. Edited settings or hints do not make it another workbook.
fn is_bundled(wb: &Workbook) -> bool {
    bundled_info().is_some_and(|b| {
        b.exercises.len() == wb.info.exercises.len()
            && b.exercises
                .iter()
                .zip(&wb.info.exercises)
                .all(|(a, c)| a.name == c.name && a.dir == c.dir)
    })
}

/// The support modules (file stems: `lib`, `cputime`...) whose files in the workbook's library
/// folder differ from the shipped ones, or are missing. Known only for the bundled workbook;
/// empty otherwise.
pub fn changed_support(wb: &Workbook) -> Vec<String> {
    let (true, Some(dir)) = (is_bundled(wb), wb.library_dir()) else {
        return Vec::new();
    };
    bundled_below("support/")
        .filter(|(path, _)| path.ends_with(".rs"))
        .filter(|(path, bytes)| {
            let rel = path.trim_start_matches("support/");
            fs::read(dir.join(rel)).map_or(true, |now| now != *bytes)
        })
        .filter_map(|(path, _)| {
            Path::new(path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect()
}

/// The workbook's info.toml as shipped: the embedded one for the bundled workbook, the
/// snapshot for another. `None` when neither is known.
pub fn shipped_info(wb: &Workbook) -> Option<Info> {
    if is_bundled(wb) {
        return bundled_info().cloned();
    }
    let path = snapshot_dir(wb).join(INFO_FILE);
    let text = fs::read_to_string(&path).ok()?;
    info::parse(&path, &text).ok()
}

/// The original content of an exercise's file.
pub fn original(wb: &Workbook, ex: &Exercise) -> Result<Vec<u8>> {
    let key = ex.sub_path().to_string_lossy().replace('\\', "/");
    if is_bundled(wb)
        && let Some(bytes) = bundled(&format!("exercises/{key}"))
    {
        return Ok(bytes.to_vec());
    }
    let snap = snapshot_dir(wb).join(ex.sub_path());
    match fs::read(&snap) {
        Ok(bytes) => Ok(bytes),
        Err(_) => bail!(
            "no original copy of {} is known: mtlings keeps one from the first time it opens a \
             workbook (restore it with your version control instead)",
            ex.path().display()
        ),
    }
}
