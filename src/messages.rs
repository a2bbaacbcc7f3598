//! The words of the CLI in every language it speaks, from one catalogue per language.
//!
//! `src/messages/en.toml` and `src/messages/zh-CN.toml` hold every message as `key = "text"`
//! in `[sections]`, with `{name}` placeholders. The build script checks that both catalogues
//! have the same messages with the same placeholders (a build error otherwise) and generates one
//! function per message whose parameters are its placeholders, so a missing message, a typo in
//! a key and a forgotten argument are all compile errors. A TOML catalogue checked at build
//! time was chosen over `fluent`: two languages without plural rules need no runtime parser,
//! and fluent checks neither keys nor arguments before the program runs.

use std::fmt::Display;

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// The text of a message in the current language (`texts` in [`crate::lang::Lang::ALL`]
/// order) with its placeholders filled and `{{`, `}}` unescaped.
fn fill(texts: &[&str], args: &[(&str, &dyn Display)]) -> String {
    let index = crate::lang::Lang::ALL
        .iter()
        .position(|l| *l == crate::lang::current())
        .unwrap_or(0);
    let text = texts.get(index).copied().unwrap_or(texts[0]);
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(close)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..close];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(&value.to_string()),
                None => out.push_str(&tail[..=close]),
            }
            rest = &tail[close + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_braces_unescaped() {
        let got = fill(
            &["{a} and {b}, {{x}} {a}", "x"],
            &[("a", &1), ("b", &"two")],
        );
        assert_eq!(got, "1 and two, {x} 1");
    }
}
