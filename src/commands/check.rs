//! `mtlings dev check`: prove a workbook is sound before learners see it.
//!
//! First the files: info.toml, the manifest's bins, `exercises/` and `solutions/` must agree.
//! Then the behaviour: every solution passes (with no clippy warnings), every exercise fails as
//! shipped, and every known wrong fix in `mistakes/` fails (and still compiles), on every one of
//! `--stress N` runs. Mistakes are spliced onto their exercises and built with everything else
//! in one cargo build, from a generated manifest that declares them.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use console::style;

use super::batch::{self, Expect};
use super::default_jobs;
use crate::cli::{CheckArgs, Format, MistakeArgs};
use crate::grade::{self, Job, Options, Rendered, Role, Spliced};
use crate::lang::Lang;
use crate::mistakes::{self, Mistake};
use crate::package::{self, ExtraBin};
use crate::workbook::{Workbook, normalize};

/// Checks the workbook's files, then grades solutions, shipped exercises and mistakes.
pub fn run(wb: Workbook, args: &CheckArgs) -> Result<ExitCode> {
    if args.stress == 0 {
        bail!("--stress must be at least 1");
    }
    let (mistakes, mut problems) = mistakes::discover(&wb);
    problems.splice(0..0, consistency(&wb)?);
    let (translation_problems, untranslated) = super::translate::findings(&wb)?;
    problems.extend(translation_problems);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{} {p}", style("problem:").red().bold());
        }
        bail!(
            "the workbook's files are inconsistent ({} problem(s) above)",
            problems.len()
        );
    }
    for (lang, absent) in &untranslated {
        println!("{}", translation_counts(&wb, *lang, absent));
    }
    let selected = select(&wb, &args.only)?;
    let lean = lean_target(&wb);
    // Every mistake is spliced and declared, whatever is selected, so the generated manifest
    // (and with it cargo's fingerprints) stays the same from one check to the next.
    let spliced = splice_all(&wb, &mistakes, &lean.join("package"))?;
    // In another language, the check is of the translated files: each solution still passes and
    // each exercise still fails with only its words changed (the mistakes are the English's).
    let lang = crate::lang::current();
    let rendered = if lang == Lang::En {
        Vec::new()
    } else {
        render_all(&wb, &selected, lang, &lean.join("package").join(lang.tag()))?
    };
    let mut jobs = Vec::new();
    for r in &rendered {
        let ex = &wb.info.exercises[r.0];
        if !r.1.solution && ex.skip_check_unsolved {
            continue;
        }
        jobs.push(Job {
            index: r.0,
            role: Role::Translated(Box::new(r.1.clone())),
            exercise: wb.info.exercises[r.0].clone(),
        });
    }
    for &index in selected.iter().filter(|_| lang == Lang::En) {
        let ex = &wb.info.exercises[index];
        let job = |role| Job {
            index,
            role,
            exercise: ex.clone(),
        };
        if !args.mistakes_only {
            jobs.push(job(Role::Solution));
            if !ex.skip_check_unsolved {
                jobs.push(job(Role::Exercise));
            }
        }
        for (m, path) in mistakes
            .iter()
            .zip(&spliced)
            .filter(|(m, _)| m.index == index)
        {
            jobs.push(job(Role::Mistake(Box::new(Spliced {
                mistake: m.clone(),
                path: path.clone(),
            }))));
        }
    }
    if jobs.is_empty() && lang != Lang::En {
        bail!(
            "the chosen exercises have no {} translation (start one with `mtlings dev \
             translate NAME --lang {}`)",
            lang.tag(),
            lang.tag()
        );
    }
    if jobs.is_empty() {
        bail!(
            "the chosen exercises have no mistakes to grade (start one with `mtlings dev \
             mistake NAME SLUG`)"
        );
    }
    let mut extra: Vec<ExtraBin> = mistakes
        .iter()
        .zip(&spliced)
        .map(|(m, path)| ExtraBin {
            name: grade::mistake_bin(&wb.info.exercises[m.index].name, &m.slug),
            source: path.clone(),
        })
        .collect();
    extra.extend(rendered.iter().map(|(index, r)| ExtraBin {
        name: grade::translated_bin(&wb.info.exercises[*index].name, r.solution, r.lang),
        source: r.path.clone(),
    }));
    let manifest = if extra.is_empty() {
        None
    } else {
        Some(package::write(&wb, &lean.join("package"), &extra)?)
    };
    let opts = Options {
        color: false,
        repeat: args.stress,
        jobs: args.batch.jobs.unwrap_or_else(default_jobs),
        all_attempts: true,
        lean_target: Some(lean),
        manifest,
        timeline: false,
        backtrace: false,
    };
    let verdicts = batch::grade(&wb, &jobs, &opts, std::io::stderr().is_terminal())?;
    let records: Vec<_> = verdicts
        .iter()
        .map(|v| batch::record(v, Expect::of(&v.job.role)))
        .collect();
    super::verify::emit(&records, &args.batch, &wb, "check", false)?;
    if args.batch.format == Format::Human && !mistakes.is_empty() && lang == Lang::En {
        println!("{}", mistake_counts(&wb, &selected, &mistakes));
    }
    Ok(if records.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Splices every mistake onto its exercise's current file, under `dir`, and returns where
/// each spliced program was written (in the order of `mistakes`).
fn splice_all(wb: &Workbook, mistakes: &[Mistake], dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::with_capacity(mistakes.len());
    for m in mistakes {
        let ex = &wb.info.exercises[m.index];
        let read = |path: &Path| {
            std::fs::read_to_string(path).with_context(|| format!("cannot read {}", rel(wb, path)))
        };
        let text = mistakes::splice(
            &read(&wb.root.join(&m.file))?,
            &read(&wb.exercise_file(ex))?,
            &ex.path(),
        )?;
        let target = dir.join(&m.file);
        package::write_if_changed(&target, text.as_bytes())?;
        out.push(target);
    }
    Ok(out)
}

/// Writes the exercise and solution of each chosen exercise that has a translation into `lang`
/// under `dir`, and returns them.
fn render_all(
    wb: &Workbook,
    selected: &[usize],
    lang: Lang,
    dir: &Path,
) -> Result<Vec<(usize, Rendered)>> {
    let mut out = Vec::new();
    for &index in selected {
        let ex = &wb.info.exercises[index];
        let Some(tr) = crate::translation::read(&crate::translation::path(&wb.root, lang, ex))?
        else {
            continue;
        };
        for (solution, file, rel_path) in [
            (false, wb.exercise_file(ex), ex.path()),
            (true, wb.solution_file(ex), ex.solution_path()),
        ] {
            let english = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", rel(wb, &file)))?;
            let target = dir.join(rel_path);
            let text = crate::translation::render(&english, &tr);
            package::write_if_changed(&target, text.as_bytes())?;
            out.push((
                index,
                Rendered {
                    solution,
                    lang,
                    path: target,
                },
            ));
        }
    }
    Ok(out)
}

/// One line on how many known wrong fixes the chosen exercises have, naming those with fewer
/// than three (the standard asks for at least three).
fn mistake_counts(wb: &Workbook, selected: &[usize], mistakes: &[Mistake]) -> String {
    let count = |i: usize| mistakes.iter().filter(|m| m.index == i).count();
    let total: usize = selected.iter().map(|&i| count(i)).sum();
    let covered = selected.iter().filter(|&&i| count(i) > 0).count();
    let few: Vec<String> = selected
        .iter()
        .filter(|&&i| count(i) < 3 && !wb.info.exercises[i].skip_check_unsolved)
        .map(|&i| format!("{} ({})", wb.info.exercises[i].name, count(i)))
        .collect();
    let mut line = format!(
        "mistakes: {total} known wrong fixes for {covered} of {} exercises",
        selected.len()
    );
    if !few.is_empty() {
        line.push_str(&format!("; fewer than 3: {}", few.join(", ")));
    }
    line
}

/// One line on how much of the course a language has, naming what it lacks.
fn translation_counts(wb: &Workbook, lang: crate::lang::Lang, absent: &[String]) -> String {
    let total = wb.info.exercises.len();
    let mut line = format!(
        "translations: {} has {} of {total} exercises",
        lang.tag(),
        total - absent.len()
    );
    if !absent.is_empty() {
        let shown: Vec<&str> = absent.iter().take(8).map(String::as_str).collect();
        let more = if absent.len() > 8 { ", ..." } else { "" };
        line.push_str(&format!(" (still in English: {}{more})", shown.join(", ")));
    }
    line
}

/// `dev mistake NAME SLUG`: starts a mistake file from the exercise's learner part.
pub fn new_mistake(wb: &Workbook, args: &MistakeArgs) -> Result<ExitCode> {
    let ex = &wb.info.exercises[wb.info.lookup(&args.name)?];
    if args.slug.is_empty()
        || !args
            .slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!(
            "the slug {:?} must be letters, digits, `-` and `_` only (it names the file)",
            args.slug
        );
    }
    let file = mistakes::folder(ex).join(format!("{}.rs", args.slug));
    let path = wb.root.join(&file);
    if path.exists() {
        bail!("{} already exists; choose another slug", file.display());
    }
    let text = mistakes::template(wb, ex)?;
    package::write_if_changed(&path, text.as_bytes())?;
    println!(
        "{} {}: describe the wrong fix on its first line, make the edit a learner would, then \
         run `mtlings dev check --mistakes-only {}`",
        style("Created").green().bold(),
        file.display(),
        ex.name
    );
    Ok(ExitCode::SUCCESS)
}

