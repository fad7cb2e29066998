//! The producers: a worker job that looks at what happened and records a
//! notification for each thing worth one. Each carries a dedupe key naming
//! its period (the post, the account's reconnect episode, the day, the
//! ISO week), so running the job again, or on two workers, records nothing
//! twice; that is also why the job needs no memory of its last run.

use std::collections::BTreeSet;
use std::sync::Arc;

use time::{Duration, OffsetDateTime, Weekday};

use super::{Figures, NewNotification, NotificationKind, NotificationService};
use crate::account::AccountId;
use crate::analytics::{DailyInsightsRepo, FollowerSnapshotRepo, MediaMetricsRepo};
use crate::automation::engine::{AutomationJobRepo, MAX_LIST};
use crate::inbox::InboxRepo;
use crate::posts::{PostFilter, PostRepo, PostState};
use crate::store_error::StoreResult;
use crate::{AccountRepo, Clock, UserId, UserRepo};

use super::NotificationRepo;
use crate::webhook_events::{EventKind, WebhookEvents};

/// Instagram's documented publishing limit per account in 24 hours is 50
/// in the API reference (100 in the guide); we warn at 80 % of the lower.
pub const QUOTA_TOTAL: u32 = 50;
pub const QUOTA_WARN_AT: u32 = 40;
/// The weekly summary goes out on Monday from this local hour.
const WEEKLY_HOUR: u8 = 9;
/// The inbox digest goes out once a day from this local hour.
const DIGEST_HOUR: u8 = 9;

/// The repositories the producers read.
#[derive(Clone)]
pub struct ProducerStorage {
    pub notifications: Arc<dyn NotificationRepo>,
    pub users: Arc<dyn UserRepo>,
    pub accounts: Arc<dyn AccountRepo>,
    pub posts: Arc<dyn PostRepo>,
    pub inbox: Arc<dyn InboxRepo>,
    pub followers: Arc<dyn FollowerSnapshotRepo>,
    pub insights: Arc<dyn DailyInsightsRepo>,
    pub media: Arc<dyn MediaMetricsRepo>,
    /// Automation replies held for approval.
    pub automation: Arc<dyn AutomationJobRepo>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProducerReport {
    pub recorded: u32,
}

#[derive(Clone)]
pub struct NotificationProducer {
    s: ProducerStorage,
    service: NotificationService,
    clock: Arc<dyn Clock>,
    /// Outgoing webhooks: `account.needs_reconnect`.
    webhooks: Option<WebhookEvents>,
}

impl NotificationProducer {
    pub fn new(s: ProducerStorage, service: NotificationService, clock: Arc<dyn Clock>) -> Self {
        Self {
            s,
            service,
            clock,
            webhooks: None,
        }
    }

    /// Records `account.needs_reconnect` where the reconnect notice is raised.
    pub fn with_webhook_events(mut self, events: WebhookEvents) -> Self {
        self.webhooks = Some(events);
        self
    }

    /// One pass over every producer.
    pub async fn run_once(&self) -> StoreResult<ProducerReport> {
        let now = self.clock.now();
        let mut report = self.run_reconnects().await?;
        report.recorded += self.run_failed_posts().await?.recorded;
        let mut record = |recorded: bool| report.recorded += u32::from(recorded);

        let active = self.s.accounts.active_account_ids().await?;
        let owners: BTreeSet<UserId> = active.iter().map(|(_, o)| *o).collect();
        for owner in &owners {
            self.digest(*owner, now, &mut record).await?;
        }
        for (account, owner) in &active {
            self.automation_held(*owner, *account, &mut record).await?;
            self.quota(*owner, *account, now, &mut record).await?;
            self.weekly(*owner, *account, now, &mut record).await?;
        }
        Ok(report)
    }

