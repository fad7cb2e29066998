//! `/inbox/items`: the inbox as one triage list over your accounts
//! (comment threads and conversations, newest first, cursor-paged and
//! filtered), and marking items done or open again, one or many.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::account::AccountId;
use socialflow_core::inbox::triage::{
    ItemRef, MAX_BULK_ITEMS, QueryProblem, StateFilter, TriageError, TriageFilter, TriageItem,
    TriageQuery,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// The inbox's triage list.
    Inbox,
}

/// The post a comment is on (from the cache).
#[derive(Object)]
pub struct TriagePostDto {
    pub id: String,
    #[oai(nullable)]
    pub caption: Option<String>,
    /// A picture of the post (the thumbnail, or the image itself).
    #[oai(nullable)]
    pub picture_url: Option<String>,
    #[oai(nullable)]
    pub permalink: Option<String>,
}

#[derive(Object)]
pub struct TriageItemDto {
    /// The item's reference for the done/open operations.
    #[oai(rename = "ref")]
    pub item_ref: String,
    pub account_id: uuid::Uuid,
    pub account_username: String,
    /// `comment`, `message`, `story_mention` or `story_reply`.
    pub kind: String,
    /// The comment's or the conversation's Instagram id.
    pub id: String,
    #[oai(nullable)]
    pub media_id: Option<String>,
    #[oai(nullable)]
    pub post: Option<TriagePostDto>,
    /// The comment, or the conversation's latest message.
    pub text: String,
    #[oai(nullable)]
    pub username: Option<String>,
    pub at: OffsetDateTime,
    pub hidden: bool,
    pub answered: bool,
    pub done: bool,
    /// Not answered by the account and not done.
    pub unanswered: bool,
    pub replies: u32,
}

impl From<TriageItem> for TriageItemDto {
    fn from(i: TriageItem) -> Self {
        TriageItemDto {
            item_ref: i.item_ref().to_string(),
            account_id: i.account_id.0,
            account_username: i.account_username.clone(),
            kind: i.kind.as_str().to_string(),
            unanswered: i.unanswered(),
            post: i.post.as_ref().map(|p| TriagePostDto {
                id: p.id.clone(),
                caption: p.caption.clone(),
                picture_url: p.picture().map(str::to_string),
                permalink: p.permalink.clone(),
            }),
            id: i.id,
            media_id: i.media_id,
            text: i.text,
            username: i.username,
            at: i.at,
            hidden: i.hidden,
            answered: i.answered,
            done: i.done,
            replies: i.replies,
        }
    }
}

#[derive(Object)]
pub struct TriagePageDto {
    pub items: Vec<TriageItemDto>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[oai(nullable)]
    pub next_cursor: Option<String>,
}

/// Items to mark (at most 100 references).
#[derive(Object)]
pub struct ItemsBody {
    pub items: Vec<String>,
}

#[derive(Object)]
pub struct ChangedDto {
    /// How many of the items changed state (others were not yours, no
    /// longer cached, or already in that state).
    pub changed: u64,
}

#[derive(ApiResponse)]
pub enum Marked {
    /// Done (or open again).
    #[oai(status = 204)]
    NoContent,
}

fn query_error(p: QueryProblem) -> ApiError {
    let code = match p {
        QueryProblem::Cursor => "invalid_cursor",
        QueryProblem::Limit => "invalid_limit",
        QueryProblem::Search => "invalid_search",
        QueryProblem::Media => "invalid_media_id",
    };
    ApiError::new(StatusCode::BAD_REQUEST, code, format!("{p}."))
}

fn triage_error(e: TriageError) -> ApiError {
    match e {
        TriageError::NoItems => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_items",
            "Name at least one item.",
        ),
        TriageError::TooManyItems => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_items",
            format!("At most {MAX_BULK_ITEMS} items at once."),
        ),
        TriageError::Store(e) => ApiError::from_store(e),
    }
}

fn parse_refs(raw: &[String]) -> Result<Vec<ItemRef>, ApiError> {
    if raw.len() > MAX_BULK_ITEMS {
        return Err(triage_error(TriageError::TooManyItems));
    }
    raw.iter()
        .map(|r| {
            ItemRef::parse(r).ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_item",
                    "An item reference is not one this API gave (use `ref`).",
                )
            })
        })
        .collect()
}

pub struct TriageApi;

