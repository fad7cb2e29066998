//! A DM conversation with one person, and its messages.

use time::OffsetDateTime;

/// Someone who wrote to the account (or commented), by IGSID.
#[derive(Debug, Clone)]
pub struct Peer {
    pub id: String,
    pub username: String,
    pub name: String,
    pub follower_count: u64,
    pub follows_business: bool,
    pub business_follows: bool,
    pub verified: bool,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    /// `image`, `video`, `audio`, `file`, `like_heart`, `MEDIA_SHARE`…
    pub kind: String,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    /// From the person (true) or from the account (false).
    pub inbound: bool,
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
    pub created_time: OffsetDateTime,
    /// Sent through the API (for the inspection helpers).
    pub via_api: bool,
    pub human_agent: bool,
}

#[derive(Debug, Clone)]
pub struct Conversation {
    pub id: String,
    pub account: usize,
    pub peer: Peer,
    /// Oldest first.
    pub messages: Vec<Message>,
}
