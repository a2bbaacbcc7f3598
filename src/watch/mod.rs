//! `mtlings watch`: the learner's live loop.
//!
//! One thread reads keys ([`keys`]), one turns file-system events into saves ([`files`]), and
//! each run grades in its own thread ([`runner`]); they all report to this module's loop over
//! one channel, so the loop never blocks on a build and answers keys at once. The loop keeps
//! the state (current exercise, last verdict, prompt) and tells [`screen`] what to draw.

mod files;
mod keys;
mod runner;
mod screen;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use console::style;

use crate::cli::WatchArgs;
use crate::grade::{Failure, Step, Verdict};
use crate::state::State;
use crate::workbook::Workbook;
use files::{Change, FileWatch};
use keys::Key;
use runner::{Report, Run};
use screen::Screen;

/// How often the status line is redrawn while something runs (spinner and seconds).
const TICK: Duration = Duration::from_millis(100);
/// How long quitting waits for a cancelled run to clean up after itself.
const STOP_WAIT: Duration = Duration::from_secs(5);
/// Spinner frames.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Everything the loop hears about, from any thread.
enum Msg {
    /// A key was pressed.
    Key(Key),
    /// The watched file changed; `generation` tells which watch reported it.
    File { generation: u64, change: Change },
    /// A run reported progress or its verdict.
    Run { id: u64, report: Report },
}

/// What to start once the cancelled run has ended.
#[derive(Debug, Clone, Copy)]
enum Next {
    /// Grade the current exercise.
    Run,
    /// Grade every exercise.
    CheckAll,
}

/// What a run in flight is doing, for the status line.
enum Phase {
    Building,
    Dependencies { last: String, count: usize },
    Running { step: Step, attempt: u32 },
    Checking { judged: usize },
}

/// A run in flight.
struct Active {
    run: Run,
    next: Next,
    started: Instant,
    phase: Phase,
    /// Cancelled because something newer replaced it: its reports are ignored.
    cancelled: bool,
}

/// What the status line says about the current exercise when nothing runs.
enum Outcome {
    /// Nothing judged yet (or the run was cancelled).
    Idle,
    /// It passed: `n` moves on.
    Passed,
    /// It failed, for this reason.
    Failed(String),
    /// Its file does not exist.
    Missing,
    /// A check of every exercise ended with this summary.
    Checked(String),
    /// Every exercise is done.
    AllDone,
}

/// A prompt waiting for the learner's answer.
enum Mode {
    /// Single keys are commands.
    Normal,
    /// Typing the number of an exercise to jump to.
    Jump(String),
    /// Asking before resetting the current exercise.
    ConfirmReset,
}

/// The watcher's state.
struct Watch {
    wb: Arc<Workbook>,
    state: State,
    tx: Sender<Msg>,
    screen: Screen,
    color: bool,
    force_poll: bool,
    files: Option<FileWatch>,
    /// Says how changes are noticed when it is not by file-system events.
    watch_note: Option<String>,
    generation: u64,
    active: Option<Active>,
    pending: Option<Next>,
    next_id: u64,
    outcome: Outcome,
    mode: Mode,
    /// A one-off message under the status line, until the next key.
    notice: Option<String>,
    /// The content of the file as of the last run, so a save that changes nothing is ignored.
    last_content: Option<Vec<u8>>,
    /// The welcome message, until it is shown.
    welcome: Option<String>,
}

