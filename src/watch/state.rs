//! The watcher's state and its one way of changing: [`WatchState::update`].
//!
//! Every input (a key, a save, a run's report, a tick) arrives as one [`Msg`]; `update` changes
//! the state and returns the [`Effect`]s the loop must carry out (start or cancel a run, watch
//! another file, save progress, print). Nothing here touches a terminal, a file or a thread,
//! so every sequence of keys and saves is a unit test that takes milliseconds.

use crate::messages::watch as msg;
use std::sync::Arc;
use std::time::Instant;

use crate::grade::{Failure, Step, Verdict};
use crate::info::Exercise;
use crate::state::State;
use crate::words;
use crate::workbook::Workbook;

use super::keys::Key;
use super::runner::Report;

/// Everything the loop hears about, from any thread, as the state understands it.
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(Key),
    /// The current exercise's file now holds something new.
    Changed,
    /// The current exercise's file is gone.
    Missing,
    /// How saves are noticed, when it is not by file-system events (`None`: by events).
    WatchNote(Option<String>),
    /// Something went wrong that the learner should know, without stopping the watcher.
    Problem(String),
    /// The current exercise's tests were edited (said once per exercise).
    EditedBelowMarker,
    /// A run reported progress or its verdict.
    Run { id: u64, report: Report },
    /// A run could not start: the file is missing (`None`) or this went wrong.
    NotStarted { id: u64, why: Option<String> },
    /// The current exercise's original was restored (or could not be).
    ResetDone(Result<(), String>),
    /// Time passed (the spinner and the seconds move).
    Tick,
}

/// What the loop must do after an update, in order.
#[derive(Debug, PartialEq, Eq)]
pub enum Effect {
    /// Grade exercise `index` as run `id`.
    Grade { id: u64, index: usize },
    /// Grade every exercise as run `id`.
    CheckAll { id: u64 },
    /// Stop run `id` (its last report still comes, and says it was cancelled).
    Cancel { id: u64 },
    /// Watch the current exercise's file for saves (the current exercise changed).
    Watch,
    /// Write the learner's progress.
    SaveProgress,
    /// Restore exercise `index`'s original file.
    Reset { index: usize },
    /// Start a fresh page: earlier output disappears.
    NewPage,
    /// Print these lines above the status area.
    Print(String),
    /// Print this output of a run above the status area, as it comes.
    Output(Vec<u8>),
    /// Stop with this exit code.
    Quit(u8),
}

/// What a run grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The current exercise.
    Exercise,
    /// Every exercise (`c`).
    CheckAll,
}

/// What a run in flight is doing, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Cargo is building the exercise.
    Building,
    /// Cargo is compiling the workbook's dependencies: `done` of `total` (if known).
    Dependencies { done: usize, total: Option<usize> },
    /// A step runs.
    Running { step: Step, attempt: u32 },
    /// A check of every exercise judged this many.
    Checking { judged: usize },
}

/// A run in flight.
#[derive(Debug)]
pub struct Run {
    /// Identifies its reports.
    pub id: u64,
    /// What it grades.
    pub kind: Kind,
    /// When it started, for the seconds on the status line.
    pub started: Instant,
    /// What it is doing.
    pub phase: Phase,
}

/// The run slot: at most one run is in flight, and at most one waits for it to end.
#[derive(Debug)]
pub enum Slot {
    /// Nothing runs.
    Idle,
    /// A run is in flight.
    Running(Run),
    /// Run `id` was cancelled because something newer replaced it; `then` starts once it ended.
    Replacing { id: u64, then: Kind },
}

/// What the status line says about the current exercise when nothing runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing judged yet.
    Waiting,
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

/// How keys are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Single keys are commands.
    Normal,
    /// The exercise picker is open.
    Pick(Picker),
    /// Asking before resetting the current exercise.
    ConfirmReset,
}

/// The `l` picker: a filtered, scrolled view of the exercise list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// What the learner typed; rows containing it (ignoring case) are shown.
    pub filter: String,
    /// The highlighted exercise (an index into the course), if any row matches.
    pub selected: Option<usize>,
}

/// A one-off message under the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What it says.
    pub text: String,
    /// It comes with a run it caused (a reset), so that run's start does not clear it.
    survives_start: bool,
}

