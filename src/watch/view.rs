//! The status area, rendered from the watch state for a given terminal width.
//!
//! The view is a pure function of [`WatchState`] and a [`Frame`]: it knows nothing about
//! cursors or threads, and every line it returns fits the width (one row each), so the screen
//! can erase exactly what it drew. Narrow terminals get shorter words, never wrapped lines.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::messages::watch as msg;
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
    let long = msg::current_exercise();
    let label = if width > measure_text_width(&rel) + measure_text_width(&long) {
        long
    } else {
        msg::now()
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
    msg::goodbye(words::done_count(&w.wb, &w.progress), &w.exercise().name)
}

/// The keys, in as many words as fit: `q quit` always stays visible.
fn keys_line(mode: &Mode, width: usize) -> String {
    let mut choices: Vec<String> = match mode {
        Mode::Normal => vec![
            msg::keys_normal_1(),
            msg::keys_normal_2(),
            msg::keys_normal_3(),
            msg::keys_normal_4(),
        ],
        Mode::Pick(_) => vec![msg::keys_pick_1(), msg::keys_pick_2(), msg::keys_pick_3()],
        Mode::ConfirmReset => vec![msg::keys_reset_1(), msg::keys_reset_2()],
    };
    let fits = choices.iter().position(|c| measure_text_width(c) <= width);
    let at = fits.unwrap_or(choices.len() - 1);
    choices.swap_remove(at)
}

/// The first status line: what is happening, or how the current exercise stands.
fn status_line(w: &WatchState, frame: &Frame) -> String {
    let ex = w.exercise();
    if w.mode == Mode::ConfirmReset {
        return msg::confirm_reset(style("?").yellow().bold(), ex.path().display());
    }
    let run = match &w.slot {
        Slot::Replacing { .. } => return msg::starting_again(),
        Slot::Running(run) => run,
        Slot::Idle => {
            return match &w.outcome {
                Outcome::Waiting => msg::waiting(ex.path().display()),
                Outcome::Passed => msg::solved(style("✓").green().bold()),
                Outcome::Failed(why) => msg::failed(style("✗").red().bold(), why),
                Outcome::Missing => msg::missing(style("!").yellow().bold(), ex.path().display()),
                Outcome::Checked(summary) => summary.clone(),
                Outcome::AllDone => msg::all_done(style("✓").green().bold()),
            };
        }
    };
    let what = match &run.phase {
        Phase::Building => words::building(&ex.name),
        Phase::Dependencies { done, total } => words::dependencies(*done, *total),
        Phase::Running { step, attempt } => {
            let of = if ex.runs > 1 {
                msg::run_of(attempt, ex.runs)
            } else {
                String::new()
            };
            match step {
                Step::Test => msg::running_tests(&ex.name, of),
                Step::Run => msg::running_main(&ex.name, of),
            }
        }
        Phase::Checking { judged: 0 } => msg::building_all(),
        Phase::Checking { judged } => msg::checking_all(judged, w.wb.info.exercises.len()),
    };
    if !frame.tty {
        return what;
    }
    let elapsed = frame.now.saturating_duration_since(run.started);
    let spin = SPINNER[(elapsed.as_millis() / TICK.as_millis()) as usize % SPINNER.len()];
    let limit = match run.phase {
        Phase::Running { .. } => msg::stops_at(ex.timeout_secs),
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
        return msg::progress(count);
    }
    let filled = (bar * done).checked_div(total).unwrap_or(0);
    let drawn = format!(
        "{}{}",
        style("#".repeat(filled)).green(),
        "-".repeat(bar - filled)
    );
    msg::progress_bar(drawn, count)
}

/// The hint area: the steps shown so far, wrapped to the width, above the status.
fn hint_lines(w: &WatchState, shown: usize, width: usize, height: usize, out: &mut Vec<String>) {
    let ex = w.exercise();
    let total = ex.hints.len();
    let text = words::hint(ex, shown, &msg::hint_next());
    let mut body: Vec<String> = text.lines().flat_map(|l| wrap(l, width)).collect();
    if shown >= total {
        body.push(style(msg::hint_close()).dim().to_string());
    }
    // The status needs about eight rows; a long hint keeps its newest lines.
    let room = height.saturating_sub(10).max(3);
    if body.len() > room {
        let skip = body.len() - room + 1;
        out.push(style(msg::lines_above(skip)).dim().to_string());
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
        style(msg::jump_to()).bold(),
        picker.filter,
        style(msg::matches(matches.len(), rows.len())).dim()
    ));
    if matches.is_empty() {
        out.push(style(msg::no_match()).dim().to_string());
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

/// Splits `text` into lines of at most `width` columns, at spaces where possible, and between
/// any two wide (CJK) characters, since Chinese puts no spaces between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for token in tokens(para) {
            let needed = measure_text_width(&line) + measure_text_width(token);
            if !line.trim().is_empty() && needed > width {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            if line.is_empty() && token == " " {
                continue;
            }
            line.push_str(token);
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A paragraph cut where a line may break: words, single spaces, single wide characters.
fn tokens(para: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in para.char_indices() {
        let wide = console::measure_text_width(c.encode_utf8(&mut [0; 4])) > 1;
        if c == ' ' || wide {
            if start < i {
                out.push(&para[start..i]);
            }
            out.push(&para[i..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < para.len() {
        out.push(&para[start..]);
    }
    out
}

/// A file path as a clickable OSC 8 link.
fn link(text: &str, target: &Path) -> String {
    let url = target.to_string_lossy().replace(' ', "%20");
    format!("\x1b]8;;file://{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_wraps_between_characters_and_fits() {
        let text =
            "两个线程都看到“不存在”，于是都去加载：检查和执行被拆进了两个临界区。 `get(7)` ok";
        let lines = wrap(text, 20);
        assert!(lines.len() > 3, "{lines:?}");
        for l in &lines {
            assert!(
                measure_text_width(l) <= 20,
                "{l:?} is wider than 20 columns"
            );
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }
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