/// Runs the watcher until the learner quits.
pub fn run(wb: Workbook, args: &WatchArgs) -> Result<ExitCode> {
    let mut state = crate::commands::load_state(&wb);
    let (tx, rx) = mpsc::channel::<Msg>();
    let term = keys::TermMode::enable();
    crate::process::on_interrupt(keys::restore);
    let key_tx = tx.clone();
    keys::spawn(move |k| key_tx.send(Msg::Key(k)).is_ok()).context("cannot start reading keys")?;
    let first_time = !state.welcomed;
    state.welcomed = true;
    let welcome = wb.info.welcome_message.clone().filter(|_| first_time);
    let mut watch = Watch {
        wb: Arc::new(wb),
        state,
        tx,
        screen: Screen::new(std::io::stdout().is_terminal()),
        color: crate::commands::color(),
        force_poll: args.poll,
        files: None,
        watch_note: None,
        generation: 0,
        active: None,
        pending: None,
        next_id: 0,
        outcome: Outcome::Idle,
        mode: Mode::Normal,
        notice: None,
        last_content: None,
        welcome,
    };
    if first_time {
        watch.save();
    }
    let code = watch.main_loop(&rx);
    watch.screen.finish();
    drop(term);
    Ok(code)
}

impl Watch {
    /// Starts on the current exercise and handles messages until the learner quits.
    fn main_loop(&mut self, rx: &Receiver<Msg>) -> ExitCode {
        self.retarget();
        if self.state.all_done(&self.wb.info) {
            self.show_final();
        } else {
            self.launch(Next::Run);
        }
        loop {
            let ticking = self.active.is_some() && self.screen.is_tty();
            let msg = if ticking {
                rx.recv_timeout(TICK)
            } else {
                rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            };
            let code = match msg {
                Ok(Msg::Key(key)) => self.on_key(key),
                Ok(Msg::File { generation, change }) => {
                    if generation == self.generation {
                        self.on_file(change);
                    }
                    None
                }
                Ok(Msg::Run { id, report }) => {
                    self.on_report(id, report);
                    None
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.redraw();
                    None
                }
                Err(RecvTimeoutError::Disconnected) => Some(ExitCode::SUCCESS),
            };
            if let Some(code) = code {
                self.stop(rx);
                return code;
            }
        }
    }

