//! `hint` and `reset`: small commands about one exercise.

use crate::messages::commands as msg;
use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::{load_state, pick};
use crate::words;
use crate::workbook::Workbook;

/// Prints the hint of an exercise up to its next unseen step (every step with `all`), and
/// remembers how far the learner has read.
pub fn hint(wb: Workbook, name: Option<&str>, all: bool) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let ex = &wb.info.exercises[pick(&wb, &state, name)?];
    let total = ex.hints.len();
    let shown = if all {
        total
    } else {
        state.reveal_hint(&ex.name, total)
    };
    println!("{}", words::hint(ex, shown, &msg::hint_again()));
    if !all && total > 1 {
        state.save(&wb.info)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Restores an exercise to its original content and marks it pending.
pub fn reset(wb: Workbook, name: &str) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let index = wb.info.lookup(name)?;
    let ex = &wb.info.exercises[index];
    crate::localize::restore(&wb, ex)?;
    state.done.remove(&ex.name);
    state.save(&wb.info)?;
    println!(
        "{}",
        msg::reset_done(style(msg::reset()).green().bold(), ex.path().display())
    );
    Ok(ExitCode::SUCCESS)
}