    /// Accounts whose token stopped working: one query, cheap enough for
    /// every tick of the worker's notification loop, so the notice comes
    /// within a tick of the event (whichever process saw it).
    pub async fn run_reconnects(&self) -> StoreResult<ProducerReport> {
        let now = self.clock.now();
        let mut report = ProducerReport::default();
        let mut record = |recorded: bool| report.recorded += u32::from(recorded);
        for (account, owner, username) in self.s.notifications.accounts_to_reconnect().await? {
            // One per reconnect episode: a later episode (after a reconnect)
            // is a new day's key.
            let day = now.date();
            if let Some(events) = &self.webhooks {
                events
                    .emit_once(
                        owner,
                        EventKind::AccountNeedsReconnect,
                        format!("reconnect:{}:{day}", account.0),
                        || {
                            serde_json::json!({
                                "account_id": account.0.to_string(),
                                "account_username": username,
                            })
                        },
                    )
                    .await;
            }
            record(
                self.notify(NewNotification {
                    owner,
                    account: Some(account),
                    kind: NotificationKind::AccountReconnect,
                    dedupe_key: format!("reconnect:{}:{day}", account.0),
                    subject: username,
                    link: "/accounts".into(),
                    figures: Figures::default(),
                })
                .await,
            );
        }
        Ok(report)
    }

    /// Failed posts of the last 7 days of every owner with an active
    /// account: the worker runs this as soon as its publisher reports a
    /// failure (and with every full pass).
    pub async fn run_failed_posts(&self) -> StoreResult<ProducerReport> {
        let now = self.clock.now();
        let mut report = ProducerReport::default();
        let mut record = |recorded: bool| report.recorded += u32::from(recorded);
        let active = self.s.accounts.active_account_ids().await?;
        let owners: BTreeSet<UserId> = active.iter().map(|(_, o)| *o).collect();
        for owner in &owners {
            self.failed_posts(*owner, now, &mut record).await?;
        }
        Ok(report)
    }

    /// Records and logs a failure instead of ending the pass: one user's
    /// problem must not stop everyone's notifications.
    async fn notify(&self, new: NewNotification) -> bool {
        match self.service.notify(new).await {
            Ok(recorded) => recorded,
            Err(e) => {
                tracing::warn!(error = %e, "could not record a notification");
                false
            }
        }
    }

    async fn username(&self, owner: UserId, account: AccountId) -> StoreResult<String> {
        Ok(self
            .s
            .accounts
            .account(owner, account)
            .await?
            .map(|a| a.profile.username)
            .unwrap_or_default())
    }

    async fn failed_posts(
        &self,
        owner: UserId,
        now: OffsetDateTime,
        record: &mut impl FnMut(bool),
    ) -> StoreResult<()> {
        let filter = PostFilter {
            account: None,
            states: vec![PostState::Failed],
            from: Some(now - Duration::days(7)),
            to: Some(now + Duration::days(1)),
            limit: 100,
            accounts: None,
        };
        for post in self.s.posts.list_posts(owner, &filter).await? {
            let subject = self.username(owner, post.content.account_id).await?;
            record(
                self.notify(NewNotification {
                    owner,
                    account: Some(post.content.account_id),
                    kind: NotificationKind::PostFailed,
                    dedupe_key: format!("post_failed:{}", post.id.0),
                    subject,
                    link: format!("/content/{}", post.id.0),
                    figures: Figures::default(),
                })
                .await,
            );
        }
        Ok(())
    }

    /// Automation replies waiting for approval: one notification per
    /// queue episode (keyed by the oldest waiting reply), with how many
    /// wait.
    async fn automation_held(
        &self,
        owner: UserId,
        account: AccountId,
        record: &mut impl FnMut(bool),
    ) -> StoreResult<()> {
        let held = self
            .s
            .automation
            .held_jobs(owner, account, MAX_LIST)
            .await?;
        let Some(oldest) = held.first() else {
            return Ok(());
        };
        let subject = self.username(owner, account).await?;
        record(
            self.notify(NewNotification {
                owner,
                account: Some(account),
                kind: NotificationKind::Automation,
                dedupe_key: format!("automation-held:{}", oldest.id),
                subject,
                link: format!("/inbox/approvals?account={}", account.0),
                figures: Figures {
                    count: Some(u32::try_from(held.len()).unwrap_or(u32::MAX)),
                    ..Figures::default()
                },
            })
            .await,
        );
        Ok(())
    }

