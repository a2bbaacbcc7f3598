//! Whether a learner's exercise still has the tests and scaffolding it was shipped with.
//!
//! Grading is only honest if the tests are the author's: everything from the marker line down
//! must be as shipped. This module compares that part of a learner's file with the original and
//! says, in one line, what changed (which lines of the shipped file differ), never the whole diff.

use similar::{DiffTag, TextDiff};

use crate::marker;

/// How a learner's file departs from the shipped one below the marker, if it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tampering {
    /// The marker line itself is gone, so nothing tells the lesson from the tests.
    MarkerRemoved,
    /// Lines from the marker down differ from the shipped file.
    Edited {
        /// 1-based line ranges of the shipped file that were changed or removed, and where
        /// lines were added (as an empty range at the line before which they were added).
        lines: Vec<(usize, usize)>,
        /// Lines removed or changed, and lines added, counted against the shipped file.
        removed: usize,
        added: usize,
    },
    /// Support code the exercise uses differs from the shipped workbook's.
    Support {
        /// The changed modules of the support library (`lib` for its root).
        modules: Vec<String>,
    },
}

impl std::fmt::Display for Tampering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::messages::report as msg;
        let text = match self {
            Tampering::MarkerRemoved => msg::marker_removed(marker::MARKER),
            Tampering::Support { modules } => msg::support_edited(
                modules
                    .iter()
                    .map(|m| format!("support/{m}.rs"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Tampering::Edited {
                lines,
                removed,
                added,
            } => {
                let shown: Vec<String> = lines
                    .iter()
                    .take(4)
                    .map(|&(a, b)| {
                        if a == b {
                            a.to_string()
                        } else {
                            format!("{a}-{b}")
                        }
                    })
                    .collect();
                let more = if lines.len() > 4 { ", ..." } else { "" };
                msg::tests_edited(format!("{}{more}", shown.join(", ")), removed, added)
            }
        };
        f.write_str(&text)
    }
}

/// Compares the part from the marker down of `current` with that of `shipped`. `None` when they
/// agree (or when the shipped file has no marker, so there is nothing to protect).
pub fn check(shipped: &str, current: &str) -> Option<Tampering> {
    let (shipped_learner, shipped_fixed) = marker::split(shipped)?;
    let Some((_, current_fixed)) = marker::split(current) else {
        return Some(Tampering::MarkerRemoved);
    };
    if shipped_fixed == current_fixed {
        return None;
    }
    // Line numbers are reported in the shipped file, where the fixed part starts after the
    // learner's part.
    let offset = shipped_learner.lines().count();
    let diff = TextDiff::from_lines(shipped_fixed, current_fixed);
    let mut lines = Vec::new();
    let (mut removed, mut added) = (0, 0);
    for op in diff.ops() {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        removed += old.len();
        added += new.len().saturating_sub(old.len());
        let first = offset + old.start + 1;
        let last = offset + old.end.max(old.start + 1);
        lines.push((first, last));
    }
    if lines.is_empty() {
        // Only line endings differ in a way the line diff does not show.
        lines.push((offset + 1, offset + 1));
    }
    Some(Tampering::Edited {
        lines,
        removed,
        added,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(learner: &str, fixed: &str) -> String {
        format!("{learner}{}\n{fixed}", marker::MARKER)
    }

    #[test]
    fn the_learners_part_may_change_freely() {
        let shipped = file("fn a() {}\n", "#[test]\nfn t() {}\n");
        let solved = file("fn a() {\n    work();\n}\n", "#[test]\nfn t() {}\n");
        assert_eq!(check(&shipped, &solved), None);
    }

    #[test]
    fn an_edited_test_names_the_shipped_lines() {
        let shipped = file("fn a() {}\n", "#[test]\nfn t() {\n    assert!(ok());\n}\n");
        let edited = file("fn a() {}\n// mine\n", "#[test]\nfn t() {\n}\n");
        let t = check(&shipped, &edited).unwrap();
        assert_eq!(
            t,
            Tampering::Edited {
                lines: vec![(5, 5)],
                removed: 1,
                added: 0
            }
        );
        assert!(t.to_string().contains("shipped line(s) 5;"), "{t}");
    }

    #[test]
    fn a_removed_marker_is_tampering() {
        let shipped = file("fn a() {}\n", "#[test]\nfn t() {}\n");
        assert_eq!(
            check(&shipped, "fn a() {}\n"),
            Some(Tampering::MarkerRemoved)
        );
    }
}
