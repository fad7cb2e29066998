//! [`MemoryStore`]: every storage port in memory, one file per group of
//! tables, with the same semantics as the SQL adapters (uniqueness,
//! cascades, ordering), as the contract tests prove.

mod accounts;
mod analytics;
mod approvals;
mod automation;
mod automation_jobs;
mod idempotency;
mod inbox;
mod live;
mod media;
mod moderation;
mod notifications;
mod onboarding;
mod posts;
mod privacy;
mod queue;
mod reports;
mod review_links;
mod saved_replies;
mod snippets;
mod triage;
mod unit_of_work;
mod users;
mod webhooks;
mod workspaces;

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use socialflow_core::account::{Account, AccountId, OAuthState};
use socialflow_core::audit::AuditEvent;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::media::{MediaFile, MediaId};
use socialflow_core::meta::DeletionRequest;
use socialflow_core::onboarding::Milestone;
use socialflow_core::saved_replies::{SavedReply, SavedReplyId};
use socialflow_core::session::Session;
use socialflow_core::snippets::{Snippet, SnippetId};
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::{User, UserId};
use time::OffsetDateTime;

#[derive(Clone, Default)]
struct State {
    users: HashMap<UserId, User>,
    sessions: HashMap<TokenDigest, Session>,
    tokens: HashMap<ApiTokenId, ApiToken>,
    audit: Vec<AuditEvent>,
    /// (key, time, id) of login failures and reserved attempts.
    failures: Vec<(String, OffsetDateTime, i64)>,
    last_failure_id: i64,
    accounts: HashMap<AccountId, Account>,
    oauth_states: HashMap<TokenDigest, OAuthState>,
    deletion_requests: Vec<DeletionRequest>,
    posts: posts::PostTables,
    media: HashMap<MediaId, MediaFile>,
    inbox: inbox::InboxState,
    analytics: analytics::Tables,
    /// user → (policy version, acknowledged at)
    policy_acks: HashMap<UserId, (String, OffsetDateTime)>,
    /// (user, milestone) → first reached
    milestones: HashMap<(UserId, Milestone), OffsetDateTime>,
    /// (user, key) → the request's fingerprint, reserved at, answer
    idempotency_keys: HashMap<(UserId, String), idempotency::KeyRecord>,
    snippets: HashMap<SnippetId, Snippet>,
    queue: queue::QueueTables,
    saved_replies: HashMap<SavedReplyId, SavedReply>,
    automation_rules:
        HashMap<socialflow_core::automation::RuleId, socialflow_core::automation::Rule>,
    live: live::LiveTables,
    report_links: Vec<socialflow_core::reports::ReportLink>,
    notifications: notifications::Tables,
    automation_jobs: automation_jobs::Tables,
    moderation: moderation::Tables,
    /// The shared revocation epoch (`socialflow_core::auth_cache`).
    auth_epoch: u64,
    webhooks: webhooks::Tables,
    workspaces: workspaces::Tables,
    review_links: review_links::Tables,
    post_notes: Vec<socialflow_core::approvals::PostNote>,
}

/// Storage in memory, with the same semantics as the SQL adapters
/// (uniqueness, cascades, ordering), as the contract tests prove.
#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl State {
    /// (account id, owner) pairs, for foreign-key checks in other tables.
    fn accounts_snapshot(&self) -> impl Iterator<Item = (AccountId, UserId)> + '_ {
        self.accounts.values().map(|a| (a.id, a.owner))
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic in another test thread must not poison every later call.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}
