//! Rendering batch results for people (a table) and machines (JSON, JUnit XML).
//!
//! Reporters see only [`Record`]s: what was graded, whether it met its expectation, and why
//! not. They know nothing about cargo or processes.

use console::style;
use serde::Serialize;

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
    /// exercises under dev check).
    pub ok: bool,
    /// What was expected, for people: "passes", "fails as shipped" or "fails (wrong fix)".
    pub expected: &'static str,
    /// Runs attempted and passed.
    pub runs: u32,
    /// Runs that passed.
    pub passes: u32,
    /// Why it did not meet the expectation (empty when ok).
    pub problem: String,
    /// How it ended, for people: for a shipped exercise, how it failed.
    pub note: String,
    /// Compiler and program output of the failing (or last) run, without colours.
    pub output: String,
}

/// Prints a table of the records and a summary line; returns the summary.
pub fn human(records: &[Record], title: &str) -> String {
    let w = records
        .iter()
        .map(|r| r.label.len())
        .max()
        .unwrap_or(4)
        .max(4)
        + 4;
    for r in records {
        let label = &r.label;
        let mark = if r.ok {
            style("ok  ").green()
        } else {
            style("FAIL").red().bold()
        };
        let runs = if r.runs > 1 {
            format!("{}/{} runs passed", r.passes, r.runs)
        } else {
            String::new()
        };
        let why = if r.ok {
            style(r.note.as_str()).dim()
        } else {
            style(r.problem.as_str())
        };
        println!("{mark}  {label:<w$}  {runs:<18}  {why}");
    }
    let bad = records.iter().filter(|r| !r.ok).count();
    let summary = format!("{}: {} passed, {} failed", title, records.len() - bad, bad);
    println!();
    if bad == 0 {
        println!("{}", style(&summary).green().bold());
    } else {
        println!("{}", style(&summary).red().bold());
    }
    summary
}

#[derive(Serialize)]
struct JsonReport<'a> {
    workbook: String,
    passed: usize,
    failed: usize,
    records: &'a [Record],
}

/// Renders the records as one JSON document.
pub fn json(records: &[Record], workbook: &str) -> String {
    let failed = records.iter().filter(|r| !r.ok).count();
    let report = JsonReport {
        workbook: workbook.to_string(),
        passed: records.len() - failed,
        failed,
        records,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into())
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

/// Renders the records as JUnit XML: one test suite per topic, one test case per record.
pub fn junit(records: &[Record], suite: &str) -> String {
    let failed = records.iter().filter(|r| !r.ok).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{failed}\">\n",
        xml_escape(suite),
        records.len()
    ));
    let mut topics: Vec<&str> = records.iter().map(|r| r.topic.as_str()).collect();
    topics.dedup();
    for topic in topics {
        let in_topic: Vec<&Record> = records.iter().filter(|r| r.topic == topic).collect();
        let bad = in_topic.iter().filter(|r| !r.ok).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{bad}\">\n",
            xml_escape(topic),
            in_topic.len()
        ));
        for r in in_topic {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">",
                xml_escape(topic),
                xml_escape(&r.label),
                xml_escape(&r.path)
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
        }
    }

    #[test]
    fn junit_escapes_and_counts_failures() {
        let xml = junit(&[record(true), record(false)], "wb");
        assert!(xml.contains("tests=\"2\" failures=\"1\""), "{xml}");
        assert!(xml.contains("name=\"a&lt;b\""), "{xml}");
        assert!(
            xml.contains("message=\"tests &quot;failed&quot;\">x &amp; y</failure>"),
            "{xml}"
        );
    }

    #[test]
    fn json_has_totals() {
        let v: serde_json::Value = serde_json::from_str(&json(&[record(false)], "wb")).unwrap();
        assert_eq!(v["failed"], 1);
        assert_eq!(v["records"][0]["problem"], "tests \"failed\"");
    }
}
