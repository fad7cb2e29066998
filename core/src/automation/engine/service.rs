//! The automation engine: an event becomes a durable job, a worker runs
//! due jobs, and every send happens exactly once.
//!
//! Exactly once: before each call to Instagram the action is written as
//! `Sending`. A job that comes back with an action still `Sending` (its
//! worker died between the call and the record, or the call timed out)
//! looks before sending again: a private reply is re-sent and Instagram's
//! one-per-comment refusal reads as "already sent"; a public reply is
//! looked for under the comment; a DM among the conversation's recent
//! messages.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use super::host::{EngineHost, HostError};
use super::job::{
    ActionStatus, AutomationSettings, Decided, Enqueued, Job, JobAction, JobId, JobState,
    PauseReason, RuleCounters, StoredAction,
};
use super::ports::AutomationJobRepo;
use crate::account::AccountId;
use crate::automation::{
    AutomationLimits, AutomationRuleRepo, CompiledRule, Context, Decision, Event, EventKind,
    HoldReason, LimitsProblem, RuleId, Skip, evaluate,
};
use crate::instagram::{IgAccess, InstagramApi, InstagramError, MessageTag};
use crate::store_error::StoreError;
use crate::{Clock, UserId};

/// The default job lease, in seconds.
pub const DEFAULT_JOB_LEASE_SECS: i64 = 120;
/// Leases allowed: long enough to outlive one action's Instagram calls (the
/// HTTP client gives up after 30 s each), short enough that the jobs of a
/// dead worker are taken over soon.
pub const JOB_LEASE_SECS_RANGE: std::ops::RangeInclusive<i64> = 15..=600;

/// Timing and sizes of the engine.
#[derive(Debug, Clone, Copy)]
pub struct EnginePolicy {
    /// How long a claimed job is a worker's; renewed before each action,
    /// so it must outlive one action's Instagram calls (up to
    /// `verify_pages` + 1 of them).
    pub lease: Duration,
    /// Jobs claimed per round.
    pub batch: u32,
    /// Runs before a retryable failure becomes final.
    pub max_attempts: u32,
    /// The wait after a retryable failure (times the attempt).
    pub retry_after: Duration,
    /// How long the log (finished jobs) is kept.
    pub log_retention: Duration,
    /// Pages of comments or conversations read when looking for an
    /// earlier send.
    pub verify_pages: u32,
    /// Jobs of one round run side by side (each mostly waits on
    /// Instagram).
    pub parallel: usize,
    /// How far back the inbox sync's finds are answered: an event older
    /// than this (or than the rule's last save) is left alone, so the first
    /// sync of an account never answers its old comments.
    pub sync_lookback: Duration,
}

impl Default for EnginePolicy {
    fn default() -> Self {
        EnginePolicy {
            lease: Duration::seconds(DEFAULT_JOB_LEASE_SECS),
            batch: 50,
            max_attempts: 5,
            retry_after: Duration::seconds(30),
            log_retention: Duration::days(90),
            verify_pages: 3,
            parallel: 25,
            sync_lookback: Duration::hours(24),
        }
    }
}

/// The most log rows or held jobs one read returns.
pub const MAX_LIST: u32 = 200;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// No such account of the user's, or no such job in it.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Limits(#[from] LimitsProblem),
    /// Approving would pass the account's cap.
    #[error("approving this now would pass the account's cap")]
    CapReached(HoldReason),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Host(#[from] HostError),
}

/// What became of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    /// A job was stored; `held` says why it waits for a person.
    Queued {
        job: JobId,
        held: Option<HoldReason>,
    },
    /// The event already has a job (it came by webhook and by sync).
    Duplicate,
    /// Nothing to do (a rule with nothing left is logged as a skipped job).
    Skipped(Skip),
}

/// What a round of [`AutomationEngine::run_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub claimed: u32,
    /// Jobs finished with every action done.
    pub sent: u32,
    pub partly_failed: u32,
    pub failed: u32,
    /// Jobs put back to wait (a retryable failure, a paused account).
    pub retried: u32,
    /// Jobs whose lease another worker took.
    pub lost: u32,
    /// Actions found already sent by an earlier run.
    pub already_sent: u32,
}

impl RunReport {
    fn add(&mut self, other: &RunReport) {
        self.sent += other.sent;
        self.partly_failed += other.partly_failed;
        self.failed += other.failed;
        self.retried += other.retried;
        self.lost += other.lost;
        self.already_sent += other.already_sent;
    }
}

