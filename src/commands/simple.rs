//! `hint` and `reset`: small commands about one exercise.

use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::{load_state, pick};
use crate::info::Exercise;
use crate::originals;
use crate::workbook::Workbook;

/// The first `shown` steps of an exercise's hint as shown to the learner (by `hint` and the
/// watcher's `h`), with how many remain.
pub fn hint_text(ex: &Exercise, shown: usize) -> String {
    let total = ex.hints.len();
    let shown = shown.clamp(1, total.max(1));
    match total {
        0 => format!("{} has no hint. Read its header comment again.", ex.name),
        1 => format!(
            "{} {}\n{}",
            style("Hint for").bold(),
            style(&ex.name).cyan(),
            ex.hints[0]
        ),
        _ => {
            let mut text = format!(
                "{} {}",
                style(format!("Hint {shown} of {total} for")).bold(),
                style(&ex.name).cyan()
            );
            for (n, step) in ex.hints.iter().take(shown).enumerate() {
                text.push_str(&format!("\n{}. {step}", n + 1));
            }
            if shown < total {
                text.push_str(&format!(
                    "\n{}",
                    style("(Ask again for the next step.)").dim()
                ));
            }
            text
        }
    }
}

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
    println!("{}", hint_text(ex, shown));
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
