//! The same hashtag set on post after post: Instagram has said repeated
//! identical hashtags can limit a post's reach, so the composer warns
//! (it never refuses).

use std::collections::BTreeSet;

use crate::posts::PostContent;

/// How many of the account's latest posts are compared.
pub const REPETITION_WINDOW: usize = 10;
/// Uses of one set within the window (this post included) that warn.
pub const REPETITION_LIMIT: usize = 3;

/// The hashtags of a caption and hashtag field, lower-cased, as a set
/// (order and repeats do not make a set different).
pub fn hashtag_set(caption: &str, hashtags: &str) -> BTreeSet<String> {
    // The hashtag field takes tags without `#`, as the caption will carry them.
    let text = format!("{caption} {}", crate::posts::normalise_hashtags(hashtags));
    let mut set = BTreeSet::new();
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at_word_start = prev.is_none_or(|p| !(p.is_alphanumeric() || p == '_'));
        prev = Some(c);
        if c != '#' || !at_word_start {
            continue;
        }
        let start = i + c.len_utf8();
        let mut end = start;
        while let Some((j, n)) = chars.peek().copied() {
            if n.is_alphanumeric() || n == '_' {
                end = j + n.len_utf8();
                prev = Some(n);
                chars.next();
            } else {
                break;
            }
        }
        if end > start {
            set.insert(text[start..end].to_lowercase());
        }
    }
    set
}

/// The warning: this post's hashtag set was used `uses` times among the
/// `window` latest posts compared, this one included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashtagRepetition {
    pub uses: usize,
    pub window: usize,
}

/// Whether `current`'s hashtag set (at least two tags: one tag is not a
/// "set") appears in `recent` (the account's latest posts, newest first,
/// this post left out) often enough that, with this post, it reaches
/// [`REPETITION_LIMIT`] within [`REPETITION_WINDOW`] posts.
pub fn repeated_set(
    current: &BTreeSet<String>,
    recent: &[PostContent],
) -> Option<HashtagRepetition> {
    if current.len() < 2 {
        return None;
    }
    let compared = &recent[..recent.len().min(REPETITION_WINDOW - 1)];
    let same = compared
        .iter()
        .filter(|c| hashtag_set(&c.caption, &c.hashtags) == *current)
        .count();
    let uses = same + 1;
    (uses >= REPETITION_LIMIT).then_some(HashtagRepetition {
        uses,
        window: compared.len() + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_ignore_order_case_and_repeats() {
        let a = hashtag_set("Coffee #Morning", "#beans, #morning");
        let b = hashtag_set("", "beans, MORNING");
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
        assert!(hashtag_set("mail a#b.c C#", "").is_empty());
    }
}
