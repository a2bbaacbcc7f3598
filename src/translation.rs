//! The course in another language: an overlay of texts on the English exercises.
//!
//! The code and the tests of an exercise exist once, in English. A translation,
//! `i18n/LANG/DIR/NAME.toml`, holds only words: each of the exercise's (and its solution's)
//! prose texts (comment paragraphs above the marker line, messages in string literals anywhere)
//! as `en` with its translation beside it, and the hint steps. [`render`] writes an exercise in
//! the translated language by replacing exactly those texts, so the compiled program differs only
//! in its messages. `i18n/LANG/info.toml` translates the welcome and final messages.
//!
//! Every translation stores `source`, a hash of the English texts it was made from
//! ([`english_hash`]). When the English changes, the hash no longer matches and `dev check`
//! reports the translation as stale, with the texts that changed: a translation cannot silently
//! drift. `mtlings dev translate` writes the entries still to be translated and stamps the hash
//! once every entry is done.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;
use toml::Spanned;

use crate::info::{Exercise, line_col};
use crate::lang::Lang;
use crate::texts::{self, Kind, Unit};

/// The folder of a workbook that holds the translations.
pub const DIR: &str = "i18n";

/// The file translating info.toml's own texts, inside a language's folder.
pub const INFO_TEXTS: &str = "info.toml";

/// A text of the English and its translation.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    /// The English text, exactly as [`crate::texts`] reads it from the file.
    pub en: Spanned<String>,
    /// Its translation; empty while still to be done.
    pub zh: Spanned<String>,
}

/// One exercise's translation, as read from its file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The hash of the English texts this was translated from.
    #[serde(default)]
    pub source: String,
    /// The hint steps, as many as the English has.
    #[serde(default)]
    pub hints: Vec<String>,
    /// The texts.
    #[serde(default, rename = "text")]
    pub texts: Vec<Entry>,
    /// info.toml's texts (in `i18n/LANG/info.toml` only).
    #[serde(default)]
    pub welcome_message: Option<String>,
    #[serde(default)]
    pub final_message: Option<String>,
}

impl Translation {
    /// The translation of `text`, if there is one and it is done.
    pub fn lookup(&self, text: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|e| *e.en.get_ref() == text)
            .map(|e| e.zh.get_ref().as_str())
            .filter(|zh| !zh.is_empty())
    }
}

/// Where the translation of `ex` into `lang` lives in the workbook at `root`.
pub fn path(root: &Path, lang: Lang, ex: &Exercise) -> PathBuf {
    root.join(DIR)
        .join(lang.tag())
        .join(ex.sub_path().with_extension("toml"))
}

/// Reads a translation file; `None` when there is none. Errors name the file, line and field.
pub fn read(path: &Path) -> Result<Option<Translation>> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    parse(path, &text).map(Some)
}

/// Parses the text of a translation file (named `path` in errors).
pub fn parse(path: &Path, text: &str) -> Result<Translation> {
    toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        anyhow::anyhow!("{}:{line}:{col}: {}", path.display(), e.message().trim())
    })
}

/// Whether a unit of a file is prose a learner reads, so something to translate: comments
/// above the marker line (the lesson), and string literals of at least two words anywhere (the
/// messages of `main` and of the tests).
pub fn is_prose(unit: &Unit, marker_line: Option<usize>) -> bool {
    match unit.kind {
        Kind::Comments { .. } | Kind::Trailing { .. } => {
            marker_line.is_none_or(|m| unit.line < m) && !unit.text.trim().is_empty()
        }
        Kind::Str => {
            unit.text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2)
                .count()
                >= 2
        }
    }
}

/// The prose units of a file, in order.
pub fn prose(source: &str) -> Vec<Unit> {
    let marker = crate::marker::line(source);
    texts::units(source)
        .into_iter()
        .filter(|u| is_prose(u, marker))
        .collect()
}

/// A stable hash (64-bit FNV-1a) of the English an exercise's translation is made from: the
/// prose of its exercise and solution files and its hint steps. Stable across Rust versions and
/// machines, which `std`'s hasher is not; it detects change, it does not resist forgery.
pub fn english_hash<'a>(sources: &[&str], hints: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Fnv::new();
    for source in sources {
        for unit in prose(source) {
            h.write(unit.text.as_bytes());
            h.write(&[0]);
        }
        h.write(&[1]);
    }
    for hint in hints {
        h.write(hint.as_bytes());
        h.write(&[0]);
    }
    format!("{:016x}", h.0)
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// `source` rewritten with the translated texts of `tr`; texts without a translation stay.
pub fn render(source: &str, tr: &Translation) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 2);
    let mut at = 0;
    for unit in prose(source) {
        let Some(zh) = tr.lookup(&unit.text) else {
            continue;
        };
        out.push_str(&source[at..unit.span.start]);
        out.push_str(&written(source, &unit, zh));
        at = unit.span.end;
    }
    out.push_str(&source[at..]);
    out
}