    /// Cancels the run in flight and waits (briefly) until it has cleaned up.
    fn stop(&mut self, rx: &Receiver<Msg>) {
        let Some(active) = self.active.take() else {
            return;
        };
        active.run.cancel.cancel();
        let deadline = Instant::now() + STOP_WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(Msg::Run {
                    id,
                    report: Report::Finished(_) | Report::CheckFinished(_),
                }) if id == active.run.id => {
                    break;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }

    // ----- keys -----

    /// Handles a key; returns the exit code when it quits.
    fn on_key(&mut self, key: Key) -> Option<ExitCode> {
        self.notice = None;
        match key {
            Key::CtrlC => return Some(ExitCode::from(130)),
            Key::CtrlD => return Some(ExitCode::SUCCESS),
            _ => {}
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Jump(mut typed) => match key {
                Key::Char(c) if c.is_ascii_digit() => {
                    typed.push(c);
                    self.mode = Mode::Jump(typed);
                }
                Key::Backspace => {
                    typed.pop();
                    self.mode = Mode::Jump(typed);
                }
                Key::Enter => self.jump(&typed),
                Key::Esc | Key::Char('q') => {}
                _ => self.mode = Mode::Jump(typed),
            },
            Mode::ConfirmReset => match key {
                Key::Char('y' | 'Y') => self.reset(),
                _ => self.notice = Some("Reset cancelled; nothing changed.".into()),
            },
            Mode::Normal => match key {
                Key::Char('q') => return Some(ExitCode::SUCCESS),
                Key::Char('n') => self.next(),
                Key::Char('h') => self.hint(),
                Key::Char('l') => self.list(),
                Key::Char('r') => self.request(Next::Run),
                Key::Char('c') => self.request(Next::CheckAll),
                Key::Char('x') => self.mode = Mode::ConfirmReset,
                _ => {}
            },
        }
        self.redraw();
        None
    }

    /// `n`: records the passed exercise and moves on.
    fn next(&mut self) {
        let index = self.state.current;
        let passed = match self.outcome {
            Outcome::Passed => true,
            Outcome::Checked(_) => self.state.is_done(&self.wb.info.exercises[index].name),
            _ => false,
        };
        if self.active.is_some() || !passed {
            self.notice = Some(format!(
                "n moves on once {} passes.",
                self.wb.info.exercises[index].name
            ));
            return;
        }
        self.state.mark_done(&self.wb.info, index);
        self.save();
        if self.state.all_done(&self.wb.info) {
            self.show_final();
        } else {
            self.retarget();
            self.request(Next::Run);
        }
    }

    /// `h`: reveals the next step of the current exercise's hint.
    fn hint(&mut self) {
        let ex = &self.wb.info.exercises[self.state.current];
        let shown = self.state.reveal_hint(&ex.name, ex.hints.len());
        let text = crate::commands::hint_text(ex, shown);
        self.save();
        self.lines(&format!("\n{text}"));
    }

    /// `l`: prints the list of exercises and asks for a number to jump to.
    fn list(&mut self) {
        let rows = crate::commands::list::table_rows(&self.wb, &self.state);
        let mut text = String::from("\n");
        for (i, row) in rows.iter().enumerate() {
            let name = &self.wb.info.exercises[i].name;
            let line = if self.state.is_done(name) {
                style(row.as_str()).green()
            } else if i == self.state.current {
                style(row.as_str()).yellow().bold()
            } else {
                style(row.as_str())
            };
            text.push_str(&format!("{line}\n"));
        }
        self.lines(&text);
        self.mode = Mode::Jump(String::new());
    }

    /// Makes exercise number `typed` (1-based) current and grades it.
    fn jump(&mut self, typed: &str) {
        let total = self.wb.info.exercises.len();
        match typed.parse::<usize>() {
            Ok(n) if (1..=total).contains(&n) => {
                self.state.current = n - 1;
                self.save();
                self.retarget();
                self.request(Next::Run);
            }
            _ if typed.is_empty() => {}
            _ => {
                self.notice = Some(format!(
                    "There is no exercise number {typed} (1 to {total})."
                ))
            }
        }
    }

    /// `x` then `y`: restores the current exercise's original file.
    fn reset(&mut self) {
        let ex = self.wb.info.exercises[self.state.current].clone();
        match crate::originals::restore(&self.wb, &ex) {
            Ok(()) => {
                self.state.done.remove(&ex.name);
                self.save();
                self.notice = Some(format!(
                    "Reset {} to its original state.",
                    ex.path().display()
                ));
                self.request(Next::Run);
            }
            Err(e) => self.notice = Some(format!("Cannot reset {}: {e:#}", ex.name)),
        }
    }

    // ----- files -----

    /// Watches the current exercise's file (after the current exercise changed).
    fn retarget(&mut self) {
        self.generation += 1;
        self.files = None;
        let file = self.current_file();
        let tx = self.tx.clone();
        let generation = self.generation;
        let report = move |change| {
            let _ = tx.send(Msg::File { generation, change });
        };
        match files::watch(&file, self.force_poll, report) {
            Ok(w) => {
                self.watch_note = match (&w.fallback, w.polling) {
                    (Some(why), _) => Some(format!(
                        "File events are unavailable ({why}); polling for changes instead."
                    )),
                    (None, true) => Some("Polling for changes (--poll).".into()),
                    (None, false) => None,
                };
                self.files = Some(w);
            }
            Err(e) => {
                self.watch_note = Some(format!(
                    "Cannot watch for saves ({e:#}); press r to re-run."
                ));
            }
        }
    }

    /// A save (or a failure of the file watcher).
    fn on_file(&mut self, change: Change) {
        match change {
            Change::Failed(why) => {
                self.force_poll = true;
                self.retarget();
                self.watch_note = Some(format!(
                    "File events stopped working ({why}); polling for changes instead."
                ));
                self.redraw();
            }
            Change::Saved => match std::fs::read(self.current_file()) {
                Ok(bytes) if self.last_content.as_ref() == Some(&bytes) => {}
                Ok(_) => self.request(Next::Run),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.last_content = None;
                    if self.active.is_none() {
                        self.outcome = Outcome::Missing;
                    }
                    self.redraw();
                }
                Err(e) => {
                    self.notice = Some(format!("Cannot read the exercise: {e}"));
                    self.redraw();
                }
            },
        }
    }

