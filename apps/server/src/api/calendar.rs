//! The planner's moves: reschedule one post, or swap the times of two posts
//! of one account (the grid preview's reorder). Validation lives in core
//! (`PostService::reschedule`, `swap_times`); this maps JSON to it.

use poem::Request;
use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::posts::{PostId, RescheduleError};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use super::posts::{InvalidPostDto, PostDto, unseen_is_missing};
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Moving posts in time: the calendar's drag and the grid's reorder.
    Calendar,
}

/// Where to move the post.
#[derive(Object)]
pub struct Reschedule {
    /// RFC 3339. Not in the past, nor further ahead than the server's
    /// horizon (730 days unless configured): 422 `invalid_post` with the
    /// problem `scheduled_in_past` or `scheduled_too_far`.
    pub scheduled_at: OffsetDateTime,
}

/// The two posts whose times are exchanged.
#[derive(Object)]
pub struct SwapTimes {
    pub a: uuid::Uuid,
    pub b: uuid::Uuid,
}

/// Both posts after the swap.
#[derive(Object)]
pub struct Swapped {
    /// `a`, now at `b`'s former time.
    pub a: PostDto,
    /// `b`, now at `a`'s former time.
    pub b: PostDto,
}

// Built once per response and moved out at once; boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(ApiResponse)]
pub enum Rescheduled {
    /// Moved (a draft is scheduled): the post as it now is.
    #[oai(status = 200)]
    Moved(Json<PostDto>),
    /// The time is outside the window or the post cannot publish (its
    /// media breaks the kind's rules); nothing was changed.
    #[oai(status = 422)]
    #[allow(dead_code)] // Documents the body `ApiError` renders.
    Invalid(Json<InvalidPostDto>),
}

#[derive(ApiResponse)]
pub enum SwapAnswer {
    /// Both posts with their new times. A refusal is a 422 `invalid_post`
    /// (either post cannot publish at the other's time, with `problems`),
    /// `different_accounts` (a profile grid is one account's) or
    /// `not_scheduled` (the same post twice, or one without a time);
    /// nothing was changed.
    #[oai(status = 200)]
    Swapped(Json<Swapped>),
}

impl From<RescheduleError> for ApiError {
    fn from(e: RescheduleError) -> Self {
        match e {
            RescheduleError::Post(e) => e.into(),
            RescheduleError::DifferentAccounts => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "different_accounts",
                "The two posts are on different accounts; only posts of one account swap times. Nothing was changed.",
            ),
            RescheduleError::SamePost | RescheduleError::NotScheduled => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_scheduled",
                "Only two different posts that both have a time can swap. Nothing was changed.",
            ),
        }
    }
}

pub struct CalendarApi;

#[OpenApi(tag = "Tag::Calendar")]
impl CalendarApi {
    /// Moves a post to another time (a draft is scheduled there), checked
    /// as scheduling is: 409 `post_not_editable` once it is being
    /// published, 409 `post_changed` if it changed meanwhile.
    #[oai(path = "/posts/:id/reschedule", method = "post")]
    async fn reschedule(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
        body: Json<Reschedule>,
    ) -> ApiResult<Rescheduled, { WRITE | JSON_BODY | BY_ID | E409 | E503 }> {
        unseen_is_missing(&state, &auth, &[PostId(id.0)]).await?;
        let ctx = crate::http::client::client_context(req, &state.web);
        let post = state
            .posts
            .reschedule(auth.owner(), PostId(id.0), body.0.scheduled_at, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Rescheduled::Moved(Json(post.into())))
    }

    /// Exchanges the times of two scheduled posts of one account, both or
    /// neither (one transaction). Another user's post is 404.
    #[oai(path = "/posts/swap-times", method = "post")]
    async fn swap_times(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        body: Json<SwapTimes>,
    ) -> ApiResult<SwapAnswer, { WRITE | JSON_BODY | E404 | E409 | E422 | E503 }> {
        unseen_is_missing(&state, &auth, &[PostId(body.0.a), PostId(body.0.b)]).await?;
        let ctx = crate::http::client::client_context(req, &state.web);
        let (a, b) = state
            .posts
            .swap_times(auth.owner(), PostId(body.0.a), PostId(body.0.b), &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(SwapAnswer::Swapped(Json(Swapped {
            a: a.into(),
            b: b.into(),
        })))
    }
}
