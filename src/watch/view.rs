//! The status area, rendered from the watch state for a given terminal width.
//!
//! The view is a pure function of [`WatchState`] and a [`Frame`]: it knows nothing about
//! cursors or threads, and every line it returns fits the width (one row each), so the screen
//! can erase exactly what it drew. Narrow terminals get shorter words, never wrapped lines.

use std::path::Path;
use std::time::{Duration, Instant};

use console::{measure_text_width, style, truncate_str};

use super::state::{Mode, Outcome, Phase, Picker, Slot, WatchState};
use crate::grade::Step;
use crate::words;

/// How often the spinner moves.
pub const TICK: Duration = Duration::from_millis(100);
/// Spinner frames.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// What the view needs to know about the terminal and the moment.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Columns of the terminal.
    pub width: usize,
    /// Rows of the terminal.
    pub height: usize,
    /// Whether it is a terminal (spinner and seconds) rather than a pipe.
    pub tty: bool,
    /// Whether OSC 8 hyperlinks may be written.
    pub links: bool,
    /// Now, for the spinner and the seconds.
    pub now: Instant,
}

/// The status area, top to bottom; every line fits in `frame.width - 1` columns.
pub fn live(w: &WatchState, frame: &Frame) -> Vec<String> {
    let width = frame.width.max(20) - 1;
    let mut lines = Vec::new();
    match &w.mode {
        Mode::Pick(picker) => picker_lines(w, picker, frame, &mut lines),
        _ => {
            if let Some(shown) = w.hint_open {
                hint_lines(w, shown, width, frame.height, &mut lines);
            }
        }
    }
    lines.push(style("─".repeat(width.min(99))).dim().to_string());
    lines.push(status_line(w, frame));
    if let Some(n) = &w.notice {
        lines.push(style(&n.text).yellow().to_string());
    }
    if let Some(n) = &w.watch_note {
        lines.push(style(n).dim().to_string());
    }
    lines.push(progress_line(w, width));
    let ex = w.exercise();
    let rel = ex.path().display().to_string();
    let shown = if frame.links {
        link(&rel, &w.wb.exercise_file(ex))
    } else {
        rel.clone()
    };
    let label = if width >= rel.len() + 18 {
        "Current exercise:"
    } else {
        "Now:"
    };
    lines.push(format!("{label} {}", style(shown).cyan()));
    lines.push(style(keys_line(&w.mode, width)).dim().to_string());
    lines
        .into_iter()
        .map(|l| truncate_str(&l, width, "…").into_owned())
        .collect()
}

/// The one line left on the screen after quitting.
pub fn goodbye(w: &WatchState) -> String {
    format!(
        "Bye! {}; progress is saved, and `mtlings` picks up at {}.",
        words::done_count(&w.wb, &w.progress),
        w.exercise().name
    )
}

/// The keys, in as many words as fit: `q quit` always stays visible.
fn keys_line(mode: &Mode, width: usize) -> &'static str {
    let choices: &[&'static str] = match mode {
        Mode::Normal => &[
            "n next · h hint · l list · r re-run · c check all · x reset · q quit",
            "n next · h hint · l list · r run · c all · x reset · q quit",
            "n h l r c x · q quit",
            "q quit",
        ],
        Mode::Pick(_) => &[
            "type to filter · ↑↓ PgUp PgDn move · Enter jumps · Esc closes",
            "↑↓ move · Enter jumps · Esc closes",
            "Enter · Esc",
        ],
        Mode::ConfirmReset => &[
            "y resets · any other key keeps your file",
            "y resets · else keeps",
        ],
    };
    choices
        .iter()
        .find(|c| measure_text_width(c) <= width)
        .unwrap_or(&choices[choices.len() - 1])
}

