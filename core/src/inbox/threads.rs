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
