//! Grading off the input thread: each run is a thread that reports what the engine says.
//!
//! A run owns a fresh [`Cancel`]; cancelling it kills the build or program in flight, so a
//! newer save or a quit takes effect at once. Every report carries the run's id, so reports of
//! a run that was replaced can be told apart and dropped.

use std::sync::Arc;
use std::sync::Mutex;

use anyhow::{Context, Result};

use crate::cargo::BuildEvent;
use crate::grade::{self, Event, Job, Options, Role, Step, Verdict};
use crate::process::Cancel;
use crate::workbook::Workbook;

/// What a run reports, owned so it can cross threads.
#[derive(Debug)]
pub enum Report {
    /// A dependency of the workbook finished compiling (first builds only).
    Dependency(String),
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

/// A run in flight.
pub struct Run {
    /// Identifies the run's reports.
    pub id: u64,
    /// Stops the run.
    pub cancel: Arc<Cancel>,
}

/// Starts grading exercise `index` in a thread; `send` gets the reports.
pub fn start_one(
    wb: &Arc<Workbook>,
    index: usize,
    id: u64,
    color: bool,
    send: impl Fn(u64, Report) + Send + Sync + 'static,
) -> Result<Run> {
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
            let opts = Options::learner(color, 1);
            let sink = |event: Event| match event {
                Event::Built(BuildEvent::Dependency(dep)) => {
                    send(id, Report::Dependency(dep.clone()))
                }
                Event::Built(BuildEvent::Target(_)) | Event::Done(_) => {}
                Event::BuildDone => send(id, Report::BuildDone),
                Event::Step { step, attempt, .. } => send(id, Report::Step(step, attempt)),
                Event::Output { bytes, .. } => send(id, Report::Output(bytes.to_vec())),
            };
            let verdict = grade::grade_one(&wb, &job, &opts, &c, &sink);
            send(
                id,
                Report::Finished(verdict.map(Box::new).map_err(|e| format!("{e:#}"))),
            );
        })
        .context("cannot start a grading thread")?;
    Ok(Run { id, cancel })
}

/// Starts grading every exercise in a thread; `send` gets the reports.
pub fn start_all(
    wb: &Arc<Workbook>,
    id: u64,
    jobs: usize,
    send: impl Fn(u64, Report) + Send + Sync + 'static,
) -> Result<Run> {
    let cancel = Arc::new(Cancel::default());
    let (wb, c) = (Arc::clone(wb), Arc::clone(&cancel));
    std::thread::Builder::new()
        .name("check-all".into())
        .spawn(move || {
            let all = grade::learner_jobs(&wb);
            let opts = Options::learner(false, jobs);
            let judged = Mutex::new(0usize);
            let sink = |event: Event| match event {
                Event::Built(BuildEvent::Dependency(dep)) => {
                    send(id, Report::Dependency(dep.clone()))
                }
                Event::BuildDone => send(id, Report::BuildDone),
                Event::Done(_) => {
                    let mut n = judged.lock().unwrap_or_else(|p| p.into_inner());
                    *n += 1;
                    send(id, Report::Checked(*n));
                }
                _ => {}
            };
            let verdicts = grade::grade_all(&wb, &all, &opts, &c, &sink);
            send(
                id,
                Report::CheckFinished(verdicts.map_err(|e| format!("{e:#}"))),
            );
        })
        .context("cannot start a grading thread")?;
    Ok(Run { id, cancel })
}