    async fn quota(
        &self,
        owner: UserId,
        account: AccountId,
        now: OffsetDateTime,
        record: &mut impl FnMut(bool),
    ) -> StoreResult<()> {
        let used = self
            .s
            .posts
            .containers_since(owner, account, now - Duration::hours(24))
            .await?;
        if used >= QUOTA_WARN_AT {
            let subject = self.username(owner, account).await?;
            record(
                self.notify(NewNotification {
                    owner,
                    account: Some(account),
                    kind: NotificationKind::QuotaNearlyUsed,
                    dedupe_key: format!("quota:{}:{}", account.0, now.date()),
                    subject,
                    link: "/content".into(),
                    figures: Figures {
                        count: Some(used),
                        limit: Some(QUOTA_TOTAL),
                        ..Figures::default()
                    },
                })
                .await,
            );
        }
        Ok(())
    }

    async fn digest(
        &self,
        owner: UserId,
        now: OffsetDateTime,
        record: &mut impl FnMut(bool),
    ) -> StoreResult<()> {
        let Some(user) = self.s.users.user_by_id(owner).await? else {
            return Ok(());
        };
        let local = user.time_zone.to_local(now);
        if local.hour() < DIGEST_HOUR {
            return Ok(());
        }
        let counts = self.s.inbox.inbox_counts(owner, None).await?;
        if counts.unanswered_comments + counts.unread_conversations == 0 {
            return Ok(());
        }
        record(
            self.notify(NewNotification {
                owner,
                account: None,
                kind: NotificationKind::InboxDigest,
                dedupe_key: format!("digest:{}", local.date()),
                subject: String::new(),
                link: "/inbox".into(),
                figures: Figures {
                    unanswered: Some(u32::try_from(counts.unanswered_comments).unwrap_or(u32::MAX)),
                    unread: Some(u32::try_from(counts.unread_conversations).unwrap_or(u32::MAX)),
                    ..Figures::default()
                },
            })
            .await,
        );
        Ok(())
    }

    /// On Monday from 09:00 on the owner's clock: the week just ended
    /// (Monday to Sunday) of each account.
    async fn weekly(
        &self,
        owner: UserId,
        account: AccountId,
        now: OffsetDateTime,
        record: &mut impl FnMut(bool),
    ) -> StoreResult<()> {
        let Some(user) = self.s.users.user_by_id(owner).await? else {
            return Ok(());
        };
        let local = user.time_zone.to_local(now);
        if local.weekday() != Weekday::Monday || local.hour() < WEEKLY_HOUR {
            return Ok(());
        }
        let to = local.date().previous_day().unwrap_or(local.date());
        let from = to - Duration::days(6);
        let (year, week, _) = from.to_iso_week_date();
        let snapshots = self
            .s
            .followers
            .follower_snapshots(owner, account, from - Duration::days(1), to)
            .await?;
        let counts: Vec<i64> = snapshots.iter().filter_map(|s| s.followers).collect();
        let followers_delta = match (counts.first(), counts.last()) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        let insights = self
            .s
            .insights
            .daily_insights(owner, account, from, to)
            .await?;
        let reach: i64 = insights.iter().filter_map(|d| d.reach).sum();
        let start = user.time_zone.start_of_day(from);
        let end = user.time_zone.start_of_day(local.date());
        let media = self
            .s
            .media
            .media_metrics(owner, account, start, end)
            .await?;
        let best = media
            .iter()
            .filter(|m| m.reach.is_some())
            .max_by_key(|m| m.reach.unwrap_or(0));
        let unanswered = self.s.inbox.inbox_counts(owner, Some(account)).await?;
        let subject = self.username(owner, account).await?;
        record(
            self.notify(NewNotification {
                owner,
                account: Some(account),
                kind: NotificationKind::WeeklySummary,
                dedupe_key: format!("weekly:{}:{year}-W{week:02}", account.0),
                subject,
                link: "/analytics".into(),
                figures: Figures {
                    followers_delta,
                    reach: Some(u64::try_from(reach).unwrap_or(0)),
                    unanswered: Some(
                        u32::try_from(unanswered.unanswered_comments).unwrap_or(u32::MAX),
                    ),
                    best_post_reach: best
                        .and_then(|m| m.reach)
                        .map(|r| u64::try_from(r).unwrap_or(0)),
                    best_post_link: best.and_then(|m| m.permalink.clone()),
                    ..Figures::default()
                },
            })
            .await,
        );
        Ok(())
    }
}
