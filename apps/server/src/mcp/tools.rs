//! The MCP tools. Each reads its arguments, calls the use case the REST
//! endpoint of the same name calls (apps/server/src/api/), and answers
//! JSON, or a tool error in the user's language. No business rule lives
//! here: validation, ownership and audit are the services'.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Extensions};
use rmcp::{ErrorData, schemars, tool, tool_router};
use serde::Deserialize;
use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::analytics as an;
use socialflow_core::inbox::{CommentFilter, InboxError};
use socialflow_core::media::{UploadOptions, source_file_name};
use socialflow_core::posts::{PostFilter, PostId, PostInput, PostKind, PostOptions, PostState};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::text::{self, Refusal};
use super::{Caller, SocialFlowMcp};

type ToolResult = Result<CallToolResult, ErrorData>;

/// The most items a list tool returns at once.
const MAX_LIST: usize = 100;
const DEFAULT_LIST: usize = 25;

fn answer(result: Result<Value, Refusal>) -> ToolResult {
    Ok(match result {
        Ok(v) => CallToolResult::structured(v),
        Err(Refusal(message)) => CallToolResult::error(vec![ContentBlock::text(message)]),
    })
}

fn limit(asked: Option<u32>) -> usize {
    asked
        .map(|n| n as usize)
        .unwrap_or(DEFAULT_LIST)
        .clamp(1, MAX_LIST)
}

fn account_id(c: &Caller, raw: &str) -> Result<AccountId, Refusal> {
    uuid::Uuid::parse_str(raw.trim())
        .map(AccountId)
        .map_err(|_| Refusal(c.tr.t("mcp-error-account-not-found")))
}

fn post_id(c: &Caller, raw: &str) -> Result<PostId, Refusal> {
    // A made-up id looks exactly like another user's post: not found.
    uuid::Uuid::parse_str(raw.trim())
        .map(PostId)
        .map_err(|_| Refusal(c.tr.t("posts-error-not-found")))
}

fn time_of(c: &Caller, raw: &str) -> Result<OffsetDateTime, Refusal> {
    OffsetDateTime::parse(raw.trim(), &Rfc3339).map_err(|_| {
        Refusal(c.tr.t1(
            "mcp-error-time",
            "value",
            raw.chars().take(64).collect::<String>(),
        ))
    })
}

/// The kind of an Instagram post.
#[derive(Debug, Clone, Copy, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One image in the feed.
    Post,
    /// A video reel.
    Reel,
    /// 2 to 20 images or videos.
    Carousel,
    /// A 24-hour story (one image or video).
    Story,
}