    // ----- runs -----

    /// Starts `next`, first cancelling the run in flight (its output disappears at once).
    fn request(&mut self, next: Next) {
        if let Some(active) = &mut self.active {
            if !active.cancelled {
                active.cancelled = true;
                active.run.cancel.cancel();
            }
            self.pending = Some(next);
            self.outcome = Outcome::Idle;
            let footer = self.footer();
            self.screen.new_page(footer);
            return;
        }
        self.launch(next);
    }

    /// Starts a run now (nothing else is running).
    fn launch(&mut self, next: Next) {
        self.outcome = Outcome::Idle;
        self.next_id += 1;
        let id = self.next_id;
        let tx = self.tx.clone();
        let send = move |id, report| {
            let _ = tx.send(Msg::Run { id, report });
        };
        let started = match next {
            Next::Run => {
                let file = self.current_file();
                self.last_content = std::fs::read(&file).ok();
                if self.last_content.is_none() {
                    self.outcome = Outcome::Missing;
                    let footer = self.footer();
                    self.screen.new_page(footer);
                    return;
                }
                runner::start_one(&self.wb, self.state.current, id, self.color, send)
            }
            Next::CheckAll => {
                runner::start_all(&self.wb, id, crate::commands::default_jobs(), send)
            }
        };
        match started {
            Ok(run) => {
                self.active = Some(Active {
                    run,
                    next,
                    started: Instant::now(),
                    phase: match next {
                        Next::Run => Phase::Building,
                        Next::CheckAll => Phase::Checking { judged: 0 },
                    },
                    cancelled: false,
                });
            }
            Err(e) => self.outcome = Outcome::Failed(format!("{e:#}")),
        }
        let footer = self.footer();
        self.screen.new_page(footer);
        if let Some(welcome) = self.welcome.take() {
            self.lines(&format!("{}\n", style(welcome).bold()));
        }
    }

    /// A report from a run.
    fn on_report(&mut self, id: u64, report: Report) {
        let Some(active) = &mut self.active else {
            return;
        };
        if active.run.id != id {
            return;
        }
        match report {
            Report::Finished(result) => {
                let cancelled = active.cancelled;
                self.active = None;
                if !cancelled {
                    self.judged(result.map(|v| *v));
                }
            }
            Report::CheckFinished(result) => {
                let cancelled = active.cancelled;
                self.active = None;
                if !cancelled {
                    self.checked(result);
                }
            }
            _ if active.cancelled => return,
            Report::Dependency(name) => {
                let count = match &active.phase {
                    Phase::Dependencies { count, .. } => count + 1,
                    _ => 1,
                };
                active.phase = Phase::Dependencies { last: name, count };
                self.redraw();
                return;
            }
            Report::BuildDone => {
                if let Phase::Building | Phase::Dependencies { .. } = active.phase {
                    active.phase = match active.next {
                        Next::Run => Phase::Building,
                        Next::CheckAll => Phase::Checking { judged: 0 },
                    };
                }
                self.redraw();
                return;
            }
            Report::Step(step, attempt) => {
                active.phase = Phase::Running { step, attempt };
                let again = if attempt > 1 {
                    format!(" (run {attempt})")
                } else {
                    String::new()
                };
                let text = format!("{}", style(format!("── {}{again} ──", step.word())).dim());
                self.lines(&text);
                return;
            }
            Report::Checked(judged) => {
                active.phase = Phase::Checking { judged };
                self.redraw();
                return;
            }
            Report::Output(bytes) => {
                let footer = self.footer();
                self.screen.output(&bytes, footer);
                return;
            }
        }
        // A run ended: start what replaced it, if anything.
        if let Some(next) = self.pending.take() {
            self.launch(next);
        } else {
            self.redraw();
        }
    }