/// The watcher's whole state.
pub struct WatchState {
    /// The workbook being worked through.
    pub wb: Arc<Workbook>,
    /// The learner's progress.
    pub progress: State,
    /// The run in flight, if any.
    pub slot: Slot,
    /// The last verdict on the current exercise.
    pub outcome: Outcome,
    /// How keys are read.
    pub mode: Mode,
    /// A one-off message, until the next key or the next run.
    pub notice: Option<Notice>,
    /// How saves are noticed, when it is not by file-system events.
    pub watch_note: Option<String>,
    /// How many hint steps are shown, when the hint area is open.
    pub hint_open: Option<usize>,
    /// The id of the last run started.
    last_id: u64,
    /// The welcome message, until it is shown.
    welcome: Option<String>,
}

impl WatchState {
    /// The state at start: `welcome` is shown with the first run.
    pub fn new(wb: Arc<Workbook>, progress: State, welcome: Option<String>) -> Self {
        WatchState {
            wb,
            progress,
            slot: Slot::Idle,
            outcome: Outcome::Waiting,
            mode: Mode::Normal,
            notice: None,
            watch_note: None,
            hint_open: None,
            last_id: 0,
            welcome,
        }
    }

    /// What to do first: watch the current file and grade it (or say everything is done).
    #[must_use]
    pub fn start(&mut self) -> Vec<Effect> {
        let mut fx = vec![Effect::Watch];
        if self.progress.all_done(&self.wb.info) {
            self.show_final(&mut fx);
        } else {
            self.request(Kind::Exercise, &mut fx);
        }
        fx
    }

    /// The current exercise.
    pub fn exercise(&self) -> &Exercise {
        &self.wb.info.exercises[self.progress.current]
    }

