//! A review link, the decisions made through it, and the checks of what a
//! member or a client sends.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::crypto::TokenDigest;
use crate::posts::PostId;

/// Posts one link shows.
pub const MAX_POSTS: usize = 50;
/// A label (usually the client's name): 1–80 characters.
pub const MAX_LABEL_CHARS: usize = 80;
/// A link works 1 to this many days.
pub const MAX_DAYS: i64 = 30;
/// Working (unrevoked, unexpired) links of one workspace.
pub const MAX_LINKS_PER_WORKSPACE: u32 = 100;
/// A note asking for changes.
pub const MAX_NOTE_CHARS: usize = 2_000;
/// Decisions one link may make per hour: the page is public.
pub const DECISIONS_PER_HOUR: u32 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReviewLinkId(pub Uuid);

impl std::fmt::Display for ReviewLinkId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLink {
    pub id: ReviewLinkId,
    /// The workspace's owner id: every post of the link is its.
    pub owner: UserId,
    /// In the order they were chosen (1 to [`MAX_POSTS`] when made; fewer
    /// when posts were deleted since).
    pub posts: Vec<PostId>,
    /// Digest of the secret in the URL; the secret is shown once.
    pub digest: TokenDigest,
    /// Who the link is for, e.g. the client's name; it signs the decisions.
    pub label: String,
    /// The member who made it (`None` once they are deleted).
    pub created_by: Option<UserId>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
}

impl ReviewLink {
    /// Whether the link still opens at `now`.
    pub fn works(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// What a reviewer decided about a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Approved,
    ChangesRequested,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::ChangesRequested => "changes_requested",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Verdict::Approved, Verdict::ChangesRequested]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// The latest decision made through a link about one of its posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub link: ReviewLinkId,
    pub post: PostId,
    pub verdict: Verdict,
    /// What to change (only with [`Verdict::ChangesRequested`]).
    pub note: Option<String>,
    pub decided_at: OffsetDateTime,
}

/// Why a link or a decision cannot be made as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReviewLinkProblem {
    #[error("a review link needs a label")]
    LabelEmpty,
    #[error("a label has at most {max} characters")]
    LabelTooLong { max: usize },
    #[error("a label cannot hold control characters")]
    LabelControl,
    #[error("a link is valid from 1 to {max} days, not {days}")]
    ValidDays { days: i64, max: i64 },
    #[error("choose at least one post")]
    NoPosts,
    #[error("a link shows at most {max} posts")]
    TooManyPosts { max: usize },
    #[error("a workspace has at most {max} working review links")]
    TooManyLinks { max: u32 },
    #[error("say what should change")]
    NoteEmpty,
    #[error("a note has at most {max} characters")]
    NoteTooLong { max: usize },
}

/// Trims and checks a label.
pub fn link_label(raw: &str) -> Result<String, ReviewLinkProblem> {
    let label = raw.trim();
    let len = label.chars().count();
    if len == 0 {
        return Err(ReviewLinkProblem::LabelEmpty);
    }
    if len > MAX_LABEL_CHARS {
        return Err(ReviewLinkProblem::LabelTooLong {
            max: MAX_LABEL_CHARS,
        });
    }
    if label.chars().any(char::is_control) {
        return Err(ReviewLinkProblem::LabelControl);
    }
    Ok(label.to_string())
}

/// Checks how long a link should work (1 to [`MAX_DAYS`] days).
pub fn valid_days(days: i64) -> Result<i64, ReviewLinkProblem> {
    if (1..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(ReviewLinkProblem::ValidDays {
            days,
            max: MAX_DAYS,
        })
    }
}

