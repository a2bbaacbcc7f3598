//! `hint` and `reset`: small commands about one exercise.

use std::process::ExitCode;

use anyhow::{Context, Result};
use console::style;

use super::{load_state, pick};
use crate::originals;
use crate::workbook::Workbook;

/// Prints the hint of an exercise.
pub fn hint(wb: Workbook, name: Option<&str>) -> Result<ExitCode> {
    let state = load_state(&wb);
    let ex = &wb.info.exercises[pick(&wb, &state, name)?];
    if ex.hint.is_empty() {
        println!("{} has no hint. Read its header comment again.", ex.name);
    } else {
        println!(
            "{} {}\n{}",
            style("Hint for").bold(),
            style(&ex.name).cyan(),
            ex.hint
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Restores an exercise to its original content and marks it pending.
pub fn reset(wb: Workbook, name: &str) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let index = wb.info.lookup(name)?;
    let ex = &wb.info.exercises[index];
    let original = originals::original(&wb, ex)?;
    let path = wb.exercise_file(ex);
    std::fs::write(&path, original).with_context(|| format!("cannot write {}", path.display()))?;
    state.done.remove(&ex.name);
    state.save(&wb.info)?;
    println!(
        "{} {} to its original state",
        style("Reset").green().bold(),
        ex.path().display()
    );
    Ok(ExitCode::SUCCESS)
}
