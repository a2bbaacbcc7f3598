//! One module per command; each loads what it needs, asks the engine, and presents the result.

mod batch;
mod check;
mod init;
pub mod list;
mod run;
mod simple;

pub use simple::hint_text;
mod verify;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command, DevCommand};
use crate::state::State;
use crate::workbook::Workbook;

/// Runs the command the learner asked for.
pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    // `init` makes a workbook, so it is the one command that runs outside one.
    if let Some(Command::Init(args)) = &cli.command {
        return init::run(args);
    }
    let wb = Workbook::locate(cli.workbook.as_deref())?;
    match cli.command {
        None => crate::watch::run(wb, &Default::default()),
        Some(Command::Watch(args)) => crate::watch::run(wb, &args),
        Some(Command::List(args)) => list::run(wb, &args),
        Some(Command::Run { name }) => run::run(wb, name.as_deref()),
        Some(Command::Hint { name, all }) => simple::hint(wb, name.as_deref(), all),
        Some(Command::Reset { name }) => simple::reset(wb, &name),
        Some(Command::Verify(args)) => verify::run(wb, &args),
        Some(Command::Dev(DevCommand::Check(args))) => check::run(wb, &args),
        Some(Command::Dev(DevCommand::Mistake(args))) => check::new_mistake(&wb, &args),
        Some(Command::Init(args)) => init::run(&args),
    }
}

/// Loads the learner's progress, telling them if it had to be rebuilt.
pub fn load_state(wb: &Workbook) -> State {
    crate::originals::ensure_snapshot(wb);
    let state = State::load(&wb.root, &wb.info);
    if let Some(w) = &state.warning {
        eprintln!("{}", console::style(w).yellow());
    }
    state
}

/// The exercise named `name`, or the current one.
pub fn pick(wb: &Workbook, state: &State, name: Option<&str>) -> Result<usize> {
    match name {
        Some(n) => wb.info.lookup(n),
        None => Ok(state.current),
    }
}

/// Whether ANSI colours should be used on standard output.
pub fn color() -> bool {
    console::colors_enabled()
}

/// Threads to use when nothing says otherwise: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}
