//! The line that divides an exercise into the learner's part and the fixed part.
//!
//! Everything above `// ---- Don't edit below this line. ----` is the learner's to change;
//! everything from that line down (tests, scaffolding) is the author's. The line is part of the
//! workbook format: mistakes are spliced at it, and it is what tells an edit of the lesson from
//! an edit of the tests.

/// The marker line, as it must appear (leading indentation allowed).
pub const MARKER: &str = "// ---- Don't edit below this line. ----";

/// Splits `text` at the start of its first marker line: (the learner's part, the fixed part
/// from the marker line down). `None` when the text has no marker line.
pub fn split(text: &str) -> Option<(&str, &str)> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == MARKER {
            return Some(text.split_at(start));
        }
        start += line.len();
    }
    None
}

/// The 1-based line number of the first marker line of `text`, if any.
pub fn line(text: &str) -> Option<usize> {
    text.lines().position(|l| l.trim() == MARKER).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_start_of_the_marker_line() {
        let text = format!("fn a() {{}}\n    {MARKER}\n#[test]\nfn t() {{}}\n");
        let (learner, fixed) = split(&text).unwrap();
        assert_eq!(learner, "fn a() {}\n");
        assert!(fixed.starts_with("    // ---- Don't"), "{fixed}");
        assert_eq!(line(&text), Some(2));
    }

    #[test]
    fn a_lookalike_is_not_the_marker() {
        assert_eq!(split("// ---- Don't edit below this line ----\n"), None);
        assert_eq!(line("x // ---- Don't edit below this line. ----"), None);
    }
}
