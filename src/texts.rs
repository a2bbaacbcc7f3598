//! The prose of a Rust source file: its comments and string literals, with where they are.
//!
//! A translation replaces the words of an exercise and leaves its code alone, so it needs to
//! know exactly which bytes are words. This is a small lexer, not a parser: it knows Rust's
//! comments, string, raw string, byte string and char literals and lifetimes well enough never to
//! mistake code for prose, and it groups the comment lines a reader sees as one paragraph (same
//! indentation, same `//`, `///` or `//!`, no line between them) into one [`Unit`].

use std::ops::Range;

/// What kind of text a [`Unit`] is, which decides how a replacement is written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Whole-line comments, one after the other with the same indentation and prefix.
    Comments {
        /// `//`, `///` or `//!`.
        prefix: &'static str,
    },
    /// A comment after code on the same line.
    Trailing {
        /// `//`, `///` or `//!`.
        prefix: &'static str,
    },
    /// A plain `"..."` string literal (not raw, not bytes).
    Str,
}

/// One piece of prose in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// What the unit is.
    pub kind: Kind,
    /// The words: comment lines without their indentation and prefix (and one space after it),
    /// joined by newlines; or a string literal's value, escapes resolved.
    pub text: String,
    /// The bytes of the file the unit occupies: whole lines for [`Kind::Comments`] (without the
    /// last newline), the comment from its prefix on for [`Kind::Trailing`], the literal with its
    /// quotes for [`Kind::Str`].
    pub span: Range<usize>,
    /// The 1-based line the unit starts on.
    pub line: usize,
    /// The indentation of the unit's first line (of the line after the first for a string
    /// literal that continues over lines with `\`).
    pub indent: String,
}

impl Unit {
    /// Whether a string literal goes on over several source lines (with `\` at line ends).
    pub fn continues(&self, source: &str) -> bool {
        self.kind == Kind::Str && source[self.span.clone()].contains('\n')
    }
}

/// Every comment paragraph, trailing comment and plain string literal of `source`, in order.
/// Block comments, raw strings, byte strings and chars are skipped over, never split.
pub fn units(source: &str) -> Vec<Unit> {
    let mut lexer = Lexer {
        src: source,
        bytes: source.as_bytes(),
        pos: 0,
        out: Vec::new(),
    };
    lexer.run();
    merge_comment_lines(source, lexer.out)
}