/// The exercises named by `only` (names or topic folders), or all of them.
pub(super) fn select(wb: &Workbook, only: &[String]) -> Result<Vec<usize>> {
    if only.is_empty() {
        return Ok((0..wb.info.exercises.len()).collect());
    }
    let mut chosen = BTreeSet::new();
    for want in only {
        let by_dir: Vec<usize> = (0..wb.info.exercises.len())
            .filter(|&i| wb.info.exercises[i].dir.as_deref() == Some(want.trim_end_matches('/')))
            .collect();
        if by_dir.is_empty() {
            chosen.insert(wb.info.lookup(want)?);
        } else {
            chosen.extend(by_dir);
        }
    }
    Ok(chosen.into_iter().collect())
}

/// Everything that disagrees between info.toml, the manifest and the two trees.
fn consistency(wb: &Workbook) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let info_file = wb.root.join(crate::workbook::INFO_FILE);
    let bins = wb.manifest_bins()?;
    let manifest = wb.info.manifest.display().to_string();
    let mut expected_bins = BTreeSet::new();
    for (ex, line) in wb.info.exercises.iter().zip(&wb.info.name_lines) {
        let at = format!("{}:{line}", info_file.display());
        if ex.hints.is_empty() {
            problems.push(format!(
                "{at}: field `hint` of `{}`: the exercise has no hint",
                ex.name
            ));
        }
        for (bin, file) in [
            (ex.name.clone(), wb.exercise_file(ex)),
            (format!("{}_sol", ex.name), wb.solution_file(ex)),
        ] {
            if !file.is_file() {
                problems.push(format!(
                    "{at}: `{}` has no file {}",
                    ex.name,
                    rel(wb, &file)
                ));
            }
            match bins.get(&bin) {
                None => problems.push(format!("{manifest}: no bin `{bin}` for {}", rel(wb, &file))),
                Some(path) if *path != normalize(&file) => problems.push(format!(
                    "{manifest}: bin `{bin}` points at {}, expected {}",
                    rel(wb, path),
                    rel(wb, &file)
                )),
                Some(_) => {}
            }
            expected_bins.insert(bin);
        }
    }
    for bin in bins.keys().filter(|b| !expected_bins.contains(*b)) {
        problems.push(format!(
            "{manifest}: bin `{bin}` is not an exercise of info.toml"
        ));
    }
    let known: BTreeSet<PathBuf> = wb
        .info
        .exercises
        .iter()
        .flat_map(|e| [wb.exercise_file(e), wb.solution_file(e)])
        .collect();
    for top in ["exercises", "solutions"] {
        for file in crate::workbook::rust_files(&wb.root.join(top)) {
            if !known.contains(&file) {
                problems.push(format!(
                    "{}: stray file, not an exercise of info.toml",
                    rel(wb, &file)
                ));
            }
        }
    }
    Ok(problems)
}

pub(super) fn rel(wb: &Workbook, path: &Path) -> String {
    path.strip_prefix(&wb.root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Where `dev check` builds: beside the learner's builds (in `$CARGO_TARGET_DIR` or the
/// workbook's `target/`), never in them, because its cold-build tuning would make cargo rebuild
/// the learner's dependencies.
fn lean_target(wb: &Workbook) -> PathBuf {
    let base =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| wb.root.join("target"), PathBuf::from);
    base.join("mtlings-check")
}
