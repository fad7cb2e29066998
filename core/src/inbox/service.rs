use std::sync::Arc;

use time::Duration;

use super::ports::{
    CachedMediaRepo, CommentRepo, ConversationRepo, InboxChange, InboxRepo, StoryInsightRepo,
};
use crate::account::{Account, AccountId, AccountRepo};
use crate::accounts::{AccountService, AccountsInternal};
use crate::audit::{AuditEvent, AuditKind};
use crate::crypto::CipherError;
use crate::instagram::{IgAccess, InstagramApi, InstagramError};
use crate::store_error::StoreError;
use crate::unit_of_work::UnitOfWork;
use crate::{Clock, RequestContext, UserId};

/// Instagram caps captions at 2,200 characters; comments are held to the same.
pub const MAX_COMMENT_CHARS: usize = 2_200;

/// Timing and size rules of the inbox.
#[derive(Debug, Clone, Copy)]
pub struct InboxPolicy {
    /// How many recent posts are cached per account.
    pub media_limit: usize,
    /// How many conversations are cached per account.
    pub conversation_limit: usize,
    /// Comments and messages are fetched again at least this often even
    /// when nothing changed, well inside the 24-hour retention.
    pub full_refresh_after: Duration,
    /// How long cached rows may live (the privacy policy's 24 hours).
    pub retention: Duration,
    /// Whether Meta approved the Human Agent feature for this app: replies
    /// up to 7 days after the person's last message.
    pub human_agent: bool,
}