/// How the translation `zh` of `unit` is written into the file.
fn written(source: &str, unit: &Unit, zh: &str) -> String {
    match unit.kind {
        Kind::Comments { prefix } => zh
            .lines()
            .map(|line| {
                if line.is_empty() {
                    format!("{}{prefix}", unit.indent)
                } else {
                    format!("{}{prefix} {line}", unit.indent)
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Kind::Trailing { prefix } => format!("{prefix} {}", zh.replace('\n', " ")),
        Kind::Str if unit.continues(source) => {
            let width = 96usize.saturating_sub(unit.indent.len()).max(40);
            let lines = wrap_literal(zh, width);
            let joined = lines.join(&format!("\\\n{}", unit.indent));
            format!("\"{joined}\"")
        }
        Kind::Str => format!("\"{}\"", escape_rust(zh)),
    }
}

/// Rust's escapes for a string literal's content.
fn escape_rust(text: &str) -> String {
    text.chars().map(escape_char).collect()
}

fn escape_char(c: char) -> String {
    match c {
        '\\' => "\\\\".into(),
        '"' => "\\\"".into(),
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        '\r' => "\\r".into(),
        '\0' => "\\0".into(),
        c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
        c => c.to_string(),
    }
}

/// Splits the escaped `text` into pieces of about `width` columns for a literal that goes on
/// over lines with `\`. A piece never starts with whitespace: the `\` at a line's end swallows
/// the next line's leading whitespace, and the text would lose it.
fn wrap_literal(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut col = 0;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let piece = escape_char(c);
        let w = console::measure_text_width(&piece).max(1);
        let starts_ok = !c.is_whitespace();
        // Prefer breaking after a space or between two wide (CJK) characters.
        let nice = i > 0 && (chars[i - 1] == ' ' || (w == 2 && col > 0));
        if col + w > width && starts_ok && (nice || col + w > width + 20) && col > 0 {
            lines.push(String::new());
            col = 0;
        }
        lines
            .last_mut()
            .expect("one line at least")
            .push_str(&piece);
        col += w;
    }
    lines
}

/// The `{...}` arguments of a format string (`{}`, `{n}`, `{:?}`, `{key:>3}`), in order, with
/// `{{` and `}}` skipped. The translation of a message must keep them all.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
            }
            '{' => {
                if let Some(close) = text[i..].find('}') {
                    out.push(text[i..=i + close].to_string());
                    while chars.peek().is_some_and(|(j, _)| *j <= i + close) {
                        chars.next();
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// What is wrong with one exercise's translation, each a line naming the file (and line).
#[derive(Debug, Default)]
pub struct Findings {
    /// The English changed since the translation was stamped.
    pub stale: Option<String>,
    /// Other problems: untranslated entries, lost placeholders, a wrong number of hint steps.
    pub problems: Vec<String>,
}

/// Checks the translation `tr` (read from `file`, whose text is `text`) of an exercise whose
/// English files are `sources` and whose English hints are `hints`.
pub fn check(
    file: &Path,
    text: &str,
    tr: &Translation,
    sources: &[&str],
    hints: &[String],
) -> Findings {
    let mut found = Findings::default();
    let at = |span: std::ops::Range<usize>| line_col(text, span.start).0;
    let units: Vec<Unit> = sources.iter().flat_map(|s| prose(s)).collect();
    let present: HashSet<&str> = units.iter().map(|u| u.text.as_str()).collect();
    let covered: HashSet<&str> = tr.texts.iter().map(|e| e.en.get_ref().as_str()).collect();
    let gone: Vec<&Entry> = tr
        .texts
        .iter()
        .filter(|e| !present.contains(e.en.get_ref().as_str()))
        .collect();
    let new: Vec<&Unit> = {
        let mut seen = HashSet::new();
        units
            .iter()
            .filter(|u| !covered.contains(u.text.as_str()) && seen.insert(u.text.as_str()))
            .collect()
    };
    let hash = english_hash(sources, hints.iter().map(String::as_str));
    if tr.source.is_empty() {
        // Never stamped: the entries still to translate say what is left.
    } else if tr.source != hash {
        let mut why = Vec::new();
        if let Some(e) = gone.first() {
            why.push(format!(
                "{} translated text(s) no longer in the English (line {}: \"{}\")",
                gone.len(),
                at(e.en.span()),
                excerpt(e.en.get_ref())
            ));
        }
        if let Some(u) = new.first() {
            why.push(format!(
                "{} English text(s) not translated (line {} of the English: \"{}\")",
                new.len(),
                u.line,
                excerpt(&u.text)
            ));
        }
        if tr.hints.len() != hints.len() {
            why.push(format!(
                "the English has {} hint step(s), the translation {}",
                hints.len(),
                tr.hints.len()
            ));
        }
        if why.is_empty() {
            why.push("the English hint steps or texts were edited".into());
        }
        found.stale = Some(format!(
            "{}: stale: the English changed since it was translated: {}",
            file.display(),
            why.join("; ")
        ));
    }
    for e in &tr.texts {
        let zh = e.zh.get_ref();
        if zh.trim().is_empty() {
            found.problems.push(format!(
                "{}:{}: field `zh`: not translated yet (\"{}\")",
                file.display(),
                at(e.zh.span()),
                excerpt(e.en.get_ref())
            ));
            continue;
        }
        let is_str = units
            .iter()
            .any(|u| u.kind == Kind::Str && u.text == *e.en.get_ref());
        let is_trailing = units
            .iter()
            .any(|u| matches!(u.kind, Kind::Trailing { .. }) && u.text == *e.en.get_ref());
        if is_str {
            let mut want = placeholders(e.en.get_ref());
            let mut got = placeholders(zh);
            want.sort();
            got.sort();
            if want != got {
                found.problems.push(format!(
                    "{}:{}: field `zh`: the message must keep the English's placeholders \
                     exactly ({} in the English, {} here)",
                    file.display(),
                    at(e.zh.span()),
                    list_or_none(&want),
                    list_or_none(&got)
                ));
            }
        }
        if is_trailing && zh.contains('\n') {
            found.problems.push(format!(
                "{}:{}: field `zh`: a comment after code must stay on one line",
                file.display(),
                at(e.zh.span())
            ));
        }
    }
    if let Some(i) = tr.hints.iter().position(|h| h.trim().is_empty()) {
        found.problems.push(format!(
            "{}: field `hints`: step {} not translated yet",
            file.display(),
            i + 1
        ));
    }
    if tr.source.is_empty() && found.problems.is_empty() {
        found.problems.push(format!(
            "{}: field `source`: not stamped yet (`mtlings dev translate` stamps a complete \
             translation)",
            file.display()
        ));
    }
    if tr.hints.len() != hints.len() && found.stale.is_none() {
        found.problems.push(format!(
            "{}: field `hints`: {} step(s), the English has {}",
            file.display(),
            tr.hints.len(),
            hints.len()
        ));
    }
    found
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(" ")
    }
}

/// The first words of a text, for a one-line report.
pub fn excerpt(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut s: String = line.chars().take(60).collect();
    if line.chars().count() > 60 || text.lines().count() > 1 {
        s.push('…');
    }
    s
}

/// A translation file for an exercise whose English files are `sources` and hints `hints`:
/// the entries of `old` that still match keep their translation, new texts get an empty `zh`
/// to fill in, entries no longer in the English are kept at the end (to re-use their words),
/// and `source` is stamped with the current English only when nothing is left to do. Returns
/// the file's text and whether it was stamped.
pub fn skeleton(
    name: &str,
    sources: &[&str],
    hints: &[String],
    old: Option<&Translation>,
) -> (String, bool) {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut seen = HashSet::new();
    for unit in sources.iter().flat_map(|s| prose(s)) {
        if seen.insert(unit.text.clone()) {
            let zh = old
                .and_then(|o| o.lookup(&unit.text))
                .unwrap_or("")
                .to_string();
            entries.push((unit.text, zh));
        }
    }
    let leftover: Vec<(String, String)> = old
        .map(|o| {
            o.texts
                .iter()
                .filter(|e| !seen.contains(e.en.get_ref()))
                .map(|e| (e.en.get_ref().clone(), e.zh.get_ref().clone()))
                .collect()
        })
        .unwrap_or_default();
    let old_hints: Vec<String> = old.map(|o| o.hints.clone()).unwrap_or_default();
    let hint_list: Vec<String> = (0..hints.len())
        .map(|i| old_hints.get(i).cloned().unwrap_or_default())
        .collect();
    let done = leftover.is_empty()
        && entries.iter().all(|(_, zh)| !zh.trim().is_empty())
        && hint_list.iter().all(|h| !h.trim().is_empty());
    let source = if done {
        english_hash(sources, hints.iter().map(String::as_str))
    } else {
        old.map(|o| o.source.clone()).unwrap_or_default()
    };
    let mut out = format!(
        "# The zh-CN texts of {name}. `en` is the English as the files have it; write its\n\
         # translation in `zh`. `source` is a hash of the English this was translated from:\n\
         # `mtlings dev check` reports the translation as stale when the English changes.\n\
         # `mtlings dev translate {name} --lang zh-CN` adds new texts and stamps `source`\n\
         # once every text and hint step is translated.\n\
         source = {}\n\n",
        toml_string(&source)
    );
    out.push_str("hints = [\n");
    for (i, en) in hints.iter().enumerate() {
        for line in en.lines() {
            out.push_str(&format!("    # {line}\n").replace("#  \n", "#\n"));
        }
        out.push_str(&format!("    {},\n", toml_string(&hint_list[i])));
    }
    out.push_str("]\n");
    for (en, zh) in &entries {
        out.push_str(&format!(
            "\n[[text]]\nen = {}\nzh = {}\n",
            toml_string(en),
            toml_string(zh)
        ));
    }
    if !leftover.is_empty() {
        out.push_str("\n# No longer in the English: re-use their words above, then delete them.\n");
        for (en, zh) in &leftover {
            out.push_str(&format!(
                "\n[[text]]\nen = {}\nzh = {}\n",
                toml_string(en),
                toml_string(zh)
            ));
        }
    }
    (out, done)
}

/// A TOML string: a basic one for a line, a multi-line basic one for more.
pub fn toml_string(text: &str) -> String {
    let escape = |c: char| match c {
        '\\' => "\\\\".to_string(),
        '\r' => "\\r".to_string(),
        c if c.is_control() && c != '\n' && c != '\t' => format!("\\u{:04x}", c as u32),
        c => c.to_string(),
    };
    if !text.contains('\n') {
        let body: String = text
            .chars()
            .map(|c| match c {
                '"' => "\\\"".to_string(),
                '\n' => "\\n".to_string(),
                c => escape(c),
            })
            .collect();
        return format!("\"{body}\"");
    }
    let mut body: String = text.chars().map(escape).collect();
    body = body.replace("\"\"\"", "\"\"\\\"");
    if body.ends_with('"') {
        body.pop();
        body.push_str("\\\"");
    }
    format!("\"\"\"\n{body}\"\"\"")
}

/// The translations of a whole workbook into one language, by exercise name.
#[derive(Debug, Default)]
pub struct Overlay {
    /// By exercise name.
    pub exercises: BTreeMap<String, Translation>,
    /// info.toml's texts.
    pub info: Option<Translation>,
}

impl Overlay {
    /// Reads the translations of the workbook at `root` into `lang` (none for English). A
    /// broken file is an error naming it: a learner would otherwise see English without knowing
    /// why.
    pub fn load(root: &Path, lang: Lang, exercises: &[Exercise]) -> Result<Overlay> {
        let mut overlay = Overlay::default();
        if lang == Lang::En {
            return Ok(overlay);
        }
        for ex in exercises {
            if let Some(tr) = read(&path(root, lang, ex))? {
                overlay.exercises.insert(ex.name.clone(), tr);
            }
        }
        overlay.info = read(&root.join(DIR).join(lang.tag()).join(INFO_TEXTS))?;
        Ok(overlay)
    }

    /// The translation of the exercise `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Translation> {
        self.exercises.get(name)
    }
}

/// The translation files below `i18n/LANG/` of the workbook at `root` that belong to no
/// exercise (a typo in a folder or a name), as paths relative to `root`.
pub fn strays(root: &Path, lang: Lang, exercises: &[Exercise]) -> Vec<PathBuf> {
    let dir = root.join(DIR).join(lang.tag());
    let known: HashSet<PathBuf> = exercises
        .iter()
        .map(|e| path(root, lang, e))
        .chain([dir.join(INFO_TEXTS)])
        .collect();
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for p in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            if p.is_dir() {
                stack.push(p);
            } else if !known.contains(&p) {
                out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "// A header\n// on two lines.\n\nfn main() {\n    let x = 1; // why\n    \
                        println!(\"x is {x} here\");\n}\n// ---- Don't edit below this line. \
                        ----\n// not prose\n#[test]\nfn t() {\n    assert!(true, \"it went \
                        wrong\");\n}\n";

    fn translation(pairs: &[(&str, &str)], source: &str) -> Translation {
        let mut text = format!("source = {}\n", toml_string(source));
        for (en, zh) in pairs {
            text.push_str(&format!(
                "[[text]]\nen = {}\nzh = {}\n",
                toml_string(en),
                toml_string(zh)
            ));
        }
        parse(Path::new("t.toml"), &text).unwrap()
    }

    #[test]
    fn prose_is_the_lesson_and_the_messages() {
        let got: Vec<String> = prose(FILE).into_iter().map(|u| u.text).collect();
        assert_eq!(
            got,
            [
                "A header\non two lines.",
                "why",
                "x is {x} here",
                "it went wrong"
            ]
        );
    }

    #[test]
    fn rendering_replaces_only_the_words() {
        let tr = translation(
            &[
                ("A header\non two lines.", "标题\n\n两行。"),
                ("why", "为什么"),
                ("x is {x} here", "x 是 {x}"),
                ("it went wrong", "出错了：\"引号\""),
            ],
            "",
        );
        let zh = render(FILE, &tr);
        assert!(
            zh.starts_with("// 标题\n//\n// 两行。\n\nfn main() {\n"),
            "{zh}"
        );
        assert!(zh.contains("let x = 1; // 为什么\n"), "{zh}");
        assert!(zh.contains("println!(\"x 是 {x}\");"), "{zh}");
        assert!(zh.contains("// not prose\n"), "{zh}");
        assert!(
            zh.contains("assert!(true, \"出错了：\\\"引号\\\"\");"),
            "{zh}"
        );
        // Rendered again, the Chinese file reads back as the same texts.
        let back: Vec<String> = texts::units(&zh).into_iter().map(|u| u.text).collect();
        assert_eq!(back[4], "出错了：\"引号\"");
    }

    #[test]
    fn a_long_message_is_wrapped_without_losing_characters() {
        let src = "fn f() {\n    panic!(\n        \"one \\\n         two\"\n    );\n}\n";
        let long = "这是一条很长的消息，".repeat(12);
        let tr = translation(&[("one two", &long)], "");
        let zh = render(src, &tr);
        assert!(zh.contains("\\\n         "), "{zh}");
        let back = &texts::units(&zh)[0].text;
        assert_eq!(back, &long);
    }

    #[test]
    fn placeholders_must_survive_translation() {
        assert_eq!(
            placeholders("a {} b {n:>3} {{lit}} {:?}"),
            ["{}", "{n:>3}", "{:?}"]
        );
        let hash = english_hash(&[FILE], []);
        let tr = translation(
            &[
                ("A header\non two lines.", "标题"),
                ("why", "为什么"),
                ("x is {x} here", "x 在这里"),
                ("it went wrong", "出错了"),
            ],
            &hash,
        );
        let found = check(Path::new("t.toml"), "", &tr, &[FILE], &[]);
        assert!(found.stale.is_none(), "{found:?}");
        assert_eq!(found.problems.len(), 1, "{found:?}");
        assert!(found.problems[0].contains("placeholders"), "{found:?}");
    }

    #[test]
    fn a_changed_english_text_makes_the_translation_stale() {
        let (text, stamped) = skeleton("t", &[FILE], &["step".into()], None);
        assert!(!stamped);
        let mut tr = parse(Path::new("t.toml"), &text).unwrap();
        for e in &mut tr.texts {
            *e.zh.get_mut() = format!("译 {}", e.en.get_ref());
        }
        tr.hints = vec!["一步".into()];
        let (text, stamped) = skeleton("t", &[FILE], &["step".into()], Some(&tr));
        assert!(stamped, "{text}");
        let tr = parse(Path::new("t.toml"), &text).unwrap();
        let fresh = check(Path::new("t.toml"), &text, &tr, &[FILE], &["step".into()]);
        assert!(
            fresh.stale.is_none() && fresh.problems.is_empty(),
            "{fresh:?}"
        );
        let edited = FILE.replace("it went wrong", "it went badly wrong");
        let stale = check(
            Path::new("t.toml"),
            &text,
            &tr,
            &[&edited],
            &["step".into()],
        );
        let why = stale.stale.expect("stale");
        assert!(
            why.contains("1 translated text(s) no longer in the English"),
            "{why}"
        );
        assert!(why.contains("\"it went badly wrong\""), "{why}");
    }
}
