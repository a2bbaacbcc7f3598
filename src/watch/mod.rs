//! `mtlings watch`: the learner's live loop.
//!
//! Data flows one way. Threads turn the outside world into [`Input`]s on one channel: keys
//! ([`keys`]), saves ([`files`]), resizes ([`resize`]) and the reports of each run ([`runner`]).
//! The loop turns each input into a [`Msg`], [`WatchState::update`] returns the [`Effect`]s to
//! carry out (start or cancel a run, watch a file, save progress, print), and once the inputs at
//! hand are handled the [`view`] renders the status area and the [`screen`] draws it in one
//! write. The loop never blocks on a build, so keys answer at once.

mod files;
mod keys;
mod resize;
mod runner;
mod screen;
mod state;
mod view;

use crate::messages::watch as msg;
use std::collections::VecDeque;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::cli::WatchArgs;
use crate::process::Cancel;
use crate::workbook::Workbook;
use files::{Change, FileWatch};
use keys::Key;
use runner::Report;
use screen::Screen;
use state::{Effect, Msg, Slot, WatchState};
use view::{Frame, TICK};

/// How long quitting waits for a cancelled run to clean up after itself.
const STOP_WAIT: Duration = Duration::from_secs(5);
/// At most this many inputs are handled before the screen is drawn again.
const BATCH: usize = 256;

/// Everything the loop hears about, from any thread.
enum Input {
    /// A key was pressed.
    Key(Key),
    /// The watched file changed; `generation` tells which watch reported it.
    File { generation: u64, change: Change },
    /// A run reported progress or its verdict.
    Run { id: u64, report: Report },
    /// The terminal was resized.
    Resized,
}

/// Runs the watcher until the learner quits.
pub fn run(wb: Workbook, args: &WatchArgs) -> Result<ExitCode> {
    let mut progress = crate::learner::load_state(&wb);
    let (tx, rx) = mpsc::channel::<Input>();
    let tty = std::io::stdout().is_terminal();
    let term = keys::TermMode::enable();
    crate::process::on_interrupt(keys::restore);
    let key_tx = tx.clone();
    keys::spawn(move |k| key_tx.send(Input::Key(k)).is_ok())
        .context("cannot start reading keys")?;
    if tty {
        let resize_tx = tx.clone();
        resize::spawn(move || resize_tx.send(Input::Resized).is_ok())
            .context("cannot watch the terminal's size")?;
    }
    let first_time = !progress.welcomed;
    progress.welcomed = true;
    let welcome = wb.info.welcome_message.clone().filter(|_| first_time);
    let wb = Arc::new(wb);
    let mut lp = Loop {
        state: WatchState::new(Arc::clone(&wb), progress, welcome),
        wb,
        tx,
        screen: Screen::new(tty),
        tty,
        links: tty && std::env::var("TERM").is_ok_and(|t| t != "dumb"),
        color: crate::learner::color(),
        backtrace: args.backtrace,
        force_poll: args.poll,
        files: None,
        generation: 0,
        in_flight: None,
        told_edited: Default::default(),
        last_content: None,
        save_due: first_time,
    };
    let effects = lp.state.start();
    let code = lp.main_loop(&rx, effects);
    drop(term);
    Ok(code)
}

/// The loop and the outside world it acts on.
struct Loop {
    state: WatchState,
    wb: Arc<Workbook>,
    tx: Sender<Input>,
    screen: Screen,
    tty: bool,
    links: bool,
    color: bool,
    backtrace: bool,
    force_poll: bool,
    files: Option<FileWatch>,
    /// Tells the reports of the current file watch from those of earlier ones.
    generation: u64,
    /// The run in flight: its id and how to stop it.
    in_flight: Option<(u64, Arc<Cancel>)>,
    /// Exercises whose edited tests the learner was told about (once each).
    told_edited: std::collections::BTreeSet<String>,
    /// The current file's content as of the last run, so a save that changes nothing is ignored.
    last_content: Option<Vec<u8>>,
    /// Progress is to be written once the screen shows what changed (writing waits for the
    /// disk, and the learner should not).
    save_due: bool,
}

