//! `/posts`: create, list, read, edit (patch or replace, until the publish
//! call), duplicate, publish now, cancel, acknowledge and delete posts.
//! Validation lives in core; this maps JSON to it.

use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Tags};
use socialflow_core::account::AccountId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    EditForecast, Post, PostFilter, PostHold, PostId, PostInput, PostKind, PostLogEntry,
    PostOptions, PostProblem, PostState, TrialStrategy, UserTagSpec,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::posts_text;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Posts, reels, carousels and stories: drafts, schedule, publishing.
    Posts,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "lowercase")]
pub enum PostKindDto {
    Reel,
    Post,
    Carousel,
    Story,
}

impl From<PostKindDto> for PostKind {
    fn from(k: PostKindDto) -> Self {
        match k {
            PostKindDto::Reel => PostKind::Reel,
            PostKindDto::Post => PostKind::Post,
            PostKindDto::Carousel => PostKind::Carousel,
            PostKindDto::Story => PostKind::Story,
        }
    }
}

impl From<PostKind> for PostKindDto {
    fn from(k: PostKind) -> Self {
        match k {
            PostKind::Reel => PostKindDto::Reel,
            PostKind::Post => PostKindDto::Post,
            PostKind::Carousel => PostKindDto::Carousel,
            PostKind::Story => PostKindDto::Story,
        }
    }
}

/// How a trial reel graduates to the account's followers: `MANUAL` (you
/// share it in the app) or `SS_PERFORMANCE` (Instagram shares it if it
/// performs well).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TrialGraduationDto {
    Manual,
    SsPerformance,
}

impl From<TrialGraduationDto> for TrialStrategy {
    fn from(t: TrialGraduationDto) -> Self {
        match t {
            TrialGraduationDto::Manual => TrialStrategy::Manual,
            TrialGraduationDto::SsPerformance => TrialStrategy::Performance,
        }
    }
}

impl From<TrialStrategy> for TrialGraduationDto {
    fn from(t: TrialStrategy) -> Self {
        match t {
            TrialStrategy::Manual => TrialGraduationDto::Manual,
            TrialStrategy::Performance => TrialGraduationDto::SsPerformance,
        }
    }
}

/// A person tagged on an image; `x` and `y` from 0 to 1, from the top left.
#[derive(Object, Clone)]
pub struct UserTagDto {
    pub username: String,
    pub x: f64,
    pub y: f64,
}

impl From<UserTagDto> for UserTagSpec {
    fn from(t: UserTagDto) -> Self {
        UserTagSpec {
            username: t.username,
            x: t.x,
            y: t.y,
        }
    }
}

impl From<UserTagSpec> for UserTagDto {
    fn from(t: UserTagSpec) -> Self {
        UserTagDto {
            username: t.username,
            x: t.x,
            y: t.y,
        }
    }
}

/// A new post. Without `scheduled_at` it is saved as a draft.
#[derive(Object)]
pub struct NewPost {
    pub account_id: uuid::Uuid,
    pub kind: PostKindDto,
    /// Files from the media library, in order (a carousel shows them so).
    pub media_ids: Vec<uuid::Uuid>,
    #[oai(default)]
    pub caption: String,
    /// Space or comma separated; `#` optional. Appended to the caption.
    #[oai(default)]
    pub hashtags: String,
    /// Posted as a comment right after publishing.
    #[oai(nullable)]
    pub first_comment: Option<String>,
    /// RFC 3339; absent for a draft. Not in the past, nor further ahead than
    /// the server's horizon (730 days unless configured): 422 with the
    /// problem `scheduled_in_past` or `scheduled_too_far`.
    #[oai(nullable)]
    pub scheduled_at: Option<OffsetDateTime>,
    /// A reel's cover image.
    #[oai(nullable)]
    pub cover_media_id: Option<uuid::Uuid>,
    /// A reel's thumbnail frame, in milliseconds (ignored with a cover).
    #[oai(nullable)]
    pub thumb_offset_ms: Option<u64>,
    /// A reel also appears in the feed (default true).
    #[oai(nullable)]
    pub share_to_feed: Option<bool>,
    #[oai(default)]
    pub collaborators: Vec<String>,
    #[oai(nullable)]
    pub location_id: Option<String>,
    #[oai(nullable)]
    pub alt_text: Option<String>,
    #[oai(default)]
    pub user_tags: Vec<UserTagDto>,
    /// A reel's original-audio name (at most 100 characters; reels only,
    /// else 422 `not_for_kind`).
    #[oai(nullable)]
    pub audio_name: Option<String>,
    /// Makes a reel a trial reel, shown to non-followers first (reels only,
    /// else 422 `not_for_kind`). An account Instagram does not let share
    /// trial reels fails at publishing with a reason saying so.
    #[oai(nullable)]
    pub trial_graduation: Option<TrialGraduationDto>,
    /// Instagram's "AI info" label (any kind; default false).
    #[oai(default)]
    pub is_ai_generated: bool,
}

