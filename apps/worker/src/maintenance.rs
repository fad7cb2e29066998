//! Housekeeping and the retention the privacy policy promises: one run
//! removes whatever is past its time. Every removal is a plain conditional
//! DELETE/UPDATE (or a file removal that tolerates a missing file), so runs
//! are idempotent and several workers may run at once.

use std::sync::Arc;
use std::time::SystemTime;

use socialflow_core::account::ERASED_TOKEN_DETAIL;
use socialflow_core::inbox::InboxPurge;
use socialflow_core::media::MediaLibrary;
use socialflow_core::session::SessionPolicy;
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::{Clock, Store, StoreError};

/// How long cached inbox rows (posts, comments, conversations, messages) live.
pub const INBOX_RETENTION: time::Duration = time::Duration::hours(24);

/// Removes HTTP access-log files older than 30 days at the given time (the
/// server's logging module knows where they are, how they are named and
/// how long they are kept). Returns how many it removed.
pub type AccessLogPruner = Arc<dyn Fn(SystemTime) -> std::io::Result<u64> + Send + Sync>;

/// Housekeeping and retention: expired sessions, old login failures and
/// OAuth states, the inbox cache, old snapshots, expired access tokens,
/// uploads no post uses, old access logs.
#[derive(Clone)]
pub struct Maintenance {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    sessions: SessionPolicy,
    throttle: ThrottlePolicy,
    /// Deletes uploads no post uses (file and row), when wired.
    media: Option<MediaLibrary>,
    /// Prunes access logs, when the process writes them.
    access_logs: Option<AccessLogPruner>,
}

/// Counts of what one run removed (counts only, never contents).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MaintenanceReport {
    pub expired_sessions: u64,
    pub old_login_failures: u64,
    pub expired_oauth_states: u64,
    /// Cached inbox rows past the 24-hour retention.
    pub inbox: InboxPurge,
    /// Follower snapshots past 729 days.
    pub old_follower_snapshots: u64,
    /// Profile snapshots past 30 days.
    pub old_profile_snapshots: u64,
    /// Access tokens past their expiry whose ciphertext was erased.
    pub expired_tokens: u64,
    /// Uploads no post used for a day (files and rows).
    pub unused_uploads: u64,
    /// Access-log files past 30 days.
    pub old_access_logs: u64,
    /// Idempotency keys past their 24 hours.
    pub expired_idempotency_keys: u64,
}

impl MaintenanceReport {
    pub fn total(&self) -> u64 {
        self.expired_sessions
            + self.old_login_failures
            + self.expired_oauth_states
            + self.inbox.total()
            + self.old_follower_snapshots
            + self.old_profile_snapshots
            + self.expired_tokens
            + self.unused_uploads
            + self.old_access_logs
            + self.expired_idempotency_keys
    }

    /// The operator log line of a run: counts only, never contents. Info
    /// when something was removed, debug otherwise (the job runs every
    /// minute).
    pub fn log(&self) {
        macro_rules! line {
            ($level:ident) => {
                tracing::$level!(
                    expired_sessions = self.expired_sessions,
                    old_login_failures = self.old_login_failures,
                    expired_oauth_states = self.expired_oauth_states,
                    inbox_media = self.inbox.media,
                    inbox_comments = self.inbox.comments,
                    inbox_conversations = self.inbox.conversations,
                    inbox_messages = self.inbox.messages,
                    old_follower_snapshots = self.old_follower_snapshots,
                    old_profile_snapshots = self.old_profile_snapshots,
                    expired_tokens = self.expired_tokens,
                    unused_uploads = self.unused_uploads,
                    old_access_logs = self.old_access_logs,
                    expired_idempotency_keys = self.expired_idempotency_keys,
                    "retention run"
                )
            };
        }
        if self.total() > 0 {
            line!(info);
        } else {
            line!(debug);
        }
    }
}

