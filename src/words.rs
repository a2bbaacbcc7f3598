//! The words a learner reads, written once for every front end.
//!
//! `mtlings run`, `hint`, `list` and the watcher all tell the learner the same things: a verdict,
//! a step banner, a hint, what the build is doing, a row of the exercise list. They are written
//! here, so the commands and the watcher cannot drift apart, and neither has to reach into the
//! other for them.

use console::{StyledObject, style};

use crate::messages::words as msg;

use crate::grade::{Step, Verdict};
use crate::info::Exercise;
use crate::state::State;
use crate::workbook::Workbook;

/// "✓ NAME passes!" (with the runs in a row where more than one is needed).
pub fn passed(ex: &Exercise) -> String {
    let runs = if ex.runs > 1 {
        msg::runs_in_a_row(ex.runs)
    } else {
        String::new()
    };
    msg::passes(style("✓").green().bold(), style(&ex.name).bold(), runs)
}

/// "✗ NAME: why", and on which of the runs in a row it failed.
pub fn failed(ex: &Exercise, verdict: &Verdict) -> String {
    let why = verdict
        .failure
        .as_ref()
        .map(|f| f.to_string())
        .unwrap_or_default();
    let mut text = format!(
        "{} {}: {why}",
        style("✗").red().bold(),
        style(&ex.name).bold()
    );
    if verdict.attempts > 1 {
        text.push_str(&msg::failed_on_run(verdict.attempts, ex.runs));
    }
    text
}

/// The verdict on one exercise: [`passed`] or [`failed`].
pub fn verdict(ex: &Exercise, verdict: &Verdict) -> String {
    if verdict.passed() {
        passed(ex)
    } else {
        failed(ex, verdict)
    }
}

/// Grading could not even start (no cargo, no clippy, an unreadable manifest...).
pub fn cannot_grade(name: &str, why: &str) -> String {
    msg::cannot_grade(style("✗").red().bold(), style(name).bold(), why)
}

/// The banner above the output of a step: "── tests ──", "── main (run 2) ──".
pub fn step_banner(step: Step, attempt: u32) -> String {
    let again = if attempt > 1 {
        msg::run_banner(attempt)
    } else {
        String::new()
    };
    style(format!("── {}{again} ──", step.word()))
        .dim()
        .to_string()
}

/// What a build is doing, for a spinner or a status line: "Building NAME…".
/// Said once per exercise when the learner's file differs from the shipped one below the
/// marker line: the tests are the author's, and graded work is checked against them.
pub fn edited_below_marker(name: &str) -> String {
    msg::edited_below_marker(name, crate::marker::MARKER)
}

pub fn building(name: &str) -> String {
    msg::building(name)
}

/// What a first build is doing while the workbook's dependencies really compile (never shown
/// when they are up to date): "Compiling the workbook's dependencies (N of M)…".
pub fn dependencies(done: usize, total: Option<usize>) -> String {
    match total {
        Some(total) => msg::dependencies(done.min(total), total),
        None => msg::dependencies_open(done),
    }
}

/// The first `shown` steps of an exercise's hint as shown to the learner (by `hint` and the
/// watcher's `h`), with how many remain.
/// `again` says how to ask for the next step, in the words of the front end.
pub fn hint(ex: &Exercise, shown: usize, again: &str) -> String {
    let total = ex.hints.len();
    let shown = shown.clamp(1, total.max(1));
    match total {
        0 => msg::no_hint(&ex.name),
        1 => format!(
            "{} {}\n{}",
            style(msg::hint_for()).bold(),
            style(&ex.name).cyan(),
            ex.hints[0]
        ),
        _ => {
            let mut text = format!(
                "{} {}",
                style(msg::hint_of(shown, total)).bold(),
                style(&ex.name).cyan()
            );
            for (n, step) in ex.hints.iter().take(shown).enumerate() {
                text.push_str(&format!("\n{}. {step}", n + 1));
            }
            if shown < total {
                text.push_str(&format!("\n{}", style(format!("({again})")).dim()));
            }
            text
        }
    }
}

/// Where an exercise stands, for listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It passed.
    Done,
    /// It is the one being worked on.
    Current,
    /// Not done yet.
    Pending,
}

impl Status {
    /// The status of exercise `index` in `state`.
    pub fn of(state: &State, index: usize, name: &str) -> Self {
        if state.is_done(name) {
            Status::Done
        } else if index == state.current {
            Status::Current
        } else {
            Status::Pending
        }
    }

    /// The word shown in the list.
    pub fn word(self) -> String {
        match self {
            Status::Done => msg::status_done(),
            Status::Current => msg::status_current(),
            Status::Pending => msg::status_pending(),
        }
    }

    /// `text` in this status's colour.
    pub fn paint(self, text: &str) -> StyledObject<&str> {
        match self {
            Status::Done => style(text).green(),
            Status::Current => style(text).yellow().bold(),
            Status::Pending => style(text),
        }
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

/// `text` padded with spaces to `width` columns (a CJK character is two columns wide).
pub fn pad(text: &str, width: usize) -> String {
    console::pad_str(text, width, console::Alignment::Left, None).into_owned()
}

/// The width of the status column: its widest word, or its header.
fn status_width() -> usize {
    [Status::Done, Status::Current, Status::Pending]
        .iter()
        .map(|s| console::measure_text_width(&s.word()))
        .chain([console::measure_text_width(&msg::column_status())])
        .max()
        .unwrap_or(7)
}

/// The header of the exercise list.
pub fn list_header(wb: &Workbook) -> String {
    let (w_name, w_topic) = widths(wb);
    format!(
        "{:>3}  {}  {}  {}  {}",
        "#",
        pad(&msg::column_name(), w_name),
        pad(&msg::column_topic(), w_topic),
        pad(&msg::column_status(), status_width()),
        msg::column_path()
    )
}

/// The rows of the exercise list, without colour, padded to line up, with each one's status.
pub fn list_rows(wb: &Workbook, state: &State) -> Vec<(Status, String)> {
    let (w_name, w_topic) = widths(wb);
    wb.info
        .exercises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let status = Status::of(state, i, &e.name);
            let row = format!(
                "{:>3}  {:<w_name$}  {:<w_topic$}  {}  {}",
                i + 1,
                e.name,
                e.topic(),
                pad(&status.word(), status_width()),
                e.path().display()
            );
            (status, row)
        })
        .collect()
}

/// "N/M exercises done".
pub fn done_count(wb: &Workbook, state: &State) -> String {
    let done = wb
        .info
        .exercises
        .iter()
        .filter(|e| state.is_done(&e.name))
        .count();
    msg::done_count(done, wb.info.exercises.len())
}