/// Changes to a post: absent fields stay as they are; `null` clears an
/// optional one (`scheduled_at: null` makes it a draft).
#[derive(Object)]
pub struct PostPatch {
    /// The version you last read; the edit is refused (409) if the post
    /// changed since.
    #[oai(nullable)]
    pub version: Option<u32>,
    /// Moves the post to another of your accounts (re-validated there; any
    /// containers are discarded and it is prepared again).
    #[oai(nullable)]
    pub account_id: Option<uuid::Uuid>,
    #[oai(nullable)]
    pub kind: Option<PostKindDto>,
    #[oai(nullable)]
    pub media_ids: Option<Vec<uuid::Uuid>>,
    #[oai(nullable)]
    pub caption: Option<String>,
    #[oai(nullable)]
    pub hashtags: Option<String>,
    #[oai(nullable)]
    pub first_comment: MaybeUndefined<String>,
    #[oai(nullable)]
    pub scheduled_at: MaybeUndefined<OffsetDateTime>,
    #[oai(nullable)]
    pub cover_media_id: MaybeUndefined<uuid::Uuid>,
    #[oai(nullable)]
    pub thumb_offset_ms: MaybeUndefined<u64>,
    #[oai(nullable)]
    pub share_to_feed: Option<bool>,
    #[oai(nullable)]
    pub collaborators: Option<Vec<String>>,
    #[oai(nullable)]
    pub location_id: MaybeUndefined<String>,
    #[oai(nullable)]
    pub alt_text: MaybeUndefined<String>,
    #[oai(nullable)]
    pub user_tags: Option<Vec<UserTagDto>>,
    #[oai(nullable)]
    pub audio_name: MaybeUndefined<String>,
    #[oai(nullable)]
    pub trial_graduation: MaybeUndefined<TrialGraduationDto>,
    #[oai(nullable)]
    pub is_ai_generated: Option<bool>,
}

/// One line of a post's history.
#[derive(Object)]
pub struct PostLogDto {
    pub at: OffsetDateTime,
    /// `created`, `scheduled`, `container_created`, `published`, `failed`, …
    pub event: String,
    pub detail: String,
}

impl From<PostLogEntry> for PostLogDto {
    fn from(e: PostLogEntry) -> Self {
        PostLogDto {
            at: e.at,
            event: e.event.as_str().into(),
            detail: e.detail,
        }
    }
}

/// A caution about a saved post (it was saved anyway).
#[derive(Object)]
pub struct WarningDto {
    pub code: String,
    pub message: String,
}

impl From<&PostProblem> for WarningDto {
    fn from(p: &PostProblem) -> Self {
        WarningDto {
            code: posts_text::problem_code(p),
            message: posts_text::problem(&crate::i18n::Tr::new(socialflow_core::Language::En), p),
        }
    }
}

