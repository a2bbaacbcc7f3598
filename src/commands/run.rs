//! `mtlings run`: grade one exercise and stream what it prints.

use crate::messages::commands as msg;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use console::style;
use indicatif::{ProgressBar, ProgressStyle};

use super::{color, load_state, pick};
use crate::cli::RunArgs;
use crate::grade::{self, Event, Job, Options, Role, Verdict};
use crate::process::Cancel;
use crate::words;
use crate::workbook::Workbook;

/// Grades one exercise, records it as done if it passed, and moves on if it was current.
pub fn run(wb: Workbook, args: &RunArgs) -> Result<ExitCode> {
    let mut state = load_state(&wb);
    let index = pick(&wb, &state, args.name.as_deref())?;
    let ex = wb.info.exercises[index].clone();
    let file = wb.exercise_file(&ex);
    if !file.is_file() {
        anyhow::bail!(msg::missing(ex.path().display(), &ex.name));
    }
    let job = Job {
        index,
        role: Role::Exercise,
        exercise: ex.clone(),
    };
    // A trace file that cannot be written is said before the run, not after it.
    if let Some(path) = &args.trace {
        std::fs::write(path, "")
            .with_context(|| format!("cannot write the trace file {}", path.display()))?;
    }
    let mut opts = Options::learner(color(), 1);
    opts.timeline = args.timeline || args.trace.is_some();
    opts.backtrace = crate::learner::backtrace(args.backtrace);
    let verdict = grade_streaming(&wb, &job, &opts, &Cancel::default())?;
    show_timeline(args, &verdict.recordings)?;
    println!();
    println!("{}", words::verdict(&ex, &verdict));
    if verdict.passed() {
        let moved = state.mark_done(&wb.info, index);
        state.save(&wb.info)?;
        if state.all_done(&wb.info) {
            if let Some(msg) = &wb.info.final_message {
                println!("\n{msg}");
            }
        } else if moved {
            let next = &wb.info.exercises[state.current];
            println!(
                "{}",
                msg::next_exercise(style(&next.name).cyan(), next.path().display())
            );
        }
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{}", msg::try_again(ex.path().display(), &ex.name));
        Ok(ExitCode::FAILURE)
    }
}

/// Prints the timeline of each run and writes the trace, as `args` asks.
fn show_timeline(args: &RunArgs, recordings: &[crate::timeline::Recording]) -> Result<()> {
    if args.timeline {
        for rec in recordings {
            println!();
            print!("{}", crate::timeline::render(rec));
        }
        if recordings.is_empty() {
            println!("{}", msg::no_timeline());
        }
    }
    if let Some(path) = &args.trace {
        std::fs::write(path, crate::trace::render(recordings))
            .with_context(|| format!("cannot write the trace file {}", path.display()))?;
        println!("{}", msg::trace_written(path.display()));
    }
    Ok(())
}

/// Grades one job, showing build progress on stderr and streaming its output to stdout.
fn grade_streaming(wb: &Workbook, job: &Job, opts: &Options, cancel: &Cancel) -> Result<Verdict> {
    let name = &job.exercise.name;
    let spinner = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.set_message(words::building(name));
    spinner.enable_steady_tick(std::time::Duration::from_millis(100));
    let verdict = grade::with_events(
        |sink| grade::grade_one(wb, job, opts, cancel, sink),
        |event| match event {
            Event::Dependencies { done, total } => {
                spinner.set_message(words::dependencies(done, total));
            }
            Event::Compiled { .. } => spinner.set_message(words::building(name)),
            Event::BuildDone => spinner.finish_and_clear(),
            Event::Step { step, attempt, .. } => {
                spinner.suspend(|| println!("{}", words::step_banner(step, attempt)));
            }
            Event::Output(bytes) => spinner.suspend(|| {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(&bytes);
                let _ = out.flush();
            }),
            Event::Done(_) => {}
        },
    );
    spinner.finish_and_clear();
    verdict
}
