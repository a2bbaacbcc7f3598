//! Parsing and validating `info.toml`, the ordered list of exercises.
//!
//! The format is rustlings 6's community-exercise format plus three optional mtlings fields
//! (`manifest`, and defaults for `memory_mb` and `max_processes`, at the top level;
//! `timeout_secs`, `runs`, `points`, `memory_mb`, `max_processes` and `hints`, a hint in steps,
//! per exercise). Errors name the file,
//! line, column and field so an author can fix them without guessing.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Deserialize;
use toml::Spanned;

use crate::usage::Limits;

/// How long an exercise's test run or `main` may take when `timeout_secs` is not given.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// The most points one exercise may be worth (a larger number is a typo).
pub const MAX_POINTS: u32 = 1000;

/// A run's limits when info.toml gives none: far above what any exercise needs, well below
/// what would hurt a laptop.
pub const DEFAULT_LIMITS: Limits = Limits {
    memory_mb: 2048,
    max_processes: 256,
};

/// The largest limits accepted (larger ones are typos, or no limit at all in disguise).
const MAX_MEMORY_MB: u64 = 64 * 1024;
const MAX_PROCESSES: u32 = 10_000;

/// A limit from info.toml, checked to be between 1 and `max`.
fn limit<T: Copy + PartialOrd + From<u8> + std::fmt::Display>(
    value: Option<Spanned<T>>,
    default: T,
    max: T,
    field: &str,
    of: &str,
    at: &dyn Fn(std::ops::Range<usize>) -> String,
) -> Result<T> {
    let Some(v) = value else {
        return Ok(default);
    };
    let n = *v.get_ref();
    if n < T::from(1) || n > max {
        bail!(
            "{}: field `{field}`{of}: must be between 1 and {max}, not {n}",
            at(v.span())
        );
    }
    Ok(n)
}

/// The whole `info.toml` file as written by an author.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    format_version: Spanned<u32>,
    welcome_message: Option<String>,
    final_message: Option<String>,
    manifest: Option<Spanned<String>>,
    memory_mb: Option<Spanned<u64>>,
    max_processes: Option<Spanned<u32>>,
    #[serde(default)]
    exercises: Vec<RawExercise>,
}

/// One `[[exercises]]` table as written by an author.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    dir: Option<String>,
    #[serde(default = "default_true")]
    test: bool,
    #[serde(default)]
    strict_clippy: bool,
    hint: Option<String>,
    hints: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    skip_check_unsolved: bool,
    timeout_secs: Option<Spanned<u64>>,
    runs: Option<Spanned<u32>>,
    points: Option<Spanned<u32>>,
    memory_mb: Option<Spanned<u64>>,
    max_processes: Option<Spanned<u32>>,
}

fn default_true() -> bool {
    true
}

/// A validated workbook description: what the rest of mtlings works from.
#[derive(Debug, Clone)]
pub struct Info {
    /// Shown the first time a learner starts the workbook.
    pub welcome_message: Option<String>,
    /// Shown once every exercise is done.
    pub final_message: Option<String>,
    /// The cargo manifest declaring the exercise bins, relative to the workbook root.
    pub manifest: PathBuf,
    /// The exercises in course order.
    pub exercises: Vec<Exercise>,
    /// 1-based line of each exercise's `name`, for errors found after parsing.
    pub name_lines: Vec<usize>,
}

/// One exercise with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// Unique name; also the bin target's name (the solution's is `NAME_sol`).
    pub name: String,
    /// Topic folder under `exercises/` and `solutions/`, if any.
    pub dir: Option<String>,
    /// Whether the exercise has tests to run (`cargo test`).
    pub test: bool,
    /// Whether clippy warnings fail the exercise (they always fail a solution).
    pub strict_clippy: bool,
    /// The hint in steps, revealed one at a time by `mtlings hint` and the watcher's `h`:
    /// `hints = [...]` as written, or a rustlings `hint` as a single step; empty when none.
    pub hints: Vec<String>,
    /// The exercise passes as shipped on purpose (`dev check` does not expect it to fail).
    pub skip_check_unsolved: bool,
    /// Bound on each test run and each `main` run.
    pub timeout_secs: u64,
    /// Consecutive passing runs needed to count as solved.
    pub runs: u32,
    /// What solving it is worth when a class is graded (`verify`'s points).
    pub points: u32,
    /// Bounds on the memory and processes of each run.
    pub limits: Limits,
}