/// A whole-line comment or a literal, before comment lines are grouped.
struct Piece {
    kind: Kind,
    text: String,
    span: Range<usize>,
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    out: Vec<Piece>,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn run(&mut self) {
        while let Some(b) = self.peek(0) {
            match b {
                b'/' if self.peek(1) == Some(b'/') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
                b'"' => self.string(true),
                b'\'' => self.quote(),
                b'r' | b'b' | b'c' if self.starts_literal() => self.prefixed_literal(),
                _ if is_ident(b) => {
                    while self.peek(0).is_some_and(is_ident) {
                        self.pos += 1;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// `r"`, `r#"`, `b"`, `br"`, `b'`, `c"`, `cr"` at the start of a token.
    fn starts_literal(&self) -> bool {
        let mut i = self.pos;
        if matches!(self.bytes[i], b'b' | b'c') {
            i += 1;
            if self.bytes.get(i) == Some(&b'\'') && self.bytes[self.pos] == b'b' {
                return true;
            }
        }
        if self.bytes.get(i) == Some(&b'r') {
            i += 1;
            while self.bytes.get(i) == Some(&b'#') {
                i += 1;
            }
        }
        i > self.pos && self.bytes.get(i) == Some(&b'"')
    }

    fn prefixed_literal(&mut self) {
        while matches!(self.peek(0), Some(b'b' | b'c')) {
            self.pos += 1;
        }
        if self.peek(0) == Some(b'\'') {
            self.pos += 1;
            self.char_body();
            return;
        }
        if self.peek(0) == Some(b'r') {
            self.pos += 1;
            let mut hashes = 0;
            while self.peek(0) == Some(b'#') {
                hashes += 1;
                self.pos += 1;
            }
            self.pos += 1; // the opening quote
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            self.pos = match self.src[self.pos..].find(&close) {
                Some(at) => self.pos + at + close.len(),
                None => self.bytes.len(),
            };
            return;
        }
        self.string(false);
    }

    fn line_comment(&mut self) {
        let start = self.pos;
        let end = self.src[start..]
            .find('\n')
            .map_or(self.bytes.len(), |n| start + n);
        let body = &self.src[start..end];
        let prefix = if body.starts_with("///") && !body.starts_with("////") {
            "///"
        } else if body.starts_with("//!") {
            "//!"
        } else {
            "//"
        };
        let rest = &body[prefix.len()..];
        let text = rest
            .strip_prefix(' ')
            .unwrap_or(rest)
            .trim_end()
            .to_string();
        let line_start = self.src[..start].rfind('\n').map_or(0, |n| n + 1);
        let whole_line = self.src[line_start..start].trim().is_empty();
        let (kind, span) = if whole_line {
            (Kind::Comments { prefix }, line_start..end)
        } else {
            (Kind::Trailing { prefix }, start..end)
        };
        self.out.push(Piece { kind, text, span });
        self.pos = end;
    }

    fn block_comment(&mut self) {
        let mut depth = 0usize;
        while self.pos < self.bytes.len() {
            if self.src[self.pos..].starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if self.src[self.pos..].starts_with("*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.pos += 1;
            }
        }
    }

    /// A `"..."` literal from its opening quote; recorded when `keep` (a plain string).
    fn string(&mut self, keep: bool) {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        while let Some(b) = self.peek(0) {
            match b {
                b'"' => {
                    self.pos += 1;
                    if keep {
                        self.out.push(Piece {
                            kind: Kind::Str,
                            text: value,
                            span: start..self.pos,
                        });
                    }
                    return;
                }
                b'\\' => self.escape(&mut value),
                _ => {
                    let c = self.src[self.pos..].chars().next().unwrap_or('\u{fffd}');
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// One escape inside a string, from its backslash; appends what it stands for.
    fn escape(&mut self, value: &mut String) {
        self.pos += 1;
        let Some(b) = self.peek(0) else { return };
        self.pos += 1;
        match b {
            b'n' => value.push('\n'),
            b't' => value.push('\t'),
            b'r' => value.push('\r'),
            b'0' => value.push('\0'),
            b'\\' | b'"' | b'\'' => value.push(b as char),
            b'\n' | b'\r' => {
                while self.peek(0).is_some_and(|b| b.is_ascii_whitespace()) {
                    self.pos += 1;
                }
            }
            b'x' => {
                let hex = self.src.get(self.pos..self.pos + 2).unwrap_or("");
                if let Ok(n) = u8::from_str_radix(hex, 16) {
                    value.push(n as char);
                }
                self.pos += 2;
            }
            b'u' => {
                let close = self.src[self.pos..].find('}').map_or(0, |n| n + 1);
                let digits = self.src[self.pos..self.pos + close].trim_matches(['{', '}']);
                if let Some(c) = u32::from_str_radix(digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    value.push(c);
                }
                self.pos += close;
            }
            other => value.push(other as char),
        }
    }

    /// A `'`: a char literal, or a lifetime or label.
    fn quote(&mut self) {
        self.pos += 1;
        let rest = &self.src[self.pos..];
        let mut chars = rest.chars();
        let first = chars.next();
        if first == Some('\\') || chars.next() == Some('\'') {
            self.char_body();
        }
        // A lifetime: the identifier after it is skipped by the main loop.
    }

    /// The rest of a char literal after its opening quote.
    fn char_body(&mut self) {
        if self.peek(0) == Some(b'\\') {
            let mut ignored = String::new();
            self.escape(&mut ignored);
        } else if let Some(c) = self.src[self.pos..].chars().next() {
            self.pos += c.len_utf8();
        }
        if self.peek(0) == Some(b'\'') {
            self.pos += 1;
        }
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The indentation of the line that holds byte `at`.
fn indent_at(source: &str, at: usize) -> String {
    let start = source[..at].rfind('\n').map_or(0, |n| n + 1);
    source[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

fn line_of(source: &str, at: usize) -> usize {
    source[..at].matches('\n').count() + 1
}

/// Groups whole-line comments on consecutive lines with the same indentation and prefix into
/// one unit. The marker line is never part of a paragraph, nor one itself.
fn merge_comment_lines(source: &str, pieces: Vec<Piece>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for piece in pieces {
        let indent = match piece.kind {
            Kind::Str if source[piece.span.clone()].contains('\n') => {
                let next_line = piece.span.start
                    + source[piece.span.clone()].find('\n').unwrap_or_default()
                    + 1;
                indent_at(source, next_line)
            }
            _ => indent_at(source, piece.span.start),
        };
        if let Kind::Comments { .. } = piece.kind {
            if source[piece.span.clone()].trim() == crate::marker::MARKER {
                continue;
            }
            if let Some(last) = out.last_mut() {
                let between = &source[last.span.end..piece.span.start];
                if last.kind == piece.kind && last.indent == indent && between == "\n" {
                    last.text.push('\n');
                    last.text.push_str(&piece.text);
                    last.span.end = piece.span.end;
                    continue;
                }
            }
        }
        out.push(Unit {
            kind: piece.kind,
            line: line_of(source, piece.span.start),
            text: piece.text,
            span: piece.span,
            indent,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<(Kind, String)> {
        units(source)
            .into_iter()
            .map(|u| (u.kind, u.text))
            .collect()
    }

    #[test]
    fn comment_lines_make_paragraphs() {
        let src = "// one\n// two\n//\n// three\n\n// four\nfn a() {} // after\n";
        let c = Kind::Comments { prefix: "//" };
        assert_eq!(
            texts(src),
            [
                (c, "one\ntwo\n\nthree".to_string()),
                (c, "four".to_string()),
                (Kind::Trailing { prefix: "//" }, "after".to_string())
            ]
        );
        assert_eq!(
            &src[units(src)[0].span.clone()],
            "// one\n// two\n//\n// three"
        );
    }

    #[test]
    fn indentation_and_prefix_split_paragraphs() {
        let src = "/// doc\n// plain\nfn f() {\n    // inside\n    // more\n}\n";
        let got = units(src);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].text, "inside\nmore");
        assert_eq!(got[2].indent, "    ");
        assert_eq!(got[2].line, 4);
    }

    #[test]
    fn strings_are_values_and_code_is_never_prose() {
        let src = r##"fn f<'a>(x: &'a str) { let c = '"'; let q = '\''; let r = r#"raw "// no""#;
let b = b"bytes // no"; println!("say \"hi\" {x}\
      again"); // end
}"##;
        assert_eq!(
            texts(src),
            [
                (Kind::Str, "say \"hi\" {x}again".to_string()),
                (Kind::Trailing { prefix: "//" }, "end".to_string())
            ]
        );
        let s = &units(src)[0];
        assert!(s.continues(src));
        assert_eq!(s.indent, "      ");
    }

    #[test]
    fn the_marker_is_not_prose() {
        let src = format!("// a\n{}\n// b\n", crate::marker::MARKER);
        let got: Vec<String> = units(&src).into_iter().map(|u| u.text).collect();
        assert_eq!(got, ["a", "b"]);
    }

    #[test]
    fn block_comments_are_skipped_whole() {
        assert!(texts("/* a /* \"nested\" */ // still */ fn x() {}").is_empty());
    }
}
