//! The queue: an account's weekly slots (read, replace, suggestions), its
//! upcoming slots, "add to queue" for a post, and the account's calendar
//! feed (create or rotate, status, revoke). Rules live in core.

use poem::Request;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use secrecy::ExposeSecret;
use socialflow_core::User;
use socialflow_core::account::AccountId;
use socialflow_core::posts::PostId;
use socialflow_core::queue::{
    MAX_SLOTS, QueueSlot, RawSlot, SuggestionSource, VIEW_DAYS, weekday_code,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use super::posts::{PostDto, WarningDto};
use crate::http::queue_text;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Weekly time slots per account, "add to queue", and the account's
    /// subscribable calendar (ICS).
    Queue,
}

/// A weekly slot on your clock (your time zone, DST included).
#[derive(Object, Clone)]
pub struct SlotDto {
    /// `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`.
    pub weekday: String,
    /// `HH:MM`, 00:00–23:59.
    pub time: String,
}

impl From<QueueSlot> for SlotDto {
    fn from(s: QueueSlot) -> Self {
        SlotDto {
            weekday: weekday_code(s.weekday).into(),
            time: s.time.to_string(),
        }
    }
}

#[derive(Object)]
pub struct QueueSlotsDto {
    pub account_id: uuid::Uuid,
    /// The zone the slots are in: yours.
    pub time_zone: String,
    /// Monday first, then by time.
    pub slots: Vec<SlotDto>,
    /// The most slots an account may have.
    pub max_slots: u32,
}

/// The whole new set of slots (it replaces the old one; `[]` clears it).
#[derive(Object)]
pub struct QueueSlotsInput {
    /// At most 50, no day and time twice.
    pub slots: Vec<SlotDto>,
}

/// One thing wrong with the slots sent.
#[derive(Object)]
pub struct SlotProblemDto {
    /// `bad_weekday`, `bad_time`, `too_many_slots` or `duplicate_slot`.
    pub code: String,
    pub message: String,
}

/// The 422 answer to a set of slots: nothing was saved.
#[derive(Object)]
pub struct InvalidSlotsDto {
    /// `invalid_slots`.
    pub code: String,
    pub message: String,
    pub problems: Vec<SlotProblemDto>,
}

#[derive(ApiResponse)]
pub enum SlotsSaved {
    #[oai(status = 200)]
    Saved(Json<QueueSlotsDto>),
    /// The set has problems (`invalid_slots`, each listed); nothing changed.
    #[oai(status = 422)]
    #[allow(dead_code)] // Documents the body `ApiError` renders.
    Invalid(Json<InvalidSlotsDto>),
}

/// A time to add on some days with one call (send them in `PUT` with the
/// slots you have).
#[derive(Object)]
pub struct SlotSuggestionDto {
    pub time: String,
    pub weekdays: Vec<String>,
    /// Followers online then (average), when from data.
    pub followers_online: Option<i64>,
}

#[derive(Object)]
pub struct SuggestionsDto {
    pub account_id: uuid::Uuid,
    pub time_zone: String,
    /// `best_time`: the hours the account's followers are most often
    /// online; `defaults`: no such data yet, common defaults instead.
    pub source: String,
    /// Best first; slots the account already has are left out.
    pub suggestions: Vec<SlotSuggestionDto>,
}

/// The post that takes a slot.
#[derive(Object)]
pub struct QueuedPostDto {
    pub id: uuid::Uuid,
    /// `reel`, `post`, `carousel` or `story`.
    pub kind: String,
    pub state: String,
    /// The caption's first line, shortened.
    pub caption: String,
}

#[derive(Object)]
pub struct UpcomingSlotDto {
    pub at: OffsetDateTime,
    /// On your clock, `YYYY-MM-DDTHH:MM`.
    pub local: String,
    pub weekday: String,
    /// `null`: the slot is free.
    pub post: Option<QueuedPostDto>,
}

#[derive(Object)]
pub struct UpcomingQueueDto {
    pub account_id: uuid::Uuid,
    pub time_zone: String,
    /// How many days ahead (today included) the list covers.
    pub days: u32,
    pub slots: Vec<UpcomingSlotDto>,
}

