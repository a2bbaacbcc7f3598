//! One module per command; each loads what it needs, asks the engine, and presents the result.

mod batch;
mod check;
mod init;
mod list;
mod run;
mod simple;
mod translate;
mod verify;

pub use crate::learner::{color, default_jobs, load_state};

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command, DevCommand, WatchArgs};
use crate::localize::{self, Files};
use crate::state::State;
use crate::workbook::Workbook;

/// Runs the command the learner asked for.
pub fn dispatch(cli: Cli, choice: crate::lang::Choice) -> Result<ExitCode> {
    // `init` makes a workbook, so it is the one command that runs outside one.
    if let Some(Command::Init(args)) = &cli.command {
        return init::run(args);
    }
    let mut wb = Workbook::locate(cli.workbook.as_deref())?;
    // The learner's commands write the course in the chosen language; grading only speaks it;
    // the author's commands leave the workbook as it is.
    let files = match &cli.command {
        None | Some(Command::Watch(_) | Command::List(_) | Command::Run(_)) => Files::Follow,
        Some(Command::Hint { .. } | Command::Reset { .. }) => Files::Follow,
        Some(_) => Files::Leave,
    };
    if !matches!(cli.command, Some(Command::Dev(_))) {
        localize::apply(&mut wb, choice, files)?;
    }
    match cli.command {
        None => watch(wb, Default::default()),
        Some(Command::Watch(args)) => watch(wb, args),
        Some(Command::List(args)) => list::run(wb, &args),
        Some(Command::Run(args)) => run::run(wb, &args),
        Some(Command::Hint { name, all }) => simple::hint(wb, name.as_deref(), all),
        Some(Command::Reset { name }) => simple::reset(wb, &name),
        Some(Command::Verify(args)) => verify::run(wb, &args),
        Some(Command::Dev(DevCommand::Check(args))) => check::run(wb, &args),
        Some(Command::Dev(DevCommand::Mistake(args))) => check::new_mistake(&wb, &args),
        Some(Command::Dev(DevCommand::Translate(args))) => translate::run(&wb, &args),
        Some(Command::Init(args)) => init::run(&args),
    }
}

/// Starts the watcher (`MTLINGS_BACKTRACE=1` counts as `--backtrace`).
fn watch(wb: Workbook, mut args: WatchArgs) -> Result<ExitCode> {
    args.backtrace = crate::learner::backtrace(args.backtrace);
    crate::watch::run(wb, &args)
}

/// The exercise named `name`, or the current one.
pub fn pick(wb: &Workbook, state: &State, name: Option<&str>) -> Result<usize> {
    match name {
        Some(n) => wb.info.lookup(n),
        None => Ok(state.current),
    }
}