#[derive(Object)]
pub struct PostDto {
    pub id: uuid::Uuid,
    pub account_id: uuid::Uuid,
    pub kind: PostKindDto,
    /// `draft`, `scheduled`, `preparing`, `ready`, `publishing`,
    /// `published`, `failed`, `cancelled` or `verify` (published on
    /// Instagram, but after an interrupted publication more than one
    /// Instagram media, or none, matched it: `reason` lists the candidates'
    /// permalinks, one a line, for the user to check); with approvals
    /// `in_review`, `changes_requested` (`reason` is the reviewer's note)
    /// or `expired` (not approved by its time; never published).
    pub state: String,
    pub media_ids: Vec<uuid::Uuid>,
    #[oai(nullable)]
    pub cover_media_id: Option<uuid::Uuid>,
    #[oai(nullable)]
    pub thumb_offset_ms: Option<u64>,
    pub share_to_feed: bool,
    pub caption: String,
    pub hashtags: String,
    #[oai(nullable)]
    pub first_comment: Option<String>,
    pub collaborators: Vec<String>,
    #[oai(nullable)]
    pub location_id: Option<String>,
    #[oai(nullable)]
    pub alt_text: Option<String>,
    pub user_tags: Vec<UserTagDto>,
    #[oai(nullable)]
    pub audio_name: Option<String>,
    #[oai(nullable)]
    pub trial_graduation: Option<TrialGraduationDto>,
    pub is_ai_generated: bool,
    #[oai(nullable)]
    pub scheduled_at: Option<OffsetDateTime>,
    /// Why an active post waits: `quota`, `reconnect`, `media_unreachable`
    /// or `retrying`.
    #[oai(nullable)]
    pub hold: Option<String>,
    /// What the hold means and what to do.
    #[oai(nullable)]
    pub hold_message: Option<String>,
    /// Why it failed (Instagram's words when it gave them) or is held; for
    /// `verify`, the matching Instagram permalinks, one a line.
    #[oai(nullable)]
    pub reason: Option<String>,
    #[oai(nullable)]
    pub permalink: Option<String>,
    #[oai(nullable)]
    pub ig_media_id: Option<String>,
    #[oai(nullable)]
    pub published_at: Option<OffsetDateTime>,
    /// A failed post stays on the dashboard until acknowledged.
    pub failure_acknowledged: bool,
    /// Send it back as `version` when editing.
    pub version: u32,
    /// Increases when what would be published changes (not the time
    /// alone); containers built from an older revision are never published.
    pub content_rev: u32,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// The post's history (only when one post is fetched).
    #[oai(skip_serializing_if_is_none)]
    pub log: Option<Vec<PostLogDto>>,
    /// The account's Instagram containers and what an edit costs (only when
    /// one post is fetched).
    #[oai(skip_serializing_if_is_none)]
    pub containers: Option<ContainerUsageDto>,
}

/// Instagram lets an account create 400 containers in a rolling 24 hours
/// (each carousel item counts). Editing the content of a post whose
/// containers were made prepares it again and uses new ones; moving only
/// its time keeps them while they stay valid.
#[derive(Object)]
pub struct ContainerUsageDto {
    /// Containers the post's account created in the last 24 hours.
    pub used: u32,
    /// 400.
    pub cap: u32,
    pub remaining: u32,
    /// The post has containers: editing its content discards them.
    pub edit_discards: bool,
    /// Containers preparing it again uses (items + 1 for a carousel).
    pub edit_needs: u32,
}

impl From<EditForecast> for ContainerUsageDto {
    fn from(f: EditForecast) -> Self {
        ContainerUsageDto {
            used: f.budget.used,
            cap: f.budget.cap,
            remaining: f.budget.remaining(),
            edit_discards: f.discards,
            edit_needs: f.needed,
        }
    }
}

fn hold_message(h: PostHold) -> String {
    posts_text::hold(&crate::i18n::Tr::new(socialflow_core::Language::En), h)
}

impl From<Post> for PostDto {
    fn from(p: Post) -> Self {
        let c = p.content;
        PostDto {
            id: p.id.0,
            account_id: c.account_id.0,
            kind: c.kind.into(),
            state: p.state.as_str().into(),
            media_ids: c.media.iter().map(|m| m.0).collect(),
            cover_media_id: c.cover.map(|m| m.0),
            thumb_offset_ms: c.thumb_offset_ms,
            share_to_feed: c.share_to_feed,
            caption: c.caption,
            hashtags: c.hashtags,
            first_comment: c.first_comment,
            collaborators: c.collaborators,
            location_id: c.location_id,
            alt_text: c.alt_text,
            user_tags: c.user_tags.into_iter().map(UserTagDto::from).collect(),
            audio_name: c.options.audio_name,
            trial_graduation: c.options.trial.map(TrialGraduationDto::from),
            is_ai_generated: c.options.ai_generated,
            scheduled_at: c.scheduled_at,
            hold: p.hold.map(|h| h.as_str().into()),
            hold_message: p.hold.map(hold_message),
            reason: p.reason,
            permalink: p.permalink,
            ig_media_id: p.ig_media_id,
            published_at: p.published_at,
            failure_acknowledged: p.failure_acknowledged,
            version: p.version,
            content_rev: p.content_rev,
            created_at: p.created_at,
            updated_at: p.updated_at,
            log: None,
            containers: None,
        }
    }
}

