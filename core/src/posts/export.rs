//! The user's posts in "Export my data": `posts.json`, each post with what
//! the user wrote, the uploads it uses (ids of `media.json`), its state and
//! its log.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::{PostFilter, PostRepo, UserTagSpec};
use crate::User;
use crate::privacy::{DataExporter, ExportError, ExportFile};

/// More posts than any user keeps: the export lists them all.
const ALL_POSTS: u32 = 1_000_000;

pub struct PostsExporter(Arc<dyn PostRepo>);

impl PostsExporter {
    pub fn new(repo: Arc<dyn PostRepo>) -> Self {
        Self(repo)
    }
}

mod rfc {
    pub use time::serde::rfc3339;
    pub use time::serde::rfc3339::option;
}

#[derive(Serialize)]
struct LogJson {
    #[serde(with = "rfc::rfc3339")]
    at: OffsetDateTime,
    event: &'static str,
    detail: String,
}

#[derive(Serialize)]
struct PostJson {
    id: String,
    account_id: String,
    kind: &'static str,
    state: &'static str,
    /// Ids of the uploads in `media.json`, in order.
    media: Vec<String>,
    cover: Option<String>,
    thumb_offset_ms: Option<u64>,
    share_to_feed: bool,
    caption: String,
    hashtags: String,
    first_comment: Option<String>,
    collaborators: Vec<String>,
    location_id: Option<String>,
    alt_text: Option<String>,
    user_tags: Vec<UserTagSpec>,
    #[serde(with = "rfc::option")]
    scheduled_at: Option<OffsetDateTime>,
    ig_media_id: Option<String>,
    permalink: Option<String>,
    reason: Option<String>,
    #[serde(with = "rfc::option")]
    published_at: Option<OffsetDateTime>,
    #[serde(with = "rfc::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "rfc::rfc3339")]
    updated_at: OffsetDateTime,
    log: Vec<LogJson>,
}

#[async_trait]
impl DataExporter for PostsExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let filter = PostFilter {
            limit: ALL_POSTS,
            ..PostFilter::default()
        };
        let posts = self.0.list_posts(u.id, &filter).await?;
        let mut list = Vec::with_capacity(posts.len());
        for p in posts {
            let log = self
                .0
                .post_log(u.id, p.id)
                .await?
                .into_iter()
                .map(|e| LogJson {
                    at: e.at,
                    event: e.event.as_str(),
                    detail: e.detail,
                })
                .collect();
            let c = p.content;
            list.push(PostJson {
                id: p.id.0.to_string(),
                account_id: c.account_id.to_string(),
                kind: c.kind.as_str(),
                state: p.state.as_str(),
                media: c.media.iter().map(ToString::to_string).collect(),
                cover: c.cover.map(|m| m.to_string()),
                thumb_offset_ms: c.thumb_offset_ms,
                share_to_feed: c.share_to_feed,
                caption: c.caption,
                hashtags: c.hashtags,
                first_comment: c.first_comment,
                collaborators: c.collaborators,
                location_id: c.location_id,
                alt_text: c.alt_text,
                user_tags: c.user_tags,
                scheduled_at: c.scheduled_at,
                ig_media_id: p.ig_media_id,
                permalink: p.permalink,
                reason: p.reason,
                published_at: p.published_at,
                created_at: p.created_at,
                updated_at: p.updated_at,
                log,
            });
        }
        Ok(vec![ExportFile::json("posts.json", &list)?])
    }
}
