//! `mtlings dev translate`, and the translation part of `dev check`: the course's translations
//! are written against the English and checked against it.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use console::style;

use super::check::rel;
use crate::cli::TranslateArgs;
use crate::info::Exercise;
use crate::lang::{self, Lang};
use crate::translation::{self, Translation};
use crate::workbook::Workbook;

/// The argument of `dev translate` that names info.toml's own texts.
const INFO_ARG: &str = "info.toml";

/// The English an exercise's translation is made from: its exercise and solution files as they
/// are in the workbook (the author's tree).
fn english(wb: &Workbook, ex: &Exercise) -> Result<[String; 2]> {
    let read = |path: &Path| {
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    };
    Ok([read(&wb.exercise_file(ex))?, read(&wb.solution_file(ex))?])
}

/// Writes or updates the translation files of the chosen exercises.
pub fn run(wb: &Workbook, args: &TranslateArgs) -> Result<ExitCode> {
    let lang = lang::current();
    if lang == Lang::En {
        bail!("say which language to translate into: `mtlings dev translate --lang zh-CN`");
    }
    // `info.toml` stands for the welcome and final messages; no names means everything.
    let with_info = args.only.is_empty() || args.only.iter().any(|o| o == INFO_ARG);
    let only: Vec<String> = args
        .only
        .iter()
        .filter(|o| *o != INFO_ARG)
        .cloned()
        .collect();
    let selected = if only.is_empty() && !args.only.is_empty() {
        Vec::new()
    } else {
        super::check::select(wb, &only)?
    };
    let (mut stamped, mut pending) = (0, Vec::new());
    for &i in &selected {
        let ex = &wb.info.exercises[i];
        let path = translation::path(&wb.root, lang, ex);
        let old = translation::read(&path)?;
        let sources = english(wb, ex)?;
        let sources = [sources[0].as_str(), sources[1].as_str()];
        let (text, done) = translation::skeleton(&ex.name, &sources, &ex.hints, old.as_ref());
        crate::package::write_if_changed(&path, text.as_bytes())?;
        if done {
            stamped += 1;
        } else {
            pending.push(rel(wb, &path));
        }
    }
    let info_done = !with_info || translate_info(wb, lang)?;
    println!(
        "{} {stamped} of {} translation(s) complete and stamped{}",
        style("translate:").bold(),
        selected.len(),
        if info_done {
            ""
        } else {
            "; i18n info.toml texts still to translate"
        }
    );
    for p in &pending {
        println!("  still to translate: {p}");
    }
    let names: std::collections::HashSet<&str> = selected
        .iter()
        .map(|&i| wb.info.exercises[i].name.as_str())
        .collect();
    let (problems, _) = findings(wb)?;
    let problems: Vec<&String> = problems
        .iter()
        .filter(|p| {
            names
                .iter()
                .any(|n| p.contains(&format!("/{n}.toml")) || p.contains(&format!(" {n} ")))
                || (with_info && p.contains(&format!("/{}", translation::INFO_TEXTS)))
        })
        .collect();
    for p in &problems {
        eprintln!("{} {p}", style("problem:").red().bold());
    }
    Ok(if pending.is_empty() && problems.is_empty() && info_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Writes or updates `i18n/LANG/info.toml` (the welcome and final messages). Returns whether it
/// is complete and stamped.
fn translate_info(wb: &Workbook, lang: Lang) -> Result<bool> {
    let path = wb
        .root
        .join(translation::DIR)
        .join(lang.tag())
        .join(translation::INFO_TEXTS);
    let old = translation::read(&path)?;
    let english = info_english(wb);
    let pick = |o: Option<&Translation>, f: fn(&Translation) -> &Option<String>| {
        o.and_then(|t| f(t).clone()).unwrap_or_default()
    };
    let welcome = pick(old.as_ref(), |t| &t.welcome_message);
    let last = pick(old.as_ref(), |t| &t.final_message);
    let done = english
        .iter()
        .zip([&welcome, &last])
        .all(|(en, zh)| en.is_empty() || !zh.trim().is_empty());
    let source = if done {
        translation::english_hash(&[], english.iter().map(String::as_str))
    } else {
        old.map(|o| o.source).unwrap_or_default()
    };
    let text = format!(
        "# The zh-CN texts of info.toml: the welcome and final messages.\n\
         # English welcome: {}\n# English final: {}\nsource = {}\nwelcome_message = {}\n\
         final_message = {}\n",
        translation::excerpt(&english[0]),
        translation::excerpt(&english[1]),
        translation::toml_string(&source),
        translation::toml_string(&welcome),
        translation::toml_string(&last)
    );
    crate::package::write_if_changed(&path, text.as_bytes())?;
    Ok(done)
}

fn info_english(wb: &Workbook) -> [String; 2] {
    [
        wb.info.welcome_message.clone().unwrap_or_default(),
        wb.info.final_message.clone().unwrap_or_default(),
    ]
}

/// For each language, the exercises that have no translation into it yet.
pub type Untranslated = Vec<(Lang, Vec<String>)>;

/// What `dev check` reports about the workbook's translations: problems (stale, incomplete or
/// broken translations, files that belong to no exercise), and for each language the
/// exercises that have no translation yet.
pub fn findings(wb: &Workbook) -> Result<(Vec<String>, Untranslated)> {
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        if !wb.root.join(translation::DIR).join(lang.tag()).is_dir() {
            continue;
        }
        let mut absent = Vec::new();
        for ex in &wb.info.exercises {
            let path = translation::path(&wb.root, lang, ex);
            let Ok(text) = fs::read_to_string(&path) else {
                absent.push(ex.name.clone());
                continue;
            };
            let shown = rel(wb, &path);
            let tr = match translation::parse(Path::new(&shown), &text) {
                Ok(tr) => tr,
                Err(e) => {
                    problems.push(format!("{e:#}"));
                    continue;
                }
            };
            let sources = english(wb, ex)?;
            let found = translation::check(
                Path::new(&shown),
                &text,
                &tr,
                &[&sources[0], &sources[1]],
                &ex.hints,
            );
            problems.extend(found.stale.map(|s| {
                format!(
                    "{s} (update its texts, then run `mtlings dev translate {} --lang {}`)",
                    ex.name,
                    lang.tag()
                )
            }));
            problems.extend(found.problems);
        }
        let info_path = wb
            .root
            .join(translation::DIR)
            .join(lang.tag())
            .join(translation::INFO_TEXTS);
        if let Some(tr) = translation::read(&info_path)? {
            let english = info_english(wb);
            if tr.source != translation::english_hash(&[], english.iter().map(String::as_str)) {
                problems.push(format!(
                    "{}: stale: the welcome or final message of info.toml changed since it was \
                     translated (run `mtlings dev translate --lang {}` after updating it)",
                    rel(wb, &info_path),
                    lang.tag()
                ));
            }
        }
        for stray in translation::strays(&wb.root, lang, &wb.info.exercises) {
            problems.push(format!(
                "{}: stray translation, not an exercise of info.toml",
                stray.display()
            ));
        }
        missing.push((lang, absent));
    }
    Ok((problems, missing))
}