/// A saved post and any cautions (e.g. more hashtags than Instagram's app
/// shows).
#[derive(Object)]
pub struct SavedPost {
    pub post: PostDto,
    pub warnings: Vec<WarningDto>,
}

/// One thing that stops the post (or, among `warnings`, a caution).
/// Codes without a prefix concern the post (`media_count`, `needs_image`,
/// `scheduled_in_past`, …) and may add their numbers (`min`, `max`,
/// `actual`); `caption_*` concern the caption; `media_*` (e.g.
/// `media_aspect_out_of_range`, `media_duration_out_of_range`,
/// `media_video_codec_unsupported`) are Instagram's rules for one file as
/// the post uses it, with the fields below.
#[derive(Object)]
pub struct PostProblemDto {
    pub code: String,
    /// In English, with the numbers and, for `media_*`, the fix.
    pub message: String,
    /// `media_*`: the file.
    pub media_id: Option<uuid::Uuid>,
    /// `media_*`: its 1-based position among `media_ids`; null for the
    /// cover.
    #[oai(nullable)]
    pub position: Option<u32>,
    /// `media_*`: `item` or `cover`.
    pub slot: Option<String>,
    /// `media_*`: what the post makes of the file: `feed_image`,
    /// `carousel_image`, `carousel_video`, `reel_video`, `reel_cover`,
    /// `story_image` or `story_video`.
    #[oai(rename = "use")]
    pub use_: Option<String>,
    /// `media_*`: `refusal` (Instagram refuses it) or `warning` (it crops or
    /// scales, or the limit is unverified).
    pub severity: Option<String>,
    /// `media_*`: it stops scheduling; a draft keeps it as a warning.
    pub blocking: Option<bool>,
    /// `media_*`: the media library is converting the video, which fixes
    /// it; it does not block.
    pub converting: Option<bool>,
    /// `media_*`: what fixes it: `pad` (upload the image again with
    /// `pad_to_allowed_ratio=true`), `transcode` (converted automatically
    /// when ffmpeg is installed), or null.
    #[oai(nullable)]
    pub fix: Option<String>,
    /// `fix = pad`: the ratio the image is padded to, e.g. `1.91:1`.
    pub pad_to: Option<String>,
    /// Counts and lengths: the least allowed (`media_count`).
    pub min: Option<u64>,
    /// Counts and lengths: the most allowed (`media_count`, `caption_too_long`,
    /// `field_too_long`, `too_many_collaborators`, …).
    pub max: Option<u64>,
    /// Counts and lengths: what was sent.
    pub actual: Option<u64>,
    /// `caption_more_hashtags_than_advised`: how many Instagram's app shows.
    pub advised: Option<u64>,
    /// `not_for_stories`, `control_characters`, `field_too_long`: the
    /// request field concerned, e.g. `caption` or `user_tags`.
    pub field: Option<String>,
    /// `user_tag_out_of_frame`: the tagged username.
    pub username: Option<String>,
    /// `scheduled_too_far`: the server's scheduling horizon in days.
    pub max_days: Option<u32>,
}

/// The 422 answer: nothing was saved; every problem at once.
#[derive(Object)]
pub struct InvalidPostDto {
    /// `invalid_post`.
    pub code: String,
    pub message: String,
    pub problems: Vec<PostProblemDto>,
}

// Built once per response and moved out at once; boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(ApiResponse)]
pub enum Created {
    #[oai(status = 201)]
    Created(Json<SavedPost>),
    /// The post breaks Instagram's rules and nothing was saved. A draft is
    /// saved with media problems as `warnings`; scheduling it is refused.
    #[oai(status = 422)]
    #[allow(dead_code)] // Documents the body `ApiError` renders.
    Invalid(Json<InvalidPostDto>),
}

// Built once per response and moved out at once; boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(ApiResponse)]
pub enum Saved {
    #[oai(status = 200)]
    Saved(Json<SavedPost>),
    /// The edited post breaks Instagram's rules (scheduling a post that
    /// cannot publish), with `code = invalid_post` and every problem; or
    /// preparing it again would exceed the account's 400 containers a day,
    /// with `code = container_budget_exceeded`. Nothing was changed.
    #[oai(status = 422)]
    #[allow(dead_code)] // Documents the body `ApiError` renders.
    Invalid(Json<InvalidPostDto>),
}

