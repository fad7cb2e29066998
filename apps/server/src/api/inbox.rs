//! The inbox over REST: cached posts, comments and conversations, and the
//! actions on them. Ids in paths are Instagram's; each is checked against
//! the caller's own accounts (someone else's id answers 404).

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::account::AccountId;
use socialflow_core::inbox::{
    CachedComment, CachedConversation, CachedMedia, CachedMessage, CommentFilter, InboxError,
    MessagingWindow,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::client::client_context;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Comments on the accounts' posts, and direct messages.
    Inbox,
}

impl From<InboxError> for ApiError {
    fn from(e: InboxError) -> Self {
        match e {
            InboxError::NotFound => Self::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "No such account, post, comment or conversation among yours (refresh the account if it is new).",
            ),
            InboxError::InvalidText { max } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_text",
                format!("The text must not be empty and at most {max} long."),
            ),
            InboxError::ControlCharacters => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "control_characters",
                "The text contains control characters (such as NUL); only line breaks and tabs are allowed.",
            ),
            InboxError::WindowClosed => Self::new(
                StatusCode::CONFLICT,
                "outside_messaging_window",
                "Instagram allows replies only within 24 hours of the person's last message (7 days with the human-agent permission). They need to write first.",
            ),
            InboxError::OwnComment => Self::new(
                StatusCode::CONFLICT,
                "own_comment",
                "The account's own comments cannot be hidden; delete the comment instead.",
            ),
            InboxError::Instagram(e) => e.into(),
            InboxError::Internal(e) => {
                tracing::error!(error = %e, "inbox operation failed");
                Self::internal()
            }
        }
    }
}

/// One of the account's recent posts, as cached from Instagram.
#[derive(Object)]
#[oai(rename = "InstagramMedia")]
pub struct MediaDto {
    pub id: String,
    #[oai(nullable)]
    pub caption: Option<String>,
    pub media_type: String,
    #[oai(nullable)]
    pub media_url: Option<String>,
    #[oai(nullable)]
    pub thumbnail_url: Option<String>,
    #[oai(nullable)]
    pub permalink: Option<String>,
    pub timestamp: OffsetDateTime,
    #[oai(nullable)]
    pub like_count: Option<i64>,
    #[oai(nullable)]
    pub comments_count: Option<i64>,
    /// When this was fetched from Instagram (at most 24 hours ago).
    pub fetched_at: OffsetDateTime,
}

impl From<CachedMedia> for MediaDto {
    fn from(m: CachedMedia) -> Self {
        Self {
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
        }
    }
}

/// A comment, or a reply when `parent_id` is set.
#[derive(Object)]
pub struct CommentDto {
    pub id: String,
    pub media_id: String,
    #[oai(nullable)]
    pub parent_id: Option<String>,
    pub text: String,
    #[oai(nullable)]
    pub username: Option<String>,
    pub timestamp: OffsetDateTime,
    pub hidden: bool,
    #[oai(nullable)]
    pub like_count: Option<i64>,
    pub fetched_at: OffsetDateTime,
}

impl From<CachedComment> for CommentDto {
    fn from(c: CachedComment) -> Self {
        Self {
            id: c.id,
            media_id: c.media_id,
            parent_id: c.parent_id,
            text: c.text,
            username: c.username,
            timestamp: c.timestamp,
            hidden: c.hidden,
            like_count: c.like_count,
            fetched_at: c.fetched_at,
        }
    }
}

/// A direct-message conversation.
#[derive(Object)]
pub struct ConversationDto {
    pub id: String,
    pub participant_id: String,
    #[oai(nullable)]
    pub participant_username: Option<String>,
    #[oai(nullable)]
    pub last_message_at: Option<OffsetDateTime>,
    /// The person wrote since the conversation was last opened.
    pub unread: bool,
    /// `open`, `human_agent` (a person may reply, up to 7 days) or `closed`.
    pub window: String,
    /// When replying stops being possible, if it is possible now.
    #[oai(nullable)]
    pub window_closes_at: Option<OffsetDateTime>,
    pub fetched_at: OffsetDateTime,
}

fn conversation_dto(c: CachedConversation, w: MessagingWindow) -> ConversationDto {
    let (window, closes) = match w {
        MessagingWindow::Open { closes_at } => ("open", Some(closes_at)),
        MessagingWindow::HumanAgent { closes_at } => ("human_agent", Some(closes_at)),
        MessagingWindow::Closed { .. } => ("closed", None),
    };
    ConversationDto {
        unread: c.unread(),
        id: c.id,
        participant_id: c.participant_id,
        participant_username: c.participant_username,
        last_message_at: c.last_message_at,
        window: window.into(),
        window_closes_at: closes,
        fetched_at: c.fetched_at,
    }
}

