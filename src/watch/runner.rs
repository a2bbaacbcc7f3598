//! Grading off the loop's thread: each run is a thread that reports what the engine says.
//!
//! A run owns a fresh [`Cancel`]; cancelling it kills the build or program in flight, so a
//! newer save or a quit takes effect at once. The caller tags the reports with the run's id,
//! so reports of a run that was replaced can be told apart and dropped.

use std::sync::Arc;

use anyhow::{Context, Result};

use crate::grade::{self, Event, Job, Options, Role, Step, Verdict};
use crate::process::Cancel;
use crate::workbook::Workbook;

/// What a run reports, owned so it can cross threads.
#[derive(Debug)]
pub enum Report {
    /// The workbook's dependencies are compiling: `done` of `total` (if known).
    Dependencies { done: usize, total: Option<usize> },
    /// The exercise's own code compiled (the dependencies, if any, are done).
    Compiled,
    /// Compiling is over; runs start.
    BuildDone,
    /// A step (tests or main) started.
    Step(Step, u32),
    /// Output of the build or of a run, as it comes.
    Output(Vec<u8>),
    /// One more exercise was judged by a check of all exercises.
    Checked(usize),
    /// The exercise was judged (or grading failed).
    Finished(Result<Box<Verdict>, String>),
    /// Every exercise was judged (or grading failed).
    CheckFinished(Result<Vec<Verdict>, String>),
}

/// How the learner wants runs graded.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Ask the compiler and the tests for colours.
    pub color: bool,
    /// Let panics print backtraces.
    pub backtrace: bool,
}

/// Starts grading exercise `index` in a thread; `send` gets the reports. Returns how to stop it.
pub fn start_one(
    wb: &Arc<Workbook>,
    index: usize,
    settings: Settings,
    send: impl Fn(Report) + Send + 'static,
) -> Result<Arc<Cancel>> {
    let cancel = Arc::new(Cancel::default());
    let (wb, c) = (Arc::clone(wb), Arc::clone(&cancel));
    std::thread::Builder::new()
        .name("run".into())
        .spawn(move || {
            let job = Job {
                index,
                role: Role::Exercise,
                exercise: wb.info.exercises[index].clone(),
            };
            let mut opts = Options::learner(settings.color, 1);
            opts.backtrace = settings.backtrace;
            let verdict = grade::with_events(
                |sink| grade::grade_one(&wb, &job, &opts, &c, sink),
                |event| match event {
                    Event::Dependencies { done, total } => {
                        send(Report::Dependencies { done, total })
                    }
                    Event::Compiled { .. } => send(Report::Compiled),
                    Event::BuildDone => send(Report::BuildDone),
                    Event::Step { step, attempt, .. } => send(Report::Step(step, attempt)),
                    Event::Output(bytes) => send(Report::Output(bytes)),
                    Event::Done(_) => {}
                },
            );
            send(Report::Finished(
                verdict.map(Box::new).map_err(|e| format!("{e:#}")),
            ));
        })
        .context("cannot start a grading thread")?;
    Ok(cancel)
}

/// Starts grading every exercise in a thread on `jobs` threads; `send` gets the reports.
pub fn start_all(
    wb: &Arc<Workbook>,
    jobs: usize,
    backtrace: bool,
    send: impl Fn(Report) + Send + 'static,
) -> Result<Arc<Cancel>> {
    let cancel = Arc::new(Cancel::default());
    let (wb, c) = (Arc::clone(wb), Arc::clone(&cancel));
    std::thread::Builder::new()
        .name("check-all".into())
        .spawn(move || {
            let all = grade::learner_jobs(&wb);
            let mut opts = Options::learner(false, jobs);
            opts.backtrace = backtrace;
            let mut judged = 0;
            let verdicts = grade::with_events(
                |sink| grade::grade_all(&wb, &all, &opts, &c, sink),
                |event| match event {
                    Event::Dependencies { done, total } => {
                        send(Report::Dependencies { done, total })
                    }
                    Event::BuildDone => send(Report::BuildDone),
                    Event::Done(_) => {
                        judged += 1;
                        send(Report::Checked(judged));
                    }
                    _ => {}
                },
            );
            send(Report::CheckFinished(
                verdicts.map_err(|e| format!("{e:#}")),
            ));
        })
        .context("cannot start a grading thread")?;
    Ok(cancel)
}