// Built once per response and moved out at once; boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(ApiResponse)]
pub enum Publishing {
    #[oai(status = 200)]
    Publishing(Json<PostDto>),
    /// The post breaks Instagram's rules and stays as it was.
    #[oai(status = 422)]
    #[allow(dead_code)] // Documents the body `ApiError` renders.
    Invalid(Json<InvalidPostDto>),
}

#[derive(ApiResponse)]
pub enum Deleted {
    /// Deleted, with its files unless another post uses them.
    #[oai(status = 204)]
    NoContent,
}

// Built once per response and moved out at once; boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(ApiResponse)]
pub enum Duplicated {
    /// The copy: a draft with the same content and media, no time, no
    /// Instagram ids.
    #[oai(status = 201)]
    Created(Json<SavedPost>),
    /// A file of the original is gone; nothing was created.
    #[oai(status = 422)]
    #[allow(dead_code)] // Documents the body `ApiError` renders.
    Invalid(Json<InvalidPostDto>),
}

fn media_ids(ids: &[uuid::Uuid]) -> Vec<MediaId> {
    ids.iter().copied().map(MediaId).collect()
}

fn input_of(p: &Post) -> PostInput {
    PostInput::from(&p.content)
}

/// The input a full post body (create, replace) stands for.
fn input_of_new(b: NewPost) -> PostInput {
    PostInput {
        account_id: AccountId(b.account_id),
        kind: b.kind.into(),
        media: media_ids(&b.media_ids),
        cover: b.cover_media_id.map(MediaId),
        thumb_offset_ms: b.thumb_offset_ms,
        share_to_feed: b.share_to_feed.unwrap_or(true),
        caption: b.caption,
        hashtags: b.hashtags,
        first_comment: b.first_comment,
        collaborators: b.collaborators,
        location_id: b.location_id,
        alt_text: b.alt_text,
        user_tags: b.user_tags.into_iter().map(UserTagSpec::from).collect(),
        options: PostOptions {
            audio_name: b.audio_name,
            trial: b.trial_graduation.map(TrialStrategy::from),
            ai_generated: b.is_ai_generated,
        },
        scheduled_at: b.scheduled_at,
    }
}

fn merge<T>(target: &mut Option<T>, patch: MaybeUndefined<T>) {
    match patch {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *target = None,
        MaybeUndefined::Value(v) => *target = Some(v),
    }
}

fn apply(input: &mut PostInput, patch: PostPatch) {
    if let Some(a) = patch.account_id {
        input.account_id = AccountId(a);
    }
    if let Some(k) = patch.kind {
        input.kind = k.into();
    }
    if let Some(m) = patch.media_ids {
        input.media = media_ids(&m);
    }
    if let Some(c) = patch.caption {
        input.caption = c;
    }
    if let Some(h) = patch.hashtags {
        input.hashtags = h;
    }
    merge(&mut input.first_comment, patch.first_comment);
    merge(&mut input.scheduled_at, patch.scheduled_at);
    let mut cover = input.cover.map(|m| m.0);
    merge(&mut cover, patch.cover_media_id);
    input.cover = cover.map(MediaId);
    merge(&mut input.thumb_offset_ms, patch.thumb_offset_ms);
    if let Some(s) = patch.share_to_feed {
        input.share_to_feed = s;
    }
    if let Some(c) = patch.collaborators {
        input.collaborators = c;
    }
    merge(&mut input.location_id, patch.location_id);
    merge(&mut input.alt_text, patch.alt_text);
    if let Some(t) = patch.user_tags {
        input.user_tags = t.into_iter().map(UserTagSpec::from).collect();
    }
    merge(&mut input.options.audio_name, patch.audio_name);
    let mut trial = input.options.trial.map(TrialGraduationDto::from);
    merge(&mut trial, patch.trial_graduation);
    input.options.trial = trial.map(TrialStrategy::from);
    if let Some(ai) = patch.is_ai_generated {
        input.options.ai_generated = ai;
    }
}

fn saved(post: Post, warnings: &[PostProblem]) -> SavedPost {
    SavedPost {
        post: post.into(),
        warnings: warnings.iter().map(WarningDto::from).collect(),
    }
}

/// States from `state=a&state=b` or `state=a,b`.
fn parse_states(raw: &[String]) -> Result<Vec<PostState>, ApiError> {
    raw.iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            PostState::parse(s).ok_or_else(|| {
                ApiError::new(
                    poem::http::StatusCode::BAD_REQUEST,
                    "invalid_state",
                    format!(
                        "{s:?} is not a post state; use draft, scheduled, preparing, ready, publishing, published, failed, cancelled, verify, in_review, changes_requested or expired."
                    ),
                )
            })
        })
        .collect()
}