    /// Shows the verdict on the current exercise.
    fn judged(&mut self, result: Result<Verdict, String>) {
        let ex = &self.wb.info.exercises[self.state.current];
        let name = style(&ex.name).bold();
        match result {
            Err(e) => {
                self.outcome = Outcome::Failed(e.clone());
                self.lines(&format!(
                    "\n{} cannot grade {name}: {e}",
                    style("✗").red().bold()
                ));
            }
            Ok(v) if v.failure == Some(Failure::Cancelled) => self.outcome = Outcome::Idle,
            Ok(v) if v.passed() => {
                let runs = if ex.runs > 1 {
                    format!(" ({} runs in a row)", ex.runs)
                } else {
                    String::new()
                };
                let text = format!("\n{} {name} passes{runs}!", style("✓").green().bold());
                self.outcome = Outcome::Passed;
                self.lines(&text);
            }
            Ok(v) => {
                let failure = v
                    .failure
                    .as_ref()
                    .map(|f| f.to_string())
                    .unwrap_or_default();
                let mut text = format!("\n{} {name}: {failure}", style("✗").red().bold());
                if v.attempts > 1 {
                    text.push_str(&format!(
                        "\n  (failed on run {} of {} needed in a row)",
                        v.attempts, ex.runs
                    ));
                }
                self.outcome = Outcome::Failed(failure);
                self.lines(&text);
            }
        }
    }

    /// Records and shows the result of checking every exercise.
    fn checked(&mut self, result: Result<Vec<Verdict>, String>) {
        let verdicts = match result {
            Ok(v) => v,
            Err(e) => {
                self.outcome = Outcome::Failed(e.clone());
                self.lines(&format!(
                    "\n{} cannot check the exercises: {e}",
                    style("✗").red().bold()
                ));
                return;
            }
        };
        let mut text = String::from("\n");
        let mut passing = 0;
        for v in &verdicts {
            let ex = &self.wb.info.exercises[v.job.index];
            if v.passed() {
                passing += 1;
                self.state.done.insert(ex.name.clone());
            } else {
                self.state.done.remove(&ex.name);
                let why = v
                    .failure
                    .as_ref()
                    .map(|f| f.to_string())
                    .unwrap_or_default();
                text.push_str(&format!(
                    "{} {} ({}): {why}\n",
                    style("✗").red(),
                    ex.name,
                    ex.path().display()
                ));
            }
        }
        self.save();
        let summary = format!(
            "Checked every exercise: {passing} of {} pass.",
            verdicts.len()
        );
        text.push_str(&summary);
        self.lines(&text);
        if self.state.all_done(&self.wb.info) {
            self.show_final();
        } else {
            self.outcome = Outcome::Checked(summary);
        }
    }

    /// Shows the final message: every exercise is done.
    fn show_final(&mut self) {
        self.outcome = Outcome::AllDone;
        let footer = self.footer();
        self.screen.new_page(footer);
        let msg = self
            .wb
            .info
            .final_message
            .clone()
            .unwrap_or_else(|| "You have finished every exercise!".into());
        self.lines(&format!("{}\n", style(msg).green().bold()));
    }

    // ----- drawing -----

    /// Prints lines above the status lines.
    fn lines(&mut self, text: &str) {
        let footer = self.footer();
        self.screen.lines(text, footer);
    }

    /// Redraws the status lines.
    fn redraw(&mut self) {
        let footer = self.footer();
        self.screen.status(footer);
    }

    /// The status lines: what is happening, progress, the current file and the keys.
    fn footer(&self) -> Vec<String> {
        let width = console::Term::stdout().size().1 as usize;
        let rule = style("─".repeat(width.clamp(20, 100) - 1))
            .dim()
            .to_string();
        let mut lines = vec![rule, self.status_line()];
        if let Some(n) = &self.notice {
            lines.push(style(n).yellow().to_string());
        }
        if let Some(n) = &self.watch_note {
            lines.push(style(n).dim().to_string());
        }
        lines.push(self.progress_line());
        let ex = &self.wb.info.exercises[self.state.current];
        let rel = ex.path().display().to_string();
        let link = self.screen.link(&rel, &self.current_file());
        lines.push(format!("Current exercise: {}", style(link).cyan()));
        let keys = match self.mode {
            Mode::Normal => "n next · h hint · l list · r re-run · c check all · x reset · q quit",
            Mode::Jump(_) => "digits, then Enter to jump · Esc to stay",
            Mode::ConfirmReset => "y resets · any other key keeps your file",
        };
        lines.push(style(keys).dim().to_string());
        lines
    }