impl Exercise {
    /// Path of the learner's file, relative to the workbook root.
    pub fn path(&self) -> PathBuf {
        self.rel_path("exercises")
    }

    /// Path of the reference solution, relative to the workbook root.
    pub fn solution_path(&self) -> PathBuf {
        self.rel_path("solutions")
    }

    /// Path below `exercises/` (or `solutions/`), which also keys embedded originals.
    pub fn sub_path(&self) -> PathBuf {
        let mut p = PathBuf::new();
        if let Some(dir) = &self.dir {
            p.push(dir);
        }
        p.push(format!("{}.rs", self.name));
        p
    }

    fn rel_path(&self, top: &str) -> PathBuf {
        Path::new(top).join(self.sub_path())
    }

    /// The topic shown in listings: the folder name, or `-` for a top-level exercise.
    pub fn topic(&self) -> &str {
        self.dir.as_deref().unwrap_or("-")
    }
}

/// Converts a byte offset of `text` into a 1-based (line, column).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parses and validates the text of an `info.toml`; `file` is only used in error messages.
pub fn parse(file: &Path, text: &str) -> Result<Info> {
    let raw: RawInfo = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            let msg = e.message().replace('\n', " ");
            bail!("{}:{line}:{col}: {}", file.display(), msg.trim());
        }
    };
    let at = |span: std::ops::Range<usize>| {
        let (line, col) = line_col(text, span.start);
        format!("{}:{line}:{col}", file.display())
    };
    if *raw.format_version.get_ref() != 1 {
        bail!(
            "{}: field `format_version`: unsupported version {} (mtlings reads version 1)",
            at(raw.format_version.span()),
            raw.format_version.get_ref()
        );
    }
    let manifest = match raw.manifest {
        Some(m) if m.get_ref().trim().is_empty() => {
            bail!("{}: field `manifest`: must not be empty", at(m.span()))
        }
        Some(m) => PathBuf::from(m.into_inner()),
        None => PathBuf::from("Cargo.toml"),
    };
    let defaults = Limits {
        memory_mb: limit(
            raw.memory_mb,
            DEFAULT_LIMITS.memory_mb,
            MAX_MEMORY_MB,
            "memory_mb",
            "",
            &at,
        )?,
        max_processes: limit(
            raw.max_processes,
            DEFAULT_LIMITS.max_processes,
            MAX_PROCESSES,
            "max_processes",
            "",
            &at,
        )?,
    };
    let mut exercises = Vec::with_capacity(raw.exercises.len());
    let mut name_lines = Vec::with_capacity(raw.exercises.len());
    for ex in raw.exercises {
        let name_span = ex.name.span();
        let name = ex.name.into_inner();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            bail!(
                "{}: field `name`: {name:?} must be letters, digits and `_` only (it names a bin target)",
                at(name_span)
            );
        }
        if let Some(prev) = exercises.iter().position(|e: &Exercise| e.name == name) {
            bail!(
                "{}: field `name`: `{name}` is already used by the exercise on line {}",
                at(name_span),
                name_lines[prev]
            );
        }
        if let Some(dir) = &ex.dir
            && (dir.is_empty() || dir.contains(['/', '\\']) || dir.starts_with('.'))
        {
            bail!(
                "{}: field `dir` of `{name}`: {dir:?} must be one folder name under exercises/",
                at(name_span)
            );
        }
        let timeout_secs = match ex.timeout_secs {
            Some(t) if *t.get_ref() == 0 => bail!(
                "{}: field `timeout_secs` of `{name}`: must be at least 1",
                at(t.span())
            ),
            Some(t) => t.into_inner(),
            None => DEFAULT_TIMEOUT_SECS,
        };
        let runs = match ex.runs {
            Some(r) if *r.get_ref() == 0 => {
                bail!(
                    "{}: field `runs` of `{name}`: must be at least 1",
                    at(r.span())
                )
            }
            Some(r) => r.into_inner(),
            None => 1,
        };
        let of = format!(" of `{name}`");
        let limits = Limits {
            memory_mb: limit(
                ex.memory_mb,
                defaults.memory_mb,
                MAX_MEMORY_MB,
                "memory_mb",
                &of,
                &at,
            )?,
            max_processes: limit(
                ex.max_processes,
                defaults.max_processes,
                MAX_PROCESSES,
                "max_processes",
                &of,
                &at,
            )?,
        };
        let points = match ex.points {
            Some(p) if *p.get_ref() > MAX_POINTS => bail!(
                "{}: field `points` of `{name}`: {} is more than {MAX_POINTS}",
                at(p.span()),
                p.get_ref()
            ),
            Some(p) => p.into_inner(),
            None => 1,
        };
        let hints = match (ex.hint, ex.hints) {
            (Some(_), Some(steps)) => bail!(
                "{}: field `hints` of `{name}`: give either `hint` or `hints`, not both",
                at(steps.span())
            ),
            (None, Some(steps)) => {
                let span = steps.span();
                let steps: Vec<String> = steps
                    .into_inner()
                    .iter()
                    .map(|h| h.trim().to_string())
                    .collect();
                if let Some(n) = steps.iter().position(String::is_empty) {
                    bail!(
                        "{}: field `hints` of `{name}`: step {} is empty",
                        at(span),
                        n + 1
                    );
                }
                steps
            }
            (Some(hint), None) if !hint.trim().is_empty() => vec![hint.trim().to_string()],
            _ => Vec::new(),
        };
        name_lines.push(line_col(text, name_span.start).0);
        exercises.push(Exercise {
            name,
            dir: ex.dir,
            test: ex.test,
            strict_clippy: ex.strict_clippy,
            hints,
            skip_check_unsolved: ex.skip_check_unsolved,
            timeout_secs,
            runs,
            points,
            limits,
        });
    }
    if exercises.is_empty() {
        bail!(
            "{}: field `exercises`: the workbook lists no exercises",
            file.display()
        );
    }
    Ok(Info {
        welcome_message: raw.welcome_message.map(|m| m.trim().to_string()),
        final_message: raw.final_message.map(|m| m.trim().to_string()),
        manifest,
        exercises,
        name_lines,
    })
}