pub struct PostsApi;

/// Refuses (404) a post on an account outside the caller's accounts (no
/// read for a caller who sees every account: a post that cannot be read
/// back can still be deleted).
async fn seen(state: &AppState, auth: &ApiAuth, id: uuid::Uuid) -> Result<(), ApiError> {
    unseen_is_missing(state, auth, &[PostId(id)]).await
}

#[OpenApi(tag = "Tag::Posts")]
impl PostsApi {
    /// Creates a post: a draft without `scheduled_at`, else scheduled — or,
    /// for a role that may not publish (contributor), `in_review` until a
    /// member who may approve approves it (docs/approvals.md). A post that
    /// breaks Instagram's rules is refused with 422 and every problem
    /// listed.
    #[oai(path = "/posts", method = "post")]
    async fn create(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        /// Makes a retry safe: a repeat with the same key replays the first
        /// answer (`Idempotent-Replayed: true`); 409
        /// `idempotency_key_in_progress`, 422 `idempotency_key_reused`, 400
        /// `invalid_idempotency_key` (docs/api.md#idempotency-key).
        #[oai(name = "Idempotency-Key")]
        _idempotency_key: Header<Option<String>>,
        body: Json<NewPost>,
    ) -> ApiResult<Created, { WRITE | JSON_BODY | E404 | E409 | E503 }> {
        let input = input_of_new(body.0);
        let ctx = crate::http::client::client_context(req, &state.web);
        let (post, warnings) = state
            .approvals()
            .create(auth.access(), input, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Created::Created(Json(saved(post, &warnings))))
    }

