//! The Content Manager's use cases: create, edit, schedule, publish now,
//! cancel, delete, acknowledge a failure. The publisher does the rest.

use std::sync::Arc;

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::caption::{CaptionLimits, CaptionProblem, check_caption};
use super::container_budget::{BUDGET_WINDOW, ContainerBudget, EditForecast, containers_needed};
use super::lifecycle::EditEffect;
use super::media_check::{self, MediaIssue, MediaSlot};
use super::{
    Change, MediaClass, MediaResolveError, Post, PostContent, PostEvent, PostField, PostFilter,
    PostId, PostKind, PostLogEntry, PostMedia, PostOptions, PostRepo, PostState, UnitOfWork,
    UserTagSpec,
};
use crate::account::{AccountId, AccountRepo, AccountStatus};
use crate::audit::{AuditEvent, AuditKind};
use crate::media::MediaId;
use crate::store_error::StoreError;
use crate::time_window::{OutOfWindow, ScheduleProblem, TimeWindow};
use crate::webhook_events::{EventKind, WebhookEvents};
use crate::workspaces::Access;
use crate::{Clock, RequestContext, UserId};

// The calendar's moves, a child so they arm posts exactly as edits do.
#[path = "reschedule.rs"]
mod reschedule;
pub use reschedule::RescheduleError;

/// What the user submits (form or API) to create or edit a post.
#[derive(Debug, Clone, PartialEq)]
pub struct PostInput {
    pub account_id: AccountId,
    pub kind: PostKind,
    pub media: Vec<MediaId>,
    pub cover: Option<MediaId>,
    pub thumb_offset_ms: Option<u64>,
    pub share_to_feed: bool,
    pub caption: String,
    pub hashtags: String,
    pub first_comment: Option<String>,
    pub collaborators: Vec<String>,
    pub location_id: Option<String>,
    pub alt_text: Option<String>,
    pub user_tags: Vec<UserTagSpec>,
    /// Audio name, trial reel, AI label.
    pub options: PostOptions,
    /// `None` saves a draft.
    pub scheduled_at: Option<OffsetDateTime>,
}

/// The input that saves this content again (to re-validate or edit it).
impl From<&PostContent> for PostInput {
    fn from(c: &PostContent) -> Self {
        Self {
            account_id: c.account_id,
            kind: c.kind,
            media: c.media.clone(),
            cover: c.cover,
            thumb_offset_ms: c.thumb_offset_ms,
            share_to_feed: c.share_to_feed,
            caption: c.caption.clone(),
            hashtags: c.hashtags.clone(),
            first_comment: c.first_comment.clone(),
            collaborators: c.collaborators.clone(),
            location_id: c.location_id.clone(),
            alt_text: c.alt_text.clone(),
            user_tags: c.user_tags.clone(),
            options: c.options.clone(),
            scheduled_at: c.scheduled_at,
        }
    }
}

/// One reason a post cannot be saved as asked (or, for caption and media
/// warnings, a caution). The numbers let each language phrase it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PostProblem {
    AccountNotFound,
    MediaCount {
        min: usize,
        max: usize,
        actual: usize,
    },
    MediaNotFound {
        media_id: String,
    },
    NeedsImage {
        position: usize,
    },
    NeedsVideo {
        position: usize,
    },
    CoverNotImage,
    Caption(CaptionProblem),
    TooManyCollaborators {
        max: usize,
        actual: usize,
    },
    NotForStories {
        field: &'static str,
    },
    /// A field Instagram refuses for this kind (e.g. a trial on a feed
    /// post).
    NotForKind {
        field: &'static str,
        kind: PostKind,
    },
    /// A warning: the kind has no such field, so it was not saved (a
    /// story's caption and hashtags).
    DroppedForKind {
        field: &'static str,
        kind: PostKind,
    },
    AltTextTooLong {
        max: usize,
        actual: usize,
    },
    UserTagOutOfFrame {
        username: String,
    },
    ScheduledInPast,
    /// Further ahead than the server's scheduling horizon.
    ScheduledTooFar {
        max_days: u32,
    },
    /// NUL, escape and other control characters (newlines and tabs are fine).
    ControlCharacters {
        field: &'static str,
    },
    /// A field longer than it can be (`actual` characters, or items for
    /// `user_tags`).
    FieldTooLong {
        field: &'static str,
        max: usize,
        actual: usize,
    },
    /// A file breaks Instagram's rules for its use (the API writes it out
    /// field by field).
    #[serde(skip)]
    Media(MediaIssue),
}

