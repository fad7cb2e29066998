//! Interface languages the product ships.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ru,
    Kk,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Ru, Language::Kk];

    /// The BCP 47 tag, also the value stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
            Language::Kk => "kk",
        }
    }

    /// The language's name in itself, for language pickers.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Ru => "Русский",
            Language::Kk => "Қазақша",
        }
    }

    /// Picks the best supported language from an `Accept-Language` header,
    /// honouring q-values; `None` when nothing matches.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut best: Option<(f32, usize, Language)> = None;
        for (pos, part) in header.split(',').enumerate() {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            let Ok(lang) = primary.parse::<Language>() else {
                continue;
            };
            if q <= 0.0 {
                continue;
            }
            // Highest q wins; among equals, the earlier entry wins.
            let better = match best {
                None => true,
                Some((bq, bpos, _)) => q > bq || (q == bq && pos < bpos),
            };
            if better {
                best = Some((q, pos, lang));
            }
        }
        best.map(|(_, _, l)| l)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unsupported language {0:?}; use en, ru or kk")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Language::En),
            "ru" => Ok(Language::Ru),
            "kk" | "kz" => Ok(Language::Kk),
            other => Err(UnknownLanguage(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(
            Language::from_accept_language("de-DE,kk;q=0.8,ru;q=0.9"),
            Some(Language::Ru)
        );
        assert_eq!(
            Language::from_accept_language("kk-KZ, ru;q=0.9"),
            Some(Language::Kk)
        );
        assert_eq!(Language::from_accept_language("fr, de"), None);
        assert_eq!(
            Language::from_accept_language("ru;q=0, en"),
            Some(Language::En)
        );
    }

    #[test]
    fn parses_codes_case_insensitively() {
        assert_eq!("RU".parse::<Language>(), Ok(Language::Ru));
        assert!("xx".parse::<Language>().is_err());
    }
}