#[derive(Object)]
pub struct QueuedDto {
    /// The post, now scheduled.
    pub post: PostDto,
    /// The slot it took.
    pub scheduled_at: OffsetDateTime,
    /// The slot on your clock, `YYYY-MM-DDTHH:MM`.
    pub local: String,
    /// Cautions (it was scheduled anyway).
    pub warnings: Vec<WarningDto>,
}

#[derive(ApiResponse)]
pub enum Queued {
    #[oai(status = 200)]
    Queued(Json<QueuedDto>),
}

#[derive(Object)]
pub struct FeedStatusDto {
    pub account_id: uuid::Uuid,
    /// Whether a feed URL works now. The URL itself is shown only when
    /// created.
    pub active: bool,
    pub created_at: Option<OffsetDateTime>,
}

#[derive(Object)]
pub struct FeedCreatedDto {
    pub account_id: uuid::Uuid,
    /// Subscribe to this in a calendar app. Shown once: only a digest is
    /// stored. Anyone with it sees the account's schedule and captions.
    pub url: String,
    pub created_at: OffsetDateTime,
}

#[derive(ApiResponse)]
pub enum FeedCreated {
    /// A new secret URL; any earlier one stopped working.
    #[oai(status = 201)]
    Created(Json<FeedCreatedDto>),
}

#[derive(ApiResponse)]
pub enum FeedRevoked {
    /// The feed URL no longer works (also when there was none).
    #[oai(status = 204)]
    NoContent,
}

fn local_text(user: &User, at: OffsetDateTime) -> String {
    let l = user.time_zone.to_local(at);
    format!("{}T{:02}:{:02}", l.date(), l.hour(), l.minute())
}

fn slots_dto(user: &User, account: AccountId, slots: Vec<QueueSlot>) -> QueueSlotsDto {
    QueueSlotsDto {
        account_id: account.0,
        time_zone: user.time_zone.name().to_string(),
        slots: slots.into_iter().map(SlotDto::from).collect(),
        max_slots: MAX_SLOTS as u32,
    }
}

/// The calendar feed's URL for a secret.
pub fn feed_url(public_url: &str, secret: &str) -> String {
    format!("{public_url}/calendar/{secret}.ics")
}

pub struct QueueApi;

#[OpenApi(tag = "Tag::Queue")]
impl QueueApi {
    /// The account's weekly queue slots, on your clock.
    #[oai(path = "/accounts/:id/queue-slots", method = "get")]
    async fn slots(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<QueueSlotsDto>, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let account = AccountId(id.0);
        let slots = state
            .queue
            .slots(auth.owner(), account)
            .await
            .map_err(ApiError::from)?;
        Ok(Json(slots_dto(user, account, slots)))
    }

    /// Replaces the account's slots. Refused with 422 `invalid_slots` (every
    /// problem listed) for an unknown day or time, a day and time twice, or
    /// more than 50 slots.
    #[oai(path = "/accounts/:id/queue-slots", method = "put")]
    async fn set_slots(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<QueueSlotsInput>,
    ) -> ApiResult<SlotsSaved, { WRITE | JSON_BODY | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let account = AccountId(id.0);
        // Core reads at most 50 and refuses a longer list by its length.
        let raw: Vec<RawSlot> = body
            .0
            .slots
            .iter()
            .map(|s| RawSlot {
                weekday: s.weekday.clone(),
                time: s.time.clone(),
            })
            .collect();
        let slots = state
            .queue
            .set_slots(auth.owner(), account, &raw)
            .await
            .map_err(ApiError::from)?;
        Ok(SlotsSaved::Saved(Json(slots_dto(user, account, slots))))
    }

    /// Slots to add: the hours the account's followers are most often online
    /// (from its audience data), or, with no data yet, common defaults
    /// (`source` says which).
    #[oai(path = "/accounts/:id/queue-slots/suggestions", method = "get")]
    async fn suggestions(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<SuggestionsDto>, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let s = state
            .queue
            .suggestions(user, AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(SuggestionsDto {
            account_id: id.0,
            time_zone: user.time_zone.name().to_string(),
            source: match s.source {
                SuggestionSource::BestTime => "best_time",
                SuggestionSource::Defaults => "defaults",
            }
            .into(),
            suggestions: s
                .items
                .into_iter()
                .map(|i| SlotSuggestionDto {
                    time: i.time.to_string(),
                    weekdays: i.weekdays.iter().map(|d| weekday_code(*d).into()).collect(),
                    followers_online: i.followers,
                })
                .collect(),
        }))
    }

