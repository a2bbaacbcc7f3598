//! Rendering batch results for people (a table) and machines (JSON, JUnit XML, Gradescope's
//! `results.json`, Classroom 50's `result.json`).
//!
//! Reporters see only [`Record`]s: what was graded, whether it met its expectation, why not, and
//! what it is worth. They know nothing about cargo or processes, and render into strings, so each
//! format is tested as text.

use crate::messages::report as msg;
use crate::words::pad;
use console::style;
use serde::Serialize;
use serde_json::json;

/// What kind of file a record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A learner's (or shipped) exercise file.
    Exercise,
    /// A reference solution.
    Solution,
    /// A known wrong fix, spliced onto its exercise.
    Mistake,
}

/// One graded file and whether it met what was expected of it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Exercise name.
    pub name: String,
    /// How the file is named in reports: `NAME`, `NAME_sol` or `NAME/SLUG` for a mistake.
    pub label: String,
    /// Topic folder, or `-`.
    pub topic: String,
    /// Which kind of file of the exercise was graded.
    pub role: Role,
    /// Source path relative to the workbook.
    pub path: String,
    /// Whether it met the expectation (pass for solutions and verify, fail for shipped
    /// exercises and mistakes under dev check).
    pub ok: bool,
    /// What was expected, for people: "passes", "fails as shipped" or "fails (wrong fix)".
    pub expected: &'static str,
    /// Runs attempted.
    pub runs: u32,
    /// Runs that passed.
    pub passes: u32,
    /// Why it did not meet the expectation (empty when ok).
    pub problem: String,
    /// How it ended, for people: for a shipped exercise, how it failed.
    pub note: String,
    /// Compiler and program output of the failing (or last) run, without colours.
    pub output: String,
    /// Points earned: the exercise's points when it met the expectation, else 0.
    pub points: u32,
    /// Points it is worth.
    pub max_points: u32,
    /// Seconds spent running it (not building it).
    pub seconds: f64,
}

/// Totals over records: (passed, failed, points earned, points possible).
fn totals(records: &[Record]) -> (usize, usize, u32, u32) {
    let failed = records.iter().filter(|r| !r.ok).count();
    let earned = records.iter().map(|r| r.points).sum();
    let possible = records.iter().map(|r| r.max_points).sum();
    (records.len() - failed, failed, earned, possible)
}

/// The closing line: `TITLE: N passed, N failed`, with points when `points` is set.
pub fn summary(records: &[Record], title: &str, points: bool) -> String {
    let (passed, failed, earned, possible) = totals(records);
    let mut line = msg::summary(title, passed, failed);
    if points {
        line.push_str(&msg::points(earned, possible));
    }
    line
}

