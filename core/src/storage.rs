//! The whole database as one value, for the composition root only: [`Store`]
//! is every repository trait at once. Use cases never take it; each names the
//! repositories it uses (see the `ports.rs` of each module).
//!
//! The repository traits are re-exported here (and at the crate root) so
//! adapters can name them from one place.

use std::sync::Arc;

use async_trait::async_trait;

pub use crate::account::{AccountRepo, AccountTokenRepo, OAuthStateRepo};
pub use crate::analytics::{
    AnalyticsVersionRepo, AudienceRepo, DailyInsightsRepo, FollowerSnapshotRepo, MediaMetricsRepo,
    ProfileSnapshotRepo,
};
pub use crate::audit::AuditRepo;
pub use crate::idempotency::IdempotencyRepo;
pub use crate::inbox::LiveRepo;
pub use crate::inbox::{
    CachedMediaRepo, CommentRepo, ConversationRepo, InboxRepo, StoryInsightRepo,
};
pub use crate::media::MediaRepo;
pub use crate::meta::DeletionRequestRepo;
pub use crate::notifications::NotificationRepo;
pub use crate::onboarding::MilestoneRepo;
pub use crate::outgoing_webhooks::WebhookRepo;
pub use crate::posts::PostRepo;
pub use crate::privacy::PolicyRepo;
pub use crate::queue::{CalendarFeedRepo, QueueRepo};
pub use crate::reports::ReportLinkRepo;
pub use crate::saved_replies::SavedReplyRepo;
pub use crate::session::SessionRepo;
pub use crate::snippets::SnippetRepo;
pub use crate::store_error::{StoreError, StoreResult};
pub use crate::throttle::LoginThrottleRepo;
pub use crate::token::ApiTokenRepo;
pub use crate::unit_of_work::{Change, UnitOfWork};
pub use crate::user::UserRepo;
pub use crate::webhook_events::WebhookOutbox;

/// The database itself, for operations (health checks, the migrator).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait HealthRepo: Send + Sync {
    /// Succeeds when the database answers a trivial query.
    async fn ping(&self) -> StoreResult<()>;
    /// Applies pending migrations.
    async fn migrate(&self) -> StoreResult<()>;
}

/// Everything the application needs from a database: what the composition
/// root holds and hands out, coerced to the narrow trait each service names.
pub trait Store:
    UserRepo
    + SessionRepo
    + ApiTokenRepo
    + AuditRepo
    + LoginThrottleRepo
    + AccountRepo
    + AccountTokenRepo
    + OAuthStateRepo
    + DeletionRequestRepo
    + PostRepo
    + MediaRepo
    + FollowerSnapshotRepo
    + ProfileSnapshotRepo
    + DailyInsightsRepo
    + MediaMetricsRepo
    + AudienceRepo
    + AnalyticsVersionRepo
    + CachedMediaRepo
    + CommentRepo
    + ConversationRepo
    + StoryInsightRepo
    + InboxRepo
    + PolicyRepo
    + MilestoneRepo
    + IdempotencyRepo
    + SnippetRepo
    + SavedReplyRepo
    + QueueRepo
    + CalendarFeedRepo
    + ReportLinkRepo
    + NotificationRepo
    + HealthRepo
    + crate::automation::AutomationRuleRepo
    + crate::automation::engine::AutomationJobRepo
    + UnitOfWork<Change>
    + crate::posts::UnitOfWork
    + UnitOfWork<crate::inbox::InboxChange>
    + LiveRepo
    + crate::inbox::triage::TriageRepo
    + crate::moderation::ModerationRepo
    + crate::auth_cache::AuthEpochRepo
    + WebhookRepo
    + WebhookOutbox
    + crate::workspaces::WorkspaceRepo
    + crate::client_review::ReviewLinkRepo
    + crate::approvals::ApprovalRepo
{
}

impl<T> Store for T where
    T: UserRepo
        + SessionRepo
        + ApiTokenRepo
        + AuditRepo
        + LoginThrottleRepo
        + AccountRepo
        + AccountTokenRepo
        + OAuthStateRepo
        + DeletionRequestRepo
        + PostRepo
        + MediaRepo
        + FollowerSnapshotRepo
        + ProfileSnapshotRepo
        + DailyInsightsRepo
        + MediaMetricsRepo
        + AudienceRepo
        + AnalyticsVersionRepo
        + CachedMediaRepo
        + CommentRepo
        + ConversationRepo
        + StoryInsightRepo
        + InboxRepo
        + PolicyRepo
        + MilestoneRepo
        + IdempotencyRepo
        + SnippetRepo
        + SavedReplyRepo
        + QueueRepo
        + CalendarFeedRepo
        + ReportLinkRepo
        + NotificationRepo
        + HealthRepo
        + crate::automation::AutomationRuleRepo
        + crate::automation::engine::AutomationJobRepo
        + UnitOfWork<Change>
        + crate::posts::UnitOfWork
        + UnitOfWork<crate::inbox::InboxChange>
        + LiveRepo
        + crate::inbox::triage::TriageRepo
        + crate::moderation::ModerationRepo
        + crate::auth_cache::AuthEpochRepo
        + WebhookRepo
        + WebhookOutbox
        + crate::workspaces::WorkspaceRepo
        + crate::client_review::ReviewLinkRepo
        + crate::approvals::ApprovalRepo
{
}

// The repository sets of the services that use many, filled from the whole
// store. Only the composition root (and tests standing in for it) call these.

impl crate::accounts::AccountStorage {
    pub fn from_store(store: Arc<dyn Store>) -> Self {
        Self {
            accounts: store.clone(),
            tokens: store.clone(),
            oauth_states: store.clone(),
            units: store,
        }
    }
}

impl crate::auth::AuthStorage {
    pub fn from_store(store: Arc<dyn Store>) -> Self {
        Self {
            users: store.clone(),
            sessions: store.clone(),
            tokens: store.clone(),
            audit: store.clone(),
            throttle: store.clone(),
            epochs: store.clone(),
            units: store,
        }
    }
}

impl crate::inbox::InboxStorage {
    pub fn from_store(store: Arc<dyn Store>) -> Self {
        Self {
            accounts: store.clone(),
            cached_media: store.clone(),
            comments: store.clone(),
            conversations: store.clone(),
            stories: store.clone(),
            inbox: store.clone(),
            live: store.clone(),
            units: store,
        }
    }
}

impl crate::analytics::AnalyticsStorage {
    pub fn from_store(store: Arc<dyn Store>) -> Self {
        Self {
            users: store.clone(),
            accounts: store.clone(),
            followers: store.clone(),
            profiles: store.clone(),
            insights: store.clone(),
            metrics: store.clone(),
            versions: store.clone(),
            audience: store,
        }
    }
}

impl crate::queue::QueueStorage {
    pub fn from_store(store: Arc<dyn Store>) -> Self {
        Self {
            slots: store.clone(),
            feeds: store.clone(),
            accounts: store.clone(),
            audience: store.clone(),
            users: store,
        }
    }
}

impl crate::client_review::ClientReviewStorage {
    pub fn from_store(store: Arc<dyn Store>) -> Self {
        Self {
            links: store.clone(),
            posts: store.clone(),
            accounts: store.clone(),
            users: store.clone(),
            audit: store,
        }
    }
}