    /// The account's slots of the next 14 days (today included), each with
    /// the post that takes it or `null`.
    #[oai(path = "/accounts/:id/queue", method = "get")]
    async fn upcoming(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<UpcomingQueueDto>, { AUTH | BY_ID }> {
        let user = &auth.workspace_user(&state).await?;
        let upcoming = state
            .queue
            .upcoming(user, AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(UpcomingQueueDto {
            account_id: id.0,
            time_zone: user.time_zone.name().to_string(),
            days: VIEW_DAYS,
            slots: upcoming
                .into_iter()
                .map(|u| UpcomingSlotDto {
                    at: u.at,
                    local: local_text(user, u.at),
                    weekday: weekday_code(u.local.weekday()).into(),
                    post: u.post.map(|p| QueuedPostDto {
                        id: p.id.0,
                        kind: p.content.kind.as_str().into(),
                        state: p.state.as_str().into(),
                        caption: queue_text::caption_start(&p.content.caption, 80),
                    }),
                })
                .collect(),
        }))
    }

    /// Adds the post (a draft, or a scheduled, failed or cancelled one) to
    /// its account's queue: it is scheduled at the next slot no other post
    /// of the account takes, after the same checks as any scheduling.
    /// Concurrent requests for one account each get a different slot.
    /// 422: the post breaks Instagram's rules (`invalid_post`, every problem
    /// listed), the account has no slots (`no_queue_slots`), or every slot
    /// of the next 91 days is taken (`queue_full`); nothing changed.
    #[oai(path = "/posts/:id/queue", method = "post")]
    async fn add_to_queue(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Queued, { WRITE | BY_ID | E409 | E422 | E503 }> {
        super::posts::unseen_is_missing(&state, &auth, &[PostId(id.0)]).await?;
        let user = &auth.workspace_user(&state).await?;
        let ctx = crate::http::client::client_context(req, &state.web);
        let (post, warnings) = state
            .queue
            .add_to_queue(user, PostId(id.0), &ctx)
            .await
            .map_err(ApiError::from)?;
        let at = post.content.scheduled_at.ok_or_else(ApiError::internal)?;
        Ok(Queued::Queued(Json(QueuedDto {
            scheduled_at: at,
            local: local_text(user, at),
            warnings: warnings.iter().map(WarningDto::from).collect(),
            post: post.into(),
        })))
    }

    /// Whether the account's calendar feed is on.
    #[oai(path = "/accounts/:id/calendar-feed", method = "get")]
    async fn feed(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<FeedStatusDto>, { AUTH | BY_ID }> {
        let feed = state
            .queue
            .feed(auth.owner(), AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(FeedStatusDto {
            account_id: id.0,
            active: feed.is_some(),
            created_at: feed.map(|f| f.created_at),
        }))
    }

    /// Creates the account's calendar feed, or rotates it: a new secret URL
    /// (`GET /calendar/<secret>.ics`, no sign-in) with the scheduled posts
    /// and those published in the last 30 days; any earlier URL stops
    /// working at once.
    #[oai(path = "/accounts/:id/calendar-feed", method = "post")]
    async fn open_feed(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<FeedCreated, { WRITE | BY_ID }> {
        let secret = state
            .queue
            .open_feed(auth.owner(), AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(FeedCreated::Created(Json(FeedCreatedDto {
            account_id: id.0,
            url: feed_url(&state.web.public_url, secret.expose_secret()),
            created_at: state.clock.now(),
        })))
    }

    /// Revokes the account's calendar feed: its URL answers 404 from now on.
    #[oai(path = "/accounts/:id/calendar-feed", method = "delete")]
    async fn revoke_feed(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<FeedRevoked, { WRITE | BY_ID }> {
        state
            .queue
            .revoke_feed(auth.owner(), AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(FeedRevoked::NoContent)
    }
}
