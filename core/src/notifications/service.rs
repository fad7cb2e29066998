//! The notification use cases: record one (preferences and quiet hours
//! decide where it goes), list and mark read, preferences, the test e-mail,
//! and the worker's e-mail delivery with retry and backoff.

use std::sync::Arc;

use time::Duration;

use super::NotificationKind;
use super::{
    EmailDelivery, MAX_STORED_PER_USER, MailError, Mailer, NewNotification, Notification,
    NotificationId, NotificationPrefs, NotificationRepo, OutgoingEmail, PrefsInput, PrefsProblem,
    RETENTION, render_email, render_test_email,
};
use crate::store_error::StoreError;
use crate::workspaces::{Capability, WorkspaceId, WorkspaceRepo};
use crate::{Clock, UserId, UserRepo};

/// Who in a shared workspace gets a notification of `kind`: members whose
/// role has any of these capabilities.
pub fn audience(kind: NotificationKind) -> &'static [Capability] {
    match kind {
        NotificationKind::PostFailed => &[Capability::Publish, Capability::Approve],
        NotificationKind::QuotaNearlyUsed => &[Capability::Publish],
        NotificationKind::AccountReconnect | NotificationKind::WebhookDisabled => {
            &[Capability::ManageAccounts]
        }
        NotificationKind::InboxDigest => &[Capability::ReadInbox],
        NotificationKind::WeeklySummary => &[Capability::View],
        NotificationKind::Automation => &[Capability::Automate],
    }
}

/// The most notifications one page of the centre (or the API) lists.
pub const MAX_LIST: u32 = 100;
/// E-mails a worker takes per pass.
const BATCH: u32 = 20;
/// How long a worker holds an e-mail it is sending.
const LEASE: Duration = Duration::minutes(5);
/// Attempts before an e-mail is given up.
pub const MAX_ATTEMPTS: u32 = 6;

