//! `mtlings list`: every exercise with its status, and a picker to jump to one.

use crate::messages::commands as msg;
use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::load_state;
use crate::cli::ListArgs;
use crate::words;
use crate::workbook::Workbook;

/// Prints the table; in a terminal, then offers a picker that makes the chosen one current.
pub fn run(wb: Workbook, args: &ListArgs) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let rows = words::list_rows(&wb, &state);
    let summary = words::done_count(&wb, &state);
    let interactive =
        !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive {
        println!("{}", style(words::list_header(&wb)).bold());
        for (status, row) in &rows {
            println!("{}", status.paint(row));
        }
        println!("{summary}");
        return Ok(ExitCode::SUCCESS);
    }
    let items: Vec<&str> = rows.iter().map(|(_, row)| row.as_str()).collect();
    let picked = dialoguer::FuzzySelect::new()
        .with_prompt(msg::list_prompt(&summary))
        .items(&items)
        .default(state.current)
        .max_length(20)
        .interact_opt()?;
    if let Some(i) = picked {
        state.current = i;
        state.save(&wb.info)?;
        let ex = &wb.info.exercises[i];
        println!(
            "{}",
            msg::current_exercise(style(&ex.name).cyan(), ex.path().display())
        );
    }
    Ok(ExitCode::SUCCESS)
}