/// Checks the posts chosen: 1 to [`MAX_POSTS`], duplicates dropped (the
/// first place kept).
pub fn chosen_posts(posts: &[PostId]) -> Result<Vec<PostId>, ReviewLinkProblem> {
    let mut out: Vec<PostId> = Vec::with_capacity(posts.len());
    for p in posts {
        if !out.contains(p) {
            out.push(*p);
        }
    }
    if out.is_empty() {
        return Err(ReviewLinkProblem::NoPosts);
    }
    if out.len() > MAX_POSTS {
        return Err(ReviewLinkProblem::TooManyPosts { max: MAX_POSTS });
    }
    Ok(out)
}

/// Trims and checks the note of a request for changes (needed, ≤ 2,000
/// characters; line breaks kept, other control characters refused as
/// empty-looking text would be).
pub fn review_note(raw: &str) -> Result<String, ReviewLinkProblem> {
    let kept: String = raw
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let note = kept.trim();
    if note.is_empty() {
        return Err(ReviewLinkProblem::NoteEmpty);
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ReviewLinkProblem::NoteTooLong {
            max: MAX_NOTE_CHARS,
        });
    }
    Ok(note.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_and_bounded() {
        assert_eq!(link_label("  Acme  ").as_deref(), Ok("Acme"));
        assert_eq!(link_label(" "), Err(ReviewLinkProblem::LabelEmpty));
        assert!(link_label(&"я".repeat(80)).is_ok());
        assert_eq!(
            link_label(&"я".repeat(81)),
            Err(ReviewLinkProblem::LabelTooLong { max: 80 })
        );
        assert_eq!(link_label("a\u{0}b"), Err(ReviewLinkProblem::LabelControl));
    }

    #[test]
    fn validity_is_one_to_thirty_days() {
        assert_eq!(valid_days(1), Ok(1));
        assert_eq!(valid_days(30), Ok(30));
        assert!(valid_days(0).is_err());
        assert!(valid_days(31).is_err());
        assert!(valid_days(-1).is_err());
    }

    #[test]
    fn one_to_fifty_distinct_posts() {
        let a = PostId::new();
        assert_eq!(chosen_posts(&[]), Err(ReviewLinkProblem::NoPosts));
        assert_eq!(chosen_posts(&[a, a]), Ok(vec![a]));
        let fifty: Vec<PostId> = (0..50).map(|_| PostId::new()).collect();
        assert_eq!(chosen_posts(&fifty).map(|v| v.len()), Ok(50));
        let mut many = fifty.clone();
        many.push(PostId::new());
        assert_eq!(
            chosen_posts(&many),
            Err(ReviewLinkProblem::TooManyPosts { max: 50 })
        );
    }

    #[test]
    fn notes_are_needed_and_bounded() {
        assert_eq!(review_note("  \n "), Err(ReviewLinkProblem::NoteEmpty));
        assert_eq!(
            review_note(" Brighter\nphoto \u{7}").as_deref(),
            Ok("Brighter\nphoto")
        );
        assert!(review_note(&"ж".repeat(2_000)).is_ok());
        assert_eq!(
            review_note(&"ж".repeat(2_001)),
            Err(ReviewLinkProblem::NoteTooLong { max: 2_000 })
        );
    }

    #[test]
    fn a_link_works_until_it_expires_or_is_revoked() {
        let t = OffsetDateTime::UNIX_EPOCH;
        let mut l = ReviewLink {
            id: ReviewLinkId(Uuid::nil()),
            owner: UserId(Uuid::nil()),
            posts: vec![],
            digest: TokenDigest("x".into()),
            label: "Acme".into(),
            created_by: None,
            created_at: t,
            expires_at: t + time::Duration::days(1),
            revoked_at: None,
        };
        assert!(l.works(t));
        assert!(!l.works(t + time::Duration::days(1)));
        l.revoked_at = Some(t);
        assert!(!l.works(t));
    }

    #[test]
    fn verdicts_round_trip() {
        for v in [Verdict::Approved, Verdict::ChangesRequested] {
            assert_eq!(Verdict::parse(v.as_str()), Some(v));
        }
        assert_eq!(Verdict::parse("maybe"), None);
    }
}
