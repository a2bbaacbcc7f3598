//! `mtlings verify`: grade the learner's whole tree, for them or for an autograder.
//!
//! Grading is meant to survive a learner who would rather edit the tests than the code: an
//! exercise whose part from the marker down differs from the shipped file is reported as
//! tampered (and not run), and the shipped info.toml settings are used, not the tree's.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use console::style;

use super::{batch, default_jobs, load_state};
use crate::cli::{BatchArgs, Format, VerifyArgs};
use crate::grade::{self, Job, Options};
use crate::info::{Exercise, Info};
use crate::integrity::Tampering;
use crate::originals;
use crate::report::{self, Record};
use crate::workbook::Workbook;

/// Grades every exercise, updates progress to match, and reports in the chosen format.
pub fn run(wb: Workbook, args: &VerifyArgs) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let shipped = originals::shipped_info(&wb);
    let selected = super::check::select(&wb, &args.only)?;
    let mut jobs: Vec<Job> = grade::learner_jobs(&wb)
        .into_iter()
        .filter(|j| selected.contains(&j.index))
        .collect();
    if let Some(shipped) = &shipped {
        let changed = use_shipped_settings(&mut jobs, shipped);
        if !changed.is_empty() {
            eprintln!(
                "{}",
                crate::messages::commands::settings_differ(
                    style(crate::messages::commands::note()).yellow().bold(),
                    changed.join(", ")
                )
            );
        }
    }
    let support = originals::changed_support(&wb);
    let mut tampered = Vec::new();
    let mut graded = Vec::new();
    for job in jobs {
        match (!args.allow_edited_tests)
            .then(|| tampering(&wb, &job.exercise, &support))
            .flatten()
        {
            Some(t) => tampered.push((job, t)),
            None => graded.push(job),
        }
    }
    let opts = Options::learner(false, args.batch.jobs.unwrap_or_else(default_jobs));
    let verdicts = batch::grade(&wb, &graded, &opts, std::io::stderr().is_terminal())?;
    let mut records: Vec<(usize, Record)> = verdicts
        .iter()
        .map(|v| (v.job.index, batch::record(v, batch::Expect::Pass)))
        .chain(
            tampered
                .iter()
                .map(|(job, t)| (job.index, batch::tampered(job, t))),
        )
        .collect();
    records.sort_by_key(|(index, _)| *index);
    let records: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
    for r in &records {
        if r.ok {
            state.done.insert(r.name.clone());
        } else {
            state.done.remove(&r.name);
        }
    }
    let saved = state.save(&wb.info);
    emit(&records, &args.batch, &wb, "verify", true)?;
    saved?;
    Ok(if records.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Gives each job the shipped settings of its exercise; returns `NAME.field` for each that
/// differed in the tree.
fn use_shipped_settings(jobs: &mut [Job], shipped: &Info) -> Vec<String> {
    let mut changed = Vec::new();
    for job in jobs {
        let ex = &mut job.exercise;
        let Some(orig) = shipped.exercises.iter().find(|e| e.name == ex.name) else {
            continue;
        };
        let fields = [
            ("timeout_secs", ex.timeout_secs != orig.timeout_secs),
            ("runs", ex.runs != orig.runs),
            ("test", ex.test != orig.test),
            ("strict_clippy", ex.strict_clippy != orig.strict_clippy),
            ("points", ex.points != orig.points),
        ];
        for (field, differs) in fields {
            if differs {
                changed.push(format!("{}.{field}", ex.name));
            }
        }
        ex.timeout_secs = orig.timeout_secs;
        ex.runs = orig.runs;
        ex.test = orig.test;
        ex.strict_clippy = orig.strict_clippy;
        ex.points = orig.points;
    }
    changed
}

/// How the learner's file of `ex` departs from the shipped one below the marker, if it does
/// (nothing is said when the shipped file is unknown), or how the support code it uses does:
/// `support` names the changed support modules (`lib` for the library's root).
fn tampering(wb: &Workbook, ex: &Exercise, support: &[String]) -> Option<Tampering> {
    let current = std::fs::read(wb.exercise_file(ex)).unwrap_or_default();
    let current = String::from_utf8_lossy(&current);
    if let Some(t) = crate::localize::tampering(wb, ex, &current) {
        return Some(t);
    }
    let uses = |module: &str| {
        current.contains("mtlings_support")
            && (module == "lib" || current.contains(&format!("{module}::")))
    };
    let changed: Vec<String> = support.iter().filter(|m| uses(m)).cloned().collect();
    (!changed.is_empty()).then_some(Tampering::Support { modules: changed })
}

/// Renders records in the chosen format: to standard output, or to `--output FILE` with the
/// summary line on standard output. `points` adds points to the summary.
pub fn emit(
    records: &[Record],
    args: &BatchArgs,
    wb: &Workbook,
    title: &str,
    points: bool,
) -> Result<()> {
    let name = wb.root.display().to_string();
    let text = match args.format {
        Format::Human => report::human(records, title, points),
        Format::Json => format!("{}\n", report::json(records, &name)),
        Format::Junit => report::junit(records, &format!("mtlings {title}")),
        Format::Gradescope => format!("{}\n", report::gradescope(records, title)),
        Format::Classroom50 => format!("{}\n", report::classroom50(records)),
    };
    match &args.output {
        None => print!("{text}"),
        Some(file) => {
            write_report(file, &text)?;
            println!("{}", report::summary(records, title, points));
        }
    }
    Ok(())
}

/// Writes a report file atomically, so a grader never reads half of one.
fn write_report(file: &Path, text: &str) -> Result<()> {
    crate::atomic_file::write(file, text.as_bytes(), false)
        .with_context(|| format!("cannot write the report {}", file.display()))
}