/// The first status line: what is happening, or how the current exercise stands.
fn status_line(w: &WatchState, frame: &Frame) -> String {
    let ex = w.exercise();
    if w.mode == Mode::ConfirmReset {
        return format!(
            "{} Reset {} to its original? Your changes will be lost. [y/N]",
            style("?").yellow().bold(),
            ex.path().display()
        );
    }
    let run = match &w.slot {
        Slot::Replacing { .. } => return "Change seen: starting again…".to_string(),
        Slot::Running(run) => run,
        Slot::Idle => {
            return match &w.outcome {
                Outcome::Waiting => format!("Waiting for a save of {}…", ex.path().display()),
                Outcome::Passed => format!(
                    "{} Solved. Press n for the next exercise.",
                    style("✓").green().bold()
                ),
                Outcome::Failed(why) => format!(
                    "{} {why} — fix it and save (h for a hint).",
                    style("✗").red().bold()
                ),
                Outcome::Missing => format!(
                    "{} {} is missing: create it again, or press x to restore the original.",
                    style("!").yellow().bold(),
                    ex.path().display()
                ),
                Outcome::Checked(summary) => summary.clone(),
                Outcome::AllDone => {
                    format!("{} Every exercise is done!", style("✓").green().bold())
                }
            };
        }
    };
    let what = match &run.phase {
        Phase::Building => words::building(&ex.name),
        Phase::Dependencies { done, total } => words::dependencies(*done, *total),
        Phase::Running { step, attempt } => {
            let what = match step {
                Step::Test => format!("the tests of {}", ex.name),
                Step::Run => ex.name.clone(),
            };
            let of = if ex.runs > 1 {
                format!(" (run {attempt} of {})", ex.runs)
            } else {
                String::new()
            };
            format!("Running {what}{of}…")
        }
        Phase::Checking { judged: 0 } => "Building every exercise…".to_string(),
        Phase::Checking { judged } => format!(
            "Checking every exercise: {judged} of {} judged…",
            w.wb.info.exercises.len()
        ),
    };
    if !frame.tty {
        return what;
    }
    let elapsed = frame.now.saturating_duration_since(run.started);
    let spin = SPINNER[(elapsed.as_millis() / TICK.as_millis()) as usize % SPINNER.len()];
    let limit = match run.phase {
        Phase::Running { .. } => format!(", stops at {} s per run", ex.timeout_secs),
        _ => String::new(),
    };
    format!(
        "{} {what} {}",
        style(spin).cyan(),
        style(format!("({} s{limit})", elapsed.as_secs())).dim()
    )
}

/// A drawn progress bar of exercises done (just the count when narrow).
fn progress_line(w: &WatchState, width: usize) -> String {
    let total = w.wb.info.exercises.len();
    let done =
        w.wb.info
            .exercises
            .iter()
            .filter(|e| w.progress.is_done(&e.name))
            .count();
    let count = words::done_count(&w.wb, &w.progress);
    let bar = width.saturating_sub(45).min(50);
    if bar < 10 {
        return format!("Progress: {count}");
    }
    let filled = (bar * done).checked_div(total).unwrap_or(0);
    format!(
        "Progress: [{}{}] {count}",
        style("#".repeat(filled)).green(),
        "-".repeat(bar - filled)
    )
}

/// The hint area: the steps shown so far, wrapped to the width, above the status.
fn hint_lines(w: &WatchState, shown: usize, width: usize, height: usize, out: &mut Vec<String>) {
    let ex = w.exercise();
    let total = ex.hints.len();
    let text = words::hint(ex, shown, "h shows the next step");
    let mut body: Vec<String> = text.lines().flat_map(|l| wrap(l, width)).collect();
    if shown >= total {
        body.push(style("(h closes the hint)").dim().to_string());
    }
    // The status needs about eight rows; a long hint keeps its newest lines.
    let room = height.saturating_sub(10).max(3);
    if body.len() > room {
        let skip = body.len() - room + 1;
        out.push(style(format!("… ({skip} lines above)")).dim().to_string());
        body.drain(..skip);
    }
    out.extend(body);
}

/// The picker: the filter, then a window of matching rows around the selection.
fn picker_lines(w: &WatchState, picker: &Picker, frame: &Frame, out: &mut Vec<String>) {
    let matches = w.picker_matches(&picker.filter);
    let rows = words::list_rows(&w.wb, &w.progress);
    out.push(format!(
        "{} {}{}",
        style("Jump to:").bold(),
        picker.filter,
        style(format!("▏ {} of {} match", matches.len(), rows.len())).dim()
    ));
    if matches.is_empty() {
        out.push(
            style("  (no exercise matches; Backspace to widen)")
                .dim()
                .to_string(),
        );
        return;
    }
    let room = frame.height.saturating_sub(10).clamp(3, 15);
    let at = picker
        .selected
        .and_then(|s| matches.iter().position(|&i| i == s))
        .unwrap_or(0);
    let top = at
        .saturating_sub(room / 2)
        .min(matches.len().saturating_sub(room));
    for &i in matches.iter().skip(top).take(room) {
        let (status, row) = &rows[i];
        if Some(i) == picker.selected {
            out.push(format!(
                "{} {}",
                style("›").cyan().bold(),
                style(row).reverse()
            ));
        } else {
            out.push(format!("  {}", status.paint(row)));
        }
    }
}

