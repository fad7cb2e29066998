//! The publisher: leases due posts and moves each one step along
//! `scheduled → preparing → ready → publishing → published`.
//!
//! Never twice: the container id is stored before publish is called, the
//! state is `publishing` (stored) before the call, and a post found in
//! `publishing` is first checked with Instagram (container status) before
//! anything is done again. Never lost: every step is re-entrant, a crashed
//! worker's lease expires and another worker picks the post up where the
//! database says it was. Leases are short and renewed by a heartbeat while a
//! worker holds a post, so a dead worker's posts resume within a lease.
//!
//! Never stale: the user may edit until the publish call (see
//! [`PostState::is_editable`]). An edit bumps the post's version and, for
//! new content, its `content_rev`; every worker write is conditional on
//! both, so an edit that lands while a worker holds the post makes the
//! worker's next write fail and it stops. The state machine refuses the
//! `ready → publishing` move unless the containers were built from the
//! current `content_rev`, so older containers are never published.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use time::{Duration, OffsetDateTime};

use super::backoff::backoff;
use super::caption::{CaptionLimits, check_caption};
use super::container_budget::BUDGET_WINDOW;
use super::lifecycle::PublishBlocked;
use super::quota_cache::QuotaCache;
use super::service::rfc3339;
use super::{
    IllegalTransition, MediaClass, MediaResolveError, Post, PostEvent, PostHold, PostId, PostKind,
    PostLogEntry, PostMedia, PostRepo, PostState,
};
use crate::account::{Account, AccountRepo, AccountStatus};
use crate::accounts::AccountService;
use crate::audit::{AuditEvent, AuditKind, AuditRepo};
use crate::instagram::{
    ContainerRequest, ContainerSpec, ContainerStatus, IgAccess, InstagramError, MediaItem,
    MediaType, UserTag,
};
use crate::store_error::StoreError;
use crate::{Clock, RequestContext};

/// The lease a worker takes on a post unless configured otherwise.
pub const DEFAULT_LEASE_SECS: i64 = 45;
/// Leases allowed: long enough to outlive one Instagram call (the HTTP
/// client gives up after 30 s), short enough that a crash is noticed soon.
pub const LEASE_SECS_RANGE: std::ops::RangeInclusive<i64> = 15..=600;

/// How long the publishing quota Instagram reported is trusted, unless
/// configured otherwise.
pub const DEFAULT_QUOTA_CACHE_SECS: i64 = 5;
/// Posts claimed per pass and worked on at once unless configured
/// otherwise (a process's Instagram calls in flight).
pub const DEFAULT_BATCH: u32 = 200;
pub const DEFAULT_CONCURRENCY: usize = 200;
/// Posts worked on at once allowed: each holds a post and an HTTP call,
/// a few KiB; 2,000 bounds a worker's memory for them well under 100 MiB.
pub const CONCURRENCY_RANGE: std::ops::RangeInclusive<usize> = 1..=2_000;

/// How far back of the publish attempt recovery looks for the media, for
/// clocks that disagree between us and Instagram.
const RECOVERY_SKEW: Duration = Duration::minutes(5);
/// Media per page and pages recovery reads (bounded: 1,000 media back).
const RECOVERY_PAGE: u32 = 50;
const RECOVERY_MAX_PAGES: usize = 20;
/// Lookups that found nothing before the post is left for the user to
/// verify (Instagram can list a new media a little late).
const RECOVERY_EMPTY_LOOKUPS: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the publishing lease must be {min} to {max} seconds, got {got}")]
pub struct LeaseOutOfRange {
    pub got: i64,
    pub min: i64,
    pub max: i64,
}

#[derive(Debug, Clone)]
pub struct PublisherConfig {
    /// Names this worker in leases; unique per process.
    pub worker_id: String,
    /// How long a claimed post is ours without a heartbeat. Longer than any
    /// one Instagram call can take; a crashed worker's posts wait this long.
    pub lease: Duration,
    /// How often the worker renews the leases it holds (a third of the
    /// lease, so two missed beats still keep the post).
    pub heartbeat: Duration,
    /// Posts claimed per pass.
    pub batch: u32,
    /// Posts worked on at once (calls to Instagram in flight).
    pub concurrency: usize,
    /// First wait between container status polls; doubles up to a minute.
    pub poll_base: Duration,
    /// First wait after a transient failure; doubles up to `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// Transient failures of one step before the post fails.
    pub max_attempts: u32,
    /// When a quota-held post looks again.
    pub quota_recheck: Duration,
    /// When a post held for reconnection looks again.
    pub hold_recheck: Duration,
    /// How long an account's publishing quota, as Instagram last reported
    /// it to this worker, lets further posts skip the check (zero: ask
    /// before every publish); see `quota_cache.rs`.
    pub quota_cache: Duration,
}

impl PublisherConfig {
    pub fn new(worker_id: impl Into<String>) -> Self {
        Self {
            worker_id: worker_id.into(),
            lease: Duration::seconds(DEFAULT_LEASE_SECS),
            heartbeat: Duration::seconds(DEFAULT_LEASE_SECS / 3),
            batch: DEFAULT_BATCH,
            concurrency: DEFAULT_CONCURRENCY,
            poll_base: Duration::seconds(2),
            retry_base: Duration::seconds(15),
            retry_max: Duration::minutes(30),
            max_attempts: 8,
            quota_recheck: Duration::minutes(10),
            hold_recheck: Duration::minutes(1),
            quota_cache: Duration::seconds(DEFAULT_QUOTA_CACHE_SECS),
        }
    }
}