impl PostProblem {
    pub fn is_warning(&self) -> bool {
        match self {
            PostProblem::Caption(c) => c.is_warning(),
            PostProblem::Media(m) => !m.blocking,
            PostProblem::DroppedForKind { .. } => true,
            _ => false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error("no such post")]
    NotFound,
    #[error("the post has problems")]
    Invalid(Vec<PostProblem>),
    /// Preparation has started: the post can no longer be edited.
    #[error("a {} post can no longer be edited", .0.as_str())]
    NotEditable(PostState),
    #[error("a {} post can no longer be cancelled", .0.as_str())]
    NotCancellable(PostState),
    #[error("a post cannot be deleted while it is being published")]
    NotDeletable,
    /// Someone (another tab, the worker) changed the post meanwhile.
    #[error("the post was changed meanwhile; reload it and try again")]
    Conflict,
    /// The edit would prepare the post again, and the account has not
    /// enough of its 400 daily containers left.
    #[error(
        "the account has used {used} of its {cap} containers in 24 hours; preparing the post again needs {needed}"
    )]
    ContainerBudget { used: u32, cap: u32, needed: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("media library: {0}")]
    Media(String),
    /// A filter bound outside the accepted window.
    #[error(transparent)]
    OutOfWindow(#[from] OutOfWindow),
}

impl From<MediaResolveError> for PostError {
    fn from(e: MediaResolveError) -> Self {
        PostError::Media(e.to_string())
    }
}

/// How long before the scheduled time containers are made: video needs
/// Instagram's processing time; containers live 24 h, so never earlier.
pub fn preparation_lead(has_video: bool) -> Duration {
    if has_video {
        Duration::minutes(60)
    } else {
        Duration::minutes(5)
    }
}

const MAX_COLLABORATORS: usize = 3;
const MAX_ALT_TEXT: usize = 1_000;

#[derive(Clone)]
pub struct PostService {
    posts: Arc<dyn PostRepo>,
    accounts: Arc<dyn AccountRepo>,
    units: Arc<dyn UnitOfWork>,
    media: Arc<dyn PostMedia>,
    clock: Arc<dyn Clock>,
    limits: CaptionLimits,
    window: TimeWindow,
    /// Outgoing webhooks: `post.scheduled` is committed with the post.
    webhooks: Option<WebhookEvents>,
}