impl Loop {
    /// Handles inputs until the learner quits; returns the exit code.
    fn main_loop(&mut self, rx: &Receiver<Input>, first: Vec<Effect>) -> ExitCode {
        let mut queue = VecDeque::new();
        let quit = self.carry_out(first, &mut queue);
        if let Some(code) = quit.or_else(|| self.handle(&mut queue)) {
            return self.quit(rx, code);
        }
        self.draw(false);
        loop {
            if let Err(problem) = self.save_if_due() {
                queue.push_back(Msg::Problem(problem));
                if let Some(code) = self.handle(&mut queue) {
                    return self.quit(rx, code);
                }
                self.draw(false);
            }
            let ticking = self.tty && !matches!(self.state.slot, Slot::Idle);
            let first = if ticking {
                rx.recv_timeout(TICK)
            } else {
                rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            };
            let mut inputs = vec![first];
            while inputs.len() < BATCH
                && let Ok(more) = rx.try_recv()
            {
                inputs.push(Ok(more));
            }
            let mut resized = false;
            for input in inputs {
                match input {
                    Ok(Input::Resized) => resized = true,
                    Ok(input) => self.translate(input, &mut queue),
                    Err(RecvTimeoutError::Timeout) => queue.push_back(Msg::Tick),
                    Err(RecvTimeoutError::Disconnected) => return self.quit(rx, 0),
                }
                if let Some(code) = self.handle(&mut queue) {
                    return self.quit(rx, code);
                }
            }
            self.draw(resized);
        }
    }

    /// Writes the learner's progress if something changed it.
    fn save_if_due(&mut self) -> Result<(), String> {
        if !std::mem::take(&mut self.save_due) {
            return Ok(());
        }
        self.state
            .progress
            .save(&self.wb.info)
            .map_err(|e| format!("{e:#}"))
    }

    /// Hands the queued messages to the state and carries out what it says; returns the exit
    /// code if one of them is to quit.
    fn handle(&mut self, queue: &mut VecDeque<Msg>) -> Option<u8> {
        while let Some(msg) = queue.pop_front() {
            let effects = self.state.update(msg);
            if let Some(code) = self.carry_out(effects, queue) {
                return Some(code);
            }
        }
        None
    }

    /// Turns an input into the messages the state understands (reading the saved file).
    fn translate(&mut self, input: Input, queue: &mut VecDeque<Msg>) {
        match input {
            Input::Key(key) => queue.push_back(Msg::Key(key)),
            Input::Run { id, report } => {
                if matches!(report, Report::Finished(_) | Report::CheckFinished(_))
                    && self.in_flight.as_ref().is_some_and(|(i, _)| *i == id)
                {
                    self.in_flight = None;
                }
                queue.push_back(Msg::Run { id, report });
            }
            Input::File { generation, .. } if generation != self.generation => {}
            Input::File {
                change: Change::Failed(why),
                ..
            } => {
                self.force_poll = true;
                self.watch_file(queue);
                queue.push_back(Msg::WatchNote(Some(msg::events_stopped(why))));
            }
            Input::File {
                change: Change::Saved,
                ..
            } => match std::fs::read(self.current_file()) {
                Ok(bytes) if self.last_content.as_ref() == Some(&bytes) => {}
                Ok(bytes) => {
                    queue.push_back(Msg::Changed);
                    if self.tests_edited(&bytes) {
                        queue.push_back(Msg::EditedBelowMarker);
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    self.last_content = None;
                    queue.push_back(Msg::Missing);
                }
                Err(e) => queue.push_back(Msg::Problem(msg::cannot_read(e))),
            },
            Input::Resized => {}
        }
    }

    /// Carries out effects in order; returns the exit code if one of them is to quit.
    fn carry_out(&mut self, effects: Vec<Effect>, queue: &mut VecDeque<Msg>) -> Option<u8> {
        for effect in effects {
            if let Effect::Quit(code) = effect {
                return Some(code);
            }
            self.apply(effect, queue);
        }
        None
    }

    /// Carries out one effect; what it learns comes back as messages on `queue`.
    fn apply(&mut self, effect: Effect, queue: &mut VecDeque<Msg>) {
        match effect {
            Effect::Grade { id, index } => {
                let file = self.current_file();
                self.last_content = std::fs::read(&file).ok();
                if self.last_content.is_none() {
                    return queue.push_back(Msg::NotStarted { id, why: None });
                }
                let started = runner::start_one(
                    &self.wb,
                    index,
                    runner::Settings {
                        color: self.color,
                        backtrace: self.backtrace,
                    },
                    self.reporter(id),
                );
                self.started(id, started, queue);
            }
            Effect::CheckAll { id } => {
                let started = runner::start_all(
                    &self.wb,
                    crate::learner::default_jobs(),
                    self.backtrace,
                    self.reporter(id),
                );
                self.started(id, started, queue);
            }
            Effect::Cancel { id } => {
                if let Some((i, cancel)) = &self.in_flight
                    && *i == id
                {
                    cancel.cancel();
                }
            }
            Effect::Watch => self.watch_file(queue),
            Effect::SaveProgress => self.save_due = true,
            Effect::Reset { index } => {
                let ex = &self.wb.info.exercises[index];
                let result = crate::localize::restore(&self.wb, ex).map_err(|e| format!("{e:#}"));
                queue.push_back(Msg::ResetDone(result));
            }
            Effect::NewPage => self.screen.new_page(self.size().1),
            Effect::Print(text) => self.screen.print(&text),
            Effect::Output(bytes) => self.screen.output(&bytes),
            Effect::Quit(_) => {}
        }
    }

    /// A sender of run reports tagged with `id`.
    fn reporter(&self, id: u64) -> impl Fn(Report) + Send + 'static {
        let tx = self.tx.clone();
        move |report| {
            let _ = tx.send(Input::Run { id, report });
        }
    }

