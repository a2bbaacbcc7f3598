//! Grading many jobs with a progress bar: shared by `verify` and `dev check`.

use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::grade::{self, Event, Failure, Job, Options, Role, Verdict};
use crate::integrity::Tampering;
use crate::process::Cancel;
use crate::report::{self, Record};
use crate::words;
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
    let mut built = 0u64;
    let cancel = Cancel::default();
    let verdicts = grade::with_events(
        |sink| grade::grade_all(wb, jobs, opts, &cancel, sink),
        |event| match event {
            Event::Dependencies { done, total } => {
                bar.set_message(words::dependencies(done, total));
            }
            Event::Compiled { bin } => {
                built += 1;
                bar.set_message(format!("{built} targets compiled, last {bin}"));
            }
            Event::BuildDone => {
                bar.set_prefix("Running");
                bar.set_message("");
            }
            Event::Done(v) => {
                bar.inc(1);
                bar.set_message(v.job.bin());
            }
            Event::Step { bin, step, attempt } => {
                bar.set_message(format!("{bin} ({}, run {attempt})", step.word()));
            }
            Event::Output(_) => {}
        },
    );
    bar.finish_and_clear();
    verdicts
}

/// What a graded file is expected to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Pass on every run (a learner's file under `verify`).
    Pass,
    /// Pass on every run, using at most half of each limit (a solution: a learner's own
    /// answer may need more).
    PassComfortably,
    /// Fail on every run (an exercise as shipped).
    FailAsShipped,
    /// Fail on every run, and compile (a known wrong fix: one that no longer compiles is
    /// stale, not a mistake worth keeping).
    Reject,
}

impl Expect {
    /// What `dev check` expects of a job.
    pub fn of(role: &Role) -> Self {
        match role {
            Role::Solution => Expect::PassComfortably,
            Role::Exercise => Expect::FailAsShipped,
            Role::Mistake(_) => Expect::Reject,
            Role::Translated(r) if r.solution => Expect::PassComfortably,
            Role::Translated(_) => Expect::FailAsShipped,
        }
    }
}

/// A report record for a verdict, judged against what was expected of it.
pub fn record(v: &Verdict, expect: Expect) -> Record {
    let ex = &v.job.exercise;
    let (role, label) = match &v.job.role {
        Role::Exercise => (report::Role::Exercise, ex.name.clone()),
        Role::Solution => (report::Role::Solution, format!("{}_sol", ex.name)),
        Role::Mistake(m) => (
            report::Role::Mistake,
            format!("{}/{}", ex.name, m.mistake.slug),
        ),
        Role::Translated(r) if r.solution => (
            report::Role::Solution,
            format!("{}_sol ({})", ex.name, r.lang.tag()),
        ),
        Role::Translated(r) => (
            report::Role::Exercise,
            format!("{} ({})", ex.name, r.lang.tag()),
        ),
    };
    let description = match &v.job.role {
        Role::Mistake(m) => m.mistake.description.as_str(),
        _ => "",
    };
    let failure = v
        .failure
        .as_ref()
        .map(|f| f.to_string())
        .unwrap_or_default();
    let (ok, problem, expected, note) = match expect {
        Expect::Pass | Expect::PassComfortably => {
            let limits = ex.limits;
            let problem = match (&v.failure, v.passes) {
                (None, _)
                    if expect == Expect::PassComfortably
                        && v.peak.memory_mb * 2 > limits.memory_mb =>
                {
                    format!(
                        "uses {} MiB, more than half its memory limit ({} MiB): raise \
                         `memory_mb` or use less",
                        v.peak.memory_mb, limits.memory_mb
                    )
                }
                (None, _)
                    if expect == Expect::PassComfortably
                        && v.peak.processes * 2 > limits.max_processes =>
                {
                    format!(
                        "starts {} processes, more than half its limit ({}): raise \
                         `max_processes` or start fewer",
                        v.peak.processes, limits.max_processes
                    )
                }
                (None, _) => String::new(),
                (Some(_), 0) => failure.clone(),
                (Some(_), p) => {
                    format!("flaky: passed {p} of {} runs, then {failure}", v.attempts)
                }
            };
            (problem.is_empty(), problem, "passes", String::new())
        }
        Expect::FailAsShipped => {
            let problem = match v.passes {
                0 => String::new(),
                p if p == v.attempts => "passes as shipped".to_string(),
                p => format!("flaky: passes as shipped on {p} of {} runs", v.attempts),
            };
            let note = format!("fails as shipped: {failure}");
            (problem.is_empty(), problem, "fails as shipped", note)
        }
        Expect::Reject => {
            let problem = match (&v.failure, v.passes) {
                (Some(Failure::Build), _) => format!(
                    "stale: no longer compiles against the exercise ({}); a compile error is \
                     not a wrong fix worth keeping",
                    first_error(&v.log)
                ),
                (_, 0) => String::new(),
                (_, p) if p == v.attempts => format!("a wrong fix passes: {description}"),
                (_, p) => format!(
                    "a wrong fix passes on {p} of {} runs: {description}",
                    v.attempts
                ),
            };
            let note = format!("{description}: {failure}");
            (problem.is_empty(), problem, "fails (wrong fix)", note)
        }
    };
    Record {
        name: ex.name.clone(),
        label,
        topic: ex.topic().to_string(),
        role,
        path: v.job.path().display().to_string(),
        ok,
        expected,
        runs: v.attempts,
        passes: v.passes,
        points: if ok && matches!(expect, Expect::Pass | Expect::PassComfortably) {
            ex.points
        } else {
            0
        },
        max_points: ex.points,
        seconds: v.elapsed.as_secs_f64(),
        problem,
        note,
        output: console::strip_ansi_codes(&v.log).into_owned(),
    }
}

/// The record of an exercise that was not graded because its tests were edited.
pub fn tampered(job: &Job, how: &Tampering) -> Record {
    let ex = &job.exercise;
    Record {
        name: ex.name.clone(),
        label: ex.name.clone(),
        topic: ex.topic().to_string(),
        role: report::Role::Exercise,
        path: job.path().display().to_string(),
        ok: false,
        expected: "passes",
        runs: 0,
        passes: 0,
        problem: crate::messages::report::tampered(how),
        note: String::new(),
        output: String::new(),
        points: 0,
        max_points: ex.points,
        seconds: 0.0,
    }
}

/// The first compiler error of a build log, on one line.
fn first_error(log: &str) -> String {
    let plain = console::strip_ansi_codes(log);
    plain
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("see its output")
        .trim()
        .to_string()
}