/// The wait before retry `attempt` (1-based): 1, 5, 15, 60, 180 minutes.
pub fn backoff(attempt: u32) -> Duration {
    match attempt {
        0 | 1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(15),
        4 => Duration::minutes(60),
        _ => Duration::minutes(180),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    #[error("no such notification")]
    NotFound,
    #[error("the preferences are not valid")]
    Invalid(Vec<PrefsProblem>),
    #[error("e-mail is not configured on this server")]
    NoMailer,
    #[error("no e-mail address is saved")]
    NoAddress,
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u32,
    pub retrying: u32,
    pub failed: u32,
}

#[derive(Clone)]
pub struct NotificationService {
    repo: Arc<dyn NotificationRepo>,
    users: Arc<dyn UserRepo>,
    mailer: Option<Arc<dyn Mailer>>,
    clock: Arc<dyn Clock>,
    base_url: String,
    /// Members of shared workspaces, to fan a workspace's notifications
    /// out to them (without it, a workspace's notifications stay with its
    /// principal row, which nobody reads).
    workspaces: Option<Arc<dyn WorkspaceRepo>>,
}

impl NotificationService {
    pub fn new(
        repo: Arc<dyn NotificationRepo>,
        users: Arc<dyn UserRepo>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            repo,
            users,
            mailer: None,
            clock,
            base_url: String::new(),
            workspaces: None,
        }
    }

    /// Notifications of shared workspaces go to their members.
    pub fn with_workspaces(mut self, workspaces: Arc<dyn WorkspaceRepo>) -> Self {
        self.workspaces = Some(workspaces);
        self
    }

    /// E-mails go through `mailer`, with links under `base_url`.
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>, base_url: &str) -> Self {
        self.mailer = Some(mailer);
        self.base_url = base_url.trim_end_matches('/').to_string();
        self
    }

    pub fn email_configured(&self) -> bool {
        self.mailer.is_some()
    }

    /// Records `new` where the owner's preferences want it. False when it
    /// was recorded before (same dedupe key) or the owner wants it nowhere.
    ///
    /// When the owner is a shared workspace (its principal row), each
    /// member whose role may act on the kind (see [`audience`]) and who
    /// sees the account gets it instead, by their own preferences, quiet
    /// hours and language. True when any member got it.
    pub async fn notify(&self, new: NewNotification) -> Result<bool, NotificationError> {
        if let Some(repo) = &self.workspaces
            && let Some(owner) = self.users.user_by_id(new.owner).await?
            && owner.is_workspace()
        {
            let members = repo.members(WorkspaceId(new.owner.0)).await?;
            let mut any = false;
            for m in members {
                let sees = new.account.is_none_or(|a| m.accounts.allows(a));
                if !sees || !audience(new.kind).iter().any(|c| m.role.can(*c)) {
                    continue;
                }
                let mut copy = new.clone();
                copy.owner = m.user;
                any |= self.notify_one(copy).await?;
            }
            return Ok(any);
        }
        self.notify_one(new).await
    }

    async fn notify_one(&self, new: NewNotification) -> Result<bool, NotificationError> {
        let now = self.clock.now();
        let prefs = self.preferences(new.owner).await?;
        let in_app = prefs.in_app.contains(new.kind);
        let email =
            if self.mailer.is_some() && prefs.address.is_some() && prefs.email.contains(new.kind) {
                let due_at = match (prefs.quiet, self.users.user_by_id(new.owner).await?) {
                    (Some(q), Some(user)) => q.release_at(now, &user.time_zone),
                    _ => now,
                };
                EmailDelivery::Pending {
                    due_at,
                    attempts: 0,
                }
            } else {
                EmailDelivery::None
            };
        if !in_app && email == EmailDelivery::None {
            return Ok(false);
        }
        let n = Notification {
            id: NotificationId::new(),
            owner: new.owner,
            account: new.account,
            kind: new.kind,
            dedupe_key: new.dedupe_key,
            subject: new.subject,
            link: new.link,
            figures: new.figures,
            in_app,
            created_at: now,
            read_at: None,
            email,
        };
        Ok(self
            .repo
            .insert_notification(&n, MAX_STORED_PER_USER)
            .await?)
    }

    pub async fn list(&self, owner: UserId, limit: u32) -> Result<Vec<Notification>, StoreError> {
        self.repo
            .notifications(owner, limit.clamp(1, MAX_LIST))
            .await
    }

    pub async fn unread_count(&self, owner: UserId) -> Result<u32, StoreError> {
        self.repo.unread_notifications(owner).await
    }

    pub async fn mark_read(
        &self,
        owner: UserId,
        id: NotificationId,
    ) -> Result<(), NotificationError> {
        if self
            .repo
            .mark_notification_read(owner, id, self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(NotificationError::NotFound)
        }
    }

    pub async fn mark_all_read(&self, owner: UserId) -> Result<u64, StoreError> {
        self.repo
            .mark_all_notifications_read(owner, self.clock.now())
            .await
    }

    /// The saved preferences, or the defaults.
    pub async fn preferences(&self, owner: UserId) -> Result<NotificationPrefs, StoreError> {
        Ok(self
            .repo
            .notification_prefs(owner)
            .await?
            .unwrap_or_else(|| NotificationPrefs::defaults(owner, self.clock.now())))
    }

    pub async fn save_preferences(
        &self,
        owner: UserId,
        input: &PrefsInput,
    ) -> Result<NotificationPrefs, NotificationError> {
        let prefs = input
            .validate(owner, self.clock.now())
            .map_err(NotificationError::Invalid)?;
        self.repo.save_notification_prefs(&prefs).await?;
        Ok(prefs)
    }

    /// Sends a test e-mail to the saved address now (quiet hours do not
    /// apply: the user asked for it).
    pub async fn send_test_email(&self, owner: UserId) -> Result<(), NotificationError> {
        let mailer = self.mailer.as_ref().ok_or(NotificationError::NoMailer)?;
        let prefs = self.preferences(owner).await?;
        let to = prefs.address.ok_or(NotificationError::NoAddress)?;
        let user = self
            .users
            .user_by_id(owner)
            .await?
            .ok_or(NotificationError::NotFound)?;
        let content = render_test_email(user.language, &self.base_url);
        mailer
            .send(&OutgoingEmail {
                to,
                language: user.language,
                subject: content.subject,
                text: content.text,
                html: content.html,
            })
            .await?;
        Ok(())
    }

    /// One pass of the e-mail queue: claims due e-mails under `worker`'s
    /// lease, sends each in its owner's current language to their current
    /// address, and records the outcome (a retry with backoff, or given up
    /// after [`MAX_ATTEMPTS`] or a refusal).
    pub async fn deliver_due(&self, worker: &str) -> Result<DeliveryReport, StoreError> {
        let mut report = DeliveryReport::default();
        let Some(mailer) = &self.mailer else {
            return Ok(report);
        };
        let now = self.clock.now();
        let claimed = self
            .repo
            .claim_due_emails(now, worker, now + LEASE, BATCH)
            .await?;
        for n in claimed {
            let attempts = n.email.attempts() + 1;
            let prefs = self.preferences(n.owner).await?;
            let user = self.users.user_by_id(n.owner).await?;
            let outcome = match (prefs.address, user) {
                // The address was removed or the kind turned off meanwhile.
                (Some(to), Some(user)) if prefs.email.contains(n.kind) => {
                    let content = render_email(&n, user.language, &self.base_url);
                    let email = OutgoingEmail {
                        to,
                        language: user.language,
                        subject: content.subject,
                        text: content.text,
                        html: content.html,
                    };
                    match mailer.send(&email).await {
                        Ok(()) => EmailDelivery::Sent {
                            at: self.clock.now(),
                            attempts,
                        },
                        Err(MailError::Unavailable(e)) if attempts < MAX_ATTEMPTS => {
                            tracing::warn!(error = %e, attempts, "e-mail not sent; will retry");
                            EmailDelivery::Pending {
                                due_at: self.clock.now() + backoff(attempts),
                                attempts,
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, attempts, "e-mail given up");
                            EmailDelivery::Failed { attempts }
                        }
                    }
                }
                _ => EmailDelivery::None,
            };
            match outcome {
                EmailDelivery::Sent { .. } => report.sent += 1,
                EmailDelivery::Pending { .. } => report.retrying += 1,
                EmailDelivery::Failed { .. } => report.failed += 1,
                EmailDelivery::None => {}
            }
            self.repo.finish_email(n.id, worker, outcome).await?;
        }
        Ok(report)
    }

    /// The retention job: notifications older than [`RETENTION`].
    pub async fn purge(&self) -> Result<u64, StoreError> {
        self.repo
            .purge_notifications(self.clock.now() - RETENTION)
            .await
    }
}
