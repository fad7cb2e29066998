//! Comments as threads: each top-level comment with its replies.

use super::types::CachedComment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub comment: CachedComment,
    /// Oldest first, as a conversation reads.
    pub replies: Vec<CachedComment>,
    /// Written by someone else and not yet replied to by the account.
    pub unanswered: bool,
}

/// Groups comments into threads, newest thread first. `own_username` is the
/// account's: its replies answer a thread, its own comments need none.
pub fn threads(comments: Vec<CachedComment>, own_username: &str) -> Vec<Thread> {
    let is_own = |c: &CachedComment| c.username.as_deref() == Some(own_username);
    let (top, replies): (Vec<_>, Vec<_>) =
        comments.into_iter().partition(|c| c.parent_id.is_none());
    let mut out: Vec<Thread> = top
        .into_iter()
        .map(|comment| {
            let mut rs: Vec<CachedComment> = replies
                .iter()
                .filter(|r| r.parent_id.as_deref() == Some(comment.id.as_str()))
                .cloned()
                .collect();
            rs.sort_by(|a, b| a.timestamp.cmp(&b.timestamp).then(a.id.cmp(&b.id)));
            let unanswered = !is_own(&comment) && !rs.iter().any(is_own);
            Thread {
                comment,
                replies: rs,
                unanswered,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.comment
            .timestamp
            .cmp(&a.comment.timestamp)
            .then(b.comment.id.cmp(&a.comment.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountId;
    use time::macros::datetime;

    fn c(id: &str, parent: Option<&str>, by: &str, minute: u8) -> CachedComment {
        let t = datetime!(2026-01-01 10:00 UTC) + time::Duration::minutes(minute.into());
        CachedComment {
            account_id: AccountId(uuid::Uuid::nil()),
            id: id.into(),
            media_id: "m".into(),
            parent_id: parent.map(str::to_string),
            text: id.into(),
            username: Some(by.into()),
            timestamp: t,
            hidden: false,
            like_count: None,
            fetched_at: t,
        }
    }

    #[test]
    fn groups_replies_under_their_comment_and_marks_unanswered() {
        let list = threads(
            vec![
                c("r2", Some("a"), "fan2", 9),
                c("a", None, "fan", 1),
                c("b", None, "fan", 2),
                c("r1", Some("a"), "shop", 5),
                c("own", None, "shop", 3),
            ],
            "shop",
        );
        let ids: Vec<&str> = list.iter().map(|t| t.comment.id.as_str()).collect();
        assert_eq!(ids, vec!["own", "b", "a"], "newest thread first");
        let a = &list[2];
        let replies: Vec<&str> = a.replies.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(replies, vec!["r1", "r2"], "replies oldest first");
        assert!(!a.unanswered, "the shop replied");
        assert!(list[1].unanswered);
        assert!(
            !list[0].unanswered,
            "the shop's own comment needs no answer"
        );
    }
}