impl Default for InboxPolicy {
    fn default() -> Self {
        Self {
            media_limit: 50,
            conversation_limit: 100,
            full_refresh_after: Duration::hours(12),
            retention: Duration::hours(24),
            human_agent: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    /// No such account, post, comment or conversation for this user.
    #[error("not found")]
    NotFound,
    /// The text is empty or too long (`max` in characters, or bytes for DMs).
    #[error("the text is empty or longer than {max}")]
    InvalidText { max: usize },
    /// The text holds NUL or another control character (newlines and tabs
    /// are fine).
    #[error("the text contains control characters")]
    ControlCharacters,
    /// The 24-hour window (and, where allowed, the human agent's 7 days) is
    /// over: only the person can reopen it by writing again.
    #[error("the messaging window for this conversation is closed")]
    WindowClosed,
    /// The account's own comments cannot be hidden (Instagram refuses).
    #[error("the account's own comments cannot be hidden")]
    OwnComment,
    #[error(transparent)]
    Instagram(#[from] InstagramError),
    #[error(transparent)]
    Internal(#[from] AccountsInternal),
}

impl From<StoreError> for InboxError {
    fn from(e: StoreError) -> Self {
        InboxError::Internal(e.into())
    }
}

impl From<CipherError> for InboxError {
    fn from(e: CipherError) -> Self {
        match e {
            CipherError::Erased => InboxError::Instagram(crate::accounts::erased_token()),
            e => InboxError::Internal(e.into()),
        }
    }
}

/// The repositories the inbox use cases use.
#[derive(Clone)]
pub struct InboxStorage {
    pub accounts: Arc<dyn AccountRepo>,
    pub cached_media: Arc<dyn CachedMediaRepo>,
    pub comments: Arc<dyn CommentRepo>,
    pub conversations: Arc<dyn ConversationRepo>,
    pub stories: Arc<dyn StoryInsightRepo>,
    pub inbox: Arc<dyn InboxRepo>,
    /// An action's cache writes and its audit event, in one unit.
    pub units: Arc<dyn UnitOfWork<InboxChange>>,
    /// What open inbox pages are told (webhook arrivals).
    pub live: Arc<dyn super::live::LiveRepo>,
}

/// The inbox use cases: sync, comment actions, messaging and webhooks.
#[derive(Clone)]
pub struct InboxService {
    pub(super) storage: InboxStorage,
    pub(super) accounts: AccountService,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) policy: InboxPolicy,
    /// Told about each batch of stored comments (moderation).
    pub(super) comments_hook: Option<Arc<dyn super::hooks::CommentsHook>>,
    /// Outgoing webhooks: `comment.received`, `message.received`.
    pub(super) webhooks: Option<crate::webhook_events::WebhookEvents>,
    /// Told about what each sync found (automation's fallback source).
    pub(super) sync_hook: Option<Arc<dyn super::hooks::SyncHook>>,
}

impl InboxService {
    pub fn new(storage: InboxStorage, accounts: AccountService, clock: Arc<dyn Clock>) -> Self {
        Self {
            storage,
            accounts,
            clock,
            policy: InboxPolicy::default(),
            comments_hook: None,
            webhooks: None,
            sync_hook: None,
        }
    }

    /// Records `comment.received` and `message.received` for outgoing
    /// webhooks as comments and messages are stored.
    pub fn with_webhook_events(mut self, events: crate::webhook_events::WebhookEvents) -> Self {
        self.webhooks = Some(events);
        self
    }

    /// Calls `hook` with every batch of comments stored from a webhook or
    /// the sync.
    pub fn with_comments_hook(mut self, hook: Arc<dyn super::hooks::CommentsHook>) -> Self {
        self.comments_hook = Some(hook);
        self
    }

    /// Calls `hook` with what each sync stored: pages of comments and each
    /// conversation's messages.
    pub fn with_sync_hook(mut self, hook: Arc<dyn super::hooks::SyncHook>) -> Self {
        self.sync_hook = Some(hook);
        self
    }

    /// Tells the sync hook, if any, what a sync just stored.
    pub(super) async fn synced(
        &self,
        account: &Account,
        comments: &[super::types::CachedComment],
        messages: &[super::types::CachedMessage],
    ) -> Result<(), StoreError> {
        match &self.sync_hook {
            Some(hook) if !comments.is_empty() || !messages.is_empty() => {
                hook.synced(account, comments, messages).await
            }
            _ => Ok(()),
        }
    }

    /// Tells the hook, if any, about comments just stored.
    pub(super) async fn comments_stored(
        &self,
        account: &Account,
        comments: &[super::types::CachedComment],
    ) -> Result<(), StoreError> {
        if let Some(events) = &self.webhooks {
            super::webhook_events::comments_received(events, account, comments, self.clock.now())
                .await;
        }
        match &self.comments_hook {
            Some(hook) if !comments.is_empty() => hook.comments_stored(account, comments).await,
            _ => Ok(()),
        }
    }

    /// Tells outgoing webhooks about inbound messages just stored.
    pub(super) async fn messages_stored(
        &self,
        account: &Account,
        messages: &[super::types::CachedMessage],
    ) {
        if let Some(events) = &self.webhooks {
            super::webhook_events::messages_received(events, account, messages, self.clock.now())
                .await;
        }
    }

    pub fn with_policy(mut self, policy: InboxPolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn policy(&self) -> &InboxPolicy {
        &self.policy
    }

    pub(super) fn instagram(&self) -> &Arc<dyn InstagramApi> {
        self.accounts.instagram()
    }

    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// The owner's account, or `NotFound`.
    pub async fn account(&self, owner: UserId, id: AccountId) -> Result<Account, InboxError> {
        self.storage
            .accounts
            .account(owner, id)
            .await?
            .ok_or(InboxError::NotFound)
    }

    pub(super) fn access(&self, account: &Account) -> Result<IgAccess, InboxError> {
        Ok(self.accounts.access(account)?)
    }

    /// Passes an Instagram error on, first marking the account for
    /// reconnection when Instagram refused its token.
    pub(super) async fn instagram_failed(
        &self,
        account: &Account,
        e: InstagramError,
    ) -> InboxError {
        if let InstagramError::TokenInvalid { message } = &e
            && let Err(err) = self.accounts.mark_needs_reconnect(account, message).await
        {
            return err.into();
        }
        InboxError::Instagram(e)
    }

    /// The audit event of an action, for its unit of work.
    pub(super) fn audit_change(
        &self,
        user: UserId,
        kind: AuditKind,
        ctx: &RequestContext,
        detail: &str,
    ) -> InboxChange {
        InboxChange::InsertAudit(AuditEvent::new(
            self.clock.now(),
            Some(user),
            kind,
            ctx,
            detail,
        ))
    }

    /// Commits what Instagram accepted. Instagram was asked first and
    /// cannot join a transaction: if this fails, Instagram has the change
    /// and the cache does not until the next sync, and no audit event
    /// claims otherwise.
    pub(super) async fn commit(&self, unit: Vec<InboxChange>) -> Result<(), StoreError> {
        self.storage.units.commit(unit).await
    }

    /// The dashboard's figures over all of the owner's accounts.
    pub async fn counts(&self, owner: UserId) -> Result<crate::inbox::InboxCounts, StoreError> {
        self.storage.inbox.inbox_counts(owner, None).await
    }

    /// The counts a member sees: those of their accounts only (one query
    /// per account for a member limited to some, one in all otherwise).
    pub async fn counts_seen(
        &self,
        access: &crate::workspaces::Access,
    ) -> Result<crate::inbox::InboxCounts, StoreError> {
        let Some(ids) = access.account_ids() else {
            return self.counts(access.owner()).await;
        };
        let mut total = crate::inbox::InboxCounts::default();
        for id in ids {
            let c = self
                .storage
                .inbox
                .inbox_counts(access.owner(), Some(id))
                .await?;
            total.unanswered_comments += c.unanswered_comments;
            total.unread_conversations += c.unread_conversations;
        }
        Ok(total)
    }

    /// Deletes cached inbox rows older than the retention period.
    pub async fn purge_expired(&self) -> Result<crate::inbox::InboxPurge, StoreError> {
        self.storage
            .inbox
            .purge_inbox(self.clock.now() - self.policy.retention)
            .await
    }
}

/// Checks a comment or message text: trimmed, not empty, at most `max`.
pub(super) fn checked_text(text: &str, max: usize, bytes: bool) -> Result<String, InboxError> {
    let t = text.trim();
    let len = if bytes { t.len() } else { t.chars().count() };
    if t.is_empty() || len > max {
        return Err(InboxError::InvalidText { max });
    }
    if crate::text::has_forbidden_control(t) {
        return Err(InboxError::ControlCharacters);
    }
    Ok(t.to_string())
}