    /// The user's posts, by scheduled time (drafts by creation).
    #[oai(path = "/posts", method = "get")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Query<Option<uuid::Uuid>>,
        /// Repeat it or separate with commas: `state=scheduled,failed`.
        #[oai(name = "state", default)]
        states: Query<Vec<String>>,
        /// Scheduled at or after (RFC 3339; from 2000-01-01 to the scheduling
        /// horizon, else 422 `time_out_of_range`).
        from: Query<Option<OffsetDateTime>>,
        /// Scheduled before (RFC 3339; same bounds as `from`).
        to: Query<Option<OffsetDateTime>>,
        /// At most this many (default 100, at most 1000).
        limit: Query<Option<u32>>,
    ) -> ApiResult<Json<Vec<PostDto>>, { AUTH | E400 | E422 }> {
        let filter = PostFilter {
            account: account_id.0.map(AccountId),
            states: parse_states(&states.0)?,
            from: from.0,
            to: to.0,
            limit: limit.0.unwrap_or(100).clamp(1, 1000),
            accounts: None,
        };
        let posts = state
            .posts
            .list_seen(auth.access(), &filter)
            .await
            .map_err(ApiError::from)?;
        Ok(Json(posts.into_iter().map(PostDto::from).collect()))
    }

    /// One post with its history.
    #[oai(path = "/posts/:id", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<PostDto>, { AUTH | BY_ID }> {
        let owner = auth.owner();
        let post = state
            .posts
            .get_seen(auth.access(), PostId(id.0))
            .await
            .map_err(ApiError::from)?;
        let log = state
            .posts
            .log(owner, post.id)
            .await
            .map_err(ApiError::from)?;
        let forecast = state
            .posts
            .edit_forecast(&post)
            .await
            .map_err(ApiError::from)?;
        let mut dto = PostDto::from(post);
        dto.log = Some(log.into_iter().map(PostLogDto::from).collect());
        dto.containers = Some(forecast.into());
        Ok(Json(dto))
    }

    /// Changes a post until the publish call: `draft`, `scheduled`,
    /// `preparing`, `ready`, `failed` or `cancelled` (409
    /// `post_not_editable` while `publishing` or once published, 409
    /// `post_changed` when `version` is stale). New content of a post whose
    /// containers were made discards them and prepares it again (422
    /// `container_budget_exceeded` when the account's 400 a day would not
    /// pay for it); moving only `scheduled_at` keeps them while they stay
    /// valid. A new `account_id` moves it to another of your accounts (404
    /// if it is not yours). A contributor's change of a post with a time
    /// (even an approved or scheduled one, even only its time) sends it
    /// back to review (`in_review`).
    #[oai(path = "/posts/:id", method = "patch")]
    async fn update(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
        body: Json<PostPatch>,
    ) -> ApiResult<Saved, { WRITE | JSON_BODY | BY_ID | E409 | E503 }> {
        let post = state
            .posts
            .get_seen(auth.access(), PostId(id.0))
            .await
            .map_err(ApiError::from)?;
        let mut input = input_of(&post);
        let version = body.0.version;
        apply(&mut input, body.0);
        let ctx = crate::http::client::client_context(req, &state.web);
        let (post, warnings) = state
            .approvals()
            .update(auth.access(), post.id, input, version, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Saved::Saved(Json(saved(post, &warnings))))
    }

    /// Replaces a post whole (every field as in `POST /posts`; absent
    /// optional ones are cleared), with the same rules and answers as
    /// `PATCH`. `version`: the version you last read (409 if stale).
    #[oai(path = "/posts/:id", method = "put")]
    async fn replace(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
        version: Query<Option<u32>>,
        body: Json<NewPost>,
    ) -> ApiResult<Saved, { WRITE | JSON_BODY | BY_ID | E409 | E503 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let (post, warnings) = state
            .approvals()
            .update(
                auth.access(),
                PostId(id.0),
                input_of_new(body.0),
                version.0,
                &ctx,
            )
            .await
            .map_err(ApiError::from)?;
        Ok(Saved::Saved(Json(saved(post, &warnings))))
    }

    /// Copies a post as a new draft: same account, kind, content and media;
    /// no time, no Instagram ids. Any post of yours can be copied.
    #[oai(path = "/posts/:id/duplicate", method = "post")]
    async fn duplicate(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Duplicated, { WRITE | BY_ID | E503 }> {
        seen(&state, &auth, id.0).await?;
        let ctx = crate::http::client::client_context(req, &state.web);
        let (post, warnings) = state
            .posts
            .duplicate(auth.owner(), PostId(id.0), &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Duplicated::Created(Json(saved(post, &warnings))))
    }

    /// Deletes a post (refused while it is being published).
    #[oai(path = "/posts/:id", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Deleted, { WRITE | BY_ID | E409 }> {
        seen(&state, &auth, id.0).await?;
        let ctx = crate::http::client::client_context(req, &state.web);
        state
            .posts
            .delete(auth.owner(), PostId(id.0), &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Deleted::NoContent)
    }

    /// Publishes as soon as possible (any post that is not being published
    /// or published; a ready post keeps its containers and goes out at
    /// once).
    #[oai(path = "/posts/:id/publish", method = "post")]
    async fn publish(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Publishing, { WRITE | BY_ID | E409 | E503 }> {
        seen(&state, &auth, id.0).await?;
        let ctx = crate::http::client::client_context(req, &state.web);
        let post = state
            .posts
            .publish_now(auth.owner(), PostId(id.0), &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Publishing::Publishing(Json(post.into())))
    }

    /// Cancels a post that has not started publishing (`preparing` and
    /// `ready` included: its containers are forgotten).
    #[oai(path = "/posts/:id/cancel", method = "post")]
    async fn cancel(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<PostDto>, { WRITE | BY_ID | E409 }> {
        seen(&state, &auth, id.0).await?;
        let post = state
            .posts
            .cancel(auth.owner(), PostId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(post.into()))
    }

    /// Marks a failure as seen: the post leaves the dashboard.
    #[oai(path = "/posts/:id/acknowledge", method = "post")]
    async fn acknowledge(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<PostDto>, { WRITE | BY_ID | E409 }> {
        seen(&state, &auth, id.0).await?;
        let owner = auth.owner();
        state
            .posts
            .acknowledge(owner, PostId(id.0))
            .await
            .map_err(ApiError::from)?;
        let post = state
            .posts
            .get(owner, PostId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(post.into()))
    }
}

/// A post on an account outside the caller's accounts: 404, as if it did
/// not exist.
pub(crate) async fn unseen_is_missing(
    state: &AppState,
    auth: &ApiAuth,
    ids: &[PostId],
) -> Result<(), ApiError> {
    match state.posts.any_unseen(auth.access(), ids).await {
        Ok(false) => Ok(()),
        Ok(true) => Err(ApiError::from(socialflow_core::posts::PostError::NotFound)),
        Err(e) => Err(ApiError::from(e)),
    }
}
