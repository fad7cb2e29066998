//! A comment or a reply on a media.

use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: String,
    pub media_id: String,
    /// Set on replies: the top-level comment.
    pub parent_id: Option<String>,
    pub text: String,
    pub username: String,
    /// The commenter's IGSID (or the account's IG_ID for its own).
    pub from_id: String,
    pub timestamp: OffsetDateTime,
    pub like_count: u64,
    pub hidden: bool,
    /// Written by the media owner (the account) itself.
    pub by_owner: bool,
    /// A private reply (DM) was already sent for it.
    pub replied_privately: bool,
}
