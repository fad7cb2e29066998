//! The fake's in-memory Instagram: accounts, tokens, media, comments,
//! conversations, insights and publishing containers.

use std::collections::HashMap;
use std::time::Duration;

use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct Account {
    pub app_scoped_id: String,
    pub ig_user_id: String,
    pub username: String,
    pub name: String,
    pub biography: String,
    pub followers_count: u64,
    pub follows_count: u64,
    pub account_type: String,
    /// Daily new followers for the last 30 days, oldest first.
    pub follower_series: Vec<u64>,
    /// Calls counted for the usage header (percent of the allowance).
    pub calls: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Short,
    Long,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub account: usize,
    pub kind: TokenKind,
    pub issued_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub scopes: Vec<String>,
    pub revoked: bool,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub account: usize,
    pub redirect_uri: String,
    pub issued_at: OffsetDateTime,
    pub used: bool,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Media {
    pub id: String,
    pub account: usize,
    pub caption: String,
    pub media_type: String,
    pub product_type: String,
    pub media_url: String,
    pub thumbnail_url: Option<String>,
    pub permalink: String,
    pub timestamp: OffsetDateTime,
    pub like_count: u64,
    pub children: Vec<String>,
    /// Set when published through the API: the container it came from.
    pub from_container: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: String,
    pub media_id: String,
    pub parent_id: Option<String>,
    pub text: String,
    pub username: String,
    pub from_id: String,
    pub timestamp: OffsetDateTime,
    pub like_count: u64,
    pub hidden: bool,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    pub from_id: String,
    pub from_username: String,
    pub to_id: String,
    pub to_username: String,
    pub text: String,
    pub created_time: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct Conversation {
    pub id: String,
    pub account: usize,
    pub peer_id: String,
    pub peer_username: String,
    /// Newest last.
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    InProgress,
    Finished,
    Published(String),
    Error(String),
}

#[derive(Debug, Clone)]
pub struct Container {
    pub id: String,
    pub account: usize,
    pub media_type: String,
    pub is_carousel_item: bool,
    pub media_url: String,
    pub caption: String,
    pub children: Vec<String>,
    pub created_at: OffsetDateTime,
    pub ready_at: OffsetDateTime,
    pub state: ContainerState,
}

/// A fault armed by a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// HTTP 500 with code 2, `is_transient`.
    ServerError,
    /// Code 4, 17 or 80002 with the usage headers at 100.
    RateLimited(i64),
    /// Code 190/463.
    TokenExpired,
    /// The connection is closed without an answer.
    DropConnection,
    /// Code 10.
    PermissionMissing,
}

#[derive(Debug, Default)]
pub struct FaultState {
    pub latency: Duration,
    pub queue: Vec<FaultKind>,
    pub deny_next_consent: bool,
    pub granted_scopes: Option<Vec<String>>,
}

/// One request as the fake saw it (token redacted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
}

#[derive(Debug, Default)]
pub struct World {
    pub offset: Duration,
    pub accounts: Vec<Account>,
    pub tokens: HashMap<String, Token>,
    pub codes: HashMap<String, Code>,
    pub media: Vec<Media>,
    pub comments: Vec<Comment>,
    pub conversations: Vec<Conversation>,
    pub containers: Vec<Container>,
    pub faults: FaultState,
    pub requests: Vec<RecordedRequest>,
    pub consenting_account: usize,
    pub next_id: u64,
}

impl World {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.offset
    }

    /// A fresh numeric id, shaped like Instagram's.
    pub fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:010}", self.next_id)
    }

    pub fn secret(&mut self, prefix: &str) -> String {
        format!(
            "{prefix}{}{}",
            uuid::Uuid::now_v7().simple(),
            uuid::Uuid::now_v7().simple()
        )
    }

    /// `me`, the app-scoped id and the IG_ID all name the token's account.
    pub fn is_alias(&self, account: usize, id: &str) -> bool {
        let a = &self.accounts[account];
        id == "me" || id == a.app_scoped_id || id == a.ig_user_id
    }
}