impl Info {
    /// Finds an exercise by exact name.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.exercises.iter().position(|e| e.name == name)
    }

    /// Finds an exercise by name, or fails with the nearest names as suggestions.
    pub fn lookup(&self, name: &str) -> Result<usize> {
        if let Some(i) = self.find(name) {
            return Ok(i);
        }
        // Near means a few typos away (swaps count once) or sharing most of a long prefix.
        let mut near: Vec<(f64, &str)> = self
            .exercises
            .iter()
            .map(|e| {
                let edits = strsim::damerau_levenshtein(name, &e.name);
                let similar = strsim::jaro_winkler(name, &e.name);
                let close = edits <= (e.name.len() / 3).max(1) || similar > 0.85;
                (
                    if close {
                        similar - edits as f64
                    } else {
                        f64::MIN
                    },
                    e.name.as_str(),
                )
            })
            .filter(|(score, _)| *score > f64::MIN)
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0));
        let names: Vec<&str> = near.iter().take(3).map(|(_, n)| *n).collect();
        if names.is_empty() {
            bail!(crate::messages::commands::no_exercise(name));
        }
        bail!(crate::messages::commands::did_you_mean(
            name,
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "format_version = 1\n[[exercises]]\nname = \"a1\"\ndir = \"00_a\"\nhint = \"h\"\n[[exercises]]\nname = \"b1\"\ntest = false\ntimeout_secs = 2\nruns = 3\nhint = \"h\"\n";

    #[test]
    fn defaults_are_filled_in() {
        let info = parse(Path::new("info.toml"), GOOD).unwrap();
        let a = &info.exercises[0];
        assert!(a.test);
        assert_eq!(a.timeout_secs, DEFAULT_TIMEOUT_SECS);
        assert_eq!(a.runs, 1);
        assert_eq!(a.path(), Path::new("exercises/00_a/a1.rs"));
        let b = &info.exercises[1];
        assert_eq!((b.test, b.timeout_secs, b.runs), (false, 2, 3));
        assert_eq!(b.solution_path(), Path::new("solutions/b1.rs"));
        assert_eq!(info.manifest, Path::new("Cargo.toml"));
    }

    #[test]
    fn unknown_field_names_line_and_field() {
        let text = GOOD.replace("runs = 3", "rnus = 3");
        let err = parse(Path::new("info.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("info.toml:10:1:"), "{err}");
        assert!(err.contains("rnus"), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }

    #[test]
    fn duplicate_names_point_at_both() {
        let text = GOOD.replace("name = \"b1\"", "name = \"a1\"");
        let err = parse(Path::new("i.toml"), &text).unwrap_err().to_string();
        assert!(
            err.contains("i.toml:7:8") && err.contains("line 3"),
            "{err}"
        );
    }

    #[test]
    fn suggestions_name_the_nearest_exercise() {
        let info = parse(Path::new("info.toml"), GOOD).unwrap();
        let err = info.lookup("a2").unwrap_err().to_string();
        assert!(err.contains("did you mean `a1`"), "{err}");
    }

    #[test]
    fn zero_timeout_is_rejected() {
        let text = GOOD.replace("timeout_secs = 2", "timeout_secs = 0");
        let err = parse(Path::new("info.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("info.toml:9:16") && err.contains("timeout_secs"),
            "{err}"
        );
    }

    #[test]
    fn hints_in_steps_and_a_single_hint_are_both_steps() {
        let text = GOOD.replace(
            "hint = \"h\"\n[[exercises]]",
            "hints = [\" concept \", \"where\", \"shape\"]\n[[exercises]]",
        );
        let info = parse(Path::new("info.toml"), &text).unwrap();
        assert_eq!(info.exercises[0].hints, ["concept", "where", "shape"]);
        assert_eq!(info.exercises[1].hints, ["h"]);
    }

    #[test]
    fn hint_and_hints_together_are_rejected() {
        let text = GOOD.replace(
            "hint = \"h\"\n[[exercises]]",
            "hint = \"h\"\nhints = [\"a\"]\n[[exercises]]",
        );
        let err = parse(Path::new("info.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("info.toml:6:9:") && err.contains("field `hints` of `a1`"),
            "{err}"
        );
    }

    #[test]
    fn an_empty_hint_step_is_rejected() {
        let text = GOOD.replace(
            "hint = \"h\"\n[[exercises]]",
            "hints = [\"a\", \" \"]\n[[exercises]]",
        );
        let err = parse(Path::new("info.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("step 2 is empty"), "{err}");
    }

    #[test]
    fn points_default_to_one_and_absurd_points_are_rejected() {
        let info = parse(Path::new("info.toml"), GOOD).unwrap();
        assert_eq!(info.exercises[0].points, 1);
        let text = GOOD.replace("runs = 3", "runs = 3\npoints = 5");
        assert_eq!(
            parse(Path::new("info.toml"), &text).unwrap().exercises[1].points,
            5
        );
        let text = GOOD.replace("runs = 3", "runs = 3\npoints = 50000");
        let err = parse(Path::new("info.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("info.toml:11:10: field `points` of `b1`"),
            "{err}"
        );
    }

    #[test]
    fn limits_default_inherit_and_reject_zero_or_absurd_values() {
        let info = parse(Path::new("info.toml"), GOOD).unwrap();
        assert_eq!(info.exercises[0].limits, DEFAULT_LIMITS);
        let text = format!(
            "memory_mb = 512\n{}",
            GOOD.replace("runs = 3", "runs = 3\nmax_processes = 8")
        );
        let info = parse(Path::new("info.toml"), &text).unwrap();
        assert_eq!(info.exercises[0].limits.memory_mb, 512);
        assert_eq!(
            info.exercises[1].limits,
            Limits {
                memory_mb: 512,
                max_processes: 8
            }
        );
        let text = GOOD.replace("runs = 3", "runs = 3\nmemory_mb = 0");
        let err = parse(Path::new("info.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("info.toml:11:13: field `memory_mb` of `b1`: must be between 1"),
            "{err}"
        );
        let text = format!("max_processes = 1000000\n{GOOD}");
        let err = parse(Path::new("info.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("info.toml:1:17: field `max_processes`: must be between 1 and 10000"),
            "{err}"
        );
    }
}