    /// Applies one message; returns what the loop must do.
    #[must_use]
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = Vec::new();
        match msg {
            Msg::Key(key) => self.on_key(key, &mut fx),
            Msg::Changed => self.request(Kind::Exercise, &mut fx),
            Msg::Missing => {
                if matches!(self.slot, Slot::Idle) {
                    self.outcome = Outcome::Missing;
                }
            }
            Msg::WatchNote(note) => self.watch_note = note,
            Msg::Problem(text) => self.note(text, false),
            Msg::EditedBelowMarker => {
                let text = words::edited_below_marker(&self.exercise().name);
                self.note(text, false);
            }
            Msg::Run { id, report } => self.on_report(id, report, &mut fx),
            Msg::NotStarted { id, why } => {
                if matches!(&self.slot, Slot::Running(run) if run.id == id) {
                    self.slot = Slot::Idle;
                    match why {
                        None => self.outcome = Outcome::Missing,
                        Some(why) => {
                            fx.push(Effect::Print(words::cannot_grade(
                                &self.exercise().name,
                                &why,
                            )));
                            self.outcome = Outcome::Failed(why);
                        }
                    }
                }
            }
            Msg::ResetDone(result) => self.reset_done(result, &mut fx),
            Msg::Tick => {}
        }
        fx
    }

    /// Sets a one-off notice.
    fn note(&mut self, text: String, survives_start: bool) {
        self.notice = Some(Notice {
            text,
            survives_start,
        });
    }

    // ----- keys -----

    fn on_key(&mut self, key: Key, fx: &mut Vec<Effect>) {
        self.notice = None;
        match key {
            Key::CtrlC => return fx.push(Effect::Quit(130)),
            Key::CtrlD => return fx.push(Effect::Quit(0)),
            _ => {}
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Pick(picker) => self.on_pick_key(picker, key, fx),
            Mode::ConfirmReset => match key {
                Key::Char('y' | 'Y') => fx.push(Effect::Reset {
                    index: self.progress.current,
                }),
                _ => self.note(msg::reset_cancelled(), false),
            },
            Mode::Normal => match key {
                Key::Char('q') => fx.push(Effect::Quit(0)),
                Key::Char('n') => self.next(fx),
                Key::Char('h') => self.hint(fx),
                Key::Char('l') => {
                    let mut picker = Picker {
                        filter: String::new(),
                        selected: Some(self.progress.current),
                    };
                    self.refilter(&mut picker);
                    self.mode = Mode::Pick(picker);
                }
                Key::Char('r') => self.request(Kind::Exercise, fx),
                Key::Char('c') => self.request(Kind::CheckAll, fx),
                Key::Char('x') => self.mode = Mode::ConfirmReset,
                _ => {}
            },
        }
    }

    /// `n`: records the passed exercise and moves on.
    fn next(&mut self, fx: &mut Vec<Effect>) {
        let index = self.progress.current;
        let name = self.exercise().name.clone();
        let passed = match self.outcome {
            Outcome::Passed => true,
            Outcome::Checked(_) => self.progress.is_done(&name),
            _ => false,
        };
        if !matches!(self.slot, Slot::Idle) || !passed {
            self.note(msg::n_waits(name), false);
            return;
        }
        self.progress.mark_done(&self.wb.info, index);
        fx.push(Effect::SaveProgress);
        if self.progress.all_done(&self.wb.info) {
            self.show_final(fx);
        } else {
            self.moved(fx);
        }
    }

    /// The current exercise changed: watch its file, close the old hint, grade it.
    fn moved(&mut self, fx: &mut Vec<Effect>) {
        self.hint_open = None;
        fx.push(Effect::Watch);
        self.request(Kind::Exercise, fx);
    }

    /// `h`: opens the hint area, reveals the next step on each press (remembered in the
    /// learner's progress), and closes the area after the last step.
    fn hint(&mut self, fx: &mut Vec<Effect>) {
        let ex = self.exercise().clone();
        let total = ex.hints.len();
        let seen = self.progress.hints_shown(&ex.name);
        self.hint_open = match self.hint_open {
            Some(shown) if shown >= total => None,
            Some(_) => Some(self.reveal(&ex.name, total, fx)),
            None if seen == 0 => Some(self.reveal(&ex.name, total, fx)),
            None => Some(seen),
        };
    }

    /// Reveals the next hint step of exercise `name`; returns how many are shown.
    fn reveal(&mut self, name: &str, total: usize, fx: &mut Vec<Effect>) -> usize {
        let before = self.progress.hints_shown(name);
        let shown = self.progress.reveal_hint(name, total);
        if shown != before {
            fx.push(Effect::SaveProgress);
        }
        shown.max(1)
    }

    /// A key while the picker is open.
    fn on_pick_key(&mut self, mut picker: Picker, key: Key, fx: &mut Vec<Effect>) {
        match key {
            Key::Esc => return,
            Key::Enter => {
                if let Some(index) = picker.selected
                    && index != self.progress.current
                {
                    self.progress.current = index;
                    fx.push(Effect::SaveProgress);
                    self.moved(fx);
                }
                return;
            }
            Key::Char(c) => {
                picker.filter.push(c);
                self.refilter(&mut picker);
            }
            Key::Backspace => {
                picker.filter.pop();
                self.refilter(&mut picker);
            }
            Key::Up | Key::Down | Key::PageUp | Key::PageDown => {
                let matches = self.picker_matches(&picker.filter);
                if let Some(at) = picker
                    .selected
                    .and_then(|s| matches.iter().position(|&i| i == s))
                {
                    let step: isize = match key {
                        Key::Up => -1,
                        Key::Down => 1,
                        Key::PageUp => -10,
                        _ => 10,
                    };
                    let to = (at as isize + step).clamp(0, matches.len() as isize - 1);
                    picker.selected = Some(matches[to as usize]);
                }
            }
            _ => {}
        }
        self.mode = Mode::Pick(picker);
    }

    /// The exercises (course indices) whose list row contains `filter`, ignoring case.
    pub fn picker_matches(&self, filter: &str) -> Vec<usize> {
        let filter = filter.to_lowercase();
        words::list_rows(&self.wb, &self.progress)
            .iter()
            .enumerate()
            .filter(|(_, (_, row))| row.to_lowercase().contains(&filter))
            .map(|(i, _)| i)
            .collect()
    }

    /// Keeps the selection on a matching row: the same one if it still matches, else the first.
    fn refilter(&self, picker: &mut Picker) {
        let matches = self.picker_matches(&picker.filter);
        if !picker.selected.is_some_and(|s| matches.contains(&s)) {
            picker.selected = matches.first().copied();
        }
    }

    /// The original was restored (or not).
    fn reset_done(&mut self, result: Result<(), String>, fx: &mut Vec<Effect>) {
        let ex = self.exercise().clone();
        match result {
            Ok(()) => {
                self.progress.done.remove(&ex.name);
                fx.push(Effect::SaveProgress);
                self.note(msg::reset_done(ex.path().display()), true);
                self.request(Kind::Exercise, fx);
            }
            Err(e) => self.note(msg::cannot_reset(&ex.name, e), false),
        }
    }

    // ----- runs -----

    /// Starts a run of `kind`, first cancelling the run in flight (its output disappears).
    fn request(&mut self, kind: Kind, fx: &mut Vec<Effect>) {
        match &mut self.slot {
            Slot::Idle => self.launch(kind, fx),
            Slot::Running(run) => {
                let id = run.id;
                fx.push(Effect::Cancel { id });
                fx.push(Effect::NewPage);
                self.slot = Slot::Replacing { id, then: kind };
                self.outcome = Outcome::Waiting;
            }
            Slot::Replacing { then, .. } => *then = kind,
        }
    }

    /// Starts a run now (nothing runs).
    fn launch(&mut self, kind: Kind, fx: &mut Vec<Effect>) {
        self.last_id += 1;
        let id = self.last_id;
        self.outcome = Outcome::Waiting;
        if let Some(n) = &mut self.notice {
            if n.survives_start {
                n.survives_start = false;
            } else {
                self.notice = None;
            }
        }
        fx.push(Effect::NewPage);
        if let Some(welcome) = self.welcome.take() {
            fx.push(Effect::Print(format!(
                "{}\n",
                console::style(welcome).bold()
            )));
        }
        let phase = match kind {
            Kind::Exercise => {
                fx.push(Effect::Grade {
                    id,
                    index: self.progress.current,
                });
                Phase::Building
            }
            Kind::CheckAll => {
                fx.push(Effect::CheckAll { id });
                Phase::Checking { judged: 0 }
            }
        };
        self.slot = Slot::Running(Run {
            id,
            kind,
            started: Instant::now(),
            phase,
        });
    }

    /// A report from a run.
    fn on_report(&mut self, id: u64, report: Report, fx: &mut Vec<Effect>) {
        match &mut self.slot {
            Slot::Replacing { id: old, then } if *old == id => {
                if matches!(report, Report::Finished(_) | Report::CheckFinished(_)) {
                    let then = *then;
                    self.slot = Slot::Idle;
                    self.launch(then, fx);
                }
            }
            Slot::Running(run) if run.id == id => match report {
                Report::Dependencies { done, total } => {
                    run.phase = Phase::Dependencies { done, total }
                }
                Report::Compiled | Report::BuildDone => {
                    run.phase = match run.kind {
                        Kind::Exercise => Phase::Building,
                        Kind::CheckAll => Phase::Checking { judged: 0 },
                    }
                }
                Report::Step(step, attempt) => {
                    run.phase = Phase::Running { step, attempt };
                    fx.push(Effect::Print(words::step_banner(step, attempt)));
                }
                Report::Output(bytes) => fx.push(Effect::Output(bytes)),
                Report::Checked(judged) => run.phase = Phase::Checking { judged },
                Report::Finished(result) => {
                    self.slot = Slot::Idle;
                    self.judged(result.map(|v| *v), fx);
                }
                Report::CheckFinished(result) => {
                    self.slot = Slot::Idle;
                    self.checked(result, fx);
                }
            },
            _ => {}
        }
    }

    /// Shows the verdict on the current exercise; a pass is recorded at once.
    fn judged(&mut self, result: Result<Verdict, String>, fx: &mut Vec<Effect>) {
        let ex = self.exercise().clone();
        match result {
            Err(e) => {
                fx.push(Effect::Print(format!(
                    "\n{}",
                    words::cannot_grade(&ex.name, &e)
                )));
                self.outcome = Outcome::Failed(e);
            }
            Ok(v) if v.failure == Some(Failure::Cancelled) => self.outcome = Outcome::Waiting,
            Ok(v) => {
                fx.push(Effect::Print(format!("\n{}", words::verdict(&ex, &v))));
                if v.passed() {
                    self.outcome = Outcome::Passed;
                    if self.progress.done.insert(ex.name.clone()) {
                        fx.push(Effect::SaveProgress);
                    }
                } else {
                    let why = v.failure.map(|f| f.to_string()).unwrap_or_default();
                    self.outcome = Outcome::Failed(why);
                }
            }
        }
    }

    /// Records and shows the result of checking every exercise.
    fn checked(&mut self, result: Result<Vec<Verdict>, String>, fx: &mut Vec<Effect>) {
        let verdicts = match result {
            Ok(v) => v,
            Err(e) => {
                fx.push(Effect::Print(format!(
                    "\n{}",
                    words::cannot_grade(&crate::messages::words::the_exercises(), &e)
                )));
                self.outcome = Outcome::Failed(e);
                return;
            }
        };
        let mut text = String::from("\n");
        let mut passing = 0;
        for v in &verdicts {
            let ex = &self.wb.info.exercises[v.job.index];
            if v.passed() {
                passing += 1;
                self.progress.done.insert(ex.name.clone());
            } else {
                self.progress.done.remove(&ex.name);
                text.push_str(&format!(
                    "{} ({})\n",
                    words::failed(ex, v),
                    ex.path().display()
                ));
            }
        }
        fx.push(Effect::SaveProgress);
        let summary = msg::checked_all(passing, verdicts.len());
        text.push_str(&summary);
        fx.push(Effect::Print(text));
        if self.progress.all_done(&self.wb.info) {
            self.show_final(fx);
        } else {
            self.outcome = Outcome::Checked(summary);
        }
    }

    /// Shows the final message: every exercise is done.
    fn show_final(&mut self, fx: &mut Vec<Effect>) {
        self.outcome = Outcome::AllDone;
        fx.push(Effect::NewPage);
        let msg = self
            .wb
            .info
            .final_message
            .clone()
            .unwrap_or_else(msg::finished);
        fx.push(Effect::Print(format!(
            "{}\n",
            console::style(msg).green().bold()
        )));
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::grade::{Job, Role};

    /// A workbook of three exercises in a temporary folder (nothing is built).
    pub fn workbook() -> (tempfile::TempDir, Arc<Workbook>) {
        let dir = tempfile::tempdir().unwrap();
        let info = "format_version = 1\nwelcome_message = \"Hello.\"\n\
            [[exercises]]\nname = \"first\"\ndir = \"00_intro\"\nhints = [\"Look at the first line.\", \"Then the second.\"]\n\
            [[exercises]]\nname = \"second\"\nruns = 3\nhint = \"Two.\"\n\
            [[exercises]]\nname = \"third\"\ntest = false\nhint = \"Three.\"\n";
        std::fs::write(dir.path().join("info.toml"), info).unwrap();
        let wb = Workbook::load(dir.path().to_path_buf()).unwrap();
        (dir, Arc::new(wb))
    }

    /// A fresh watch state on that workbook, started.
    pub fn started() -> (tempfile::TempDir, WatchState, Vec<Effect>) {
        let (dir, wb) = workbook();
        let progress = State::load(&wb.root, &wb.info);
        let mut w = WatchState::new(wb, progress, Some("Hello.".into()));
        let fx = w.start();
        (dir, w, fx)
    }

    fn verdict(w: &WatchState, failure: Option<Failure>) -> Verdict {
        let index = w.progress.current;
        Verdict {
            job: Job {
                index,
                role: Role::Exercise,
                exercise: w.wb.info.exercises[index].clone(),
            },
            attempts: 1,
            passes: u32::from(failure.is_none()),
            failure,
            log: String::new(),
            elapsed: std::time::Duration::ZERO,
            peak: Default::default(),
            recordings: Vec::new(),
        }
    }

    fn finish(w: &mut WatchState, id: u64, failure: Option<Failure>) -> Vec<Effect> {
        let v = verdict(w, failure);
        w.update(Msg::Run {
            id,
            report: Report::Finished(Ok(Box::new(v))),
        })
    }

    fn key(w: &mut WatchState, c: char) -> Vec<Effect> {
        w.update(Msg::Key(Key::Char(c)))
    }

    fn prints(fx: &[Effect]) -> String {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Print(t) => Some(console::strip_ansi_codes(t).into_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_start_watches_and_grades_the_current_exercise_with_the_welcome() {
        let (_d, w, fx) = started();
        assert_eq!(fx[0], Effect::Watch);
        assert!(fx.contains(&Effect::Grade { id: 1, index: 0 }), "{fx:?}");
        assert!(prints(&fx).contains("Hello."));
        assert!(matches!(w.slot, Slot::Running(Run { id: 1, .. })));
    }

    #[test]
    fn dependencies_show_while_they_compile_then_the_exercise_builds() {
        let (_d, mut w, _) = started();
        let report = |w: &mut WatchState, report| w.update(Msg::Run { id: 1, report });
        let _ = report(
            &mut w,
            Report::Dependencies {
                done: 2,
                total: Some(9),
            },
        );
        let Slot::Running(run) = &w.slot else {
            panic!()
        };
        assert_eq!(
            run.phase,
            Phase::Dependencies {
                done: 2,
                total: Some(9)
            }
        );
        let _ = report(&mut w, Report::Compiled);
        let Slot::Running(run) = &w.slot else {
            panic!()
        };
        assert_eq!(run.phase, Phase::Building);
        let fx = report(&mut w, Report::Step(Step::Test, 1));
        assert!(prints(&fx).contains("── tests ──"), "{fx:?}");
    }

    #[test]
    fn a_save_during_a_run_cancels_it_and_starts_again_once_it_ended() {
        let (_d, mut w, _) = started();
        let fx = w.update(Msg::Changed);
        assert_eq!(fx, vec![Effect::Cancel { id: 1 }, Effect::NewPage]);
        // A second save while the first run is still ending starts nothing more.
        assert_eq!(w.update(Msg::Changed), vec![]);
        // Reports of the cancelled run are not shown.
        let fx = w.update(Msg::Run {
            id: 1,
            report: Report::Output(b"stale\n".to_vec()),
        });
        assert_eq!(fx, vec![]);
        let fx = finish(&mut w, 1, Some(Failure::Cancelled));
        assert!(fx.contains(&Effect::Grade { id: 2, index: 0 }), "{fx:?}");
        assert!(!prints(&fx).contains("Hello."), "the welcome is shown once");
        assert!(matches!(w.slot, Slot::Running(Run { id: 2, .. })));
    }

    #[test]
    fn a_pass_is_recorded_at_once_and_n_moves_on() {
        let (_d, mut w, _) = started();
        let fx = finish(&mut w, 1, None);
        assert!(prints(&fx).contains("✓ first passes!"), "{fx:?}");
        assert!(fx.contains(&Effect::SaveProgress));
        assert!(w.progress.is_done("first"));
        assert_eq!(w.progress.current, 0, "n moves on, not the pass");
        let fx = key(&mut w, 'n');
        assert_eq!(w.progress.current, 1);
        assert_eq!(fx[0], Effect::SaveProgress);
        assert!(fx.contains(&Effect::Watch));
        assert!(fx.contains(&Effect::Grade { id: 2, index: 1 }));
    }

    #[test]
    fn n_refuses_until_it_passes_and_the_note_goes_with_the_next_run() {
        let (_d, mut w, _) = started();
        let _ = finish(&mut w, 1, Some(Failure::Tests));
        assert_eq!(w.outcome, Outcome::Failed("tests failed".into()));
        assert_eq!(key(&mut w, 'n'), vec![]);
        assert!(
            w.notice
                .as_ref()
                .unwrap()
                .text
                .contains("n moves on once first passes")
        );
        let _ = w.update(Msg::Changed);
        assert_eq!(w.notice, None);
    }

    #[test]
    fn a_reset_asks_first_and_its_note_stays_through_the_run_it_starts() {
        let (_d, mut w, _) = started();
        let _ = finish(&mut w, 1, None);
        assert_eq!(key(&mut w, 'x'), vec![]);
        assert_eq!(w.mode, Mode::ConfirmReset);
        assert_eq!(key(&mut w, 'y'), vec![Effect::Reset { index: 0 }]);
        let fx = w.update(Msg::ResetDone(Ok(())));
        assert!(!w.progress.is_done("first"));
        assert!(fx.contains(&Effect::Grade { id: 2, index: 0 }));
        assert!(
            w.notice
                .as_ref()
                .unwrap()
                .text
                .contains("Reset exercises/00_intro/first.rs")
        );
        // The next run clears it.
        let _ = finish(&mut w, 2, Some(Failure::Tests));
        let _ = key(&mut w, 'r');
        assert_eq!(w.notice, None);
        // Any other key than y keeps the file.
        let _ = key(&mut w, 'x');
        assert_eq!(key(&mut w, 'n'), vec![]);
        assert_eq!(w.mode, Mode::Normal);
        assert!(w.notice.as_ref().unwrap().text.contains("Reset cancelled"));
    }

    #[test]
    fn h_reveals_one_step_per_press_then_closes_and_remembers() {
        let (_d, mut w, _) = started();
        assert_eq!(key(&mut w, 'h'), vec![Effect::SaveProgress]);
        assert_eq!(w.hint_open, Some(1));
        assert_eq!(key(&mut w, 'h'), vec![Effect::SaveProgress]);
        assert_eq!(w.hint_open, Some(2));
        assert_eq!(w.progress.hints_shown("first"), 2);
        assert_eq!(key(&mut w, 'h'), vec![]);
        assert_eq!(w.hint_open, None, "after the last step, h closes the hint");
        let _ = key(&mut w, 'h');
        assert_eq!(
            w.hint_open,
            Some(2),
            "and opens it again on every step seen"
        );
        // Output arriving keeps it open.
        let _ = w.update(Msg::Run {
            id: 1,
            report: Report::Output(b"x\n".to_vec()),
        });
        assert_eq!(w.hint_open, Some(2));
    }

    #[test]
    fn the_picker_filters_moves_and_jumps() {
        let (_d, mut w, _) = started();
        let _ = key(&mut w, 'l');
        let Mode::Pick(p) = &w.mode else { panic!() };
        assert_eq!(p.selected, Some(0), "it starts on the current exercise");
        let _ = w.update(Msg::Key(Key::Down));
        let _ = w.update(Msg::Key(Key::Down));
        let _ = w.update(Msg::Key(Key::Down));
        let Mode::Pick(p) = &w.mode else { panic!() };
        assert_eq!(p.selected, Some(2), "it stops at the last row");
        for c in "SEC".chars() {
            let _ = key(&mut w, c);
        }
        let Mode::Pick(p) = &w.mode else { panic!() };
        assert_eq!(p.selected, Some(1), "the filter ignores case");
        let fx = w.update(Msg::Key(Key::Enter));
        assert_eq!(w.mode, Mode::Normal);
        assert_eq!(w.progress.current, 1);
        assert_eq!(fx[0], Effect::SaveProgress);
        assert!(fx.contains(&Effect::Watch));
        assert!(fx.contains(&Effect::Cancel { id: 1 }));
        // Esc leaves without moving.
        let _ = key(&mut w, 'l');
        let _ = key(&mut w, 't');
        assert_eq!(w.update(Msg::Key(Key::Esc)), vec![]);
        assert_eq!(w.progress.current, 1);
    }

    #[test]
    fn a_missing_file_is_told_and_q_quits() {
        let (_d, mut w, _) = started();
        let _ = w.update(Msg::NotStarted { id: 1, why: None });
        assert_eq!(w.outcome, Outcome::Missing);
        assert!(matches!(w.slot, Slot::Idle));
        assert_eq!(key(&mut w, 'q'), vec![Effect::Quit(0)]);
        assert_eq!(w.update(Msg::Key(Key::CtrlC)), vec![Effect::Quit(130)]);
    }

    #[test]
    fn the_last_pass_then_n_shows_the_final_message() {
        let (_d, mut w, _) = started();
        w.progress.done.insert("second".into());
        w.progress.done.insert("third".into());
        let _ = finish(&mut w, 1, None);
        let fx = key(&mut w, 'n');
        assert_eq!(w.outcome, Outcome::AllDone);
        assert!(prints(&fx).contains("You have finished every exercise!"));
    }
}
