//! The starter lists a user adds with one click: spam and profanity in
//! Russian, Kazakh and English, kept as text files next to this one
//! (`starter/<kind>_<language>.txt`, one word or phrase a line, `#` lines
//! are comments).

use super::list::ListKind;
use crate::Language;

const SPAM_RU: &str = include_str!("starter/spam_ru.txt");
const SPAM_KK: &str = include_str!("starter/spam_kk.txt");
const SPAM_EN: &str = include_str!("starter/spam_en.txt");
const PROFANITY_RU: &str = include_str!("starter/profanity_ru.txt");
const PROFANITY_KK: &str = include_str!("starter/profanity_kk.txt");
const PROFANITY_EN: &str = include_str!("starter/profanity_en.txt");

/// The starter words of a kind in a language; `None` for the custom list,
/// which has no starter.
pub fn starter_words(kind: ListKind, language: Language) -> Option<Vec<&'static str>> {
    let text = match (kind, language) {
        (ListKind::Spam, Language::Ru) => SPAM_RU,
        (ListKind::Spam, Language::Kk) => SPAM_KK,
        (ListKind::Spam, Language::En) => SPAM_EN,
        (ListKind::Profanity, Language::Ru) => PROFANITY_RU,
        (ListKind::Profanity, Language::Kk) => PROFANITY_KK,
        (ListKind::Profanity, Language::En) => PROFANITY_EN,
        (ListKind::Custom, _) => return None,
    };
    Some(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect(),
    )
}
