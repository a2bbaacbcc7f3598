//! The learner's course in the chosen language.
//!
//! When a learner starts a workbook, or chooses another language, every exercise file they have
//! not touched is rewritten in that language (the shipped English with the translation's texts
//! put in, see [`crate::translation`]); a file they have edited is left exactly as it is.
//! `reset` writes the shipped file in the current language, hints and the welcome and final
//! messages are shown in it, and the tests' integrity is judged against the shipped file in any
//! language, since a Chinese file's test messages are Chinese.

use std::fs;

use anyhow::{Context, Result};
use console::style;

use crate::info::Exercise;
use crate::integrity::{self, Tampering};
use crate::lang::{self, Choice, Lang};
use crate::originals;
use crate::state::State;
use crate::translation::{self, Overlay};
use crate::workbook::Workbook;

/// What a command does with the language of the learner's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Files {
    /// Write the untouched exercises in the chosen language and remember it (the learner's
    /// commands: watch, run, list, hint, reset).
    Follow,
    /// Leave the files alone (grading, authoring): only the words shown follow the language.
    Leave,
}

/// Settles the language of this run for the workbook: the choice, else the one remembered in
/// the progress file. Shows hints and messages in it, and with [`Files::Follow`] writes the
/// untouched exercises in it and remembers it.
pub fn apply(wb: &mut Workbook, choice: Choice, files: Files) -> Result<()> {
    // A foreign workbook's originals are snapshotted before anything is rewritten.
    originals::ensure_snapshot(wb);
    let mut state = State::load(&wb.root, &wb.info);
    if let Some(w) = state.warning.take() {
        eprintln!("{}", style(w).yellow());
    }
    let chosen = choice.with_remembered(state.lang);
    lang::set(chosen);
    let overlay = match Overlay::load(&wb.root, chosen, &wb.info.exercises) {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "{} {e:#}; the course stays in English",
                style(crate::messages::warning()).yellow().bold()
            );
            Overlay::default()
        }
    };
    translate_info(wb, &overlay);
    if files == Files::Leave || state.lang == Some(chosen) {
        return Ok(());
    }
    if chosen != Lang::En && overlay.exercises.is_empty() {
        eprintln!("{}", crate::messages::course::no_translation(chosen.tag()));
    }
    let (written, kept) = write_all(wb, chosen)?;
    state.lang = Some(chosen);
    state.save(&wb.info)?;
    if written + kept > 0 {
        eprintln!("{}", crate::messages::course::language(written, kept));
    }
    Ok(())
}

/// Puts the translated hint steps and welcome and final messages into the workbook's info.
fn translate_info(wb: &mut Workbook, overlay: &Overlay) {
    for ex in &mut wb.info.exercises {
        if let Some(tr) = overlay.get(&ex.name)
            && tr.hints.len() == ex.hints.len()
            && tr.hints.iter().all(|h| !h.trim().is_empty())
        {
            ex.hints = tr.hints.iter().map(|h| h.trim().to_string()).collect();
        }
    }
    if let Some(info) = &overlay.info {
        let pick = |zh: &Option<String>| zh.clone().filter(|t| !t.trim().is_empty());
        if let Some(w) = pick(&info.welcome_message) {
            wb.info.welcome_message = Some(w.trim().to_string());
        }
        if let Some(f) = pick(&info.final_message) {
            wb.info.final_message = Some(f.trim().to_string());
        }
    }
}

/// Rewrites every untouched exercise (one that is the shipped file in some language) in `lang`.
/// Returns how many files were written and how many were kept because the learner edited them.
fn write_all(wb: &Workbook, lang: Lang) -> Result<(usize, usize)> {
    let (mut written, mut kept) = (0, 0);
    for ex in &wb.info.exercises {
        let path = wb.exercise_file(ex);
        let Ok(current) = fs::read_to_string(&path) else {
            continue;
        };
        let Ok(all) = renderings(wb, ex) else {
            continue;
        };
        let Some(target) = all.iter().find(|(l, _)| *l == lang).map(|(_, t)| t) else {
            continue;
        };
        if current == *target {
            continue;
        }
        if all.iter().any(|(_, text)| *text == current) {
            // A plain write, as an editor's: the watcher follows the file, not a new one.
            fs::write(&path, target).with_context(|| format!("cannot write {}", path.display()))?;
            written += 1;
        } else {
            kept += 1;
        }
    }
    Ok((written, kept))
}

/// The shipped file of `ex` in every language the workbook has it in, English first.
pub fn renderings(wb: &Workbook, ex: &Exercise) -> Result<Vec<(Lang, String)>> {
    let english = String::from_utf8(originals::original(wb, ex)?)
        .with_context(|| format!("{} is not UTF-8", ex.path().display()))?;
    let mut out = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        if let Ok(Some(tr)) = translation::read(&translation::path(&wb.root, lang, ex)) {
            out.push((lang, translation::render(&english, &tr)));
        }
    }
    out.insert(0, (Lang::En, english));
    Ok(out)
}

/// The shipped file of `ex` in `lang` (English when it has no translation).
pub fn shipped(wb: &Workbook, ex: &Exercise, lang: Lang) -> Result<String> {
    let mut all = renderings(wb, ex)?;
    let at = all.iter().position(|(l, _)| *l == lang).unwrap_or(0);
    Ok(all.swap_remove(at).1)
}

/// Writes the shipped file of `ex` in the language of this run over the learner's file.
pub fn restore(wb: &Workbook, ex: &Exercise) -> Result<()> {
    let text = shipped(wb, ex, lang::current())?;
    let path = wb.exercise_file(ex);
    fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// How the learner's `current` text of `ex` departs below the marker from the shipped file in
/// every language; `None` when it agrees with one of them, or the shipped file is unknown.
pub fn tampering(wb: &Workbook, ex: &Exercise, current: &str) -> Option<Tampering> {
    let all = renderings(wb, ex).ok()?;
    let mut first = None;
    for (_, shipped) in &all {
        match integrity::check(shipped, current) {
            None => return None,
            Some(t) => {
                first.get_or_insert(t);
            }
        }
    }
    first
}