/// Called when a job is stored ready to run (a worker in this process can
/// wake at once instead of at its next tick).
pub type QueuedHook = Arc<dyn Fn() + Send + Sync>;

/// An account's automation as loaded once for a batch of events.
pub(super) struct Loaded {
    pub(super) settings: AutomationSettings,
    /// The rules, each with when it was last saved or switched.
    pub(super) rules: Vec<(CompiledRule, OffsetDateTime)>,
}

/// One action's result.
enum Outcome {
    Done(Option<String>),
    Already,
}

enum StepError {
    Instagram(InstagramError),
    Host(HostError),
}

/// FNV-1a over the account and event key: the same event gets the same
/// seed, so a plan made twice picks the same variant and delay.
pub fn seed_of(account: AccountId, event_key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in account.0.as_bytes().iter().chain(event_key.as_bytes()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[derive(Clone)]
pub struct AutomationEngine {
    jobs: Arc<dyn AutomationJobRepo>,
    rules: Arc<dyn AutomationRuleRepo>,
    instagram: Arc<dyn InstagramApi>,
    host: Arc<dyn EngineHost>,
    clock: Arc<dyn Clock>,
    policy: EnginePolicy,
    /// Outgoing webhooks: `automation.action` (added by issue 22).
    webhooks: Option<crate::webhook_events::WebhookEvents>,
    queued: Option<QueuedHook>,
}

impl AutomationEngine {
    pub fn new(
        jobs: Arc<dyn AutomationJobRepo>,
        rules: Arc<dyn AutomationRuleRepo>,
        instagram: Arc<dyn InstagramApi>,
        host: Arc<dyn EngineHost>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            jobs,
            rules,
            instagram,
            host,
            clock,
            policy: EnginePolicy::default(),
            webhooks: None,
            queued: None,
        }
    }

    /// Records `automation.action` for outgoing webhooks when a job ends.
    pub fn with_webhook_events(mut self, events: crate::webhook_events::WebhookEvents) -> Self {
        self.webhooks = Some(events);
        self
    }

    /// Calls `hook` whenever a job is stored ready to run.
    pub fn with_queued_hook(mut self, hook: QueuedHook) -> Self {
        self.queued = Some(hook);
        self
    }

    pub fn with_policy(mut self, policy: EnginePolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn policy(&self) -> &EnginePolicy {
        &self.policy
    }

    pub(super) fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    // ---- Events ----------------------------------------------------------

    /// Evaluates an event of the owner's account and stores its job.
    /// `event_key` is the comment or message id: the same event arriving
    /// twice (webhook and sync) makes one job.
    pub async fn on_event(
        &self,
        owner: UserId,
        account: AccountId,
        event_key: &str,
        event: &Event,
    ) -> Result<EventOutcome, EngineError> {
        let loaded = self.load(owner, account).await?;
        let rules: Vec<CompiledRule> = loaded.rules.into_iter().map(|(r, _)| r).collect();
        self.enqueue(owner, account, &loaded.settings, &rules, event_key, event)
            .await
    }

    /// The account's settings and rules (`NotFound` when the account is
    /// not the owner's).
    pub(super) async fn load(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Loaded, EngineError> {
        let settings = self
            .jobs
            .automation_settings(owner, account)
            .await?
            .ok_or(EngineError::NotFound)?;
        let rules = self
            .rules
            .rules(owner, account)
            .await?
            .iter()
            .filter_map(|r| Some((CompiledRule::from_rule(r).ok()?, r.updated_at)))
            .collect();
        Ok(Loaded { settings, rules })
    }

    /// Evaluates an event against loaded rules and stores its job.
    pub(super) async fn enqueue(
        &self,
        owner: UserId,
        account: AccountId,
        settings: &AutomationSettings,
        rules: &[CompiledRule],
        event_key: &str,
        event: &Event,
    ) -> Result<EventOutcome, EngineError> {
        if rules.is_empty() {
            return Ok(EventOutcome::Skipped(Skip::NoRuleMatched));
        }
        let now = self.clock.now();
        let prior = self
            .jobs
            .prior_matches(account, &event.author_id, now - self.policy.log_retention)
            .await?;
        let usage = self.jobs.automation_usage(account, now).await?;
        let zone = self.host.zone(owner).await?;
        let seed = seed_of(account, event_key);
        let ctx = Context {
            now,
            zone: &zone,
            paused: settings.paused.is_some(),
            limits: settings.limits,
            usage,
            prior: &prior,
            seed,
        };
        let evaluation = evaluate(rules, event, &ctx);
        let base = |rule: RuleId, state: JobState| Job {
            id: JobId::new(),
            owner,
            account,
            rule,
            event_key: event_key.to_string(),
            author_id: event.author_id.clone(),
            media_id: match &event.kind {
                EventKind::Comment { media_id, .. } => Some(media_id.clone()),
                _ => None,
            },
            event_at: event.at,
            seed,
            state,
            hold: None,
            actions: Vec::new(),
            due_at: now,
            attempts: 0,
            reserved_sends: 0,
            detail: None,
            created_at: now,
            updated_at: now,
        };
        match evaluation.decision {
            Decision::Act(plan) => {
                let state = if plan.hold.is_some() {
                    JobState::Held
                } else {
                    JobState::Pending
                };
                let mut job = base(plan.rule, state);
                job.hold = plan.hold;
                job.due_at = plan.run_at;
                job.actions = plan
                    .actions
                    .iter()
                    .map(|a| JobAction {
                        action: StoredAction::from(a),
                        status: ActionStatus::Planned,
                        detail: None,
                        at: None,
                    })
                    .collect();
                match self.jobs.enqueue_job(&job, settings.limits, now).await? {
                    Enqueued::Queued => {
                        if job.hold.is_none()
                            && let Some(ring) = &self.queued
                        {
                            ring();
                        }
                        Ok(EventOutcome::Queued {
                            job: job.id,
                            held: job.hold,
                        })
                    }
                    Enqueued::HeldByCap(reason) => Ok(EventOutcome::Queued {
                        job: job.id,
                        held: Some(reason),
                    }),
                    Enqueued::Duplicate => Ok(EventOutcome::Duplicate),
                    Enqueued::NoAccount => Err(EngineError::NotFound),
                }
            }
            Decision::Skip(skip @ Skip::NothingLeft { rule }) => {
                let job = base(rule, JobState::Skipped);
                match self.jobs.enqueue_job(&job, settings.limits, now).await? {
                    Enqueued::Duplicate => Ok(EventOutcome::Duplicate),
                    Enqueued::NoAccount => Err(EngineError::NotFound),
                    _ => Ok(EventOutcome::Skipped(skip)),
                }
            }
            Decision::Skip(skip) => Ok(EventOutcome::Skipped(skip)),
        }
    }

    /// Webhook events (and events the sync found) as automation events:
    /// each connected account's comments and messages are evaluated.
    /// Returns how many jobs were stored.
    pub async fn on_webhook(
        &self,
        events: &[crate::inbox::WebhookEvent],
    ) -> Result<u32, EngineError> {
        let mut queued = 0;
        for e in events {
            let Some(mut inc) = super::webhook::incoming(e) else {
                continue;
            };
            let Some(acc) = self.host.account_of(&inc.ig_user_id).await? else {
                continue;
            };
            if inc
                .event
                .author_username
                .as_deref()
                .is_some_and(|u| u.eq_ignore_ascii_case(&acc.username))
            {
                inc.event.from_account = true;
            }
            match self
                .on_event(acc.owner, acc.account, &inc.event_key, &inc.event)
                .await
            {
                Ok(EventOutcome::Queued { .. }) => queued += 1,
                Ok(_) => {}
                // The account went away meanwhile.
                Err(EngineError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(queued)
    }

    /// A `next_published` rule starts listening on the post SocialFlow just
    /// published for the account.
    pub async fn post_published(
        &self,
        account: AccountId,
        media_id: &str,
    ) -> Result<u64, EngineError> {
        Ok(self.jobs.bind_next_published(account, media_id).await?)
    }

    // ---- The worker ------------------------------------------------------

    /// Claims due jobs and runs them, [`EnginePolicy::parallel`] at a
    /// time.
    pub async fn run_due(&self, worker: &str) -> Result<RunReport, EngineError> {
        use futures::StreamExt;
        let now = self.clock.now();
        let jobs = self
            .jobs
            .claim_due_jobs(worker, now, now + self.policy.lease, self.policy.batch)
            .await?;
        let mut report = RunReport {
            claimed: jobs.len() as u32,
            ..RunReport::default()
        };
        let mut runs = futures::stream::iter(jobs.into_iter().map(|job| async move {
            let mut one = RunReport::default();
            self.run_job(worker, job, &mut one).await.map(|()| one)
        }))
        .buffer_unordered(self.policy.parallel.max(1));
        // Every job runs to its end; a failed one keeps its lease and is
        // taken again once it runs out.
        let mut failure = None;
        while let Some(result) = runs.next().await {
            match result {
                Ok(one) => report.add(&one),
                Err(e) => failure = failure.or(Some(e)),
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    async fn save(&self, job: &mut Job, worker: &str, release: bool) -> Result<bool, EngineError> {
        job.updated_at = self.clock.now();
        Ok(self.jobs.save_job(job, worker, release).await?)
    }

    /// Puts the job back to wait until `due`.
    async fn put_back(
        &self,
        worker: &str,
        mut job: Job,
        due: OffsetDateTime,
        detail: String,
        report: &mut RunReport,
    ) -> Result<(), EngineError> {
        job.state = JobState::Pending;
        job.due_at = due;
        job.detail = Some(detail);
        if self.save(&mut job, worker, true).await? {
            report.retried += 1;
        } else {
            report.lost += 1;
        }
        Ok(())
    }

    async fn pause_for_token(&self, job: &Job, detail: &str) -> Result<(), EngineError> {
        let Some(mut settings) = self
            .jobs
            .automation_settings(job.owner, job.account)
            .await?
        else {
            return Ok(());
        };
        if settings.paused == Some(PauseReason::TokenInvalid) {
            return Ok(());
        }
        settings.paused = Some(PauseReason::TokenInvalid);
        self.jobs
            .save_automation_settings(job.owner, job.account, &settings)
            .await?;
        self.host
            .token_refused(job.owner, job.account, detail)
            .await?;
        Ok(())
    }

    async fn run_job(
        &self,
        worker: &str,
        mut job: Job,
        report: &mut RunReport,
    ) -> Result<(), EngineError> {
        // Jobs later in the batch start with a fresh lease; one whose lease
        // ran out and went to another worker is left to it.
        let lease_until = self.clock.now() + self.policy.lease;
        if !self
            .jobs
            .renew_job_lease(job.id, worker, lease_until)
            .await?
        {
            report.lost += 1;
            return Ok(());
        }
        let access = match self.host.access(job.owner, job.account).await {
            Ok(Some(a)) => a,
            Ok(None) => {
                for a in job.actions.iter_mut().filter(|a| !a.status.is_finished()) {
                    a.status = ActionStatus::Failed;
                    a.detail = Some("the account is gone".into());
                }
                return self.finish(worker, job, report).await;
            }
            Err(HostError::TokenInvalid(detail)) => {
                self.pause_for_token(&job, &detail).await?;
                let due = self.clock.now();
                return self.put_back(worker, job, due, detail, report).await;
            }
            Err(HostError::Other(detail)) => {
                let due = self.clock.now() + self.policy.retry_after;
                return self.put_back(worker, job, due, detail, report).await;
            }
        };
        for i in 0..job.actions.len() {
            if job.actions[i].status.is_finished() {
                continue;
            }
            // Each action starts with a fresh lease, so a lease need only
            // outlive one action's calls, not the whole job.
            if i > 0
                && !self
                    .jobs
                    .renew_job_lease(job.id, worker, self.clock.now() + self.policy.lease)
                    .await?
            {
                report.lost += 1;
                return Ok(());
            }
            let verify = job.actions[i].status == ActionStatus::Sending;
            if !verify {
                job.actions[i].status = ActionStatus::Sending;
                job.actions[i].at = Some(self.clock.now());
                if !self.save(&mut job, worker, false).await? {
                    report.lost += 1;
                    return Ok(());
                }
            }
            let result = self.perform(&access, &job, i, verify).await;
            let now = self.clock.now();
            match result {
                Ok(Outcome::Done(detail)) => {
                    job.actions[i].status = ActionStatus::Done;
                    job.actions[i].detail = detail;
                }
                Ok(Outcome::Already) => {
                    job.actions[i].status = ActionStatus::AlreadyDone;
                    report.already_sent += 1;
                }
                Err(StepError::Instagram(InstagramError::TokenInvalid { message })) => {
                    // The action stays `Sending`: the next run looks first.
                    self.pause_for_token(&job, &message).await?;
                    return self.put_back(worker, job, now, message, report).await;
                }
                Err(StepError::Host(HostError::TokenInvalid(message))) => {
                    self.pause_for_token(&job, &message).await?;
                    return self.put_back(worker, job, now, message, report).await;
                }
                Err(StepError::Instagram(e))
                    if e.is_retryable() && job.attempts < self.policy.max_attempts =>
                {
                    let wait = match &e {
                        InstagramError::RateLimited {
                            retry_after: Some(d),
                        } => *d,
                        _ => self.policy.retry_after * job.attempts.max(1),
                    };
                    return self
                        .put_back(worker, job, now + wait, e.to_string(), report)
                        .await;
                }
                Err(StepError::Host(HostError::Other(m)))
                    if job.attempts < self.policy.max_attempts =>
                {
                    let wait = self.policy.retry_after * job.attempts.max(1);
                    return self.put_back(worker, job, now + wait, m, report).await;
                }
                Err(StepError::Instagram(e)) => {
                    job.actions[i].status = ActionStatus::Failed;
                    job.actions[i].detail = Some(e.to_string());
                }
                Err(StepError::Host(e)) => {
                    job.actions[i].status = ActionStatus::Failed;
                    job.actions[i].detail = Some(e.to_string());
                }
            }
            job.actions[i].at = Some(now);
            if !self.save(&mut job, worker, false).await? {
                report.lost += 1;
                return Ok(());
            }
        }
        self.finish(worker, job, report).await
    }

    async fn finish(
        &self,
        worker: &str,
        mut job: Job,
        report: &mut RunReport,
    ) -> Result<(), EngineError> {
        job.state = job.outcome();
        job.detail = None;
        if !self.save(&mut job, worker, true).await? {
            report.lost += 1;
            return Ok(());
        }
        match job.state {
            JobState::Sent => report.sent += 1,
            JobState::PartlyFailed => report.partly_failed += 1,
            _ => report.failed += 1,
        }
        if let Some(events) = &self.webhooks {
            events
                .emit_once(
                    job.owner,
                    crate::webhook_events::EventKind::AutomationAction,
                    format!("automation:{}", job.id.0),
                    || {
                        serde_json::json!({
                            "job_id": job.id.0.to_string(),
                            "rule_id": job.rule.0.to_string(),
                            "account_id": job.account.0.to_string(),
                            "event_key": job.event_key,
                            "media_id": job.media_id,
                            "state": job.state.as_str(),
                            "actions": serde_json::to_value(&job.actions).unwrap_or_default(),
                        })
                    },
                )
                .await;
        }
        Ok(())
    }

    async fn perform(
        &self,
        access: &IgAccess,
        job: &Job,
        i: usize,
        verify: bool,
    ) -> Result<Outcome, StepError> {
        let ig = StepError::Instagram;
        let action = &job.actions[i];
        match &action.action {
            StoredAction::PublicReply { comment_id, text } => {
                if verify
                    && let Some(media) = &job.media_id
                    && self
                        .public_reply_exists(access, media, comment_id, text)
                        .await
                        .map_err(ig)?
                {
                    return Ok(Outcome::Already);
                }
                let id = self
                    .instagram
                    .reply_to_comment(access, comment_id, text)
                    .await
                    .map_err(ig)?;
                Ok(Outcome::Done(Some(id)))
            }
            StoredAction::PrivateReply { comment_id, text } => {
                match self
                    .instagram
                    .send_private_reply(access, comment_id, text)
                    .await
                {
                    Ok(sent) => Ok(Outcome::Done(Some(sent.message_id))),
                    // One per comment: the earlier run's send went out (or a
                    // person answered privately first); never a second one.
                    Err(InstagramError::AlreadyRepliedPrivately) => Ok(Outcome::Already),
                    Err(e) => Err(ig(e)),
                }
            }
            StoredAction::DmReply { recipient_id, text } => {
                let since = action.at.unwrap_or(job.created_at) - Duration::minutes(5);
                if verify
                    && self
                        .dm_exists(access, recipient_id, text, since)
                        .await
                        .map_err(ig)?
                {
                    return Ok(Outcome::Already);
                }
                let sent = self
                    .instagram
                    .send_message(access, recipient_id, text, MessageTag::Response)
                    .await
                    .map_err(ig)?;
                Ok(Outcome::Done(Some(sent.message_id)))
            }
            StoredAction::Hide { comment_id } => {
                self.instagram
                    .set_comment_hidden(access, comment_id, true)
                    .await
                    .map_err(ig)?;
                Ok(Outcome::Done(None))
            }
            StoredAction::MarkDone => {
                self.host.mark_done(job).await.map_err(StepError::Host)?;
                Ok(Outcome::Done(None))
            }
            StoredAction::Notify => {
                self.host.notify_team(job).await.map_err(StepError::Host)?;
                Ok(Outcome::Done(None))
            }
        }
    }

    /// Whether the account already answered `comment_id` with `text`.
    async fn public_reply_exists(
        &self,
        access: &IgAccess,
        media_id: &str,
        comment_id: &str,
        text: &str,
    ) -> Result<bool, InstagramError> {
        let mut after = None;
        for _ in 0..self.policy.verify_pages {
            let page = self
                .instagram
                .comments_page(access, media_id, after, 50)
                .await?;
            if let Some(c) = page.items.iter().find(|c| c.id == comment_id) {
                return Ok(c.replies.iter().any(|r| {
                    r.text == text
                        && r.from_id
                            .as_deref()
                            .is_none_or(|from| from == access.ig_user_id)
                }));
            }
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        Ok(false)
    }

    /// Whether the account sent `text` to `recipient` since `since`.
    async fn dm_exists(
        &self,
        access: &IgAccess,
        recipient: &str,
        text: &str,
        since: OffsetDateTime,
    ) -> Result<bool, InstagramError> {
        let mut after = None;
        for _ in 0..self.policy.verify_pages {
            let page = self.instagram.conversations_page(access, after, 50).await?;
            if let Some(c) = page
                .items
                .iter()
                .find(|c| c.participants.iter().any(|p| p.id == recipient))
            {
                let messages = self.instagram.conversation_messages(access, &c.id).await?;
                return Ok(messages.iter().any(|m| {
                    m.from.id == access.ig_user_id
                        && m.text.as_deref() == Some(text)
                        && m.created_time >= since
                }));
            }
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        Ok(false)
    }

    /// Deletes finished jobs older than the log's retention.
    pub async fn purge_log(&self) -> Result<u64, EngineError> {
        let before = self.clock.now() - self.policy.log_retention;
        Ok(self.jobs.purge_jobs(before).await?)
    }

    /// Pending and running jobs (the gauge).
    pub async fn open_jobs(&self) -> Result<u64, EngineError> {
        Ok(self.jobs.open_job_count().await?)
    }

    // ---- For people --------------------------------------------------------

    pub async fn settings(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<AutomationSettings, EngineError> {
        self.jobs
            .automation_settings(owner, account)
            .await?
            .ok_or(EngineError::NotFound)
    }

    /// Pauses or resumes the account's automation and sets its caps.
    pub async fn set_settings(
        &self,
        owner: UserId,
        account: AccountId,
        paused: bool,
        hourly: u32,
        daily: u32,
    ) -> Result<AutomationSettings, EngineError> {
        let settings = AutomationSettings {
            paused: paused.then_some(PauseReason::User),
            limits: AutomationLimits::new(hourly, daily)?,
        };
        if self
            .jobs
            .save_automation_settings(owner, account, &settings)
            .await?
        {
            Ok(settings)
        } else {
            Err(EngineError::NotFound)
        }
    }

    /// The rule's log, newest first.
    pub async fn rule_log(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        limit: u32,
    ) -> Result<Vec<Job>, EngineError> {
        Ok(self
            .jobs
            .rule_jobs(owner, account, rule, limit.min(MAX_LIST))
            .await?)
    }

    pub async fn rule_counters(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
    ) -> Result<RuleCounters, EngineError> {
        Ok(self.jobs.rule_counters(owner, account, rule).await?)
    }

    pub async fn held(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> Result<Vec<Job>, EngineError> {
        Ok(self
            .jobs
            .held_jobs(owner, account, limit.min(MAX_LIST))
            .await?)
    }

    /// Approves or rejects a held job. An approved job goes out at once,
    /// its sends counted against the caps.
    pub async fn decide(
        &self,
        owner: UserId,
        account: AccountId,
        job: JobId,
        approve: bool,
    ) -> Result<(), EngineError> {
        let settings = self.settings(owner, account).await?;
        let now = self.clock.now();
        match self
            .jobs
            .decide_held_job(owner, account, job, approve, settings.limits, now)
            .await?
        {
            Decided::Approved | Decided::Rejected => Ok(()),
            Decided::CapReached(reason) => Err(EngineError::CapReached(reason)),
            Decided::NotFound => Err(EngineError::NotFound),
        }
    }
}