/// A table of the records and the summary line, for people.
pub fn human(records: &[Record], title: &str, points: bool) -> String {
    let w = records
        .iter()
        .map(|r| r.label.len())
        .max()
        .unwrap_or(4)
        .max(4)
        + 4;
    let mut out = String::new();
    for r in records {
        let label = &r.label;
        let mark = if r.ok {
            style(pad(&msg::ok(), 4)).green()
        } else {
            style(pad(&msg::fail(), 4)).red().bold()
        };
        let runs = if r.runs > 1 {
            msg::runs_passed(r.passes, r.runs)
        } else {
            String::new()
        };
        let why = if r.ok {
            style(r.note.as_str()).dim()
        } else {
            style(r.problem.as_str())
        };
        let runs = pad(&runs, 18);
        out.push_str(&format!("{mark}  {label:<w$}  {runs}  {why}\n"));
    }
    let line = summary(records, title, points);
    out.push('\n');
    if records.iter().all(|r| r.ok) {
        out.push_str(&format!("{}\n", style(&line).green().bold()));
    } else {
        out.push_str(&format!("{}\n", style(&line).red().bold()));
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    workbook: String,
    passed: usize,
    failed: usize,
    points: u32,
    max_points: u32,
    records: &'a [Record],
}

/// Renders the records as one JSON document.
pub fn json(records: &[Record], workbook: &str) -> String {
    let (passed, failed, points, max_points) = totals(records);
    let report = JsonReport {
        workbook: workbook.to_string(),
        passed,
        failed,
        points,
        max_points,
        records,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into())
}

/// Why a record failed and its output, as one text for graders that show a single field.
fn explanation(r: &Record) -> String {
    match (r.problem.is_empty(), r.output.trim().is_empty()) {
        (true, _) => r.note.clone(),
        (false, true) => r.problem.clone(),
        (false, false) => format!("{}\n\n{}", r.problem, r.output.trim_end()),
    }
}

/// Renders the records as Gradescope's autograder `results.json`: one test per record with its
/// `score`, `max_score`, `status` and `output`, and the total `score`.
pub fn gradescope(records: &[Record], title: &str) -> String {
    let (_, _, earned, _) = totals(records);
    let tests: Vec<_> = records
        .iter()
        .map(|r| {
            json!({
                "name": r.label,
                "score": r.points,
                "max_score": r.max_points,
                "status": if r.ok { "passed" } else { "failed" },
                "output": explanation(r),
            })
        })
        .collect();
    let seconds: f64 = records.iter().map(|r| r.seconds).sum();
    let doc = json!({
        "score": earned,
        "execution_time": seconds.round() as u64,
        "output": summary(records, title, true),
        "tests": tests,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into())
}

/// Renders the records as the grading part of Classroom 50's `result.json` (schema
/// `classroom50/result/v1`): `score`, `max-score` and per test `test-name`, `passed`, `score`,
/// `max-score`, plus `output`. The runner stamps the submission's identity fields itself.
pub fn classroom50(records: &[Record]) -> String {
    let (_, _, earned, possible) = totals(records);
    let tests: Vec<_> = records
        .iter()
        .map(|r| {
            json!({
                "test-name": r.label,
                "passed": r.ok,
                "score": r.points,
                "max-score": r.max_points,
                "output": explanation(r),
            })
        })
        .collect();
    let doc = json!({ "score": earned, "max-score": possible, "tests": tests });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into())
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the records as JUnit XML: one test suite per topic, one test case per record, with
/// times, and a failure whose message says why.
pub fn junit(records: &[Record], suite: &str) -> String {
    let (_, failed, _, _) = totals(records);
    let time = |rs: &mut dyn Iterator<Item = &Record>| rs.map(|r| r.seconds).sum::<f64>();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{failed}\" time=\"{:.3}\">\n",
        xml_escape(suite),
        records.len(),
        time(&mut records.iter())
    ));
    let mut topics: Vec<&str> = records.iter().map(|r| r.topic.as_str()).collect();
    topics.dedup();
    for topic in topics {
        let in_topic: Vec<&Record> = records.iter().filter(|r| r.topic == topic).collect();
        let bad = in_topic.iter().filter(|r| !r.ok).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{bad}\" time=\"{:.3}\">\n",
            xml_escape(topic),
            in_topic.len(),
            time(&mut in_topic.iter().copied())
        ));
        for r in in_topic {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"{:.3}\">",
                xml_escape(topic),
                xml_escape(&r.label),
                xml_escape(&r.path),
                r.seconds
            ));
            if r.ok {
                out.push_str("</testcase>\n");
            } else {
                out.push_str(&format!(
                    "\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml_escape(&r.problem),
                    xml_escape(&r.output)
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ok: bool) -> Record {
        Record {
            name: "a<b".into(),
            label: "a<b".into(),
            topic: "t".into(),
            role: Role::Exercise,
            path: "exercises/t/a.rs".into(),
            ok,
            expected: "passes",
            runs: 1,
            passes: u32::from(ok),
            problem: if ok {
                String::new()
            } else {
                "tests \"failed\"".into()
            },
            note: String::new(),
            output: "x & y\u{1b}".into(),
            points: if ok { 2 } else { 0 },
            max_points: 2,
            seconds: 0.25,
        }
    }

    #[test]
    fn junit_escapes_counts_failures_and_times() {
        let xml = junit(&[record(true), record(false)], "wb");
        assert!(
            xml.contains("tests=\"2\" failures=\"1\" time=\"0.500\""),
            "{xml}"
        );
        assert!(xml.contains("name=\"a&lt;b\""), "{xml}");
        assert!(xml.contains("time=\"0.250\">"), "{xml}");
        assert!(
            xml.contains("message=\"tests &quot;failed&quot;\">x &amp; y</failure>"),
            "{xml}"
        );
    }

    #[test]
    fn json_has_totals_and_points() {
        let v: serde_json::Value =
            serde_json::from_str(&json(&[record(false), record(true)], "wb")).unwrap();
        assert_eq!(v["failed"], 1);
        assert_eq!(
            (v["points"].as_u64(), v["max_points"].as_u64()),
            (Some(2), Some(4))
        );
        assert_eq!(v["records"][0]["problem"], "tests \"failed\"");
    }

    #[test]
    fn human_ends_with_the_summary_and_points() {
        let text = human(&[record(true), record(false)], "verify", true);
        let last = console::strip_ansi_codes(text.lines().last().unwrap()).into_owned();
        assert_eq!(last, "verify: 1 passed, 1 failed (2 of 4 points)");
    }
}
