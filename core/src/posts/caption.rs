//! Instagram's caption rules, in one place because Instagram changes them.

use serde::Serialize;

/// The limits Instagram documents for captions (API reference §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptionLimits {
    pub max_chars: usize,
    pub max_hashtags: usize,
    pub max_mentions: usize,
    /// Since Dec 2025 the app caps posts and reels at 5 hashtags; whether the
    /// API refuses more is unverified, so beyond this we warn, not refuse.
    pub advised_hashtags: usize,
    pub max_first_comment_chars: usize,
}

impl CaptionLimits {
    pub const INSTAGRAM: CaptionLimits = CaptionLimits {
        max_chars: 2_200,
        max_hashtags: 30,
        max_mentions: 20,
        advised_hashtags: 5,
        max_first_comment_chars: 2_200,
    };
}

/// One thing wrong (or worth a warning) with a caption, with its numbers so
/// the interface can say it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CaptionProblem {
    TooLong {
        max: usize,
        actual: usize,
    },
    TooManyHashtags {
        max: usize,
        actual: usize,
    },
    TooManyMentions {
        max: usize,
        actual: usize,
    },
    /// A warning: Instagram's app shows at most this many.
    MoreHashtagsThanAdvised {
        advised: usize,
        actual: usize,
    },
    FirstCommentTooLong {
        max: usize,
        actual: usize,
    },
}

impl CaptionProblem {
    pub fn is_warning(&self) -> bool {
        matches!(self, CaptionProblem::MoreHashtagsThanAdvised { .. })
    }
}

/// The caption Instagram will receive, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptionReport {
    pub text: String,
    pub chars: usize,
    pub hashtags: usize,
    pub mentions: usize,
    pub problems: Vec<CaptionProblem>,
}

impl CaptionReport {
    pub fn errors(&self) -> impl Iterator<Item = &CaptionProblem> {
        self.problems.iter().filter(|p| !p.is_warning())
    }
}

/// Normalises the hashtag field (`travel, #sea food` → `#travel #sea #food`).
pub fn normalise_hashtags(raw: &str) -> String {
    raw.split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_start_matches('#'))
        .filter(|t| !t.is_empty())
        .map(|t| format!("#{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The final caption (text, a blank line, the hashtags) and its problems.
pub fn check_caption(
    caption: &str,
    hashtags: &str,
    first_comment: Option<&str>,
    limits: &CaptionLimits,
) -> CaptionReport {
    let tags = normalise_hashtags(hashtags);
    let text = match (caption.trim().is_empty(), tags.is_empty()) {
        (_, true) => caption.trim().to_string(),
        (true, false) => tags,
        (false, false) => format!("{}\n\n{tags}", caption.trim()),
    };
    let chars = text.chars().count();
    let hashtag_count = count_prefixed(&text, '#');
    let mentions = count_prefixed(&text, '@');
    let mut problems = Vec::new();
    if chars > limits.max_chars {
        problems.push(CaptionProblem::TooLong {
            max: limits.max_chars,
            actual: chars,
        });
    }
    if hashtag_count > limits.max_hashtags {
        problems.push(CaptionProblem::TooManyHashtags {
            max: limits.max_hashtags,
            actual: hashtag_count,
        });
    } else if hashtag_count > limits.advised_hashtags {
        problems.push(CaptionProblem::MoreHashtagsThanAdvised {
            advised: limits.advised_hashtags,
            actual: hashtag_count,
        });
    }
    if mentions > limits.max_mentions {
        problems.push(CaptionProblem::TooManyMentions {
            max: limits.max_mentions,
            actual: mentions,
        });
    }
    if let Some(comment) = first_comment {
        let n = comment.chars().count();
        if n > limits.max_first_comment_chars {
            problems.push(CaptionProblem::FirstCommentTooLong {
                max: limits.max_first_comment_chars,
                actual: n,
            });
        }
    }
    CaptionReport {
        text,
        chars,
        hashtags: hashtag_count,
        mentions,
        problems,
    }
}

/// Counts `#tag` / `@name` tokens: the marker at a word start followed by a
/// word character.
fn count_prefixed(text: &str, marker: char) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let at_word_start = prev.is_none_or(|p| !(p.is_alphanumeric() || p == '_'));
        if c == marker
            && at_word_start
            && chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '_')
        {
            count += 1;
        }
        prev = Some(c);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: CaptionLimits = CaptionLimits::INSTAGRAM;

    #[test]
    fn joins_caption_and_hashtags() {
        let r = check_caption("Sunset", "sea, #sun  sky", None, &L);
        assert_eq!(r.text, "Sunset\n\n#sea #sun #sky");
        assert_eq!(r.hashtags, 3);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn limits_are_enforced_at_their_edges() {
        let ok = "a".repeat(2_200);
        assert!(check_caption(&ok, "", None, &L).problems.is_empty());
        let long = "я".repeat(2_201);
        assert_eq!(
            check_caption(&long, "", None, &L).problems,
            vec![CaptionProblem::TooLong {
                max: 2_200,
                actual: 2_201
            }]
        );
        let tags: Vec<String> = (0..31).map(|i| format!("t{i}")).collect();
        let r = check_caption("", &tags.join(" "), None, &L);
        assert_eq!(
            r.problems,
            vec![CaptionProblem::TooManyHashtags {
                max: 30,
                actual: 31
            }]
        );
        let six = check_caption("", "a b c d e f", None, &L);
        assert!(six.problems[0].is_warning());
        assert_eq!(six.errors().count(), 0);
        let mentions: Vec<String> = (0..21).map(|i| format!("@u{i}")).collect();
        let r = check_caption(&mentions.join(" "), "", None, &L);
        assert_eq!(
            r.problems,
            vec![CaptionProblem::TooManyMentions {
                max: 20,
                actual: 21
            }]
        );
    }

    #[test]
    fn emails_and_lone_markers_are_not_tags() {
        let r = check_caption("mail me: a@b.c # and @ alone, C#", "", None, &L);
        assert_eq!((r.hashtags, r.mentions), (0, 0));
    }
}
