//! One-line explanations, in the learner's language, of the compiler errors a concurrency
//! learner meets most, put under rustc's own message (which stays English). In English nothing
//! is added: rustc has said it already.

use crate::messages::rustc as msg;

/// The explanation of the diagnostic whose first line is `header` (ANSI codes removed), if it
/// is one of those.
fn explanation(header: &str) -> Option<String> {
    let code = header
        .strip_prefix("error[")
        .and_then(|rest| rest.split(']').next())
        .unwrap_or("");
    let text = match code {
        "E0373" => msg::e0373(),
        "E0277" if header.contains("cannot be sent between threads safely") => msg::e0277_send(),
        "E0277" if header.contains("cannot be shared between threads safely") => msg::e0277_sync(),
        "E0499" => msg::e0499(),
        "E0502" => msg::e0502(),
        "E0382" => msg::e0382(),
        "E0505" => msg::e0505(),
        "E0597" => msg::e0597(),
        "E0716" => msg::e0716(),
        "E0507" => msg::e0507(),
        "E0596" => msg::e0596(),
        "E0594" => msg::e0594(),
        "E0728" => msg::e0728(),
        "E0521" => msg::e0521(),
        _ if header.starts_with("error: future cannot be sent between threads safely") => {
            msg::future_not_send()
        }
        _ if header.starts_with("warning: unused implementer of `Future`") => msg::future_unused(),
        _ => return None,
    };
    (!text.is_empty()).then(|| msg::note(text))
}

/// `diagnostics` (cargo's rendered compiler output) with an explanation under each diagnostic
/// that has one.
pub fn annotate(diagnostics: &str) -> String {
    let mut out = String::with_capacity(diagnostics.len());
    for line in diagnostics.split_inclusive('\n') {
        out.push_str(line);
        let plain = console::strip_ansi_codes(line);
        if let Some(text) = explanation(plain.trim_end()) {
            if !line.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&console::style(text).cyan().to_string());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_adds_nothing_to_rustc() {
        let text = "error[E0373]: closure may outlive the current function, but it borrows `v`\n";
        assert_eq!(annotate(text), text);
    }
}
