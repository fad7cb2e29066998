//! Country and city names in the user's language, from CLDR through ICU4X
//! (`icu_experimental`'s region display names, compiled data: no table of
//! names is written here).
//!
//! Instagram gives countries as ISO 3166 codes (`KZ`) and cities as text
//! (`Almaty, Almaty Region`, sometimes `Almaty, Kazakhstan`). A country is
//! looked up by code; a city keeps its own name as given (CLDR has no city
//! names beyond time-zone exemplars), but a last part that is a country's
//! English name is shown in the user's language.

use std::collections::HashMap;
use std::sync::OnceLock;

use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_locale_core::Locale;
use icu_locale_core::subtags::Region;
use socialflow_core::Language;

/// Region names for one language.
pub struct PlaceNames {
    names: Option<RegionDisplayNames>,
}

impl PlaceNames {
    pub fn new(lang: Language) -> Self {
        let names = lang.code().parse::<Locale>().ok().and_then(|l| {
            RegionDisplayNames::try_new(l.into(), DisplayNamesOptions::default()).ok()
        });
        PlaceNames { names }
    }

    /// The country's name for an ISO 3166 code (`KZ` → `Казахстан` in
    /// Russian); the code itself when CLDR does not know it.
    pub fn country(&self, code: &str) -> String {
        self.lookup(code).unwrap_or_else(|| code.to_string())
    }

    fn lookup(&self, code: &str) -> Option<String> {
        let region: Region = code.trim().to_ascii_uppercase().parse().ok()?;
        self.names.as_ref()?.of(region).map(str::to_string)
    }

    /// A city as Instagram gives it, with a trailing country name (in
    /// English) put in the user's language; otherwise as given.
    pub fn city(&self, raw: &str) -> String {
        let Some((head, last)) = raw.rsplit_once(',') else {
            return raw.to_string();
        };
        match english_countries().get(&last.trim().to_lowercase()) {
            Some(code) => match self.lookup(code) {
                Some(name) => format!("{}, {name}", head.trim_end()),
                None => raw.to_string(),
            },
            None => raw.to_string(),
        }
    }
}

/// English country name (lower case) → code, built once from CLDR's English
/// names of every two-letter region code.
fn english_countries() -> &'static HashMap<String, String> {
    static MAP: OnceLock<HashMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let en = PlaceNames::new(Language::En);
        let mut map = HashMap::new();
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = String::from_utf8_lossy(&[a, b]).into_owned();
                if let Some(name) = en.lookup(&code) {
                    map.insert(name.to_lowercase(), code);
                }
            }
        }
        map
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn countries_in_each_language() {
        assert_eq!(PlaceNames::new(Language::En).country("KZ"), "Kazakhstan");
        assert_eq!(PlaceNames::new(Language::Ru).country("KZ"), "Казахстан");
        assert_eq!(PlaceNames::new(Language::Kk).country("KZ"), "Қазақстан");
        assert_eq!(PlaceNames::new(Language::Ru).country("de"), "Германия");
        assert_eq!(PlaceNames::new(Language::Kk).country("RU"), "Ресей");
        assert_eq!(
            PlaceNames::new(Language::Ru).country("QQ"),
            "QQ",
            "unknown: as given"
        );
    }

    #[test]
    fn cities_keep_their_name_and_translate_a_country_part() {
        let ru = PlaceNames::new(Language::Ru);
        assert_eq!(ru.city("Almaty, Kazakhstan"), "Almaty, Казахстан");
        assert_eq!(ru.city("Almaty, Almaty Region"), "Almaty, Almaty Region");
        assert_eq!(ru.city("Paris"), "Paris");
        let kk = PlaceNames::new(Language::Kk);
        assert_eq!(kk.city("Berlin, Germany"), "Berlin, Германия");
    }
}
