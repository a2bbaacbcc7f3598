//! Finding a workbook on disk and reading what it is made of.
//!
//! A workbook is a folder with `info.toml`, a cargo manifest declaring the bins, and the
//! `exercises/` and `solutions/` trees. This module turns a path into a [`Workbook`] and answers
//! path questions about it; it never runs anything.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::info::{self, Exercise, Info};

/// Name of the file that marks a workbook's root.
pub const INFO_FILE: &str = "info.toml";

/// A loaded workbook: its root folder and its parsed `info.toml`.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Absolute path of the folder holding `info.toml`.
    pub root: PathBuf,
    /// The parsed and validated exercise list.
    pub info: Info,
    /// The raw text of `info.toml`, used to recognise the bundled workbook.
    pub info_text: String,
}

impl Workbook {
    /// Loads the workbook at `dir`, or the nearest one above the current directory.
    pub fn locate(dir: Option<&Path>) -> Result<Self> {
        let root = match dir {
            Some(d) => {
                let d = fs::canonicalize(d)
                    .with_context(|| format!("cannot open workbook folder {}", d.display()))?;
                if !d.join(INFO_FILE).is_file() {
                    bail!(crate::messages::commands::not_a_workbook(d.display()));
                }
                d
            }
            None => {
                let cwd = std::env::current_dir().context("cannot read the current folder")?;
                match cwd.ancestors().find(|a| a.join(INFO_FILE).is_file()) {
                    Some(found) => found.to_path_buf(),
                    None => bail!(crate::messages::commands::no_workbook(cwd.display())),
                }
            }
        };
        Self::load(root)
    }

    /// Loads the workbook whose root folder is `root`.
    pub fn load(root: PathBuf) -> Result<Self> {
        let file = root.join(INFO_FILE);
        let info_text =
            fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let info = info::parse(&file, &info_text)?;
        Ok(Self {
            root,
            info,
            info_text,
        })
    }

    /// Absolute path of the cargo manifest that declares the bins.
    pub fn manifest_path(&self) -> PathBuf {
        self.root.join(&self.info.manifest)
    }

    /// Absolute path of an exercise's learner file.
    pub fn exercise_file(&self, ex: &Exercise) -> PathBuf {
        self.root.join(ex.path())
    }

    /// Absolute path of an exercise's reference solution.
    pub fn solution_file(&self, ex: &Exercise) -> PathBuf {
        self.root.join(ex.solution_path())
    }

    /// The folder of the manifest's library target (`[lib] path`, else `src/lib.rs` when it
    /// exists), whose sources every bin depends on. `None` when there is no library.
    pub fn library_dir(&self) -> Option<PathBuf> {
        let manifest = self.manifest_path();
        let base = manifest.parent()?;
        let table = read_toml(&manifest).ok()?;
        let lib = match table
            .get("lib")
            .and_then(|l| l.get("path"))
            .and_then(|p| p.as_str())
        {
            Some(path) => normalize(&base.join(path)),
            None => base.join("src/lib.rs"),
        };
        lib.is_file().then(|| lib.parent().map(Path::to_path_buf))?
    }

    /// The bins the manifest declares, by name, with their source paths made absolute.
    pub fn manifest_bins(&self) -> Result<BTreeMap<String, PathBuf>> {
        let path = self.manifest_path();
        let value = read_toml(&path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut bins = BTreeMap::new();
        let Some(list) = value.get("bin") else {
            return Ok(bins);
        };
        let Some(list) = list.as_array() else {
            bail!(
                "{}: field `bin`: expected a list of {{ name, path }} tables",
                path.display()
            );
        };
        for entry in list {
            let name = entry.get("name").and_then(|v| v.as_str());
            let src = entry.get("path").and_then(|v| v.as_str());
            let (Some(name), Some(src)) = (name, src) else {
                bail!(
                    "{}: field `bin`: every entry needs `name` and `path`",
                    path.display()
                );
            };
            bins.insert(name.to_string(), normalize(&dir.join(src)));
        }
        Ok(bins)
    }
}

/// The `.rs` files below `dir`, recursively, sorted (none if it does not exist).
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Reads a cargo manifest as a TOML table; errors name the file, line and column.
pub fn read_toml(path: &Path) -> Result<toml::Table> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("cannot read the manifest {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| info::line_col(&text, s.start));
        anyhow::anyhow!("{}:{line}:{col}: {}", path.display(), e.message().trim())
    })
}

/// Resolves `.` and `..` without touching the file system (the file may not exist yet).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
