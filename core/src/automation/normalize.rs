//! Folding text so that the ways people really type a word compare equal:
//! «ЦЕНА!!!», «цeна» with a Latin e, «ещё»/«еще», «бағасы»/«багасы»/«бaғасы».
//!
//! The fold, in order (docs/automation.md has the full table):
//! 1. Unicode NFKC (full-width letters, ligatures and composed forms become
//!    one spelling).
//! 2. Lower case.
//! 3. Latin letters that look like Cyrillic ones in both cases become the
//!    Cyrillic letter: a c e o p x y k, i → і and h → һ.
//! 4. `ё` → `е`, and the Kazakh letters lose their marks the way people type
//!    them on a Russian keyboard: ә→а ғ→г қ→к ң→н ө→о ұ→у ү→у һ→х і→и.
//!
//! Both the keywords of a rule and the incoming text go through the same
//! fold, so the fold only needs to be consistent, not reversible: an English
//! keyword such as «price» folds to a mixed string internally and still
//! matches «price», «PRICE» and «priсe» with a Cyrillic с.
//!
//! Words are the runs of letters and digits left after folding; everything
//! else (spaces, punctuation, emoji) only separates words.

use unicode_normalization::UnicodeNormalization;

/// The most characters of an incoming text that are looked at. Instagram's
/// comments and messages are far shorter; a longer text is cut rather than
/// refused so that a hostile sender cannot make matching slow.
pub const MAX_FOLDED_INPUT_CHARS: usize = 4_000;

/// A text after folding, as the list of its words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    words: Vec<String>,
}

impl Folded {
    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words joined by single spaces (what a pattern is run against).
    pub fn joined(&self) -> String {
        self.words.join(" ")
    }
}

/// Folds `text` and splits it into words.
pub fn fold(text: &str) -> Folded {
    let folded = fold_chars(text);
    let words = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    Folded { words }
}

/// The light form a pattern is also tried against: NFKC, lower case and
/// ё→е only, so a pattern written with Kazakh letters (`баға`) still
/// matches the text as typed.
pub fn light(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(MAX_FOLDED_INPUT_CHARS).nfkc() {
        for l in c.to_lowercase() {
            out.push(if l == 'ё' { 'е' } else { l });
        }
    }
    out
}

/// The folded characters of `text`, separators kept.
pub fn fold_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().take(MAX_FOLDED_INPUT_CHARS).nfkc() {
        for l in c.to_lowercase() {
            out.push(strip_marks(look_alike(l)));
        }
    }
    out
}

/// The Cyrillic letter a lower-case Latin letter is typed for. Only pairs
/// that look alike in both cases are folded (B/в, M/м, T/т look alike only
/// in upper case; folding them would make case matter).
fn look_alike(c: char) -> char {
    match c {
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'h' => 'һ',
        'i' => 'і',
        'k' => 'к',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        other => other,
    }
}

/// ё and the Kazakh letters as typed without their marks (a lower-case
/// letter comes in).
fn strip_marks(c: char) -> char {
    match c {
        'ё' => 'е',
        'ә' => 'а',
        'ғ' => 'г',
        'қ' => 'к',
        'ң' => 'н',
        'ө' => 'о',
        'ұ' | 'ү' => 'у',
        'һ' => 'х',
        'і' => 'и',
        other => other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        fold(s).words().to_vec()
    }

    #[test]
    fn case_punctuation_and_emoji_go() {
        assert_eq!(words("ЦЕНА!!!"), vec!["цена"]);
        assert_eq!(words("Цена?"), vec!["цена"]);
        assert_eq!(words("сколько стоит 😍"), vec!["сколько", "стоит"]);
        assert_eq!(words("😍цена😍"), vec!["цена"]);
    }

    #[test]
    fn yo_and_kazakh_letters_fold() {
        assert_eq!(words("ещё"), words("еще"));
        assert_eq!(words("Бағасы қанша?"), vec!["багасы", "канша"]);
        assert_eq!(words("ӘҒҚҢӨҰҮҺІ"), vec!["агкноуухи"]);
    }

    #[test]
    fn latin_look_alikes_become_cyrillic() {
        // Latin a in «бaғасы», Latin e in «цeна».
        assert_eq!(words("бaғасы"), words("бағасы"));
        assert_eq!(words("цeна"), words("цена"));
        // h is typed for Kazakh һ, which folds to х; case does not matter.
        assert_eq!(words("hop"), words("хор"));
        assert_eq!(words("HOP"), words("хор"));
        // B, M and T look Cyrillic only in upper case, so they stay Latin.
        assert_eq!(words("BMT"), vec!["bmt"]);
    }

    #[test]
    fn nfkc_unifies_full_width_and_decomposed_forms() {
        assert_eq!(words("ＰＲＩＣＥ"), words("price"));
        // е + combining diaeresis is ё, which folds to е.
        assert_eq!(words("е\u{0308}ще"), words("еще"));
    }

    #[test]
    fn light_form_keeps_kazakh_letters() {
        assert_eq!(light("БАҒАСЫ Ёлка"), "бағасы елка");
    }

    #[test]
    fn long_input_is_cut() {
        let text = "а ".repeat(MAX_FOLDED_INPUT_CHARS);
        assert_eq!(fold(&text).words().len(), MAX_FOLDED_INPUT_CHARS / 2);
    }
}
