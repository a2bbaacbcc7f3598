//! Grading many jobs with a progress bar: shared by `verify` and `dev check`.

use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cargo::BuildEvent;
use crate::grade::{self, Event, Job, Options, Verdict};
use crate::process::Cancel;
use crate::report::Record;
use crate::workbook::Workbook;

/// Builds everything once and runs `jobs`, showing progress on stderr when it is a terminal.
pub fn grade(
    wb: &Workbook,
    jobs: &[Job],
    opts: &Options,
    show_progress: bool,
) -> Result<Vec<Verdict>> {
    let bar = ProgressBar::new(jobs.len() as u64);
    if !show_progress {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix:>8} [{bar:30}] {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix("Building");
    bar.set_message("every exercise and solution with one cargo run");
    bar.enable_steady_tick(Duration::from_millis(120));
    let built = Mutex::new(0u64);
    let sink = |event: Event| match event {
        Event::Built(BuildEvent::Dependency(dep)) => {
            bar.set_message(format!("dependency {dep} (first build only)"));
        }
        Event::Built(BuildEvent::Target(name)) => {
            let mut n = built.lock().unwrap_or_else(|p| p.into_inner());
            *n += 1;
            bar.set_message(format!("{n} targets compiled, last {name}"));
        }
        Event::BuildDone => {
            bar.set_prefix("Running");
            bar.set_message("");
        }
        Event::Done(v) => {
            bar.inc(1);
            bar.set_message(v.job.bin());
        }
        Event::Step { job, step, attempt } => {
            bar.set_message(format!("{} ({}, run {attempt})", job.bin(), step.word()));
        }
        Event::Output { .. } => {}
    };
    let verdicts = grade::grade_all(wb, jobs, opts, &Cancel::default(), &sink);
    bar.finish_and_clear();
    verdicts
}

/// A report record for a verdict; `expect_pass` says what counts as ok.
pub fn record(v: &Verdict, expect_pass: bool) -> Record {
    let ex = &v.job.exercise;
    let role = match v.job.role {
        grade::Role::Exercise => "exercise",
        grade::Role::Solution => "solution",
    };
    let failure = v
        .failure
        .as_ref()
        .map(|f| f.to_string())
        .unwrap_or_default();
    let (ok, problem) = if expect_pass {
        match (&v.failure, v.passes) {
            (None, _) => (true, String::new()),
            (Some(_), 0) => (false, failure.clone()),
            (Some(_), p) => (
                false,
                format!("flaky: passed {p} of {} runs, then {failure}", v.attempts),
            ),
        }
    } else {
        match v.passes {
            0 => (true, String::new()),
            p if p == v.attempts => (false, "passes as shipped".to_string()),
            p => (
                false,
                format!("flaky: passes as shipped on {p} of {} runs", v.attempts),
            ),
        }
    };
    Record {
        name: ex.name.clone(),
        topic: ex.topic().to_string(),
        role,
        path: v.job.path().display().to_string(),
        ok,
        expected: if expect_pass {
            "passes"
        } else {
            "fails as shipped"
        },
        runs: v.attempts,
        passes: v.passes,
        problem,
        note: if expect_pass {
            String::new()
        } else {
            format!("fails as shipped: {failure}")
        },
        output: console::strip_ansi_codes(&v.log).into_owned(),
    }
}
