//! `mtlings list`: every exercise with its status, and a picker to jump to one.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::load_state;
use crate::cli::ListArgs;
use crate::state::State;
use crate::workbook::Workbook;

/// A status word for an exercise in listings.
fn status(state: &State, index: usize, name: &str) -> &'static str {
    if state.is_done(name) {
        "done"
    } else if index == state.current {
        "current"
    } else {
        "pending"
    }
}

/// Widths of the name and topic columns, so the header and the rows line up.
fn widths(wb: &Workbook) -> (usize, usize) {
    let exs = &wb.info.exercises;
    let name = exs.iter().map(|e| e.name.len()).max().unwrap_or(0).max(4);
    let topic = exs
        .iter()
        .map(|e| e.topic().len())
        .max()
        .unwrap_or(0)
        .max(5);
    (name, topic)
}

/// The rows of the table, without colour, padded to line up (also the watcher's `l` list).
pub fn table_rows(wb: &Workbook, state: &State) -> Vec<String> {
    let (w_name, w_topic) = widths(wb);
    wb.info
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            format!(
                "{:>3}  {:<w_name$}  {:<w_topic$}  {:<7}  {}",
                i + 1,
                e.name,
                e.topic(),
                status(state, i, &e.name),
                e.path().display()
            )
        })
        .collect()
}

/// Prints the table; in a terminal, then offers a picker that makes the chosen one current.
pub fn run(wb: Workbook, args: &ListArgs) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let rows = table_rows(&wb, &state);
    let done = wb
        .info
        .exercises
        .iter()
        .filter(|e| state.is_done(&e.name))
        .count();
    let total = wb.info.exercises.len();
    let summary = format!("{done}/{total} exercises done");
    let interactive =
        !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive {
        let (w_name, w_topic) = widths(&wb);
        println!(
            "{}",
            style(format!(
                "{:>3}  {:<w_name$}  {:<w_topic$}  {:<7}  PATH",
                "#", "NAME", "TOPIC", "STATUS"
            ))
            .bold()
        );
        for (i, row) in rows.iter().enumerate() {
            let line = match status(&state, i, &wb.info.exercises[i].name) {
                "done" => style(row.as_str()).green(),
                "current" => style(row.as_str()).yellow().bold(),
                _ => style(row.as_str()),
            };
            println!("{line}");
        }
        println!("{summary}");
        return Ok(ExitCode::SUCCESS);
    }
    let picked = dialoguer::FuzzySelect::new()
        .with_prompt(format!(
            "{summary}; type to filter, Enter jumps to an exercise, Esc leaves"
        ))
        .items(&rows)
        .default(state.current)
        .max_length(20)
        .interact_opt()?;
    if let Some(i) = picked {
        state.current = i;
        state.save(&wb.info)?;
        let ex = &wb.info.exercises[i];
        println!(
            "Current exercise: {} ({})",
            style(&ex.name).cyan(),
            ex.path().display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