/// Splits `text` into lines of at most `width` columns, at spaces where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split(' ') {
            let needed = measure_text_width(&line) + 1 + measure_text_width(word);
            if !line.is_empty() && needed > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// A file path as a clickable OSC 8 link.
fn link(text: &str, target: &Path) -> String {
    let url = target.to_string_lossy().replace(' ', "%20");
    format!("\x1b]8;;file://{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::keys::Key;
    use crate::watch::state::Msg;
    use crate::watch::state::tests::started;

    fn frame(width: usize) -> Frame {
        Frame {
            width,
            height: 30,
            tty: true,
            links: true,
            now: Instant::now(),
        }
    }

    /// The status area as text, one line per row.
    fn render(w: &WatchState, width: usize) -> String {
        let lines = live(w, &frame(width));
        for l in &lines {
            assert!(
                measure_text_width(l) < width,
                "{l:?} is wider than {width} columns"
            );
        }
        console::strip_ansi_codes(&lines.join("\n")).into_owned()
    }

    #[test]
    fn every_line_fits_and_q_quit_stays_visible_at_three_widths() {
        let (_d, mut w, _) = started();
        let _ = w.update(Msg::Key(Key::Char('h')));
        for width in [30, 60, 140] {
            let text = render(&w, width);
            assert!(text.lines().last().unwrap().ends_with("q quit"), "{text}");
            assert!(text.contains("Building first"), "{text}");
        }
        let wide = render(&w, 140);
        assert!(
            wide.contains("n next · h hint · l list · r re-run · c check all"),
            "{wide}"
        );
        assert!(
            wide.contains("Current exercise: exercises/00_intro/first.rs"),
            "{wide}"
        );
        assert!(wide.contains("Progress: [----------"), "{wide}");
        assert!(
            wide.contains(
                "Hint 1 of 2 for first\n1. Look at the first line.\n(h shows the next step)"
            ),
            "{wide}"
        );
        let mid = render(&w, 60);
        assert!(
            mid.contains("n next · h hint · l list · r run · c all · x reset · q quit"),
            "{mid}"
        );
        let narrow = render(&w, 30);
        assert!(narrow.contains("n h l r c x · q quit"), "{narrow}");
        assert!(narrow.contains("Progress: 0/3 exercises done"), "{narrow}");
    }

    #[test]
    fn long_hints_wrap_instead_of_being_cut() {
        let (_d, mut w, _) = started();
        let _ = w.update(Msg::Key(Key::Char('h')));
        let text = render(&w, 22);
        assert!(text.contains("1. Look at the first\nline."), "{text}");
    }

    #[test]
    fn the_picker_shows_a_window_around_the_selection_and_the_filter() {
        let (_d, mut w, _) = started();
        let _ = w.update(Msg::Key(Key::Char('l')));
        let _ = w.update(Msg::Key(Key::Char('t')));
        for width in [30, 60, 140] {
            let text = render(&w, width);
            assert!(text.contains("Jump to: t"), "{text}");
            assert!(text.contains("› "), "{text}");
            assert!(!text.contains("second"), "{text}");
            assert!(text.lines().last().unwrap().contains("Esc"), "{text}");
        }
        let text = render(&w, 140);
        assert!(text.contains("2 of 3 match"), "{text}");
        assert!(text.contains("3  third"), "{text}");
    }

    #[test]
    fn a_narrow_screen_keeps_the_verdict_words_at_the_start() {
        let (_d, mut w, _) = started();
        let _ = w.update(Msg::NotStarted { id: 1, why: None });
        let text = render(&w, 30);
        assert!(text.contains("! exercises/00_intro/first.r…"), "{text}");
        let text = render(&w, 140);
        assert!(text.contains("is missing: create it again"), "{text}");
    }
}
