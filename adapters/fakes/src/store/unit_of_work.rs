//! The unit of work in memory: the changes are applied, through the
//! store's own single-write methods, to a copy of the tables taken under
//! the lock, and the copy replaces the tables only when every change
//! succeeded. So a unit is all or nothing like a database transaction, and
//! no other write slips in between its changes.

use std::sync::Mutex;

use async_trait::async_trait;
use futures::FutureExt;
use socialflow_core::inbox::InboxChange;
use socialflow_core::posts::Change as PostChange;
use socialflow_core::storage::{
    AccountRepo, AccountTokenRepo, ApiTokenRepo, AuditRepo, CommentRepo, ConversationRepo,
    DeletionRequestRepo, LoginThrottleRepo, PolicyRepo, PostRepo, SessionRepo, StoreError,
    StoreResult, UserRepo,
};
use socialflow_core::{Change, UnitOfWork};

use super::MemoryStore;

/// A change applied to the unit's copy of the tables.
#[async_trait]
trait Apply: Send + Sync + 'static {
    async fn apply(&self, store: &MemoryStore) -> StoreResult<()>;
    /// Whether committing this change voids cached authentication answers:
    /// then the unit bumps the epoch (`socialflow_core::auth_cache`).
    fn ends_auth(&self) -> bool {
        false
    }
}

#[async_trait]
impl<C: Apply> UnitOfWork<C> for MemoryStore {
    async fn commit(&self, changes: Vec<C>) -> StoreResult<()> {
        let mut live = self.lock();
        let copy = MemoryStore {
            state: Mutex::new(live.clone()),
        };
        for change in &changes {
            // The memory writes never wait, so each completes on its first
            // poll and the lock is never held across an await.
            change
                .apply(&copy)
                .now_or_never()
                .unwrap_or_else(|| Err(StoreError::Other("a memory write waited".into())))?;
        }
        *live = copy.state.into_inner().unwrap_or_else(|p| p.into_inner());
        if changes.iter().any(Apply::ends_auth) {
            live.auth_epoch += 1;
        }
        Ok(())
    }
}

/// A write that must find its row: when it does not, the unit fails.
fn found(hit: bool) -> StoreResult<()> {
    if hit {
        Ok(())
    } else {
        Err(StoreError::Conflict)
    }
}

#[async_trait]
impl Apply for PostChange {
    async fn apply(&self, s: &MemoryStore) -> StoreResult<()> {
        match self {
            PostChange::InsertPost(p) => s.insert_post(p).await,
            PostChange::UpdatePost(p) => found(s.update_post(p).await?),
            PostChange::DeletePost { owner, id, version } => {
                found(s.delete_post(*owner, *id, *version).await?.is_some())
            }
            PostChange::DeleteUnreadablePost { owner, id } => {
                found(s.delete_unreadable_post(*owner, *id).await?.is_some())
            }
            PostChange::AppendPostLog(e) => s.append_post_log(e).await,
            PostChange::InsertAudit(e) => s.insert_audit(e).await,
            PostChange::RequireFreeSlot {
                owner,
                account,
                at,
                except,
            } => s.lock().require_free_slot(*owner, *account, *at, *except),
        }
    }
}

#[async_trait]
impl Apply for Change {
    fn ends_auth(&self) -> bool {
        socialflow_core::auth_cache::ends_or_changes_auth(self)
    }

    async fn apply(&self, s: &MemoryStore) -> StoreResult<()> {
        match self {
            Change::InsertUser(u) => s.insert_user(u).await,
            Change::DeleteUser(id) => found(s.delete_user(*id).await?),
            Change::EraseUser { user, username } => found(s.erase_user(*user, username).await?),
            Change::SetPassword { user, hash, at } => {
                s.set_password(*user, hash, *at).await.map(drop)
            }
            Change::SetLanguage { user, language, at } => {
                s.set_language(*user, *language, *at).await.map(drop)
            }
            Change::SetTimeZone {
                user,
                time_zone,
                at,
            } => s.set_time_zone(*user, time_zone, *at).await.map(drop),
            Change::InsertSession(session) => s.insert_session(session).await,
            Change::DeleteSession(digest) => s.delete_session(digest).await.map(drop),
            Change::DeleteUserSessions { user, keep } => {
                s.delete_user_sessions(*user, keep.clone()).await.map(drop)
            }
            Change::InsertApiToken(t) => s.insert_api_token(t).await,
            Change::DeleteApiToken { owner, id } => found(s.delete_api_token(*owner, *id).await?),
            Change::ClearLoginFailures(key) => s.clear_login_failures(key).await,
            Change::ReleaseLoginAttempt(id) => s.release_login_attempt(*id).await,
            Change::InsertAccount(a) => s.insert_account(a).await,
            Change::UpdateAccountToken { account, token } => {
                s.update_account_token(*account, token).await.map(drop)
            }
            Change::UpdateAccountProfile {
                account,
                profile,
                at,
            } => s
                .update_account_profile(*account, profile, *at)
                .await
                .map(drop),
            Change::SetAccountStatus {
                account,
                status,
                detail,
            } => s
                .set_account_status(*account, *status, detail.clone())
                .await
                .map(drop),
            Change::DeleteAccount { owner, account } => {
                found(s.delete_account(*owner, *account).await?)
            }
            Change::DeleteAccountsByAppScopedId {
                app_scoped_id,
                expected,
            } => {
                let removed = s.delete_accounts_by_app_scoped_id(app_scoped_id).await?;
                found(removed.len() as u64 == *expected)
            }
            Change::InsertDeletionRequest(r) => s.insert_deletion_request(r).await,
            Change::AcknowledgePolicy { user, version, at } => {
                s.acknowledge_policy(*user, version, *at).await
            }
            Change::InsertAudit(e) => s.insert_audit(e).await,
        }
    }
}

#[async_trait]
impl Apply for InboxChange {
    async fn apply(&self, s: &MemoryStore) -> StoreResult<()> {
        match self {
            InboxChange::UpsertComment(c) => s.upsert_comments(std::slice::from_ref(c)).await,
            InboxChange::SetCommentHidden {
                account,
                comment,
                hidden,
            } => s
                .set_cached_comment_hidden(*account, comment, *hidden)
                .await
                .map(drop),
            InboxChange::DeleteComment { account, comment } => {
                s.delete_cached_comment(*account, comment).await.map(drop)
            }
            InboxChange::UpsertMessage(m) => s.upsert_messages(std::slice::from_ref(m)).await,
            InboxChange::UpsertConversation(c) => {
                s.upsert_conversations(std::slice::from_ref(c)).await
            }
            InboxChange::InsertAudit(e) => s.insert_audit(e).await,
        }
    }
}
