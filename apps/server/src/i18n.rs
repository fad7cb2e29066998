//! Translations (Fluent, `locales/<lang>/*.ftl`, one file per feature) and the per-request
//! translator templates call as `l.t("key")`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use socialflow_core::Language;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Drop the U+2068/U+2069 isolation marks around arguments: they show
        // up in titles and `<input value>` and confuse copy-paste.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static RU: LanguageIdentifier = langid!("ru");
static KK: LanguageIdentifier = langid!("kk");

fn langid(lang: Language) -> &'static LanguageIdentifier {
    match lang {
        Language::En => &EN,
        Language::Ru => &RU,
        Language::Kk => &KK,
    }
}

/// A translator bound to one language.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Language,
}

impl Tr {
    pub fn new(lang: Language) -> Self {
        Self { lang }
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The message for `key`.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(langid(self.lang), key)
    }

    /// The message for `key` with one argument. Numbers are passed as Fluent
    /// numbers so plural rules (ru: one/few/many) apply.
    pub fn t1(&self, key: &str, name: &'static str, value: impl Into<Arg>) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed(name), value.into().0);
        LOCALES.lookup_with_args(langid(self.lang), key, &args)
    }
}

impl Tr {
    /// The message for `key` with several arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.0.clone()))
            .collect();
        LOCALES.lookup_with_args(langid(self.lang), key, &map)
    }
}

/// A Fluent argument: text or a number.
pub struct Arg(FluentValue<'static>);

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg(FluentValue::from(s.to_string()))
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg(FluentValue::from(s))
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg(FluentValue::from(n))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg(FluentValue::from(n as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every message key of a language, over all its `.ftl` files (one per
    /// feature); a key defined twice is a mistake the loader would hide.
    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).expect("locale dir") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("ftl file");
            for key in text
                .lines()
                .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
            {
                assert!(keys.insert(key.clone()), "{lang}: {key} defined twice");
            }
        }
        keys
    }

    #[test]
    fn every_language_has_every_key() {
        let en = keys("en");
        assert!(en.len() > 40, "en has {} keys", en.len());
        for lang in ["ru", "kk"] {
            let other = keys(lang);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn translations_differ_and_plurals_follow_each_language() {
        let en = Tr::new(Language::En);
        let ru = Tr::new(Language::Ru);
        let kk = Tr::new(Language::Kk);
        assert_eq!(en.t("nav-settings"), "Settings");
        assert_eq!(ru.t("nav-settings"), "Настройки");
        assert_eq!(kk.t("nav-settings"), "Баптаулар");
        assert_eq!(
            ru.t1("login-error-throttled", "minutes", 1_i64),
            "Слишком много неудачных попыток. Попробуйте снова через 1 минуту."
        );
        assert_eq!(
            ru.t1("login-error-throttled", "minutes", 3_i64),
            "Слишком много неудачных попыток. Попробуйте снова через 3 минуты."
        );
        assert_eq!(
            ru.t1("login-error-throttled", "minutes", 5_i64),
            "Слишком много неудачных попыток. Попробуйте снова через 5 минут."
        );
        assert_eq!(
            en.t1("login-error-throttled", "minutes", 1_i64),
            "Too many failed attempts. Try again in 1 minute."
        );
        assert!(!en.t("nav-dashboard").contains('\u{2068}'));
    }
}
