//! `hint` and `reset`: small commands about one exercise.

use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::{load_state, pick};
use crate::originals;
use crate::words;
use crate::workbook::Workbook;

/// Prints the hint of an exercise.
pub fn hint(wb: Workbook, name: Option<&str>) -> Result<ExitCode> {
    let state = load_state(&wb);
    let ex = &wb.info.exercises[pick(&wb, &state, name)?];
    println!("{}", words::hint(ex));
    Ok(ExitCode::SUCCESS)
}

/// Restores an exercise to its original content and marks it pending.
pub fn reset(wb: Workbook, name: &str) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let index = wb.info.lookup(name)?;
    let ex = &wb.info.exercises[index];
    originals::restore(&wb, ex)?;
    state.done.remove(&ex.name);
    state.save(&wb.info)?;
    println!(
        "{} {} to its original state",
        style("Reset").green().bold(),
        ex.path().display()
    );
    Ok(ExitCode::SUCCESS)
}