impl PostService {
    pub fn new(
        posts: Arc<dyn PostRepo>,
        accounts: Arc<dyn AccountRepo>,
        units: Arc<dyn UnitOfWork>,
        media: Arc<dyn PostMedia>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            posts,
            accounts,
            units,
            media,
            clock,
            limits: CaptionLimits::INSTAGRAM,
            window: TimeWindow::default(),
            webhooks: None,
        }
    }

    /// Records `post.scheduled` for outgoing webhooks in the unit of work
    /// that schedules the post.
    pub fn with_webhook_events(mut self, events: WebhookEvents) -> Self {
        self.webhooks = Some(events);
        self
    }

    /// Sets how far ahead posts may be scheduled.
    pub fn with_window(mut self, window: TimeWindow) -> Self {
        self.window = window;
        self
    }

    pub fn window(&self) -> &TimeWindow {
        &self.window
    }

    pub fn limits(&self) -> &CaptionLimits {
        &self.limits
    }

    pub async fn get(&self, owner: UserId, id: PostId) -> Result<Post, PostError> {
        self.posts.post(owner, id).await?.ok_or(PostError::NotFound)
    }

    /// The owner's posts; a filter bound outside the window is refused
    /// before it reaches the database.
    pub async fn list(&self, owner: UserId, filter: &PostFilter) -> Result<Vec<Post>, PostError> {
        let now = self.clock.now();
        if let Some(from) = filter.from {
            self.window.check("from", from, now)?;
        }
        if let Some(to) = filter.to {
            self.window.check("to", to, now)?;
        }
        Ok(self.posts.list_posts(owner, filter).await?)
    }

    /// The workspace's post as a member sees it: not found when it is on
    /// an account outside the member's accounts.
    pub async fn get_seen(&self, access: &Access, id: PostId) -> Result<Post, PostError> {
        let post = self.get(access.owner(), id).await?;
        if !access.sees_account(post.content.account_id) {
            return Err(PostError::NotFound);
        }
        Ok(post)
    }

    /// Whether one of `ids` is a post on an account outside the member's
    /// accounts (no query for a member who sees every account): callers
    /// answer "not found" before acting on it.
    pub async fn any_unseen(&self, access: &Access, ids: &[PostId]) -> Result<bool, PostError> {
        if access.account_ids().is_none() {
            return Ok(false);
        }
        for id in ids {
            // Not the workspace's at all: the action's own lookup says so.
            if let Some(p) = self.posts.post(access.owner(), *id).await?
                && !access.sees_account(p.content.account_id)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The workspace's posts a member sees: [`Self::list`] limited (in the
    /// query, so `limit` counts only them) to the member's accounts.
    pub async fn list_seen(
        &self,
        access: &Access,
        filter: &PostFilter,
    ) -> Result<Vec<Post>, PostError> {
        let mut filter = filter.clone();
        filter.accounts = access.narrow(filter.accounts.take());
        self.list(access.owner(), &filter).await
    }

    pub async fn log(&self, owner: UserId, id: PostId) -> Result<Vec<PostLogEntry>, PostError> {
        Ok(self.posts.post_log(owner, id).await?)
    }

    /// How many posts are in each state, over every user (for `/metrics`).
    pub async fn count_by_state(&self) -> Result<Vec<(PostState, u64)>, StoreError> {
        self.posts.count_posts_by_state().await
    }

    /// Checks everything about `input`; returns the media classes (for the
    /// lead time) and the warnings, or every problem at once.
    async fn validate(
        &self,
        owner: UserId,
        input: &PostInput,
        now: OffsetDateTime,
    ) -> Result<(bool, Vec<PostProblem>), PostError> {
        let mut problems = Vec::new();
        match self.accounts.account(owner, input.account_id).await? {
            Some(_) => {}
            None => problems.push(PostProblem::AccountNotFound),
        }
        let (min, max) = input.kind.media_range();
        let n = input.media.len();
        if n < min || n > max {
            problems.push(PostProblem::MediaCount {
                min,
                max,
                actual: n,
            });
        }
        let mut has_video = false;
        let scheduling = input.scheduled_at.is_some();
        let mut issues = Vec::new();
        for (i, id) in input.media.iter().enumerate() {
            match self.media.facts(owner, *id).await? {
                None => problems.push(PostProblem::MediaNotFound {
                    media_id: id.to_string(),
                }),
                Some(facts) => {
                    has_video |= facts.class == MediaClass::Video;
                    match (input.kind, facts.class) {
                        (PostKind::Post, MediaClass::Video) => {
                            problems.push(PostProblem::NeedsImage { position: i + 1 })
                        }
                        (PostKind::Reel, MediaClass::Image) => {
                            problems.push(PostProblem::NeedsVideo { position: i + 1 })
                        }
                        _ => {}
                    }
                    let slot = MediaSlot::Item(i + 1);
                    issues.extend(media_check::issues(
                        input.kind, slot, *id, &facts, scheduling,
                    ));
                }
            }
        }
        if let Some(cover) = input.cover {
            match self.media.facts(owner, cover).await? {
                None => problems.push(PostProblem::MediaNotFound {
                    media_id: cover.to_string(),
                }),
                Some(facts) if facts.class == MediaClass::Video => {
                    problems.push(PostProblem::CoverNotImage)
                }
                Some(facts) => issues.extend(media_check::issues(
                    input.kind,
                    MediaSlot::Cover,
                    cover,
                    &facts,
                    scheduling,
                )),
            }
        }
        problems.extend(issues.into_iter().map(PostProblem::Media));
        if input.kind.has_caption() {
            let report = check_caption(
                &input.caption,
                &input.hashtags,
                input.first_comment.as_deref(),
                &self.limits,
            );
            problems.extend(report.problems.into_iter().map(PostProblem::Caption));
        }
        if input.kind == PostKind::Story {
            if !input.collaborators.is_empty() {
                problems.push(PostProblem::NotForStories {
                    field: "collaborators",
                });
            }
            if input.first_comment.is_some() {
                problems.push(PostProblem::NotForStories {
                    field: "first_comment",
                });
            }
        }
        kind_problems(input, &mut problems);
        if input.collaborators.len() > MAX_COLLABORATORS {
            problems.push(PostProblem::TooManyCollaborators {
                max: MAX_COLLABORATORS,
                actual: input.collaborators.len(),
            });
        }
        if let Some(alt) = &input.alt_text {
            let n = alt.chars().count();
            if n > MAX_ALT_TEXT {
                problems.push(PostProblem::AltTextTooLong {
                    max: MAX_ALT_TEXT,
                    actual: n,
                });
            }
        }
        for tag in &input.user_tags {
            if !(0.0..=1.0).contains(&tag.x) || !(0.0..=1.0).contains(&tag.y) {
                problems.push(PostProblem::UserTagOutOfFrame {
                    username: tag.username.clone(),
                });
            }
        }
        text_problems(input, &mut problems);
        if let Some(at) = input.scheduled_at {
            match self.window.check_schedule(at, now) {
                Ok(()) => {}
                Err(ScheduleProblem::InPast) => problems.push(PostProblem::ScheduledInPast),
                Err(ScheduleProblem::TooFar { max_days }) => {
                    problems.push(PostProblem::ScheduledTooFar { max_days })
                }
            }
        }
        if problems.iter().any(|p| !p.is_warning()) {
            return Err(PostError::Invalid(problems));
        }
        Ok((has_video, problems))
    }

    fn content(input: PostInput) -> PostContent {
        let clean = |s: Option<String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        // A story has no caption: what was sent is not kept (a warning
        // says so), so the post never shows text Instagram will not.
        let has_caption = input.kind.allows(PostField::Caption);
        let keep = |s: String| {
            if has_caption {
                s.trim().to_string()
            } else {
                String::new()
            }
        };
        let options = PostOptions {
            audio_name: clean(input.options.audio_name),
            ..input.options
        };
        PostContent {
            account_id: input.account_id,
            kind: input.kind,
            media: input.media,
            cover: input.cover,
            thumb_offset_ms: input.thumb_offset_ms,
            share_to_feed: input.share_to_feed,
            caption: keep(input.caption),
            hashtags: keep(input.hashtags),
            first_comment: clean(input.first_comment),
            collaborators: input
                .collaborators
                .into_iter()
                .map(|c| c.trim().trim_start_matches('@').to_string())
                .filter(|c| !c.is_empty())
                .collect(),
            location_id: clean(input.location_id),
            alt_text: clean(input.alt_text),
            user_tags: input.user_tags,
            options,
            scheduled_at: input.scheduled_at,
        }
    }

    /// When the worker starts on `content` (`None` for a draft): the lead
    /// before its time, never in the past.
    fn start_of(
        content: &PostContent,
        has_video: bool,
        now: OffsetDateTime,
    ) -> Option<OffsetDateTime> {
        content.scheduled_at.map(|at| {
            let start = at - preparation_lead(has_video);
            if start < now { now } else { start }
        })
    }

    /// Puts a new post in `draft` or `scheduled` per its content; with a
    /// time and `review_by` (a member who may not publish), in `in_review`.
    fn arm(
        post: &mut Post,
        has_video: bool,
        now: OffsetDateTime,
        review_by: Option<UserId>,
    ) -> Result<(), PostError> {
        let moved = match (Self::start_of(&post.content, has_video, now), review_by) {
            (None, _) => post.make_draft(),
            (Some(_), Some(by)) => post.submit_for_review(by),
            (Some(start), None) => post.schedule(start),
        };
        moved.map_err(|e| PostError::NotEditable(e.from))
    }

    /// Applies the user's edit to `post` (bumping its version), refusing it
    /// when it would prepare the post again beyond the container budget.
    async fn apply_edit(
        &self,
        post: &mut Post,
        content: PostContent,
        has_video: bool,
        now: OffsetDateTime,
        review_by: Option<UserId>,
    ) -> Result<EditEffect, PostError> {
        if let (Some(by), Some(_)) = (review_by, content.scheduled_at) {
            // Back to review: nothing is prepared until it is approved.
            let effect = post
                .edit_for_review(content, by)
                .map_err(|e| PostError::NotEditable(e.from))?;
            post.version += 1;
            post.updated_at = now;
            return Ok(effect);
        }
        if post.edit_effect(&content) == EditEffect::Discarded {
            let budget = self
                .container_budget(post.owner, content.account_id)
                .await?;
            let needed = containers_needed(&content);
            if !budget.allows(needed) {
                return Err(PostError::ContainerBudget {
                    used: budget.used,
                    cap: budget.cap,
                    needed,
                });
            }
        }
        let start = Self::start_of(&content, has_video, now);
        let effect = post
            .edit(content, start)
            .map_err(|e| PostError::NotEditable(e.from))?;
        post.version += 1;
        post.updated_at = now;
        Ok(effect)
    }

    /// The account's containers in the last 24 hours (0 for an account
    /// that is not the owner's).
    pub async fn container_budget(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<ContainerBudget, PostError> {
        let since = self.clock.now() - BUDGET_WINDOW;
        let used = self.posts.containers_since(owner, account, since).await?;
        Ok(ContainerBudget::new(used))
    }

    /// What editing `post` would cost in containers.
    pub async fn edit_forecast(&self, post: &Post) -> Result<EditForecast, PostError> {
        Ok(EditForecast {
            discards: post.has_containers() && post.state.is_editable(),
            needed: containers_needed(&post.content),
            budget: self
                .container_budget(post.owner, post.content.account_id)
                .await?,
        })
    }

    /// A log entry saying what an edit did to the containers.
    fn edit_log(&self, id: PostId, effect: EditEffect) -> Change {
        let detail = match effect {
            EditEffect::NoContainers => "",
            EditEffect::Kept => "containers kept (only the time moved)",
            EditEffect::Discarded => "containers discarded; preparing again",
        };
        self.log_event(id, PostEvent::Edited, detail.into())
    }

    /// A log entry for the unit of work the use case commits.
    fn log_event(&self, id: PostId, event: PostEvent, detail: String) -> Change {
        Change::AppendPostLog(PostLogEntry {
            post_id: id,
            at: self.clock.now(),
            event,
            detail,
        })
    }

    /// Commits the use case's writes together. A stale post (someone else
    /// wrote first) refuses the whole unit.
    async fn commit(&self, changes: Vec<Change>) -> Result<(), PostError> {
        match self.units.commit(changes).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict) => Err(PostError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// Every problem `input` has, warnings included, without saving
    /// anything: a form that found problems of its own (an unreadable time)
    /// shows them together with these, all at once.
    pub async fn problems(
        &self,
        owner: UserId,
        input: &PostInput,
    ) -> Result<Vec<PostProblem>, PostError> {
        match self.validate(owner, input, self.clock.now()).await {
            Ok((_, warnings)) => Ok(warnings),
            Err(PostError::Invalid(problems)) => Ok(problems),
            Err(e) => Err(e),
        }
    }

    /// Saves a new post as a draft (no time) or scheduled. Returns it with any
    /// warnings.
    pub async fn create(
        &self,
        owner: UserId,
        input: PostInput,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        let detail = input.kind.as_str().to_string();
        self.create_logged(owner, input, ctx, detail, None).await
    }

    /// [`Self::create`] by a member who may not publish (`review_by`): a
    /// post with a time goes to `in_review` instead of `scheduled`.
    pub async fn create_reviewed(
        &self,
        owner: UserId,
        input: PostInput,
        ctx: &RequestContext,
        review_by: Option<UserId>,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        let detail = input.kind.as_str().to_string();
        self.create_logged(owner, input, ctx, detail, review_by)
            .await
    }

    /// [`Self::create`], with `detail` on the `created` log entry.
    async fn create_logged(
        &self,
        owner: UserId,
        input: PostInput,
        ctx: &RequestContext,
        detail: String,
        review_by: Option<UserId>,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        let now = self.clock.now();
        let (has_video, warnings) = self.validate(owner, &input, now).await?;
        let mut post = Post::new_draft(owner, Self::content(input), now);
        Self::arm(&mut post, has_video, now, review_by)?;
        // The post, its log and its audit event are one write: a post is
        // never stored without the record of how it came to be.
        let mut changes = vec![
            Change::InsertPost(post.clone()),
            self.log_event(post.id, PostEvent::Created, detail),
        ];
        changes.extend(self.after_arm(&post, ctx));
        self.units.commit(changes).await?;
        Ok((post, warnings))
    }

    /// Saves several new posts as one unit of work (the bulk import): each
    /// is checked as [`PostService::create`] checks it, and either all are
    /// saved or none. A refusal names the input by its index.
    pub async fn create_all(
        &self,
        owner: UserId,
        inputs: Vec<PostInput>,
        ctx: &RequestContext,
    ) -> Result<Vec<Post>, (usize, PostError)> {
        let now = self.clock.now();
        let mut posts = Vec::with_capacity(inputs.len());
        let mut changes = Vec::new();
        for (i, input) in inputs.into_iter().enumerate() {
            let (has_video, _) = self
                .validate(owner, &input, now)
                .await
                .map_err(|e| (i, e))?;
            let mut post = Post::new_draft(owner, Self::content(input), now);
            Self::arm(&mut post, has_video, now, None).map_err(|e| (i, e))?;
            changes.push(Change::InsertPost(post.clone()));
            changes.push(self.log_event(
                post.id,
                PostEvent::Created,
                post.content.kind.as_str().into(),
            ));
            changes.extend(self.after_arm(&post, ctx));
            posts.push(post);
        }
        self.commit(changes).await.map_err(|e| (0, e))?;
        Ok(posts)
    }

    /// What scheduling records: a log entry and an audit event (for a post
    /// sent for review: `submitted` ones instead, and no webhook).
    pub(crate) fn after_arm(&self, post: &Post, ctx: &RequestContext) -> Vec<Change> {
        let Some(at) = post.content.scheduled_at else {
            return Vec::new();
        };
        if post.state == PostState::InReview {
            return vec![
                self.log_event(post.id, PostEvent::Submitted, rfc3339(at)),
                Change::InsertAudit(AuditEvent::new(
                    self.clock.now(),
                    Some(post.owner),
                    AuditKind::PostSubmitted,
                    ctx,
                    match post.submitted_by {
                        Some(by) => format!("{} by {}", post.id, by.0),
                        None => post.id.to_string(),
                    },
                )),
            ];
        }
        let mut changes = vec![
            self.log_event(post.id, PostEvent::Scheduled, rfc3339(at)),
            Change::InsertAudit(AuditEvent::new(
                self.clock.now(),
                Some(post.owner),
                AuditKind::PostScheduled,
                ctx,
                post.id.to_string(),
            )),
        ];
        if let Some(events) = &self.webhooks {
            changes.push(Change::RecordWebhookEvent(events.event(
                post.owner,
                EventKind::PostScheduled,
                serde_json::json!({
                    "post_id": post.id.to_string(),
                    "account_id": post.content.account_id.0.to_string(),
                    "kind": post.content.kind.as_str(),
                    "scheduled_at": rfc3339(at),
                }),
            )));
        }
        changes
    }

    /// Replaces the content (and time) of a post that is not being
    /// published. In `preparing` or `ready`, new content discards the
    /// containers and the post is prepared again (refused when the
    /// account's container budget cannot pay for it); moving only the time
    /// keeps them while they stay valid. `expected_version` (from the form
    /// or API) refuses stale edits.
    pub async fn update(
        &self,
        owner: UserId,
        id: PostId,
        input: PostInput,
        expected_version: Option<u32>,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        self.update_reviewed(owner, id, input, expected_version, ctx, None)
            .await
    }

    /// [`Self::update`] by a member who may not publish (`review_by`): with
    /// a time the post goes (back) to `in_review`, whatever it was.
    pub async fn update_reviewed(
        &self,
        owner: UserId,
        id: PostId,
        input: PostInput,
        expected_version: Option<u32>,
        ctx: &RequestContext,
        review_by: Option<UserId>,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        let now = self.clock.now();
        let mut post = self.get(owner, id).await?;
        if expected_version.is_some_and(|v| v != post.version) {
            return Err(PostError::Conflict);
        }
        if !post.state.is_editable() {
            return Err(PostError::NotEditable(post.state));
        }
        let (has_video, warnings) = self.validate(owner, &input, now).await?;
        let was_scheduled = post.state.is_active();
        let effect = self
            .apply_edit(&mut post, Self::content(input), has_video, now, review_by)
            .await?;
        let mut changes = vec![Change::UpdatePost(post.clone()), self.edit_log(id, effect)];
        if post.state.is_active() {
            changes.extend(self.after_arm(&post, ctx));
        } else if post.state == PostState::InReview {
            if was_scheduled {
                changes.push(self.log_event(id, PostEvent::Unscheduled, String::new()));
            }
            changes.extend(self.after_arm(&post, ctx));
        } else if was_scheduled {
            changes.push(self.log_event(id, PostEvent::Unscheduled, String::new()));
        }
        self.commit(changes).await?;
        Ok((post, warnings))
    }

    /// Publishes as soon as the worker can: the post is scheduled for now.
    pub async fn publish_now(
        &self,
        owner: UserId,
        id: PostId,
        ctx: &RequestContext,
    ) -> Result<Post, PostError> {
        let now = self.clock.now();
        let mut post = self.get(owner, id).await?;
        if !post.state.is_editable() {
            return Err(PostError::NotEditable(post.state));
        }
        let input = PostInput {
            scheduled_at: Some(now),
            ..PostInput::from(&post.content)
        };
        let (has_video, _) = self.validate(owner, &input, now).await?;
        let content = PostContent {
            scheduled_at: Some(now),
            ..post.content.clone()
        };
        // A ready post keeps its containers and goes out at once.
        self.apply_edit(&mut post, content, has_video, now, None)
            .await?;
        let mut changes = vec![Change::UpdatePost(post.clone())];
        changes.extend(self.after_arm(&post, ctx));
        self.commit(changes).await?;
        Ok(post)
    }

    /// A new draft with the same content and media: no time, no Instagram
    /// ids, no history but its creation.
    pub async fn duplicate(
        &self,
        owner: UserId,
        id: PostId,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        let source = self.get(owner, id).await?;
        let input = PostInput {
            scheduled_at: None,
            ..PostInput::from(&source.content)
        };
        let detail = format!("{}, copy of {id}", input.kind.as_str());
        self.create_logged(owner, input, ctx, detail, None).await
    }

    /// Moves an editable post to another of the owner's accounts,
    /// re-validated as if saved there (containers belong to an account:
    /// any made are discarded, and the new account's budget pays).
    pub async fn move_to_account(
        &self,
        owner: UserId,
        id: PostId,
        account: AccountId,
        expected_version: Option<u32>,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        let post = self.get(owner, id).await?;
        let input = PostInput {
            account_id: account,
            ..PostInput::from(&post.content)
        };
        self.update(owner, id, input, expected_version, ctx).await
    }

    pub async fn cancel(&self, owner: UserId, id: PostId) -> Result<Post, PostError> {
        let now = self.clock.now();
        let mut post = self.get(owner, id).await?;
        if !post.state.is_cancellable() {
            return Err(PostError::NotCancellable(post.state));
        }
        post.cancel()
            .map_err(|e| PostError::NotCancellable(e.from))?;
        post.version += 1;
        post.updated_at = now;
        self.commit(vec![
            Change::UpdatePost(post.clone()),
            self.log_event(id, PostEvent::Cancelled, String::new()),
        ])
        .await?;
        Ok(post)
    }

    /// Deletes the post, then the files no other post uses.
    pub async fn delete(
        &self,
        owner: UserId,
        id: PostId,
        ctx: &RequestContext,
    ) -> Result<(), PostError> {
        // The delete and its audit event: one unit of work.
        let audit = Change::InsertAudit(AuditEvent::new(
            self.clock.now(),
            Some(owner),
            AuditKind::PostDeleted,
            ctx,
            id.to_string(),
        ));
        let files = match self.posts.post(owner, id).await {
            Ok(Some(post)) => {
                if !post.state.is_deletable() {
                    return Err(PostError::NotDeletable);
                }
                let version = post.version;
                // Changed (or deleted) by someone else since it was read:
                // a conflict, and nothing written.
                self.commit(vec![Change::DeletePost { owner, id, version }, audit])
                    .await?;
                let mut files = post.content.media;
                files.extend(post.content.cover);
                files
            }
            Ok(None) => return Err(PostError::NotFound),
            // A row that cannot be read must still go: the user could not
            // otherwise get rid of it. Its files are not known without the
            // row; they become uploads no post uses, which the retention
            // job removes.
            Err(e) if e.is_corrupt() => {
                tracing::warn!(post = %id, error = %e, "deleting a post that cannot be read");
                let delete = Change::DeleteUnreadablePost { owner, id };
                match self.units.commit(vec![delete, audit]).await {
                    Ok(()) => Vec::new(),
                    Err(StoreError::Conflict) => return Err(PostError::NotFound),
                    Err(e) => return Err(e.into()),
                }
            }
            Err(e) => return Err(e.into()),
        };
        // After the row is gone: a failure here leaves an orphan the
        // retention job removes, never a post without its file.
        if let Err(e) = self.media.release(owner, &files).await {
            tracing::warn!(post = %id, error = %e, "could not delete the post's files now; retention will");
        }
        Ok(())
    }

    /// Hides a failed post from the dashboard.
    pub async fn acknowledge(&self, owner: UserId, id: PostId) -> Result<(), PostError> {
        let mut post = self.get(owner, id).await?;
        if post.state != PostState::Failed || post.failure_acknowledged {
            return Ok(());
        }
        post.failure_acknowledged = true;
        post.version += 1;
        post.updated_at = self.clock.now();
        self.commit(vec![
            Change::UpdatePost(post.clone()),
            self.log_event(id, PostEvent::Acknowledged, String::new()),
        ])
        .await
    }

    /// Schedules the post at `at`, as an edit that changes only its time
    /// would, with `guard` committed in the same unit (the queue's check
    /// that the slot is still free). A failed guard, like a stale post, is
    /// [`PostError::Conflict`].
    pub async fn schedule_guarded(
        &self,
        owner: UserId,
        id: PostId,
        at: OffsetDateTime,
        guard: Change,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), PostError> {
        let now = self.clock.now();
        let mut post = self.get(owner, id).await?;
        if !post.state.is_editable() {
            return Err(PostError::NotEditable(post.state));
        }
        let input = PostInput {
            scheduled_at: Some(at),
            ..PostInput::from(&post.content)
        };
        let (has_video, warnings) = self.validate(owner, &input, now).await?;
        post.content.scheduled_at = Some(at);
        Self::arm(&mut post, has_video, now, None)?;
        post.version += 1;
        post.updated_at = now;
        let mut changes = vec![guard, Change::UpdatePost(post.clone())];
        changes.extend(self.after_arm(&post, ctx));
        self.commit(changes).await?;
        Ok((post, warnings))
    }

    /// When the worker should start on `post` if it were scheduled now
    /// (its lead before the time, never in the past); `None` for no time.
    pub async fn start_for(&self, post: &Post) -> Result<Option<OffsetDateTime>, PostError> {
        let mut has_video = false;
        for id in &post.content.media {
            if let Some(facts) = self.media.facts(post.owner, *id).await? {
                has_video |= facts.class == MediaClass::Video;
            }
        }
        Ok(Self::start_of(&post.content, has_video, self.clock.now()))
    }

    /// A log entry for a unit of work a neighbouring use case commits.
    pub(crate) fn log_change(&self, id: PostId, event: PostEvent, detail: String) -> Change {
        self.log_event(id, event, detail)
    }

    /// Whether the account can publish (for warnings in the composer).
    pub async fn account_active(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<bool, PostError> {
        Ok(self
            .accounts
            .account(owner, account)
            .await?
            .is_some_and(|a| a.status == AccountStatus::Active))
    }
}

/// Control characters in any free-text field, and the length caps the
/// caption rules do not already cover.
/// A reel's audio name: Instagram documents no limit; this keeps it sane.
pub const MAX_AUDIO_NAME_CHARS: usize = 100;

/// Fields the kind does not take: refused (reel options on other kinds),
/// or dropped with a warning (a story's caption).
fn kind_problems(input: &PostInput, problems: &mut Vec<PostProblem>) {
    let kind = input.kind;
    let o = &input.options;
    let audio = o
        .audio_name
        .as_deref()
        .is_some_and(|a| !a.trim().is_empty());
    for (field, present) in [
        (PostField::AudioName, audio),
        (PostField::TrialReel, o.trial.is_some()),
    ] {
        if present && !kind.allows(field) {
            problems.push(PostProblem::NotForKind {
                field: field.as_str(),
                kind,
            });
        }
    }
    if !kind.allows(PostField::Caption) {
        for (field, text) in [("caption", &input.caption), ("hashtags", &input.hashtags)] {
            if !text.trim().is_empty() {
                problems.push(PostProblem::DroppedForKind { field, kind });
            }
        }
    }
}

fn text_problems(input: &PostInput, problems: &mut Vec<PostProblem>) {
    use crate::text::{
        MAX_LOCATION_ID_CHARS, MAX_USER_TAGS, MAX_USERNAME_CHARS, has_forbidden_control,
    };
    let fields: [(&'static str, Vec<&str>); 8] = [
        (
            "audio_name",
            input
                .options
                .audio_name
                .iter()
                .map(String::as_str)
                .collect(),
        ),
        ("caption", vec![input.caption.as_str()]),
        ("hashtags", vec![input.hashtags.as_str()]),
        (
            "first_comment",
            input.first_comment.iter().map(String::as_str).collect(),
        ),
        (
            "collaborators",
            input.collaborators.iter().map(String::as_str).collect(),
        ),
        (
            "location_id",
            input.location_id.iter().map(String::as_str).collect(),
        ),
        (
            "alt_text",
            input.alt_text.iter().map(String::as_str).collect(),
        ),
        (
            "user_tags",
            input
                .user_tags
                .iter()
                .map(|t| t.username.as_str())
                .collect(),
        ),
    ];
    for (field, values) in &fields {
        if values.iter().any(|v| has_forbidden_control(v)) {
            problems.push(PostProblem::ControlCharacters { field });
        }
    }
    let mut too_long = |field: &'static str, max: usize, actual: usize| {
        if actual > max {
            problems.push(PostProblem::FieldTooLong { field, max, actual });
        }
    };
    let longest = |names: &mut dyn Iterator<Item = &str>| {
        names.map(|n| n.trim().chars().count()).max().unwrap_or(0)
    };
    too_long(
        "collaborators",
        MAX_USERNAME_CHARS,
        longest(
            &mut input
                .collaborators
                .iter()
                .map(|c| c.trim_start_matches('@')),
        ),
    );
    too_long(
        "user_tags",
        MAX_USERNAME_CHARS,
        longest(
            &mut input
                .user_tags
                .iter()
                .map(|t| t.username.trim_start_matches('@')),
        ),
    );
    too_long("user_tags", MAX_USER_TAGS, input.user_tags.len());
    too_long(
        "audio_name",
        MAX_AUDIO_NAME_CHARS,
        longest(&mut input.options.audio_name.iter().map(String::as_str)),
    );
    too_long(
        "location_id",
        MAX_LOCATION_ID_CHARS,
        input
            .location_id
            .as_deref()
            .map_or(0, |l| l.trim().chars().count()),
    );
}

pub(crate) fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
