//! Which language mtlings speaks: English or Simplified Chinese.
//!
//! The choice is made once per run, in this order: `--lang`, then `MTLINGS_LANG`, then the
//! language remembered in the workbook's progress file, then the system locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`), then English. The first two are explicit and are remembered for the
//! next run; the locale is only a guess for a first start. Everything that prints asks
//! [`current`], so the language is one fact for the whole run, not an argument passed around.

use std::sync::atomic::{AtomicU8, Ordering};

use clap::ValueEnum;

/// A language of the CLI and the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Lang {
    /// English, the language the course is written in.
    #[default]
    #[value(name = "en")]
    En,
    /// Simplified Chinese.
    #[value(name = "zh-CN")]
    ZhCn,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The language's tag as written in files and flags: `en`, `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Reads a tag or a locale name: `zh-CN`, `zh_CN.UTF-8`, `zh`, `en_US.UTF-8`, `C`...
    /// `None` for a language mtlings does not speak.
    pub fn parse(name: &str) -> Option<Lang> {
        let base = name
            .split(['.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let base = base.replace('_', "-");
        match base.as_str() {
            "zh" | "zh-cn" | "zh-hans" | "zh-sg" | "zh-hans-cn" => Some(Lang::ZhCn),
            "en" | "c" | "posix" => Some(Lang::En),
            _ if base.starts_with("en-") => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the system locale: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    /// set and not empty decides (as in POSIX); one mtlings does not speak means English.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| var(v))
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }
}

/// How the language of this run was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// `--lang` or `MTLINGS_LANG`: used and remembered.
    Explicit(Lang),
    /// The locale's guess: the remembered language wins over it.
    Guessed(Lang),
}

impl Choice {
    /// The language itself.
    pub fn lang(self) -> Lang {
        match self {
            Choice::Explicit(l) | Choice::Guessed(l) => l,
        }
    }

    /// The choice from the flag and the environment (`var` reads a variable).
    /// A `MTLINGS_LANG` mtlings does not speak is an error naming it.
    pub fn resolve(
        flag: Option<Lang>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Choice, String> {
        if let Some(lang) = flag {
            return Ok(Choice::Explicit(lang));
        }
        match var("MTLINGS_LANG").filter(|v| !v.is_empty()) {
            Some(v) => Lang::parse(&v).map(Choice::Explicit).ok_or_else(|| {
                format!("MTLINGS_LANG={v}: unknown language (mtlings speaks en and zh-CN)")
            }),
            None => Ok(Choice::Guessed(Lang::from_locale(var))),
        }
    }

    /// The language to use given the one remembered in the progress file, if any.
    pub fn with_remembered(self, remembered: Option<Lang>) -> Lang {
        match (self, remembered) {
            (Choice::Guessed(_), Some(r)) => r,
            _ => self.lang(),
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language of this run.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::ZhCn,
        _ => Lang::En,
    }
}

/// Sets the language of this run (once the choice is known, before the work starts).
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::En => 0,
            Lang::ZhCn => 1,
        },
        Ordering::Relaxed,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn locale_names_are_read_as_posix_does() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("en_GB.utf8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR.UTF-8"), None);
        // LC_ALL beats LANG; an empty one does not count.
        let e = env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "zh_CN.UTF-8"),
            ("LANG", "en_US"),
        ]);
        assert_eq!(Lang::from_locale(e), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[("LANG", "fr_FR")])), Lang::En);
    }

    #[test]
    fn flag_then_variable_then_remembered_then_locale() {
        let zh_locale = env(&[("LANG", "zh_CN.UTF-8")]);
        let guessed = Choice::resolve(None, &zh_locale).unwrap();
        assert_eq!(guessed, Choice::Guessed(Lang::ZhCn));
        assert_eq!(guessed.with_remembered(Some(Lang::En)), Lang::En);
        assert_eq!(guessed.with_remembered(None), Lang::ZhCn);
        let var = env(&[("MTLINGS_LANG", "en"), ("LANG", "zh_CN.UTF-8")]);
        let explicit = Choice::resolve(None, &var).unwrap();
        assert_eq!(explicit.with_remembered(Some(Lang::ZhCn)), Lang::En);
        let flag = Choice::resolve(Some(Lang::ZhCn), &var).unwrap();
        assert_eq!(flag, Choice::Explicit(Lang::ZhCn));
        let bad = Choice::resolve(None, env(&[("MTLINGS_LANG", "klingon")])).unwrap_err();
        assert!(bad.contains("MTLINGS_LANG=klingon"), "{bad}");
    }
}