    /// Records a run that started, or tells the state it could not.
    fn started(&mut self, id: u64, started: Result<Arc<Cancel>>, queue: &mut VecDeque<Msg>) {
        match started {
            Ok(cancel) => self.in_flight = Some((id, cancel)),
            Err(e) => queue.push_back(Msg::NotStarted {
                id,
                why: Some(format!("{e:#}")),
            }),
        }
    }

    /// Watches the current exercise's file (after the current exercise changed).
    fn watch_file(&mut self, queue: &mut VecDeque<Msg>) {
        self.generation += 1;
        self.files = None;
        let tx = self.tx.clone();
        let generation = self.generation;
        let report = move |change| {
            let _ = tx.send(Input::File { generation, change });
        };
        let note = match files::watch(&self.current_file(), self.force_poll, report) {
            Ok(w) => {
                let note = match (&w.fallback, w.polling) {
                    (Some(why), _) => Some(msg::events_unavailable(why)),
                    (None, true) => Some(msg::polling()),
                    (None, false) => None,
                };
                self.files = Some(w);
                note
            }
            Err(e) => Some(msg::cannot_watch(format!("{e:#}"))),
        };
        queue.push_back(Msg::WatchNote(note));
    }

    /// Draws the status area (after a resize, the whole visible screen).
    fn draw(&mut self, resized: bool) {
        let (width, height) = self.size();
        let frame = Frame {
            width,
            height,
            tty: self.tty,
            links: self.links,
            now: Instant::now(),
        };
        let live = view::live(&self.state, &frame);
        if resized {
            self.screen.redraw_all(width, height, live.len());
        }
        self.screen.draw(live, width);
    }

    /// Stops the run in flight (waiting briefly until it has cleaned up) and says goodbye.
    fn quit(&mut self, rx: &Receiver<Input>, code: u8) -> ExitCode {
        if let Some((id, cancel)) = self.in_flight.take() {
            cancel.cancel();
            let deadline = Instant::now() + STOP_WAIT;
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok(Input::Run {
                        id: i,
                        report: Report::Finished(_) | Report::CheckFinished(_),
                    }) if i == id => break,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
        match self.save_if_due() {
            Ok(()) => self.screen.leave(&view::goodbye(&self.state)),
            Err(problem) => self.screen.leave(&problem),
        }
        ExitCode::from(code)
    }

    /// The terminal's columns and rows.
    fn size(&self) -> (usize, usize) {
        let (rows, cols) = console::Term::stdout().size();
        (usize::from(cols), usize::from(rows))
    }

    /// Absolute path of the current exercise's file.
    fn current_file(&self) -> PathBuf {
        self.wb.exercise_file(self.state.exercise())
    }

    /// Whether `saved`, the current exercise's new content, changed what lies below its marker
    /// line, and the learner has not been told yet for this exercise.
    fn tests_edited(&mut self, saved: &[u8]) -> bool {
        let ex = self.state.exercise();
        if self.told_edited.contains(&ex.name) {
            return false;
        }
        let edited =
            crate::localize::tampering(&self.wb, ex, &String::from_utf8_lossy(saved)).is_some();
        if edited {
            self.told_edited.insert(ex.name.clone());
        }
        edited
    }
}
