//! Known wrong fixes of a workbook's exercises, kept as files so `dev check` can prove that
//! each one still fails.
//!
//! A mistake lives at `mistakes/DIR/NAME/SLUG.rs` (`mistakes/NAME/SLUG.rs` for an exercise
//! without a folder). It holds only the learner's part of the exercise, edited the way a learner
//! would, and its first line is `// MISTAKE: <what is wrong>`. It is graded spliced onto the
//! exercise's current file from the marker line down, so a mistake keeps testing the same wrong
//! idea however the tests and scaffolding change.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::info::Exercise;
use crate::marker;
use crate::workbook::Workbook;

/// Folder of the mistakes, beside `exercises/` and `solutions/`.
pub const DIR: &str = "mistakes";

/// What a mistake's first line starts with.
pub const HEADER: &str = "// MISTAKE:";

/// The description `dev mistake` writes, which an author must replace.
pub const PLACEHOLDER: &str = "<what is wrong, in one line>";

/// One known wrong fix of an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// Index of the exercise in course order.
    pub index: usize,
    /// The file's stem: names the mistake within its exercise.
    pub slug: String,
    /// What is wrong, from the header line.
    pub description: String,
    /// The mistake's file, relative to the workbook root.
    pub file: PathBuf,
}

/// Every mistake of the workbook, in course order then by slug, and the problems found with
/// the files (each one line naming the file).
pub fn discover(wb: &Workbook) -> (Vec<Mistake>, Vec<String>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for file in crate::workbook::rust_files(&wb.root.join(DIR)) {
        let rel = file.strip_prefix(&wb.root).unwrap_or(&file).to_path_buf();
        match read(wb, &rel) {
            Ok(m) => found.push(m),
            Err(e) => problems.push(format!("{e:#}")),
        }
    }
    found.sort_by(|a, b| (a.index, &a.slug).cmp(&(b.index, &b.slug)));
    (found, problems)
}

/// Reads and checks one mistake file (`rel` is relative to the workbook root).
fn read(wb: &Workbook, rel: &Path) -> Result<Mistake> {
    let shown = rel.display();
    let parts: Vec<String> = rel
        .iter()
        .skip(1)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let (dir, name, file_name) = match parts.as_slice() {
        [name, file] => (None, name, file),
        [dir, name, file] => (Some(dir.as_str()), name, file),
        _ => bail!(
            "{shown}: a mistake's path must be {DIR}/DIR/NAME/SLUG.rs (or {DIR}/NAME/SLUG.rs)"
        ),
    };
    let slug = file_name.trim_end_matches(".rs").to_string();
    if slug.is_empty()
        || !slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!("{shown}: the file name {slug:?} must be letters, digits, `-` and `_` only");
    }
    let Some(index) = wb.info.find(name) else {
        let hint = wb
            .info
            .lookup(name)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        bail!("{shown}: no exercise `{name}` in info.toml ({hint})");
    };
    let ex = &wb.info.exercises[index];
    if ex.dir.as_deref() != dir {
        bail!(
            "{shown}: exercise `{name}` is in {}, so its mistakes belong in {}",
            ex.path().display(),
            folder(ex).display()
        );
    }
    let text = std::fs::read_to_string(wb.root.join(rel))
        .with_context(|| format!("{shown}: cannot read the file"))?;
    let first = text.lines().next().unwrap_or("");
    let description = first
        .strip_prefix(HEADER)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .with_context(|| format!("{shown}:1: the first line must be `{HEADER} <what is wrong>`"))?;
    if description == PLACEHOLDER {
        bail!("{shown}:1: describe the wrong fix in place of `{PLACEHOLDER}`");
    }
    if let Some(line) = marker::line(&text) {
        bail!(
            "{shown}:{line}: a mistake holds only the learner's part, above the marker line; \
             delete this line and everything below it"
        );
    }
    Ok(Mistake {
        index,
        slug,
        description: description.to_string(),
        file: rel.to_path_buf(),
    })
}

/// The folder of an exercise's mistakes, relative to the workbook root.
pub fn folder(ex: &Exercise) -> PathBuf {
    let mut p = PathBuf::from(DIR);
    if let Some(dir) = &ex.dir {
        p.push(dir);
    }
    p.push(&ex.name);
    p
}

/// The program a mistake stands for: the mistake's text followed by the exercise's text from
/// its marker line down. `exercise` names the exercise's file in the error.
pub fn splice(mistake: &str, exercise_text: &str, exercise: &Path) -> Result<String> {
    let Some((_, fixed)) = marker::split(exercise_text) else {
        bail!(
            "{}: has no `{}` line, so its mistakes cannot be spliced onto it",
            exercise.display(),
            marker::MARKER
        );
    };
    let mut out = String::with_capacity(mistake.len() + fixed.len() + 1);
    out.push_str(mistake);
    if !mistake.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(fixed);
    Ok(out)
}

/// The text of a new mistake for `ex`: the header with a placeholder, then the learner's part
/// of its current file.
pub fn template(wb: &Workbook, ex: &Exercise) -> Result<String> {
    let path = wb.exercise_file(ex);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let Some((learner, _)) = marker::split(&text) else {
        bail!(
            "{}: has no `{}` line, so it has no learner's part to start a mistake from",
            ex.path().display(),
            marker::MARKER
        );
    };
    Ok(format!("{HEADER} {PLACEHOLDER}\n{learner}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_keeps_the_exercise_from_the_marker_down() {
        let exercise = format!(
            "fn f() {{ todo!() }}\n{}\n#[test]\nfn t() {{}}\n",
            marker::MARKER
        );
        let out = splice("// MISTAKE: x\nfn f() {}", &exercise, Path::new("e.rs")).unwrap();
        assert_eq!(
            out,
            format!(
                "// MISTAKE: x\nfn f() {{}}\n{}\n#[test]\nfn t() {{}}\n",
                marker::MARKER
            )
        );
    }

    #[test]
    fn splice_needs_a_marker() {
        let err = splice("x", "fn main() {}\n", Path::new("exercises/a.rs")).unwrap_err();
        assert!(
            err.to_string().starts_with("exercises/a.rs: has no"),
            "{err}"
        );
    }
}