impl PublisherConfig {
    /// Sets the lease (and the heartbeat, a third of it) after checking it
    /// against [`LEASE_SECS_RANGE`].
    pub fn with_lease_secs(mut self, secs: i64) -> Result<Self, LeaseOutOfRange> {
        if !LEASE_SECS_RANGE.contains(&secs) {
            return Err(LeaseOutOfRange {
                got: secs,
                min: *LEASE_SECS_RANGE.start(),
                max: *LEASE_SECS_RANGE.end(),
            });
        }
        self.lease = Duration::seconds(secs);
        self.heartbeat = Duration::seconds(secs) / 3;
        Ok(self)
    }
}

/// What one pass did (counts, and how late each publication was).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PublishReport {
    /// For each post published in this pass: publish time minus scheduled
    /// time (the "publish lag").
    pub lags: Vec<Duration>,
    pub claimed: u32,
    pub published: u32,
    pub failed: u32,
    pub held: u32,
    /// Posts whose lease another worker took meanwhile (we stopped).
    pub lost: u32,
}

impl PublishReport {
    /// Adds one post's outcome; a storage error is logged and handed back.
    fn count(&mut self, outcome: Step<Outcome>) -> Option<StoreError> {
        match outcome {
            Ok(Outcome::Published(lag)) => {
                self.published += 1;
                self.lags.push(lag);
            }
            Ok(Outcome::Failed) => self.failed += 1,
            Ok(Outcome::Held) => self.held += 1,
            Ok(Outcome::Progressed) => {}
            Err(Stop::Lost) => self.lost += 1,
            Err(Stop::Illegal(e)) => {
                tracing::error!(error = %e, "publisher refused an illegal state change");
            }
            Err(Stop::Store(e)) => {
                tracing::warn!(error = %e, "publisher could not record a step; the lease will expire and the step repeat");
                return Some(e);
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Progressed,
    /// With the lag after the scheduled time.
    Published(Duration),
    Failed,
    Held,
}

#[derive(Clone)]
pub struct Publisher {
    posts: Arc<dyn PostRepo>,
    account_repo: Arc<dyn AccountRepo>,
    audit: Arc<dyn AuditRepo>,
    accounts: AccountService,
    media: Arc<dyn PostMedia>,
    clock: Arc<dyn Clock>,
    config: PublisherConfig,
    limits: CaptionLimits,
    /// Posts this worker has claimed and not yet finished: the heartbeat
    /// renews their leases.
    held: Arc<Mutex<HashSet<PostId>>>,
    /// Told about each published post (automation's next-post rules).
    on_published: Option<Arc<dyn super::PublishedHook>>,
    /// Recent quota answers per account.
    quota: Arc<QuotaCache>,
}

/// Why a step stopped early.
enum Stop {
    /// Another worker holds the post now, or the user changed it.
    Lost,
    Store(StoreError),
    /// A step asked for a move the state machine does not have (a bug):
    /// nothing is written, the lease runs out.
    Illegal(IllegalTransition),
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

impl From<IllegalTransition> for Stop {
    fn from(e: IllegalTransition) -> Self {
        Stop::Illegal(e)
    }
}

impl From<PublishBlocked> for Stop {
    fn from(e: PublishBlocked) -> Self {
        match e {
            PublishBlocked::Illegal(e) => Stop::Illegal(e),
            // The user changed the post under us: it is theirs now.
            PublishBlocked::StaleContainers { .. } => Stop::Lost,
        }
    }
}

type Step<T> = Result<T, Stop>;

impl Publisher {
    pub fn new(
        posts: Arc<dyn PostRepo>,
        account_repo: Arc<dyn AccountRepo>,
        audit: Arc<dyn AuditRepo>,
        accounts: AccountService,
        media: Arc<dyn PostMedia>,
        clock: Arc<dyn Clock>,
        config: PublisherConfig,
    ) -> Self {
        Self {
            posts,
            account_repo,
            audit,
            accounts,
            media,
            clock,
            limits: CaptionLimits::INSTAGRAM,
            held: Arc::new(Mutex::new(HashSet::new())),
            on_published: None,
            quota: Arc::new(QuotaCache::new(config.quota_cache)),
            config,
        }
    }

    /// Tells `hook` about each post this publisher publishes.
    pub fn with_published_hook(mut self, hook: Arc<dyn super::PublishedHook>) -> Self {
        self.on_published = Some(hook);
        self
    }

    fn held(&self) -> std::sync::MutexGuard<'_, HashSet<PostId>> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Renews the lease of every post this worker is working on; call it
    /// every [`PublisherConfig::heartbeat`] while [`Self::run_once`] runs.
    /// Returns how many leases were renewed. A post whose lease could not be
    /// renewed is dropped from the set (its next write finds it lost).
    pub async fn heartbeat(&self) -> Result<u32, StoreError> {
        let ids: Vec<PostId> = self.held().iter().copied().collect();
        let until = self.clock.now() + self.config.lease;
        let mut renewed = 0;
        for id in ids {
            if self
                .posts
                .renew_post_lease(id, &self.config.worker_id, until)
                .await?
            {
                renewed += 1;
            } else {
                self.held().remove(&id);
            }
        }
        Ok(renewed)
    }

    pub fn config(&self) -> &PublisherConfig {
        &self.config
    }

    /// Claims due posts and moves each one step (or several, when nothing
    /// needs waiting for). Safe to run on any number of workers at once.
    pub async fn run_once(&self) -> Result<PublishReport, StoreError> {
        let posts = self.claim(self.config.batch).await?;
        let mut report = PublishReport {
            claimed: u32::try_from(posts.len()).unwrap_or(u32::MAX),
            ..Default::default()
        };
        let outcomes: Vec<Step<Outcome>> = futures::stream::iter(posts)
            .map(|post| self.step(post))
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        let mut first_error = None;
        let mut store_errors = 0u32;
        for outcome in outcomes {
            if let Some(e) = report.count(outcome) {
                store_errors += 1;
                first_error.get_or_insert(e);
            }
        }
        // Every claimed post failed on storage: the pass as a whole failed
        // (the database is likely down). Partial failures are logged above and
        // the rest of the report still counts.
        match first_error {
            Some(e) if store_errors == report.claimed => Err(e),
            _ => Ok(report),
        }
    }

    /// Claims up to `limit` due posts for this worker (the heartbeat keeps
    /// them); hand each to [`Self::work`]. With [`Self::run_once`] this is
    /// one pass; a loop that claims as posts finish keeps `concurrency`
    /// posts in flight without waiting for a whole batch.
    pub async fn claim(&self, limit: u32) -> Result<Vec<Post>, StoreError> {
        let now = self.clock.now();
        let posts = self
            .posts
            .claim_due_posts(now, &self.config.worker_id, now + self.config.lease, limit)
            .await?;
        self.held().extend(posts.iter().map(|p| p.id));
        Ok(posts)
    }

    /// Moves one claimed post along; what happened, as a report of one
    /// (`claimed` zero: the claim counted it). A storage failure is logged
    /// and the lease left to expire, so the step repeats.
    pub async fn work(&self, post: Post) -> PublishReport {
        let mut report = PublishReport::default();
        let _ = report.count(self.step(post).await);
        report
    }

    async fn step(&self, post: Post) -> Step<Outcome> {
        let id = post.id;
        let outcome = self.process(post).await;
        self.held().remove(&id);
        outcome
    }

    async fn process(&self, mut post: Post) -> Step<Outcome> {
        let now = self.clock.now();
        let Some(account) = self
            .account_repo
            .account(post.owner, post.content.account_id)
            .await?
        else {
            return self
                .fail(&mut post, "The Instagram account was disconnected.".into())
                .await;
        };
        if account.status != AccountStatus::Active {
            let reason = account
                .status_detail
                .clone()
                .unwrap_or_else(|| "Reconnect the Instagram account.".into());
            return self
                .hold(
                    &mut post,
                    PostHold::Reconnect,
                    reason,
                    now + self.config.hold_recheck,
                )
                .await;
        }
        let access = match self.accounts.access(&account) {
            Ok(a) => a,
            Err(e) => {
                tracing::error!(post = %post.id, error = %e, "cannot decrypt the account's token");
                return self
                    .hold(
                        &mut post,
                        PostHold::Reconnect,
                        "The account's access could not be read; reconnect the Instagram account."
                            .into(),
                        now + self.config.hold_recheck,
                    )
                    .await;
            }
        };
        let job = Job {
            p: self,
            account,
            access,
        };
        match post.state {
            PostState::Scheduled => job.prepare(&mut post).await,
            PostState::Preparing => job.poll(&mut post).await,
            PostState::Ready => job.publish_when_due(&mut post).await,
            PostState::Publishing => job.recover(&mut post).await,
            // Published, but the permalink or first comment step was cut short.
            PostState::Published => job.follow_up(&mut post).await,
            // Not claimable; release if it ever happens.
            _ => {
                post.next_action_at = None;
                self.save(&mut post, true).await?;
                Ok(Outcome::Progressed)
            }
        }
    }

    /// Bumps the version and writes; `Stop::Lost` when someone else wrote.
    async fn save(&self, post: &mut Post, release: bool) -> Step<()> {
        post.version += 1;
        post.updated_at = self.clock.now();
        if self
            .posts
            .save_claimed_post(post, &self.config.worker_id, release)
            .await?
        {
            Ok(())
        } else {
            Err(Stop::Lost)
        }
    }

    async fn log(&self, post: &Post, event: PostEvent, detail: impl Into<String>) -> Step<()> {
        let entry = PostLogEntry {
            post_id: post.id,
            at: self.clock.now(),
            event,
            detail: detail.into(),
        };
        Ok(self.posts.append_post_log(&entry).await?)
    }

    async fn fail(&self, post: &mut Post, reason: String) -> Step<Outcome> {
        post.fail(reason.clone())?;
        self.save(post, true).await?;
        self.log(post, PostEvent::Failed, reason).await?;
        Ok(Outcome::Failed)
    }

    async fn hold(
        &self,
        post: &mut Post,
        hold: PostHold,
        reason: String,
        until: OffsetDateTime,
    ) -> Step<Outcome> {
        let changed = post.hold != Some(hold) || post.reason.as_deref() != Some(reason.as_str());
        post.hold = Some(hold);
        post.reason = Some(reason.clone());
        post.next_action_at = Some(until);
        self.save(post, true).await?;
        if changed {
            self.log(
                post,
                PostEvent::Held,
                format!("{}: {reason}", hold.as_str()),
            )
            .await?;
        }
        Ok(Outcome::Held)
    }

    /// A transient failure: retry with backoff, or fail after too many.
    async fn retry(
        &self,
        post: &mut Post,
        what: &str,
        wait_at_least: Option<Duration>,
    ) -> Step<Outcome> {
        post.attempts += 1;
        if post.attempts >= self.config.max_attempts {
            return self
                .fail(
                    post,
                    format!(
                        "Instagram kept failing ({} attempts): {what}",
                        post.attempts
                    ),
                )
                .await;
        }
        let seed = post.id.0.as_u64_pair().1;
        let mut wait = backoff(
            post.attempts - 1,
            self.config.retry_base,
            self.config.retry_max,
            seed,
        );
        if let Some(min) = wait_at_least {
            wait = wait.max(min);
        }
        let until = self.clock.now() + wait;
        post.hold = Some(PostHold::Retrying);
        post.reason = Some(what.to_string());
        post.next_action_at = Some(until);
        self.save(post, true).await?;
        self.log(
            post,
            PostEvent::Retry,
            format!("{what}; next try at {}", rfc3339(until)),
        )
        .await?;
        Ok(Outcome::Held)
    }

    /// The containers were built from content the user has since changed
    /// (they are never published): prepare again, at once.
    async fn rebuild(&self, post: &mut Post) -> Step<Outcome> {
        post.restart(self.clock.now())?;
        self.save(post, true).await?;
        self.log(
            post,
            PostEvent::Retry,
            "The post was edited after its containers were made; creating new containers",
        )
        .await?;
        Ok(Outcome::Progressed)
    }

    /// Counts a container against the account's daily cap. Recorded after
    /// the container id is stored: a crash in between undercounts by one
    /// rather than losing the id.
    async fn count_container(&self, post: &Post) -> Step<()> {
        let now = self.clock.now();
        Ok(self
            .posts
            .record_containers(
                post.content.account_id,
                post.id,
                now,
                1,
                now - BUDGET_WINDOW,
            )
            .await?)
    }

    /// Back to `scheduled` without containers (expired or vanished ones).
    async fn restart(&self, post: &mut Post, why: &str) -> Step<Outcome> {
        post.attempts += 1;
        if post.attempts >= self.config.max_attempts {
            return self.fail(post, why.to_string()).await;
        }
        post.restart(self.clock.now())?;
        self.save(post, true).await?;
        self.log(
            post,
            PostEvent::Retry,
            format!("{why}; creating new containers"),
        )
        .await?;
        Ok(Outcome::Progressed)
    }
}

/// One post's step, with the account's access.
struct Job<'a> {
    p: &'a Publisher,
    account: Account,
    access: IgAccess,
}

impl Job<'_> {
    fn now(&self) -> OffsetDateTime {
        self.p.clock.now()
    }

    fn caption(&self, post: &Post) -> Option<String> {
        if !post.content.kind.has_caption() {
            return None;
        }
        let report = check_caption(
            &post.content.caption,
            &post.content.hashtags,
            None,
            &self.p.limits,
        );
        (!report.text.is_empty()).then_some(report.text)
    }

    /// Decides what an Instagram error means for the post.
    async fn on_error(&self, post: &mut Post, e: InstagramError) -> Step<Outcome> {
        let now = self.now();
        match e {
            InstagramError::TokenInvalid { message } => {
                if let Err(err) = self
                    .p
                    .accounts
                    .mark_needs_reconnect(&self.account, &message)
                    .await
                {
                    return Err(Stop::Store(err));
                }
                self.p
                    .hold(
                        post,
                        PostHold::Reconnect,
                        message,
                        now + self.p.config.hold_recheck,
                    )
                    .await
            }
            InstagramError::PermissionMissing { message } => {
                self.p
                    .hold(
                        post,
                        PostHold::Reconnect,
                        message,
                        now + self.p.config.hold_recheck,
                    )
                    .await
            }
            InstagramError::QuotaReached => {
                self.p
                    .hold(
                        post,
                        PostHold::Quota,
                        "The account has used its publishing limit for the last 24 hours; the post will go out when the limit allows.".into(),
                        now + self.p.config.quota_recheck,
                    )
                    .await
            }
            InstagramError::RateLimited { retry_after } => {
                self.p
                    .retry(post, "Instagram is rate limiting this account", retry_after)
                    .await
            }
            InstagramError::Transient { message } => self.p.retry(post, &message, None).await,
            InstagramError::ContainerNotReady => {
                post.mark_preparing()?;
                post.next_action_at = Some(now + self.p.config.poll_base);
                self.p.save(post, true).await?;
                Ok(Outcome::Progressed)
            }
            InstagramError::MediaRejected {
                subcode: Some(2_207_020 | 2_207_008 | 2_207_006),
                message,
                ..
            }
            | InstagramError::NotFound { message } => self.p.restart(post, &message).await,
            InstagramError::MediaRejected { title, message, .. } => {
                let reason = match title {
                    Some(t) => format!("{t}: {message}"),
                    None => message,
                };
                self.p.fail(post, reason).await
            }
            other => self.p.fail(post, other.to_string()).await,
        }
    }

    async fn resolve(
        &self,
        post: &Post,
        id: crate::media::MediaId,
    ) -> Result<super::ResolvedMedia, MediaResolveError> {
        self.p.media.resolve(post.owner, id, self.now()).await
    }

    async fn on_media_error(&self, post: &mut Post, e: MediaResolveError) -> Step<Outcome> {
        match e {
            MediaResolveError::Missing(id) => {
                self.p
                    .fail(
                        post,
                        format!(
                            "The media file {id} no longer exists; choose another and reschedule."
                        ),
                    )
                    .await
            }
            MediaResolveError::Unusable(why) => self.p.fail(post, why).await,
            MediaResolveError::Unreachable(why) => {
                post.attempts += 1;
                if post.attempts >= self.p.config.max_attempts {
                    return self.p.fail(post, why).await;
                }
                let seed = post.id.0.as_u64_pair().1;
                let until = self.now()
                    + backoff(
                        post.attempts - 1,
                        self.p.config.retry_base,
                        self.p.config.retry_max,
                        seed,
                    );
                self.p
                    .hold(post, PostHold::MediaUnreachable, why, until)
                    .await
            }
            MediaResolveError::Internal(why) => self.p.retry(post, &why, None).await,
        }
    }

    /// `scheduled`: create the container(s), storing each id at once.
    async fn prepare(&self, post: &mut Post) -> Step<Outcome> {
        let kind = post.content.kind;
        if kind == PostKind::Carousel {
            while post.child_containers.len() < post.content.media.len() {
                let id = post.content.media[post.child_containers.len()];
                let media = match self.resolve(post, id).await {
                    Ok(m) => m,
                    Err(e) => return self.on_media_error(post, e).await,
                };
                let spec = match media.class {
                    MediaClass::Image => ContainerSpec::CarouselImage {
                        image_url: media.url,
                        alt_text: None,
                    },
                    MediaClass::Video => ContainerSpec::CarouselVideo {
                        video_url: Some(media.url),
                    },
                };
                let mut request = ContainerRequest::new(spec);
                if media.class == MediaClass::Image {
                    request.user_tags = tags(post);
                }
                match self
                    .p
                    .accounts
                    .instagram()
                    .create_container(&self.access, &request)
                    .await
                {
                    Ok(c) => {
                        post.child_containers.push(c.id.clone());
                        post.container_made(self.now());
                        self.p.save(post, false).await?;
                        self.p.count_container(post).await?;
                        self.p
                            .log(
                                post,
                                PostEvent::ContainerCreated,
                                format!("item {}: {}", post.child_containers.len(), c.id),
                            )
                            .await?;
                    }
                    Err(e) => return self.on_error(post, e).await,
                }
            }
        } else {
            let Some(first) = post.content.media.first().copied() else {
                return self.p.fail(post, "The post has no media.".into()).await;
            };
            let media = match self.resolve(post, first).await {
                Ok(m) => m,
                Err(e) => return self.on_media_error(post, e).await,
            };
            let cover_url = match post.content.cover {
                Some(cover) => match self.resolve(post, cover).await {
                    Ok(m) => Some(m.url),
                    Err(e) => return self.on_media_error(post, e).await,
                },
                None => None,
            };
            let spec = match (kind, media.class) {
                (PostKind::Reel, _) => ContainerSpec::Reel {
                    video_url: Some(media.url),
                    share_to_feed: post.content.share_to_feed,
                    cover_url,
                    thumb_offset_ms: post.content.thumb_offset_ms,
                },
                (PostKind::Story, MediaClass::Image) => ContainerSpec::StoryImage {
                    image_url: media.url,
                },
                (PostKind::Story, MediaClass::Video) => ContainerSpec::StoryVideo {
                    video_url: Some(media.url),
                },
                _ => ContainerSpec::Image {
                    image_url: media.url,
                    alt_text: post.content.alt_text.clone(),
                },
            };
            let mut request = ContainerRequest::new(spec);
            request.caption = self.caption(post);
            let options = &post.content.options;
            request.is_ai_generated = options.ai_generated;
            if kind == PostKind::Reel {
                request.audio_name = options.audio_name.clone();
                request.trial_graduation = options.trial.map(|t| t.as_str().to_string());
            }
            if kind != PostKind::Story {
                request.collaborators = post.content.collaborators.clone();
                request.location_id = post.content.location_id.clone();
            }
            if media.class == MediaClass::Image {
                request.user_tags = tags(post);
            }
            match self
                .p
                .accounts
                .instagram()
                .create_container(&self.access, &request)
                .await
            {
                Ok(c) => {
                    post.container_id = Some(c.id.clone());
                    post.container_made(self.now());
                    // Stored before anything else happens with it.
                    self.p.save(post, false).await?;
                    self.p.count_container(post).await?;
                    self.p.log(post, PostEvent::ContainerCreated, c.id).await?;
                }
                Err(e) => return self.on_error(post, e).await,
            }
        }
        post.mark_preparing()?;
        post.attempts = 0;
        post.hold = None;
        post.reason = None;
        post.next_action_at = Some(self.now() + self.p.config.poll_base);
        self.p.save(post, true).await?;
        Ok(Outcome::Progressed)
    }

    /// `preparing`: poll Instagram's processing; make the carousel parent
    /// once its items are done.
    async fn poll(&self, post: &mut Post) -> Step<Outcome> {
        let ig = self.p.accounts.instagram();
        if post.content.kind == PostKind::Carousel && post.container_id.is_none() {
            for child in post.child_containers.clone() {
                match ig.container_status(&self.access, &child).await {
                    Ok(ContainerStatus::Finished) => {}
                    Ok(ContainerStatus::InProgress) => return self.poll_later(post).await,
                    Ok(status) => return self.on_bad_status(post, status).await,
                    Err(e) => return self.on_error(post, e).await,
                }
            }
            let mut request = ContainerRequest::new(ContainerSpec::Carousel {
                children: post.child_containers.clone(),
            });
            request.caption = self.caption(post);
            request.collaborators = post.content.collaborators.clone();
            request.location_id = post.content.location_id.clone();
            request.is_ai_generated = post.content.options.ai_generated;
            match ig.create_container(&self.access, &request).await {
                Ok(c) => {
                    post.container_id = Some(c.id.clone());
                    post.container_made(self.now());
                    self.p.save(post, false).await?;
                    self.p.count_container(post).await?;
                    self.p
                        .log(
                            post,
                            PostEvent::ContainerCreated,
                            format!("carousel: {}", c.id),
                        )
                        .await?;
                }
                Err(e) => return self.on_error(post, e).await,
            }
        }
        let Some(container) = post.container_id.clone() else {
            return self.p.restart(post, "No container was recorded").await;
        };
        match ig.container_status(&self.access, &container).await {
            Ok(ContainerStatus::Finished) => {
                post.mark_ready()?;
                post.attempts = 0;
                post.hold = None;
                post.reason = None;
                let due = post.content.scheduled_at.unwrap_or_else(|| self.now());
                self.p.log(post, PostEvent::Ready, String::new()).await?;
                if due <= self.now() {
                    // Keep the lease and publish right away.
                    self.p.save(post, false).await?;
                    return self.publish(post).await;
                }
                post.next_action_at = Some(due);
                self.p.save(post, true).await?;
                Ok(Outcome::Progressed)
            }
            Ok(ContainerStatus::InProgress) => self.poll_later(post).await,
            Ok(ContainerStatus::Published) => self.recover(post).await,
            Ok(status) => self.on_bad_status(post, status).await,
            Err(e) => self.on_error(post, e).await,
        }
    }

    async fn poll_later(&self, post: &mut Post) -> Step<Outcome> {
        post.attempts += 1;
        let seed = post.id.0.as_u64_pair().1;
        let wait = backoff(
            post.attempts.min(6) - 1,
            self.p.config.poll_base,
            Duration::minutes(1),
            seed,
        );
        post.next_action_at = Some(self.now() + wait);
        self.p.save(post, true).await?;
        Ok(Outcome::Progressed)
    }

    async fn on_bad_status(&self, post: &mut Post, status: ContainerStatus) -> Step<Outcome> {
        self.p
            .log(post, PostEvent::ContainerStatus, format!("{status:?}"))
            .await?;
        match status {
            ContainerStatus::Expired => self.p.restart(post, "The container expired").await,
            ContainerStatus::Error(message) => {
                self.p
                    .fail(
                        post,
                        format!("Instagram could not process the media: {message}"),
                    )
                    .await
            }
            other => {
                self.p
                    .retry(
                        post,
                        &format!("Unexpected container status {other:?}"),
                        None,
                    )
                    .await
            }
        }
    }

    /// `ready`: wait for the second, then publish.
    async fn publish_when_due(&self, post: &mut Post) -> Step<Outcome> {
        let due = post.content.scheduled_at.unwrap_or_else(|| self.now());
        if due > self.now() {
            post.next_action_at = Some(due);
            self.p.save(post, true).await?;
            return Ok(Outcome::Progressed);
        }
        self.publish(post).await
    }

    async fn publish(&self, post: &mut Post) -> Step<Outcome> {
        let Some(container) = post.container_id.clone() else {
            return self.p.restart(post, "No container was recorded").await;
        };
        if !post.containers_current() {
            return self.p.rebuild(post).await;
        }
        let account = post.content.account_id;
        match self.check_quota(account).await {
            Ok(Some(limit))
                if limit
                    .quota_total
                    .is_some_and(|total| limit.quota_usage >= total) =>
            {
                self.p.quota.forget(account);
                return self
                    .p
                    .hold(
                        post,
                        PostHold::Quota,
                        format!(
                            "The account has used its publishing limit ({} of {} posts in 24 hours); the post will go out when the limit allows.",
                            limit.quota_usage,
                            limit.quota_total.unwrap_or_default()
                        ),
                        self.now() + self.p.config.quota_recheck,
                    )
                    .await;
            }
            Ok(_) => {}
            Err(e) => return self.on_error(post, e).await,
        }
        // From here on a failure gives back the room the cache lent.
        let outcome = self.publish_checked(post, container).await;
        if !matches!(outcome, Ok(Outcome::Published(_))) {
            self.p.quota.forget(account);
        }
        outcome
    }

    /// Instagram's quota answer, or `None` when a recent one leaves room.
    async fn check_quota(
        &self,
        account: crate::account::AccountId,
    ) -> Result<Option<crate::instagram::PublishingLimit>, InstagramError> {
        if self.p.quota.has_room(account, self.now()) {
            return Ok(None);
        }
        let limit = self
            .p
            .accounts
            .instagram()
            .publishing_limit(&self.access)
            .await?;
        self.p.quota.record(account, &limit, self.now());
        Ok(Some(limit))
    }

    /// Publishes a post whose quota was checked.
    async fn publish_checked(&self, post: &mut Post, container: String) -> Step<Outcome> {
        let ig = self.p.accounts.instagram();
        // Recorded before the call: after a crash from here on, the worker
        // asks Instagram before publishing again.
        post.start_publishing(self.now(), self.now() + self.p.config.lease)?;
        self.p.save(post, false).await?;
        self.p
            .log(post, PostEvent::PublishStarted, container.clone())
            .await?;
        // A full lease for the one call that must not be repeated blindly.
        if !self
            .p
            .posts
            .renew_post_lease(
                post.id,
                &self.p.config.worker_id,
                self.now() + self.p.config.lease,
            )
            .await?
        {
            return Err(Stop::Lost);
        }
        match ig.publish_container(&self.access, &container).await {
            Ok(media_id) => self.published(post, Some(media_id)).await,
            Err(e @ (InstagramError::Transient { .. } | InstagramError::RateLimited { .. })) => {
                // The call may or may not have reached Instagram: stay in
                // `publishing`, so the next try checks first.
                let wait = match &e {
                    InstagramError::RateLimited { retry_after } => *retry_after,
                    _ => None,
                };
                self.p.retry(post, &e.to_string(), wait).await
            }
            Err(e) => {
                // Instagram answered: nothing was published.
                post.mark_ready()?;
                self.on_error(post, e).await
            }
        }
    }

    /// `publishing` found at claim time: a previous attempt crashed or its
    /// answer was lost. Ask Instagram what became of the container.
    async fn recover(&self, post: &mut Post) -> Step<Outcome> {
        let ig = self.p.accounts.instagram();
        let Some(container) = post.container_id.clone() else {
            return self.p.restart(post, "No container was recorded").await;
        };
        match ig.container_status(&self.access, &container).await {
            Ok(ContainerStatus::Published) => self.recover_published(post, &container).await,
            Ok(ContainerStatus::Finished) => {
                self.p
                    .log(
                        post,
                        PostEvent::Recovered,
                        format!("container {container} not published yet"),
                    )
                    .await?;
                self.publish(post).await
            }
            Ok(ContainerStatus::InProgress) => {
                post.mark_preparing()?;
                self.poll_later(post).await
            }
            Ok(status) => {
                post.mark_preparing()?;
                self.on_bad_status(post, status).await
            }
            Err(e @ (InstagramError::Transient { .. } | InstagramError::RateLimited { .. })) => {
                self.p.retry(post, &e.to_string(), None).await
            }
            Err(e) => self.on_error(post, e).await,
        }
    }

    /// The container was published before a crash (or a lost answer): find
    /// the media it became, then finish what was left (permalink, first
    /// comment, log). Two matching media, or none after a few looks, leave the
    /// post in `verify` for the user rather than guessing.
    async fn recover_published(&self, post: &mut Post, container: &str) -> Step<Outcome> {
        let found = match self.find_published(post).await {
            Ok(found) => found,
            Err(e) => {
                // Stays `publishing`: the next try looks again.
                if post.attempts + 1 < self.p.config.max_attempts {
                    return self
                        .p
                        .retry(post, &format!("Looking for the published media: {e}"), None)
                        .await;
                }
                Vec::new()
            }
        };
        match found.as_slice() {
            [media] => {
                self.p
                    .log(
                        post,
                        PostEvent::Recovered,
                        format!(
                            "container {container} was already published as {}",
                            media.id
                        ),
                    )
                    .await?;
                post.permalink = media.permalink.clone();
                self.published(post, Some(media.id.clone())).await
            }
            [] if post.attempts + 1 < RECOVERY_EMPTY_LOOKUPS.min(self.p.config.max_attempts) => {
                self.p
                    .retry(
                        post,
                        "The post was published, but Instagram does not list it yet",
                        None,
                    )
                    .await
            }
            candidates => self.needs_verify(post, container, candidates).await,
        }
    }

    /// The media a published container became. Instagram does not link
    /// them, so page back through the account's media (newest first) to the
    /// attempt's start, and keep those of the post's kind and caption.
    async fn find_published(&self, post: &Post) -> Result<Vec<MediaItem>, InstagramError> {
        let since = post.publish_started_at.unwrap_or(post.updated_at) - RECOVERY_SKEW;
        let caption = self.caption(post);
        let kind = post.content.kind;
        let matches = |m: &MediaItem| {
            m.timestamp >= since
                && kind_matches(kind, m)
                && m.caption.as_deref().map(str::trim) == caption.as_deref().map(str::trim)
        };
        let ig = self.p.accounts.instagram();
        if kind == PostKind::Story {
            // Stories are not on the media edge; the live ones are all there is.
            let stories = ig.stories(&self.access).await?;
            return Ok(stories.into_iter().filter(|m| matches(m)).collect());
        }
        let mut found = Vec::new();
        let mut cursor = None;
        for _ in 0..RECOVERY_MAX_PAGES {
            let page = ig.media_page(&self.access, cursor, RECOVERY_PAGE).await?;
            let reached_start = page.items.iter().any(|m| m.timestamp < since);
            found.extend(page.items.into_iter().filter(|m| matches(m)));
            match page.next {
                Some(next) if !reached_start => cursor = Some(next),
                _ => break,
            }
        }
        Ok(found)
    }

    /// Published, but which media is ours is not certain: `verify`, with the
    /// candidates' permalinks (one a line) as the reason.
    async fn needs_verify(
        &self,
        post: &mut Post,
        container: &str,
        candidates: &[MediaItem],
    ) -> Step<Outcome> {
        let links: Vec<String> = candidates
            .iter()
            .map(|m| m.permalink.clone().unwrap_or_else(|| m.id.clone()))
            .collect();
        post.mark_verify(&links, self.now())?;
        self.p.save(post, true).await?;
        self.p
            .log(
                post,
                PostEvent::Recovered,
                format!(
                    "container {container} was published; {} Instagram media match it, verify which: {}",
                    candidates.len(),
                    links.join(" ")
                ),
            )
            .await?;
        let event = AuditEvent::new(
            self.now(),
            Some(post.owner),
            AuditKind::PostPublished,
            &RequestContext::new("worker", None),
            post.id.to_string(),
        );
        self.p.audit.insert_audit(&event).await?;
        let lag = match (post.published_at, post.content.scheduled_at) {
            (Some(done), Some(due)) => done - due,
            _ => Duration::ZERO,
        };
        Ok(Outcome::Published(lag))
    }

    async fn published(&self, post: &mut Post, media_id: Option<String>) -> Step<Outcome> {
        // Still due: if we die before the follow-up steps, another worker
        // claims the post again for them.
        post.mark_published(media_id.clone(), self.now())?;
        self.p.save(post, false).await?;
        self.p
            .log(post, PostEvent::Published, media_id.unwrap_or_default())
            .await?;
        let event = AuditEvent::new(
            self.now(),
            Some(post.owner),
            AuditKind::PostPublished,
            &RequestContext::new("worker", None),
            post.id.to_string(),
        );
        self.p.audit.insert_audit(&event).await?;
        if let (Some(hook), Some(media_id)) = (&self.p.on_published, &post.ig_media_id) {
            hook.published(post.content.account_id, media_id).await;
        }
        self.follow_up(post).await?;
        let lag = match (post.published_at, post.content.scheduled_at) {
            (Some(done), Some(due)) => done - due,
            _ => Duration::ZERO,
        };
        Ok(Outcome::Published(lag))
    }

    /// After publishing: the permalink, then the first comment (at most
    /// once). Re-entrant: a crash here is resumed by the next claim.
    async fn follow_up(&self, post: &mut Post) -> Step<Outcome> {
        let ig = self.p.accounts.instagram();
        if let Some(media_id) = post.ig_media_id.clone() {
            if post.permalink.is_none() {
                match ig.media_item(&self.access, &media_id).await {
                    Ok(item) => post.permalink = item.permalink,
                    Err(e) => tracing::info!(post = %post.id, error = %e, "no permalink yet"),
                }
            }
            if let Some(comment) = post.content.first_comment.clone()
                && !post.first_comment_tried
            {
                // Marked before sending: a crash here loses the comment
                // rather than posting it twice.
                post.first_comment_tried = true;
                self.p.save(post, false).await?;
                match ig.comment_on_media(&self.access, &media_id, &comment).await {
                    Ok(id) => {
                        post.first_comment_id = Some(id.clone());
                        self.p.log(post, PostEvent::FirstComment, id).await?;
                    }
                    Err(e) => {
                        self.p
                            .log(post, PostEvent::FirstCommentFailed, e.to_string())
                            .await?;
                    }
                }
            }
        }
        post.next_action_at = None;
        self.p.save(post, true).await?;
        Ok(Outcome::Progressed)
    }
}

/// Whether a media is what a post of `kind` becomes (`media_product_type`
/// is checked when Instagram returns it).
fn kind_matches(kind: PostKind, m: &MediaItem) -> bool {
    let product = m.media_product_type.as_deref();
    match kind {
        PostKind::Post => m.media_type == MediaType::Image && product.is_none_or(|p| p == "FEED"),
        PostKind::Carousel => {
            m.media_type == MediaType::CarouselAlbum && product.is_none_or(|p| p == "FEED")
        }
        PostKind::Reel => m.media_type == MediaType::Video && product.is_none_or(|p| p == "REELS"),
        PostKind::Story => {
            matches!(m.media_type, MediaType::Image | MediaType::Video)
                && product.is_none_or(|p| p == "STORY")
        }
    }
}

fn tags(post: &Post) -> Vec<UserTag> {
    post.content
        .user_tags
        .iter()
        .map(|t| UserTag {
            username: t.username.clone(),
            x: Some(t.x),
            y: Some(t.y),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media(media_type: MediaType, product: Option<&str>) -> MediaItem {
        MediaItem {
            id: "1".into(),
            caption: None,
            media_type,
            media_product_type: product.map(str::to_string),
            media_url: None,
            thumbnail_url: None,
            permalink: None,
            timestamp: OffsetDateTime::UNIX_EPOCH,
            like_count: None,
            comments_count: None,
            children: Vec::new(),
        }
    }

    #[test]
    fn a_media_matches_only_the_kind_the_post_becomes() {
        use MediaType::*;
        let cases = [
            (PostKind::Post, media(Image, Some("FEED")), true),
            (PostKind::Post, media(Image, None), true),
            (PostKind::Post, media(Video, Some("REELS")), false),
            (PostKind::Post, media(CarouselAlbum, Some("FEED")), false),
            (PostKind::Carousel, media(CarouselAlbum, Some("FEED")), true),
            (PostKind::Reel, media(Video, Some("REELS")), true),
            (PostKind::Reel, media(Video, Some("FEED")), false),
            (PostKind::Reel, media(Image, Some("FEED")), false),
            (PostKind::Story, media(Image, Some("STORY")), true),
            (PostKind::Story, media(Video, Some("STORY")), true),
            (PostKind::Story, media(Image, Some("FEED")), false),
        ];
        for (kind, m, expected) in cases {
            assert_eq!(kind_matches(kind, &m), expected, "{kind:?} {m:?}");
        }
    }

    #[test]
    fn the_lease_is_short_by_default_and_checked() {
        let c = PublisherConfig::new("w");
        assert_eq!(c.lease, Duration::seconds(45));
        assert_eq!(c.heartbeat, Duration::seconds(15));
        let c = PublisherConfig::new("w")
            .with_lease_secs(120)
            .expect("in range");
        assert_eq!(
            (c.lease, c.heartbeat),
            (Duration::seconds(120), Duration::seconds(40))
        );
        for bad in [0, 14, 601, -45] {
            assert!(
                PublisherConfig::new("w").with_lease_secs(bad).is_err(),
                "{bad}"
            );
        }
    }
}