impl From<Kind> for PostKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Post => PostKind::Post,
            Kind::Reel => PostKind::Reel,
            Kind::Carousel => PostKind::Carousel,
            Kind::Story => PostKind::Story,
        }
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListPostsArgs {
    /// Only this account's posts (an id from list_accounts).
    #[serde(default)]
    pub account_id: Option<String>,
    /// Only these states: draft, scheduled, preparing, ready, publishing,
    /// published, failed, cancelled, verify.
    #[serde(default)]
    pub states: Vec<String>,
    /// At most this many (1–100, default 25), by scheduled time.
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PostRef {
    /// The post's id (from list_posts or create_post).
    pub post_id: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UploadArgs {
    /// An https:// (or http://) URL on a host the server's operator allows
    /// (SOCIALFLOW_MCP_MEDIA_URL_ALLOW), or a path inside the operator's
    /// directory (SOCIALFLOW_MCP_MEDIA_DIR; relative paths are taken
    /// there). JPEG, PNG, WebP images and MP4/MOV videos, up to the
    /// server's upload limit.
    pub source: String,
    /// Pad an image outside Instagram's 4:5–1.91:1 with white to the
    /// nearest allowed ratio (default false).
    #[serde(default)]
    pub pad_to_allowed_ratio: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CreatePostArgs {
    /// The account to publish on (an id from list_accounts).
    pub account_id: String,
    pub kind: Kind,
    /// Media ids from upload_media_from_url, in order.
    pub media_ids: Vec<String>,
    #[serde(default)]
    pub caption: String,
    /// Space or comma separated; `#` optional. Appended to the caption.
    #[serde(default)]
    pub hashtags: String,
    /// Posted as a comment right after publishing.
    #[serde(default)]
    pub first_comment: Option<String>,
    /// When to publish, RFC 3339 with an offset (e.g.
    /// 2026-12-24T18:00:00+05:00). Absent: the post is saved as a draft.
    /// Not in the past nor beyond the server's horizon.
    #[serde(default)]
    pub scheduled_at: Option<String>,
    /// Alternative text for an image (accessibility).
    #[serde(default)]
    pub alt_text: Option<String>,
    /// Mark the post with Instagram's "AI info" label.
    #[serde(default)]
    pub is_ai_generated: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ScheduleArgs {
    /// The post's id (a draft, or a post to move).
    pub post_id: String,
    /// RFC 3339 with an offset. Absent: the next free slot of the
    /// account's posting queue (Settings → Queue).
    #[serde(default)]
    pub scheduled_at: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RescheduleArgs {
    /// The post's id (it must already have a time).
    pub post_id: String,
    /// The new time, RFC 3339 with an offset.
    pub scheduled_at: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AccountArgs {
    /// The account (an id from list_accounts).
    pub account_id: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SummaryArgs {
    /// The account (an id from list_accounts).
    pub account_id: String,
    /// First day, YYYY-MM-DD in the user's time zone (default: 30 days ago).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, inclusive (default: today).
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CommentsArgs {
    /// The account (an id from list_accounts).
    pub account_id: String,
    /// Only comments on this Instagram media id.
    #[serde(default)]
    pub media_id: Option<String>,
    /// At most this many (1–100, default 25), newest first.
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ReplyArgs {
    /// The comment's Instagram id (from list_unanswered_comments).
    pub comment_id: String,
    /// The reply, posted publicly under the comment.
    pub message: String,
}

#[tool_router(vis = "pub(super)")]
impl SocialFlowMcp {
    #[tool(
        description = "The Instagram accounts connected to SocialFlow by the token's user: id, username, status (active or needs_reconnect) and follower count."
    )]
    async fn list_accounts(&self, ext: Extensions) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_list_accounts(&c).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "The user's posts, by scheduled time (drafts by creation): id, account, kind, state, caption, media ids, scheduled time (RFC 3339 and on the user's clock) and why a post waits or failed."
    )]
    async fn list_posts(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<ListPostsArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_list_posts(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(description = "One post with its history (created, scheduled, published, failed …).")]
    async fn get_post(&self, ext: Extensions, Parameters(a): Parameters<PostRef>) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_get_post(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "Adds an image or video to the user's media library from a URL on a host the server's operator allows, or from a file in the operator's media directory. Returns the media id for create_post. Same size and type limits as uploads in the web interface; private and loopback addresses are always refused."
    )]
    async fn upload_media_from_url(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<UploadArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_upload(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "Creates a post, reel, carousel or story: a draft without scheduled_at, else scheduled. Checked against Instagram's rules exactly like the web composer and the REST API; a post that breaks them is refused with every problem and nothing is saved."
    )]
    async fn create_post(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<CreatePostArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_create(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "Schedules a draft (or moves a post) to scheduled_at, or, without it, to the next free slot of the account's posting queue. Refused for posts already being published."
    )]
    async fn schedule_post(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<ScheduleArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_schedule(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "Moves a scheduled post to a new time (same checks as scheduling). Drafts are scheduled with schedule_post."
    )]
    async fn reschedule_post(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<RescheduleArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_reschedule(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "Cancels a post that has not started publishing; it stays in the list as cancelled and can be scheduled again."
    )]
    async fn cancel_post(&self, ext: Extensions, Parameters(a): Parameters<PostRef>) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_cancel(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "An account's key figures for a range of days (followers, reach, views, interactions, posts, engagement rate) next to the previous period of the same length, with the change in percent."
    )]
    async fn analytics_summary(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<SummaryArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_summary(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "When to post on an account: the hour its followers are most often online and the next such time, plus the busiest weekday/hour slots, on the user's clock. Empty when Instagram has not reported enough data."
    )]
    async fn best_times(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<AccountArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_best_times(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "Comments by others on an account's posts that the account has not replied to yet, newest first (from SocialFlow's synced inbox)."
    )]
    async fn list_unanswered_comments(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<CommentsArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_unanswered(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }

    #[tool(
        description = "Replies publicly to a comment on Instagram, as the account the comment is on."
    )]
    async fn reply_to_comment(
        &self,
        ext: Extensions,
        Parameters(a): Parameters<ReplyArgs>,
    ) -> ToolResult {
        match self.caller(&ext).await {
            Ok(c) => answer(self.do_reply(&c, a).await),
            Err(m) => answer(Err(Refusal(m))),
        }
    }
}

/// The tools' bodies: the same calls as the REST handlers.
impl SocialFlowMcp {
    async fn do_list_accounts(&self, c: &Caller) -> Result<Value, Refusal> {
        let accounts = self
            .services()
            .accounts
            .list(c.user.id)
            .await
            .map_err(|e| text::store(&c.tr, e))?;
        Ok(json!({ "accounts": accounts.iter().map(text::account_json).collect::<Vec<_>>() }))
    }

    async fn do_list_posts(&self, c: &Caller, a: ListPostsArgs) -> Result<Value, Refusal> {
        let account = a
            .account_id
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|raw| account_id(c, raw))
            .transpose()?;
        if a.states.len() > 16 {
            return Err(Refusal(c.tr.t("mcp-error-state")));
        }
        let states = a
            .states
            .iter()
            .map(|s| PostState::parse(s.trim()).ok_or_else(|| Refusal(c.tr.t("mcp-error-state"))))
            .collect::<Result<Vec<_>, _>>()?;
        let filter = PostFilter {
            account,
            states,
            from: None,
            to: None,
            limit: limit(a.limit) as u32,
            accounts: None,
        };
        let posts = self
            .services()
            .posts
            .list(c.user.id, &filter)
            .await
            .map_err(|e| text::post(&c.tr, e))?;
        Ok(json!({
            "posts": posts.iter().map(|p| text::post_json(&c.tr, &c.user, p)).collect::<Vec<_>>()
        }))
    }

    async fn do_get_post(&self, c: &Caller, a: PostRef) -> Result<Value, Refusal> {
        let id = post_id(c, &a.post_id)?;
        let posts = &self.services().posts;
        let post = posts
            .get(c.user.id, id)
            .await
            .map_err(|e| text::post(&c.tr, e))?;
        let log = posts
            .log(c.user.id, id)
            .await
            .map_err(|e| text::post(&c.tr, e))?;
        let mut v = text::post_json(&c.tr, &c.user, &post);
        v["log"] = log.iter().map(|e| text::log_json(&c.tr, e)).collect();
        Ok(v)
    }

    async fn do_upload(&self, c: &Caller, a: UploadArgs) -> Result<Value, Refusal> {
        let media = &self.services().media;
        let max = media.settings().max_upload_bytes;
        let stream = super::fetch::open(&self.shared.media_policy, &a.source, max)
            .await
            .map_err(|e| match e {
                super::fetch::FetchError::Refused(r) => text::remote(&c.tr, &r),
                super::fetch::FetchError::Media(m) => text::media(&c.tr, m),
                super::fetch::FetchError::Unreachable(detail) => {
                    Refusal(c.tr.t1("mcp-error-unreachable", "detail", detail))
                }
            })?;
        let options = UploadOptions {
            pad_to_allowed_ratio: a.pad_to_allowed_ratio,
        };
        let up = media
            .upload(c.user.id, stream, &source_file_name(&a.source), options)
            .await
            .map_err(|e| text::media(&c.tr, e))?;
        let mut v = text::media_json(&up.file);
        v["problems"] = up
            .problems
            .iter()
            .flat_map(|(use_, problems)| {
                problems.iter().map(move |p| {
                    json!({
                        "use": use_.as_str(),
                        "message": crate::http::media_text::problem_text(&c.tr, p),
                    })
                })
            })
            .collect();
        Ok(v)
    }

    async fn do_create(&self, c: &Caller, a: CreatePostArgs) -> Result<Value, Refusal> {
        let account = account_id(c, &a.account_id)?;
        let scheduled_at = a
            .scheduled_at
            .as_deref()
            .map(|t| time_of(c, t))
            .transpose()?;
        // Each id is checked by the library like the API's; a made-up one
        // is a missing file.
        let media = a
            .media_ids
            .iter()
            .take(64)
            .map(|m| {
                uuid::Uuid::parse_str(m.trim())
                    .map(socialflow_core::media::MediaId)
                    .map_err(|_| Refusal(c.tr.t("mcp-error-media-not-found")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let input = PostInput {
            account_id: account,
            kind: a.kind.into(),
            media,
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: a.caption,
            hashtags: a.hashtags,
            first_comment: a.first_comment.filter(|s| !s.trim().is_empty()),
            collaborators: Vec::new(),
            location_id: None,
            alt_text: a.alt_text.filter(|s| !s.trim().is_empty()),
            user_tags: Vec::new(),
            options: PostOptions {
                audio_name: None,
                trial: None,
                ai_generated: a.is_ai_generated,
            },
            scheduled_at,
        };
        let (post, warnings) = self
            .services()
            .posts
            .create(c.user.id, input, &c.ctx)
            .await
            .map_err(|e| text::post(&c.tr, e))?;
        Ok(json!({
            "post": text::post_json(&c.tr, &c.user, &post),
            "warnings": text::warnings_json(&c.tr, &warnings),
        }))
    }

    async fn do_schedule(&self, c: &Caller, a: ScheduleArgs) -> Result<Value, Refusal> {
        let id = post_id(c, &a.post_id)?;
        let at = a
            .scheduled_at
            .as_deref()
            .map(|t| time_of(c, t))
            .transpose()?;
        let s = self.services();
        let post = match at {
            Some(at) => s
                .posts
                .reschedule(c.user.id, id, at, &c.ctx)
                .await
                .map_err(|e| text::post(&c.tr, e))?,
            None => {
                s.queue
                    .add_to_queue(&c.user, id, &c.ctx)
                    .await
                    .map_err(|e| text::queue(&c.tr, e))?
                    .0
            }
        };
        Ok(json!({ "post": text::post_json(&c.tr, &c.user, &post) }))
    }

    async fn do_reschedule(&self, c: &Caller, a: RescheduleArgs) -> Result<Value, Refusal> {
        let id = post_id(c, &a.post_id)?;
        let at = time_of(c, &a.scheduled_at)?;
        let posts = &self.services().posts;
        let current = posts
            .get(c.user.id, id)
            .await
            .map_err(|e| text::post(&c.tr, e))?;
        if current.content.scheduled_at.is_none() {
            return Err(Refusal(c.tr.t("mcp-error-draft-reschedule")));
        }
        let post = posts
            .reschedule(c.user.id, id, at, &c.ctx)
            .await
            .map_err(|e| text::post(&c.tr, e))?;
        Ok(json!({ "post": text::post_json(&c.tr, &c.user, &post) }))
    }

    async fn do_cancel(&self, c: &Caller, a: PostRef) -> Result<Value, Refusal> {
        let id = post_id(c, &a.post_id)?;
        let post = self
            .services()
            .posts
            .cancel(c.user.id, id)
            .await
            .map_err(|e| text::post(&c.tr, e))?;
        Ok(json!({ "post": text::post_json(&c.tr, &c.user, &post) }))
    }

    async fn do_summary(&self, c: &Caller, a: SummaryArgs) -> Result<Value, Refusal> {
        let account = account_id(c, &a.account_id)?;
        let analytics = &self.services().analytics;
        let range = an::range_from_params(
            a.from.as_deref().filter(|s| !s.is_empty()),
            a.to.as_deref().filter(|s| !s.is_empty()),
            analytics.today(&c.user),
        )
        .map_err(|e| text::range(&c.tr, &e))?;
        let comparison = analytics
            .summary(&c.user, account, range)
            .await
            .map_err(|e| text::account(&c.tr, e))?;
        let previous = an::previous_range(range);
        Ok(json!({
            "account_id": account.0,
            "time_zone": c.user.time_zone.name(),
            "from": range.from.to_string(),
            "to": range.to.to_string(),
            "previous_from": previous.from.to_string(),
            "previous_to": previous.to.to_string(),
            "summary": comparison,
        }))
    }

    async fn do_best_times(&self, c: &Caller, a: AccountArgs) -> Result<Value, Refusal> {
        let account = account_id(c, &a.account_id)?;
        let analytics = &self.services().analytics;
        let suggestion = analytics
            .posting_suggestion(&c.user, account)
            .await
            .map_err(|e| text::account(&c.tr, e))?;
        let map = analytics
            .heatmap_of(c.user.id, account, &c.user.time_zone)
            .await
            .map_err(|e| text::account(&c.tr, e))?;
        let top: Vec<Value> = map
            .map(|m| {
                m.top
                    .iter()
                    .map(|s| {
                        json!({
                            "weekday": s.weekday.to_string(),
                            "hour": s.hour,
                            "minute": s.minute,
                            "followers_online": s.followers,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let note =
            (suggestion.is_none() && top.is_empty()).then(|| c.tr.t("mcp-best-times-no-data"));
        Ok(json!({
            "account_id": account.0,
            "time_zone": c.user.time_zone.name(),
            "best": suggestion.map(|s| json!({
                "local_hour": s.next_local.hour(),
                "utc_hour": s.best.utc_hour,
                "followers_online": s.best.followers,
                "next_at": text::rfc3339(s.next_at),
                "next_local": format!("{} {:02}:{:02}", s.next_local.date(), s.next_local.hour(), s.next_local.minute()),
            })),
            "top_slots": top,
            "note": note,
        }))
    }

    async fn do_unanswered(&self, c: &Caller, a: CommentsArgs) -> Result<Value, Refusal> {
        let account = account_id(c, &a.account_id)?;
        let inbox = &self.services().inbox;
        inbox
            .account(c.user.id, account)
            .await
            .map_err(|e| match e {
                InboxError::NotFound => Refusal(c.tr.t("mcp-error-account-not-found")),
                e => text::inbox(&c.tr, e),
            })?;
        let filter = CommentFilter {
            media_id: a.media_id.filter(|m| !m.trim().is_empty()),
            unanswered: true,
        };
        let mut comments = inbox
            .comments(c.user.id, account, &filter)
            .await
            .map_err(|e| text::store(&c.tr, e))?;
        comments.sort_by_key(|c| std::cmp::Reverse(c.timestamp));
        let n = limit(a.limit);
        let more = comments.len() > n;
        comments.truncate(n);
        Ok(json!({
            "comments": comments.iter().map(text::comment_json).collect::<Vec<_>>(),
            "more": more,
        }))
    }

    async fn do_reply(&self, c: &Caller, a: ReplyArgs) -> Result<Value, Refusal> {
        let reply = self
            .services()
            .inbox
            .reply(c.user.id, &a.comment_id, &a.message, &c.ctx)
            .await
            .map_err(|e| text::inbox(&c.tr, e))?;
        Ok(json!({ "reply": text::comment_json(&reply) }))
    }
}
