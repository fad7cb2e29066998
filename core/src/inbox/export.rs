//! The inbox cache in "Export my data": `inbox.json`, per connected account
//! its cached posts, comments, and conversations with their messages (as
//! they are at the moment of the export; the cache keeps them 24 hours).

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::{CommentFilter, InboxStorage};
use crate::User;
use crate::privacy::{DataExporter, ExportError, ExportFile};

pub struct InboxExporter {
    storage: InboxStorage,
}

impl InboxExporter {
    pub fn new(storage: InboxStorage) -> Self {
        Self { storage }
    }
}

mod rfc {
    pub use time::serde::rfc3339;
    pub use time::serde::rfc3339::option;
}

#[derive(Serialize)]
struct MediaJson {
    id: String,
    caption: Option<String>,
    media_type: String,
    media_url: Option<String>,
    thumbnail_url: Option<String>,
    permalink: Option<String>,
    #[serde(with = "rfc::rfc3339")]
    timestamp: OffsetDateTime,
    like_count: Option<i64>,
    comments_count: Option<i64>,
    #[serde(with = "rfc::rfc3339")]
    fetched_at: OffsetDateTime,
}

#[derive(Serialize)]
struct CommentJson {
    id: String,
    media_id: String,
    parent_id: Option<String>,
    text: String,
    username: Option<String>,
    #[serde(with = "rfc::rfc3339")]
    timestamp: OffsetDateTime,
    hidden: bool,
    like_count: Option<i64>,
    #[serde(with = "rfc::rfc3339")]
    fetched_at: OffsetDateTime,
}

#[derive(Serialize)]
struct AttachmentJson {
    kind: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct MessageJson {
    id: String,
    sender_id: String,
    sender_username: Option<String>,
    recipient_id: String,
    recipient_username: Option<String>,
    text: Option<String>,
    attachments: Vec<AttachmentJson>,
    #[serde(with = "rfc::rfc3339")]
    created_at: OffsetDateTime,
    inbound: bool,
    #[serde(with = "rfc::rfc3339")]
    fetched_at: OffsetDateTime,
}

#[derive(Serialize)]
struct ConversationJson {
    id: String,
    participant_id: String,
    participant_username: Option<String>,
    #[serde(with = "rfc::option")]
    last_message_at: Option<OffsetDateTime>,
    #[serde(with = "rfc::option")]
    read_at: Option<OffsetDateTime>,
    #[serde(with = "rfc::rfc3339")]
    fetched_at: OffsetDateTime,
    messages: Vec<MessageJson>,
}

#[derive(Serialize)]
struct AccountInboxJson {
    account_id: String,
    username: String,
    media: Vec<MediaJson>,
    comments: Vec<CommentJson>,
    conversations: Vec<ConversationJson>,
}

#[async_trait]
impl DataExporter for InboxExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let mut out = Vec::new();
        for a in self.storage.accounts.accounts_of(u.id).await? {
            let media = self
                .storage
                .cached_media
                .cached_media(u.id, a.id)
                .await?
                .into_iter()
                .map(|m| MediaJson {
                    id: m.id,
                    caption: m.caption,
                    media_type: m.media_type,
                    media_url: m.media_url,
                    thumbnail_url: m.thumbnail_url,
                    permalink: m.permalink,
                    timestamp: m.timestamp,
                    like_count: m.like_count,
                    comments_count: m.comments_count,
                    fetched_at: m.fetched_at,
                })
                .collect();
            let comments = self
                .storage
                .comments
                .cached_comments(u.id, a.id, &CommentFilter::default())
                .await?
                .into_iter()
                .map(|c| CommentJson {
                    id: c.id,
                    media_id: c.media_id,
                    parent_id: c.parent_id,
                    text: c.text,
                    username: c.username,
                    timestamp: c.timestamp,
                    hidden: c.hidden,
                    like_count: c.like_count,
                    fetched_at: c.fetched_at,
                })
                .collect();
            let mut conversations = Vec::new();
            for c in self
                .storage
                .conversations
                .cached_conversations(u.id, a.id)
                .await?
            {
                let messages = self
                    .storage
                    .conversations
                    .cached_messages(u.id, &c.id)
                    .await?
                    .into_iter()
                    .filter(|m| m.account_id == a.id)
                    .map(|m| MessageJson {
                        id: m.id,
                        sender_id: m.sender_id,
                        sender_username: m.sender_username,
                        recipient_id: m.recipient_id,
                        recipient_username: m.recipient_username,
                        text: m.text,
                        attachments: m
                            .attachments
                            .into_iter()
                            .map(|x| AttachmentJson {
                                kind: x.kind,
                                url: x.url,
                            })
                            .collect(),
                        created_at: m.created_at,
                        inbound: m.inbound,
                        fetched_at: m.fetched_at,
                    })
                    .collect();
                conversations.push(ConversationJson {
                    id: c.id,
                    participant_id: c.participant_id,
                    participant_username: c.participant_username,
                    last_message_at: c.last_message_at,
                    read_at: c.read_at,
                    fetched_at: c.fetched_at,
                    messages,
                });
            }
            out.push(AccountInboxJson {
                account_id: a.id.to_string(),
                username: a.profile.username,
                media,
                comments,
                conversations,
            });
        }
        Ok(vec![ExportFile::json("inbox.json", &out)?])
    }
}