#[OpenApi(tag = "Tag::Inbox")]
impl TriageApi {
    /// The triage list over all your accounts: comment threads (by others)
    /// and conversations, newest first. Page with `cursor` (from
    /// `next_cursor`); 400 `invalid_cursor`, `invalid_limit`,
    /// `invalid_search` (over 100 characters) or `invalid_state`.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/inbox/items", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        /// Only this account (SocialFlow's account id).
        account: Query<Option<uuid::Uuid>>,
        /// Only comments on this post (Instagram's media id).
        media_id: Query<Option<String>>,
        /// `all` (default), `unanswered`, `open` or `done`.
        #[oai(name = "state")]
        state_filter: Query<Option<String>>,
        /// Only hidden comments.
        hidden: Query<Option<bool>>,
        /// Only texts with a question mark (`?`, `？`, `؟`).
        question: Query<Option<bool>>,
        /// Words in the text or the author's username.
        q: Query<Option<String>>,
        cursor: Query<Option<String>>,
        /// Items per page (1–100, default 25).
        limit: Query<Option<u32>>,
    ) -> ApiResult<Json<TriagePageDto>, { AUTH | E400 }> {
        let st = StateFilter::parse(state_filter.0.as_deref().unwrap_or("")).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_state",
                "state is one of all, unanswered, open, done.",
            )
        })?;
        let filter = TriageFilter {
            account: account.0.map(AccountId),
            media: media_id.0,
            state: st,
            hidden: hidden.0.unwrap_or(false),
            question: question.0.unwrap_or(false),
            search: q.0,
            accounts: None,
        };
        let query = TriageQuery::new(filter, cursor.0.as_deref(), limit.0).map_err(query_error)?;
        let page = state
            .triage
            .page_seen(auth.access(), &query)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(TriagePageDto {
            items: page.items.into_iter().map(Into::into).collect(),
            next_cursor: page.next,
        }))
    }

    /// Marks items done (up to 100). 422 `no_items`, `too_many_items` or
    /// `invalid_item`.
    #[oai(path = "/inbox/items/done", method = "post")]
    async fn mark_done(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        body: Json<ItemsBody>,
    ) -> ApiResult<Json<ChangedDto>, { WRITE | JSON_BODY | E422 }> {
        let refs = parse_refs(&body.0.items)?;
        let changed = state
            .triage
            .set_done_seen(auth.access(), &refs, true)
            .await
            .map_err(triage_error)?;
        Ok(Json(ChangedDto { changed }))
    }

    /// Opens items again (up to 100). 422 `no_items`, `too_many_items` or
    /// `invalid_item`.
    #[oai(path = "/inbox/items/open", method = "post")]
    async fn mark_open(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        body: Json<ItemsBody>,
    ) -> ApiResult<Json<ChangedDto>, { WRITE | JSON_BODY | E422 }> {
        let refs = parse_refs(&body.0.items)?;
        let changed = state
            .triage
            .set_done_seen(auth.access(), &refs, false)
            .await
            .map_err(triage_error)?;
        Ok(Json(ChangedDto { changed }))
    }

    /// Marks one item done. 404 when it is not one of your cached items; 400
    /// for a path that is not a valid item reference encoding.
    #[oai(path = "/inbox/items/:item_ref/done", method = "put")]
    async fn done_one(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        item_ref: Path<String>,
    ) -> ApiResult<Marked, { WRITE | E400 | E404 }> {
        one(&state, auth, &item_ref.0, true).await
    }

    /// Opens one item again. 404 when it is not one of your items marked
    /// done.
    #[oai(path = "/inbox/items/:item_ref/done", method = "delete")]
    async fn open_one(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        item_ref: Path<String>,
    ) -> ApiResult<Marked, { WRITE | E400 | E404 }> {
        one(&state, auth, &item_ref.0, false).await
    }
}

async fn one<const S: u32>(
    state: &AppState,
    auth: ApiAuth,
    raw: &str,
    done: bool,
) -> ApiResult<Marked, S> {
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such item of yours.");
    let r = ItemRef::parse(raw).ok_or_else(not_found)?;
    let n = state
        .triage
        .set_done_seen(auth.access(), &[r], done)
        .await
        .map_err(triage_error)?;
    if n == 0 {
        return Err(not_found().into());
    }
    Ok(Marked::NoContent)
}
