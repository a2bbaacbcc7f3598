//! `mtlings watch`: the learner's live loop (being built).

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::WatchArgs;
use crate::workbook::Workbook;

/// Runs the watcher until the learner quits.
pub fn run(wb: Workbook, _args: &WatchArgs) -> Result<ExitCode> {
    crate::commands::run_current(wb)
}
