//! `mtlings verify`: grade the learner's whole tree, for them or for an autograder.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;

use super::{batch, default_jobs, load_state};
use crate::cli::{BatchArgs, Format};
use crate::grade::{self, Options};
use crate::report;
use crate::workbook::Workbook;

/// Grades every exercise, updates progress to match, and reports in the chosen format.
pub fn run(wb: Workbook, args: &BatchArgs) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let jobs = grade::learner_jobs(&wb);
    let opts = Options::learner(false, args.jobs.unwrap_or_else(default_jobs));
    let verdicts = batch::grade(&wb, &jobs, &opts, std::io::stderr().is_terminal())?;
    let records: Vec<_> = verdicts
        .iter()
        .map(|v| batch::record(v, batch::Expect::Pass))
        .collect();
    for v in &verdicts {
        if v.passed() {
            state.done.insert(v.job.exercise.name.clone());
        } else {
            state.done.remove(&v.job.exercise.name);
        }
    }
    let saved = state.save(&wb.info);
    emit(&records, args.format, &wb, "verify");
    saved?;
    Ok(if records.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints records in `format`.
pub fn emit(records: &[report::Record], format: Format, wb: &Workbook, title: &str) {
    let name = wb.root.display().to_string();
    match format {
        Format::Human => {
            report::human(records, title);
        }
        Format::Json => println!("{}", report::json(records, &name)),
        Format::Junit => print!("{}", report::junit(records, &format!("mtlings {title}"))),
    }
}
