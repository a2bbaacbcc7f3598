//! `mtlings init`: write a fresh workbook of the bundled course into a folder, for a learner
//! (exercises only) or a teacher (`--with-solutions`: solutions and known wrong fixes too), with
//! a standalone cargo manifest and lock file, and optionally a CI workflow that grades it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use console::style;
use toml::{Table, Value};

use crate::cli::{Ci, InitArgs};
use crate::info;
use crate::originals::{bundled, bundled_below};
use crate::package::write_if_changed;
use crate::workbook::INFO_FILE;

/// What `.gitignore` keeps out of a learner's repository: builds and mtlings' private files.
const GITIGNORE: &str = "target/\n.mtlings/\n.mtlings-state.toml\n";

/// Recommends rust-analyzer, which sees every exercise through the workbook's manifest.
const VSCODE_EXTENSIONS: &str = "{\n  \"recommendations\": [\"rust-lang.rust-analyzer\"]\n}\n";

/// Writes the workbook, refusing to touch an existing one.
pub fn run(args: &InitArgs) -> Result<ExitCode> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("mtlings"));
    if dir.join(INFO_FILE).exists() {
        bail!(
            "{} is already a workbook (it has an {INFO_FILE}); nothing was written",
            dir.display()
        );
    }
    if std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
        bail!(
            "{} is not empty; choose a new folder (nothing was written)",
            dir.display()
        );
    }
    let files = workbook_files(args)?;
    // Written beside the target and renamed into place, so a failure leaves no half workbook.
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(
        ".{}.mtlings-init-{}",
        dir.file_name()
            .map_or("workbook".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    let written = files
        .iter()
        .try_for_each(|(rel, bytes)| write_if_changed(&staging.join(rel), bytes))
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot write the workbook {}: {}",
                dir.display(),
                e.root_cause()
            )
        });
    let placed = written.and_then(|()| {
        if dir.exists() {
            std::fs::remove_dir(&dir)
                .with_context(|| format!("cannot replace {}", dir.display()))?;
        }
        std::fs::rename(&staging, &dir).with_context(|| format!("cannot create {}", dir.display()))
    });
    if let Err(e) = placed {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let exercises = files
        .iter()
        .filter(|(rel, _)| rel.starts_with("exercises/"))
        .count();
    println!(
        "{} {} with {exercises} exercises{}.",
        style("Created").green().bold(),
        dir.display(),
        if args.with_solutions {
            ", their solutions and known wrong fixes"
        } else {
            ""
        }
    );
    println!("Start with:  cd {} && mtlings", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// Every file of the new workbook: (path below its root, content).
fn workbook_files(args: &InitArgs) -> Result<Vec<(String, Vec<u8>)>> {
    let info_text = std::str::from_utf8(bundled(INFO_FILE).context(NOT_BUNDLED)?)
        .context("the bundled info.toml is not UTF-8")?;
    let info = info::parse(Path::new(INFO_FILE), info_text)?;
    let mut tops = vec!["exercises/", "support/", "i18n/"];
    if args.with_solutions {
        tops.extend(["solutions/", "mistakes/"]);
    }
    let lang = crate::lang::current();
    let mut files: Vec<(String, Vec<u8>)> = tops
        .iter()
        .flat_map(|top| bundled_below(top))
        .map(|(rel, bytes)| Ok((rel.to_string(), in_language(rel, bytes, lang)?)))
        .collect::<Result<_>>()?;
    if lang != crate::lang::Lang::En {
        // The learner's files are in this language: the first start must not take it back.
        let state = format!("lang = \"{}\"\n", lang.tag());
        files.push((crate::state::STATE_FILE.into(), state.into_bytes()));
    }
    files.push((INFO_FILE.into(), standalone_info(info_text).into_bytes()));
    files.push((
        "Cargo.toml".into(),
        manifest(&info, args.with_solutions)?.into_bytes(),
    ));
    if let Some(lock) = bundled("Cargo.lock") {
        files.push(("Cargo.lock".into(), lock.to_vec()));
    }
    files.push((".gitignore".into(), GITIGNORE.into()));
    files.push((".vscode/extensions.json".into(), VSCODE_EXTENSIONS.into()));
    match args.ci {
        Some(Ci::Github) => files.push((
            ".github/workflows/mtlings.yml".into(),
            ci_file(include_str!("../templates/github.yml")),
        )),
        Some(Ci::Gitlab) => files.push((
            ".gitlab-ci.yml".into(),
            ci_file(include_str!("../templates/gitlab.yml")),
        )),
        None => {}
    }
    Ok(files)
}

/// A bundled file as the new workbook has it: an exercise or a solution in `lang` when the
/// course has its translation, anything else as it is.
fn in_language(rel: &str, bytes: &[u8], lang: crate::lang::Lang) -> Result<Vec<u8>> {
    let course_file = ["exercises/", "solutions/"]
        .iter()
        .find_map(|top| rel.strip_prefix(top))
        .filter(|r| r.ends_with(".rs"));
    let (Some(sub), false) = (course_file, lang == crate::lang::Lang::En) else {
        return Ok(bytes.to_vec());
    };
    let tr_path = format!("i18n/{}/{}", lang.tag(), sub.replace(".rs", ".toml"));
    let Some(tr_bytes) = bundled(&tr_path) else {
        return Ok(bytes.to_vec());
    };
    let tr = crate::translation::parse(Path::new(&tr_path), &String::from_utf8_lossy(tr_bytes))?;
    Ok(crate::translation::render(&String::from_utf8_lossy(bytes), &tr).into_bytes())
}

const NOT_BUNDLED: &str = "this mtlings was built without its course (no info.toml was bundled)";

/// The bundled info.toml without its `manifest` line: the new workbook's manifest is the
/// default `Cargo.toml` at its root.
fn standalone_info(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.starts_with("manifest = ") {
            out.push_str(line);
        }
    }
    out
}

/// A standalone manifest for the new workbook: the bundled workbook's package, dependencies
/// and library, with a bin per exercise (and per solution with `with_solutions`).
fn manifest(info: &info::Info, with_solutions: bool) -> Result<String> {
    let text = std::str::from_utf8(bundled("workbook/Cargo.toml").context(NOT_BUNDLED)?)
        .context("the bundled workbook manifest is not UTF-8")?;
    let original: Table = toml::from_str(text).context("the bundled workbook manifest")?;
    let mut out = Table::new();
    let mut bins = Vec::new();
    for ex in &info.exercises {
        let mut roles = vec![(ex.name.clone(), ex.path())];
        if with_solutions {
            roles.push((format!("{}_sol", ex.name), ex.solution_path()));
        }
        for (name, path) in roles {
            let mut t = Table::new();
            t.insert("name".into(), Value::String(name));
            t.insert(
                "path".into(),
                Value::String(path.to_string_lossy().replace('\\', "/")),
            );
            bins.push(Value::Table(t));
        }
    }
    out.insert("bin".into(), Value::Array(bins));
    for key in ["package", "dependencies"] {
        if let Some(v) = original.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let mut lib = Table::new();
    if let Some(name) = original
        .get("lib")
        .and_then(|l| l.get("name"))
        .and_then(Value::as_str)
    {
        lib.insert("name".into(), Value::String(name.into()));
    }
    lib.insert("path".into(), Value::String("support/lib.rs".into()));
    out.insert("lib".into(), Value::Table(lib));
    // Its own workspace, so it builds wherever it is put.
    out.insert("workspace".into(), Value::Table(Table::new()));
    Ok(format!(
        "# The workbook's exercises{} as bin targets, and the fixed dependency set.\n\
         # Written by `mtlings init`.\n{}",
        if with_solutions { " and solutions" } else { "" },
        toml::to_string(&out).context("cannot encode the workbook manifest")?
    ))
}

/// A CI template with this mtlings' version filled in.
fn ci_file(template: &str) -> Vec<u8> {
    template
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
        .into_bytes()
}
