//! The learner's progress: which exercise is current and which are done.
//!
//! It lives in `.mtlings-state.toml` at the workbook root (git-ignored) and is always written
//! atomically (temp file + rename) so a crash never leaves half a file. A missing file starts
//! fresh; an unreadable one is kept aside as `.corrupt` and rebuilt with a one-line warning.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::info::Info;
use crate::lang::Lang;

/// File name of the progress file inside the workbook root.
pub const STATE_FILE: &str = ".mtlings-state.toml";

#[derive(Debug, Default, Serialize, Deserialize)]
struct RawState {
    current: Option<String>,
    #[serde(default)]
    done: Vec<String>,
    #[serde(default)]
    welcomed: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    hints: BTreeMap<String, usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
}

/// Progress through one workbook.
#[derive(Debug)]
pub struct State {
    path: PathBuf,
    /// Index of the current exercise in course order.
    pub current: usize,
    /// Names of the exercises that passed `runs` times in a row.
    pub done: BTreeSet<String>,
    /// Whether the welcome message has been shown.
    pub welcomed: bool,
    /// How many hint steps each exercise has revealed (absent: none).
    hints: BTreeMap<String, usize>,
    /// A warning to show the learner about how the state was loaded, if any.
    pub warning: Option<String>,
    /// The language the learner chose (or first started in); the exercise files are in it.
    pub lang: Option<Lang>,
}

impl State {
    /// Loads the progress of the workbook at `root`, rebuilding it if it is missing or broken.
    pub fn load(root: &Path, info: &Info) -> Self {
        let path = root.join(STATE_FILE);
        let mut warning = None;
        let raw = match fs::read_to_string(&path) {
            Ok(text) => match toml::from_str::<RawState>(&text) {
                Ok(raw) => raw,
                Err(e) => {
                    let aside = path.with_extension("toml.corrupt");
                    let kept = fs::rename(&path, &aside).is_ok();
                    warning = Some(format!(
                        "warning: {} was unreadable ({}); progress starts again{}",
                        path.display(),
                        e.message().trim(),
                        if kept {
                            format!(", the old file is kept as {}", aside.display())
                        } else {
                            String::new()
                        }
                    ));
                    RawState::default()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => RawState::default(),
            Err(e) => {
                warning = Some(format!(
                    "warning: cannot read {} ({e}); progress starts again",
                    path.display()
                ));
                RawState::default()
            }
        };
        // Names that are no longer in the workbook are dropped, never an error.
        let done: BTreeSet<String> = raw
            .done
            .into_iter()
            .filter(|n| info.find(n).is_some())
            .collect();
        let current = raw
            .current
            .and_then(|c| info.find(&c))
            .or_else(|| info.exercises.iter().position(|e| !done.contains(&e.name)))
            .unwrap_or(0);
        let hints = raw
            .hints
            .into_iter()
            .filter(|(n, _)| info.find(n).is_some())
            .collect();
        Self {
            path,
            current,
            done,
            welcomed: raw.welcomed,
            hints,
            warning,
            lang: raw.lang.as_deref().and_then(Lang::parse),
        }
    }

    /// Writes the progress atomically: a temp file in the same folder, then a rename.
    pub fn save(&self, info: &Info) -> Result<()> {
        let raw = RawState {
            current: Some(info.exercises[self.current].name.clone()),
            done: info
                .exercises
                .iter()
                .filter(|e| self.done.contains(&e.name))
                .map(|e| e.name.clone())
                .collect(),
            welcomed: self.welcomed,
            hints: self.hints.clone(),
            lang: self.lang.map(|l| l.tag().to_string()),
        };
        let text = format!(
            "# mtlings progress; safe to delete (progress starts again)\n{}",
            toml::to_string(&raw).context("cannot encode progress")?
        );
        crate::atomic_file::write(&self.path, text.as_bytes(), true)
            .map_err(|e| anyhow::anyhow!("cannot save progress to {}: {e}", self.path.display()))
    }

    /// Whether the exercise with `name` is done.
    pub fn is_done(&self, name: &str) -> bool {
        self.done.contains(name)
    }

    /// Records a passed exercise; if it was the current one, moves on to the next pending one.
    /// Returns whether the current exercise changed.
    pub fn mark_done(&mut self, info: &Info, index: usize) -> bool {
        self.done.insert(info.exercises[index].name.clone());
        if index != self.current {
            return false;
        }
        match self.next_pending(info, index) {
            Some(next) => {
                self.current = next;
                true
            }
            None => false,
        }
    }

    /// The first pending exercise after `index`, wrapping around to the start.
    pub fn next_pending(&self, info: &Info, index: usize) -> Option<usize> {
        let n = info.exercises.len();
        (1..n)
            .map(|k| (index + k) % n)
            .find(|&i| !self.is_done(&info.exercises[i].name))
    }

    /// How many hint steps of the exercise `name` the learner has seen.
    pub fn hints_shown(&self, name: &str) -> usize {
        self.hints.get(name).copied().unwrap_or(0)
    }

    /// Reveals one more hint step of `name` (of `total`) and returns how many are shown now.
    pub fn reveal_hint(&mut self, name: &str, total: usize) -> usize {
        let shown = (self.hints_shown(name) + 1).min(total);
        self.hints.insert(name.to_string(), shown);
        shown
    }

    /// Whether every exercise is done.
    pub fn all_done(&self, info: &Info) -> bool {
        info.exercises.iter().all(|e| self.is_done(&e.name))
    }
}