impl Maintenance {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            sessions: SessionPolicy::default(),
            throttle: ThrottlePolicy::default(),
            media: None,
            access_logs: None,
        }
    }

    /// Also deletes uploads no post has used for a day.
    pub fn with_media(mut self, media: MediaLibrary) -> Self {
        self.media = Some(media);
        self
    }

    /// Also prunes access logs older than 30 days.
    pub fn with_access_logs(mut self, pruner: AccessLogPruner) -> Self {
        self.access_logs = Some(pruner);
        self
    }

    pub async fn run_once(&self) -> Result<MaintenanceReport, StoreError> {
        let now = self.clock.now();
        let expired_sessions = self
            .store
            .purge_sessions(now, now - self.sessions.idle_timeout)
            .await?;
        // Failures only matter inside the throttle window.
        let old_login_failures = self
            .store
            .purge_login_failures(now - self.throttle.window)
            .await?;
        let expired_oauth_states = self.store.purge_oauth_states(now).await?;
        // The privacy policy keeps cached comments and messages 24 hours.
        let inbox = self.store.purge_inbox(now - INBOX_RETENTION).await?;
        let (followers_before, profiles_before) =
            socialflow_core::analytics::retention_cutoffs(now);
        let old_follower_snapshots = self
            .store
            .purge_follower_snapshots(followers_before)
            .await?;
        let old_profile_snapshots = self.store.purge_profile_snapshots(profiles_before).await?;
        // An expired token is useless and the policy keeps tokens only
        // until expiry: its ciphertext goes, the account asks to reconnect.
        let expired_tokens = self
            .store
            .erase_expired_tokens(now, ERASED_TOKEN_DETAIL)
            .await?;
        let expired_idempotency_keys = self
            .store
            .purge_idempotency_keys(now - socialflow_core::idempotency::KEY_LIFETIME)
            .await?;
        let unused_uploads = match &self.media {
            Some(media) => crate::media::purge_unused_at(media, &self.store, now).await,
            None => 0,
        };
        let old_access_logs = match &self.access_logs {
            Some(prune) => prune_logs(prune.clone(), now).await,
            None => 0,
        };
        Ok(MaintenanceReport {
            expired_sessions,
            old_login_failures,
            expired_oauth_states,
            inbox,
            old_follower_snapshots,
            old_profile_snapshots,
            expired_tokens,
            unused_uploads,
            old_access_logs,
            expired_idempotency_keys,
        })
    }
}

/// Runs the pruner off the async threads; a failure is logged and the next
/// run tries again.
async fn prune_logs(prune: AccessLogPruner, now: time::OffsetDateTime) -> u64 {
    let now = SystemTime::from(now);
    match tokio::task::spawn_blocking(move || prune(now)).await {
        Ok(Ok(n)) => n,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "cannot prune access logs; will retry");
            0
        }
        Err(e) => {
            tracing::warn!(error = %e, "access-log pruning stopped; will retry");
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialflow_core::crypto::TokenDigest;
    use socialflow_core::password::PasswordHash;
    use socialflow_core::session::Session;
    use socialflow_core::storage::{LoginThrottleRepo, SessionRepo, UserRepo};
    use socialflow_core::user::Role;
    use socialflow_core::{Language, User, UserId, Username};
    use socialflow_fakes::{ManualClock, MemoryStore};
    use time::Duration;

    #[tokio::test]
    async fn removes_only_what_is_stale() {
        let clock = Arc::new(ManualClock::default());
        let store = Arc::new(MemoryStore::new());
        let t0 = clock.now();
        let user = User {
            id: UserId::new(),
            username: Username::parse("alice").expect("name"),
            password_hash: PasswordHash("x".into()),
            role: Role::User,
            language: Language::En,
            time_zone: socialflow_core::TimeZone::default(),
            created_at: t0,
            updated_at: t0,
        };
        store.insert_user(&user).await.expect("user");
        for (digest, seen) in [("old", t0), ("fresh", t0 + Duration::days(7))] {
            store
                .insert_session(&Session {
                    digest: TokenDigest(digest.into()),
                    user_id: user.id,
                    created_at: t0,
                    last_seen_at: seen,
                    expires_at: t0 + Duration::days(30),
                    ip: "127.0.0.1".into(),
                    user_agent: None,
                })
                .await
                .expect("session");
        }
        store
            .record_login_failure("u:alice", t0)
            .await
            .expect("fail");
        store
            .record_login_failure("u:alice", t0 + Duration::days(8))
            .await
            .expect("fail");

        clock.advance(Duration::days(8));
        let m = Maintenance::new(store.clone(), clock.clone());
        let report = m.run_once().await.expect("run");
        assert_eq!(
            report,
            MaintenanceReport {
                expired_sessions: 1,
                old_login_failures: 1,
                expired_oauth_states: 0,
                inbox: InboxPurge::default(),
                old_follower_snapshots: 0,
                old_profile_snapshots: 0,
                expired_tokens: 0,
                unused_uploads: 0,
                old_access_logs: 0,
                expired_idempotency_keys: 0,
            }
        );
        assert!(
            store
                .session_by_digest(&TokenDigest("fresh".into()))
                .await
                .expect("get")
                .is_some()
        );
        // Idempotent: a second run finds nothing.
        assert_eq!(m.run_once().await.expect("run").total(), 0);
    }
}