#[derive(Object)]
pub struct AttachmentDto {
    /// `image`, `video`, `audio`, `file`, `share`, … as Instagram names it.
    pub kind: String,
    #[oai(nullable)]
    pub url: Option<String>,
}

#[derive(Object)]
pub struct MessageDto {
    pub id: String,
    pub conversation_id: String,
    pub sender_id: String,
    #[oai(nullable)]
    pub sender_username: Option<String>,
    pub recipient_id: String,
    #[oai(nullable)]
    pub recipient_username: Option<String>,
    #[oai(nullable)]
    pub text: Option<String>,
    pub attachments: Vec<AttachmentDto>,
    pub created_at: OffsetDateTime,
    /// Sent by the other person.
    pub inbound: bool,
    pub fetched_at: OffsetDateTime,
}

impl From<CachedMessage> for MessageDto {
    fn from(m: CachedMessage) -> Self {
        Self {
            id: m.id,
            conversation_id: m.conversation_id,
            sender_id: m.sender_id,
            sender_username: m.sender_username,
            recipient_id: m.recipient_id,
            recipient_username: m.recipient_username,
            text: m.text,
            attachments: m
                .attachments
                .into_iter()
                .map(|a| AttachmentDto {
                    kind: a.kind,
                    url: a.url,
                })
                .collect(),
            created_at: m.created_at,
            inbound: m.inbound,
            fetched_at: m.fetched_at,
        }
    }
}

#[derive(Object)]
pub struct MessageBody {
    pub message: String,
}

#[derive(Object)]
pub struct TextBody {
    pub text: String,
}

/// Counts for a dashboard.
#[derive(Object)]
pub struct InboxCountsDto {
    pub unanswered_comments: u64,
    pub unread_conversations: u64,
}

#[derive(ApiResponse)]
pub enum CommentCreated {
    /// Instagram accepted it; this is the new comment.
    #[oai(status = 201)]
    Created(Json<CommentDto>),
}

#[derive(ApiResponse)]
pub enum MessageSent {
    /// Instagram accepted it; this is the sent message.
    #[oai(status = 201)]
    Created(Json<MessageDto>),
}

#[derive(ApiResponse)]
pub enum Done {
    /// Instagram accepted it.
    #[oai(status = 204)]
    NoContent,
}

pub struct InboxApi;

impl InboxApi {
    /// The caller's account, or 404.
    async fn account(
        state: &AppState,
        auth: &ApiAuth,
        id: uuid::Uuid,
    ) -> Result<AccountId, ApiError> {
        Ok(state.inbox.account(auth.owner(), AccountId(id)).await?.id)
    }

    /// Refuses (404) a comment on an account outside the caller's.
    async fn seen_comment(state: &AppState, auth: &ApiAuth, id: &str) -> Result<(), ApiError> {
        match state.inbox.comment_unseen(auth.access(), id).await {
            Ok(false) => Ok(()),
            Ok(true) => Err(ApiError::from(socialflow_core::inbox::InboxError::NotFound)),
            Err(e) => Err(ApiError::from_store(e)),
        }
    }
}

#[OpenApi(tag = "Tag::Inbox")]
impl InboxApi {
    /// The account's recent posts (the last ~50), newest first.
    #[oai(path = "/accounts/:id/media", method = "get")]
    async fn media(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<MediaDto>>, { AUTH | BY_ID }> {
        let account = Self::account(&state, &auth, id.0).await?;
        let list = state
            .inbox
            .cached_media(auth.owner(), account)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(list.into_iter().map(MediaDto::from).collect()))
    }

