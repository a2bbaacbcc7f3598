//! `mtlings dev check`: prove a workbook is sound before learners see it.
//!
//! First the files: info.toml, the manifest's bins, `exercises/` and `solutions/` must agree.
//! Then the behaviour: every solution passes (with no clippy warnings), every exercise fails as
//! shipped, on every one of `--stress N` runs.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use console::style;

use super::{batch, default_jobs};
use crate::cli::CheckArgs;
use crate::grade::{Job, Options, Role};
use crate::workbook::{Workbook, normalize};

/// Checks the workbook's files, then grades solutions and shipped exercises.
pub fn run(wb: Workbook, args: &CheckArgs) -> Result<ExitCode> {
    if args.stress == 0 {
        bail!("--stress must be at least 1");
    }
    let problems = consistency(&wb)?;
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{} {p}", style("problem:").red().bold());
        }
        bail!(
            "the workbook's files are inconsistent ({} problem(s) above)",
            problems.len()
        );
    }
    let selected = select(&wb, &args.only)?;
    let mut jobs = Vec::new();
    for &index in &selected {
        let ex = &wb.info.exercises[index];
        jobs.push(Job {
            index,
            role: Role::Solution,
            exercise: ex.clone(),
        });
        if !ex.skip_check_unsolved {
            jobs.push(Job {
                index,
                role: Role::Exercise,
                exercise: ex.clone(),
            });
        }
    }
    let opts = Options {
        color: false,
        repeat: args.stress,
        jobs: args.batch.jobs.unwrap_or_else(default_jobs),
        all_attempts: true,
        lean_target: Some(lean_target(&wb)),
        backtrace: false,
    };
    let verdicts = batch::grade(&wb, &jobs, &opts, std::io::stderr().is_terminal())?;
    let records: Vec<_> = verdicts
        .iter()
        .map(|v| batch::record(v, v.job.role == Role::Solution))
        .collect();
    super::verify::emit(&records, args.batch.format, &wb, "check");
    Ok(if records.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The exercises named by `only` (names or topic folders), or all of them.
fn select(wb: &Workbook, only: &[String]) -> Result<Vec<usize>> {
    if only.is_empty() {
        return Ok((0..wb.info.exercises.len()).collect());
    }
    let mut chosen = BTreeSet::new();
    for want in only {
        let by_dir: Vec<usize> = (0..wb.info.exercises.len())
            .filter(|&i| wb.info.exercises[i].dir.as_deref() == Some(want.trim_end_matches('/')))
            .collect();
        if by_dir.is_empty() {
            chosen.insert(wb.info.lookup(want)?);
        } else {
            chosen.extend(by_dir);
        }
    }
    Ok(chosen.into_iter().collect())
}

/// Everything that disagrees between info.toml, the manifest and the two trees.
fn consistency(wb: &Workbook) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let info_file = wb.root.join(crate::workbook::INFO_FILE);
    let bins = wb.manifest_bins()?;
    let manifest = wb.info.manifest.display().to_string();
    let mut expected_bins = BTreeSet::new();
    for (ex, line) in wb.info.exercises.iter().zip(&wb.info.name_lines) {
        let at = format!("{}:{line}", info_file.display());
        if ex.hint.is_empty() {
            problems.push(format!(
                "{at}: field `hint` of `{}`: the hint is empty",
                ex.name
            ));
        }
        for (bin, file) in [
            (ex.name.clone(), wb.exercise_file(ex)),
            (format!("{}_sol", ex.name), wb.solution_file(ex)),
        ] {
            if !file.is_file() {
                problems.push(format!(
                    "{at}: `{}` has no file {}",
                    ex.name,
                    rel(wb, &file)
                ));
            }
            match bins.get(&bin) {
                None => problems.push(format!("{manifest}: no bin `{bin}` for {}", rel(wb, &file))),
                Some(path) if *path != normalize(&file) => problems.push(format!(
                    "{manifest}: bin `{bin}` points at {}, expected {}",
                    rel(wb, path),
                    rel(wb, &file)
                )),
                Some(_) => {}
            }
            expected_bins.insert(bin);
        }
    }
    for bin in bins.keys().filter(|b| !expected_bins.contains(*b)) {
        problems.push(format!(
            "{manifest}: bin `{bin}` is not an exercise of info.toml"
        ));
    }
    let known: BTreeSet<PathBuf> = wb
        .info
        .exercises
        .iter()
        .flat_map(|e| [wb.exercise_file(e), wb.solution_file(e)])
        .collect();
    for top in ["exercises", "solutions"] {
        for file in rust_files(&wb.root.join(top)) {
            if !known.contains(&file) {
                problems.push(format!(
                    "{}: stray file, not an exercise of info.toml",
                    rel(wb, &file)
                ));
            }
        }
    }
    Ok(problems)
}

/// `.rs` files below `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn rel(wb: &Workbook, path: &Path) -> String {
    path.strip_prefix(&wb.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Where `dev check` builds: beside the learner's builds (in `$CARGO_TARGET_DIR` or the
/// workbook's `target/`), never in them, because its cold-build tuning would make cargo rebuild
/// the learner's dependencies.
fn lean_target(wb: &Workbook) -> PathBuf {
    let base =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| wb.root.join("target"), PathBuf::from);
    base.join("mtlings-check")
}