    /// The first status line.
    fn status_line(&self) -> String {
        let ex = &self.wb.info.exercises[self.state.current];
        match &self.mode {
            Mode::Jump(typed) => {
                return format!(
                    "Jump to exercise number (1-{}): {typed}",
                    self.wb.info.exercises.len()
                );
            }
            Mode::ConfirmReset => {
                return format!(
                    "{} Reset {} to its original? Your changes will be lost. [y/N]",
                    style("?").yellow().bold(),
                    ex.path().display()
                );
            }
            Mode::Normal => {}
        }
        if let Some(active) = &self.active {
            let what = match &active.phase {
                _ if active.cancelled => "Change seen: starting again…".to_string(),
                Phase::Building => format!("Building {}…", ex.name),
                Phase::Dependencies { last, count } => format!(
                    "Compiling the workbook's dependencies (first build only; this takes a \
                     minute): {count} done, last {last}"
                ),
                Phase::Running { step, attempt } => {
                    let what = match step {
                        Step::Test => format!("the tests of {}", ex.name),
                        _ => ex.name.clone(),
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
                    self.wb.info.exercises.len()
                ),
            };
            if !self.screen.is_tty() {
                return what;
            }
            let elapsed = active.started.elapsed();
            let frame = SPINNER[(elapsed.as_millis() / TICK.as_millis()) as usize % SPINNER.len()];
            let limit = match active.phase {
                Phase::Running { .. } => format!(", stops at {} s per run", ex.timeout_secs),
                _ => String::new(),
            };
            return format!(
                "{} {what} {}",
                style(frame).cyan(),
                style(format!("({} s{limit})", elapsed.as_secs())).dim()
            );
        }
        match &self.outcome {
            Outcome::Idle => format!("Waiting for a save of {}…", ex.path().display()),
            Outcome::Passed => format!(
                "{} {} passes! Press n for the next exercise.",
                style("✓").green().bold(),
                style(&ex.name).bold()
            ),
            Outcome::Failed(why) => format!(
                "{} {}: {why} — fix it and save (h for a hint).",
                style("✗").red().bold(),
                style(&ex.name).bold()
            ),
            Outcome::Missing => format!(
                "{} {} is missing: create it again, or press x to restore the original.",
                style("!").yellow().bold(),
                ex.path().display()
            ),
            Outcome::Checked(summary) => summary.clone(),
            Outcome::AllDone => format!("{} Every exercise is done!", style("✓").green().bold()),
        }
    }

    /// A drawn progress bar of exercises done.
    fn progress_line(&self) -> String {
        let total = self.wb.info.exercises.len();
        let done = self
            .wb
            .info
            .exercises
            .iter()
            .filter(|e| self.state.is_done(&e.name))
            .count();
        let width = console::Term::stdout().size().1 as usize;
        let bar = width.saturating_sub(40).clamp(10, 50);
        let filled = (bar * done).checked_div(total).unwrap_or(0);
        format!(
            "Progress: [{}{}] {done}/{total} exercises done",
            style("#".repeat(filled)).green(),
            "-".repeat(bar - filled)
        )
    }

    /// Absolute path of the current exercise's file.
    fn current_file(&self) -> PathBuf {
        self.wb
            .exercise_file(&self.wb.info.exercises[self.state.current])
    }

    /// Saves progress; a failure becomes a notice instead of ending the watcher.
    fn save(&mut self) {
        if let Err(e) = self.state.save(&self.wb.info) {
            self.notice = Some(format!("{e:#}"));
        }
    }
}