    /// The account's comments and replies, newest first; `media_id` limits
    /// them to a post, `unanswered=true` to top-level comments by others the
    /// account has not replied to.
    #[oai(path = "/accounts/:id/comments", method = "get")]
    async fn comments(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        media_id: Query<Option<String>>,
        unanswered: Query<Option<bool>>,
    ) -> ApiResult<Json<Vec<CommentDto>>, { AUTH | BY_ID }> {
        let account = Self::account(&state, &auth, id.0).await?;
        let filter = CommentFilter {
            media_id: media_id.0.filter(|m| !m.is_empty()),
            unanswered: unanswered.0.unwrap_or(false),
        };
        let list = state
            .inbox
            .comments(auth.owner(), account, &filter)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(list.into_iter().map(CommentDto::from).collect()))
    }

    /// Replies to a comment on Instagram.
    #[oai(path = "/comments/:comment_id/replies", method = "post")]
    async fn reply(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        comment_id: Path<String>,
        body: Json<MessageBody>,
    ) -> ApiResult<CommentCreated, { WRITE | JSON_BODY | BY_ID | E422 | INSTAGRAM }> {
        Self::seen_comment(&state, &auth, &comment_id.0).await?;
        let ctx = client_context(req, &state.web);
        let reply = state
            .inbox
            .reply(auth.owner(), &comment_id.0, &body.0.message, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(CommentCreated::Created(Json(reply.into())))
    }

    /// Hides a comment on Instagram (the owner's own cannot be hidden).
    #[oai(path = "/comments/:comment_id/hide", method = "post")]
    async fn hide(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        comment_id: Path<String>,
    ) -> ApiResult<Done, { WRITE | BY_ID | INSTAGRAM }> {
        Self::seen_comment(&state, &auth, &comment_id.0).await?;
        let ctx = client_context(req, &state.web);
        state
            .inbox
            .set_hidden(auth.owner(), &comment_id.0, true, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Done::NoContent)
    }

    /// Makes a hidden comment visible again.
    #[oai(path = "/comments/:comment_id/unhide", method = "post")]
    async fn unhide(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        comment_id: Path<String>,
    ) -> ApiResult<Done, { WRITE | BY_ID | INSTAGRAM }> {
        Self::seen_comment(&state, &auth, &comment_id.0).await?;
        let ctx = client_context(req, &state.web);
        state
            .inbox
            .set_hidden(auth.owner(), &comment_id.0, false, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Done::NoContent)
    }

    /// Deletes a comment (and its replies) on Instagram.
    #[oai(path = "/comments/:comment_id", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        comment_id: Path<String>,
    ) -> ApiResult<Done, { WRITE | BY_ID | INSTAGRAM }> {
        Self::seen_comment(&state, &auth, &comment_id.0).await?;
        let ctx = client_context(req, &state.web);
        state
            .inbox
            .delete_comment(auth.owner(), &comment_id.0, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Done::NoContent)
    }

    /// Comments on one of the account's posts.
    #[oai(path = "/accounts/:id/media/:media_id/comments", method = "post")]
    async fn comment_on_media(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        media_id: Path<String>,
        body: Json<MessageBody>,
    ) -> ApiResult<CommentCreated, { WRITE | JSON_BODY | BY_ID | E422 | INSTAGRAM }> {
        let ctx = client_context(req, &state.web);
        let comment = state
            .inbox
            .comment_on_media(
                auth.owner(),
                AccountId(id.0),
                &media_id.0,
                &body.0.message,
                &ctx,
            )
            .await
            .map_err(ApiError::from)?;
        Ok(CommentCreated::Created(Json(comment.into())))
    }

    /// The account's conversations, latest message first.
    #[oai(path = "/accounts/:id/conversations", method = "get")]
    async fn conversations(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<ConversationDto>>, { AUTH | BY_ID }> {
        let account = Self::account(&state, &auth, id.0).await?;
        let list = state
            .inbox
            .conversations(auth.owner(), account)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(
            list.into_iter()
                .map(|c| {
                    let w = state.inbox.window(&c);
                    conversation_dto(c, w)
                })
                .collect(),
        ))
    }

    /// A conversation's messages, oldest first.
    #[oai(path = "/conversations/:conversation_id/messages", method = "get")]
    async fn messages(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        conversation_id: Path<String>,
    ) -> ApiResult<Json<Vec<MessageDto>>, { AUTH | BY_ID }> {
        state
            .inbox
            .conversation_seen(auth.access(), &conversation_id.0)
            .await
            .map_err(ApiError::from)?;
        let list = state
            .inbox
            .messages(auth.owner(), &conversation_id.0)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(list.into_iter().map(MessageDto::from).collect()))
    }

    /// Sends a text message (at most 1,000 bytes) inside Instagram's
    /// messaging window.
    #[oai(path = "/conversations/:conversation_id/messages", method = "post")]
    async fn send(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        conversation_id: Path<String>,
        body: Json<TextBody>,
    ) -> ApiResult<MessageSent, { WRITE | JSON_BODY | BY_ID | E409 | E422 | INSTAGRAM }> {
        state
            .inbox
            .conversation_seen(auth.access(), &conversation_id.0)
            .await
            .map_err(ApiError::from)?;
        let ctx = client_context(req, &state.web);
        let sent = state
            .inbox
            .send_message(auth.owner(), &conversation_id.0, &body.0.text, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(MessageSent::Created(Json(sent.into())))
    }

    /// Unanswered comments and unread conversations over the workspace's
    /// accounts you see.
    #[oai(path = "/inbox/counts", method = "get")]
    async fn counts(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<InboxCountsDto>, AUTH> {
        let c = state
            .inbox
            .counts_seen(auth.access())
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(InboxCountsDto {
            unanswered_comments: c.unanswered_comments,
            unread_conversations: c.unread_conversations,
        }))
    }
}
