//! The unit of work: a use case's writes in one transaction, through the
//! same write functions the single-write methods use. One generic commit
//! serves every kind of change; each kind says how it applies itself.

use async_trait::async_trait;
use socialflow_core::inbox::InboxChange;
use socialflow_core::posts::Change as PostChange;
use socialflow_core::storage::{StoreError, StoreResult};
use socialflow_core::{Change, UnitOfWork};

use super::accounts::{
    write_account_delete, write_account_profile, write_account_status, write_account_token,
    write_accounts_by_app_scoped_id_delete, write_new_account, write_new_deletion_request,
};
use super::api_tokens::{write_api_token_delete, write_new_api_token};
use super::audit::write_audit;
use super::auth_epoch::write_auth_epoch_bump;
use super::db;
use super::inbox::{
    write_comment_delete, write_comment_hidden, write_comments, write_conversations, write_messages,
};
use super::policy::write_policy_acknowledgement;
use super::posts::{write_log_entry, write_new_post, write_post_delete, write_post_update};
use super::queue::require_free_slot;
use super::sessions::{write_new_session, write_session_delete, write_user_sessions_delete};
use super::throttle::{write_login_attempt_release, write_login_failures_clear};
use super::users::{
    write_language, write_new_user, write_password, write_time_zone, write_user_delete,
    write_user_erasure,
};
use super::webhooks::write_webhook_event;
use crate::deadlock;
use crate::error::map;

/// A change applied inside the unit's transaction.
#[async_trait]
trait Apply: Send + Sync + 'static {
    /// A precondition, run before any change is applied (on MariaDB the
    /// free-slot check must be the transaction's first read: see
    /// `queue::require_free_slot`).
    async fn check(&self, _conn: &mut db::Conn) -> StoreResult<()> {
        Ok(())
    }
    async fn apply(&self, conn: &mut db::Conn) -> StoreResult<()>;
    /// Whether this change voids cached authentication answers: then the
    /// unit bumps the shared epoch (`socialflow_core::auth_cache`).
    fn ends_auth(&self) -> bool {
        false
    }
}

#[async_trait]
impl<C: Apply> UnitOfWork<C> for db::Store {
    async fn commit(&self, changes: Vec<C>) -> StoreResult<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let (pool, changes) = (self.pool(), &changes);
        // A deadlock victim applies every change again, from its BEGIN.
        deadlock::retry(|| async move {
            let mut tx = db::begin_write(pool).await?;
            for change in changes {
                change.check(&mut tx).await?;
            }
            for change in changes {
                // On an error the dropped transaction rolls back what came before.
                change.apply(&mut tx).await?;
            }
            // Last, so its row lock is held only for the commit.
            if changes.iter().any(Apply::ends_auth) {
                write_auth_epoch_bump(&mut tx).await?;
            }
            tx.commit().await.map_err(map)
        })
        .await
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
    async fn check(&self, conn: &mut db::Conn) -> StoreResult<()> {
        match self {
            PostChange::RequireFreeSlot {
                owner,
                account,
                at,
                except,
            } => require_free_slot(conn, *owner, *account, *at, *except).await,
            _ => Ok(()),
        }
    }

    async fn apply(&self, conn: &mut db::Conn) -> StoreResult<()> {
        match self {
            PostChange::InsertPost(p) => write_new_post(conn, p).await,
            PostChange::UpdatePost(p) => found(write_post_update(conn, p).await?),
            PostChange::DeletePost { owner, id, version } => {
                found(write_post_delete(conn, *owner, *id, Some(*version)).await?)
            }
            PostChange::DeleteUnreadablePost { owner, id } => {
                found(write_post_delete(conn, *owner, *id, None).await?)
            }
            PostChange::AppendPostLog(e) => write_log_entry(conn, e).await,
            PostChange::InsertAudit(e) => write_audit(conn, e).await,
            PostChange::RecordWebhookEvent(e) => write_webhook_event(conn, e).await,
            PostChange::RequireFreeSlot { .. } => Ok(()),
        }
    }
}

#[async_trait]
impl Apply for Change {
    fn ends_auth(&self) -> bool {
        socialflow_core::auth_cache::ends_or_changes_auth(self)
    }

    async fn apply(&self, conn: &mut db::Conn) -> StoreResult<()> {
        match self {
            Change::InsertUser(u) => write_new_user(conn, u).await,
            Change::DeleteUser(id) => found(write_user_delete(conn, *id).await?),
            Change::EraseUser { user, username } => {
                found(write_user_erasure(conn, *user, username).await?)
            }
            Change::SetPassword { user, hash, at } => {
                write_password(conn, *user, hash, *at).await.map(drop)
            }
            Change::SetLanguage { user, language, at } => {
                write_language(conn, *user, *language, *at).await.map(drop)
            }
            Change::SetTimeZone {
                user,
                time_zone,
                at,
            } => write_time_zone(conn, *user, time_zone, *at).await.map(drop),
            Change::InsertSession(s) => write_new_session(conn, s).await,
            Change::DeleteSession(digest) => write_session_delete(conn, digest).await.map(drop),
            Change::DeleteUserSessions { user, keep } => {
                write_user_sessions_delete(conn, *user, keep.clone())
                    .await
                    .map(drop)
            }
            Change::InsertApiToken(t) => write_new_api_token(conn, t).await,
            Change::DeleteApiToken { owner, id } => {
                found(write_api_token_delete(conn, *owner, *id).await?)
            }
            Change::ClearLoginFailures(key) => write_login_failures_clear(conn, key).await,
            Change::ReleaseLoginAttempt(id) => write_login_attempt_release(conn, *id).await,
            Change::InsertAccount(a) => write_new_account(conn, a).await,
            Change::UpdateAccountToken { account, token } => {
                write_account_token(conn, *account, token).await.map(drop)
            }
            Change::UpdateAccountProfile {
                account,
                profile,
                at,
            } => write_account_profile(conn, *account, profile, *at)
                .await
                .map(drop),
            Change::SetAccountStatus {
                account,
                status,
                detail,
            } => write_account_status(conn, *account, *status, detail.clone())
                .await
                .map(drop),
            Change::DeleteAccount { owner, account } => {
                found(write_account_delete(conn, *owner, *account).await?)
            }
            Change::DeleteAccountsByAppScopedId {
                app_scoped_id,
                expected,
            } => found(
                write_accounts_by_app_scoped_id_delete(conn, app_scoped_id).await? == *expected,
            ),
            Change::InsertDeletionRequest(r) => write_new_deletion_request(conn, r).await,
            Change::AcknowledgePolicy { user, version, at } => {
                write_policy_acknowledgement(conn, *user, version, *at).await
            }
            Change::InsertAudit(e) => write_audit(conn, e).await,
        }
    }
}

#[async_trait]
impl Apply for InboxChange {
    async fn apply(&self, conn: &mut db::Conn) -> StoreResult<()> {
        match self {
            InboxChange::UpsertComment(c) => write_comments(conn, std::slice::from_ref(c)).await,
            InboxChange::SetCommentHidden {
                account,
                comment,
                hidden,
            } => write_comment_hidden(conn, *account, comment, *hidden)
                .await
                .map(drop),
            InboxChange::DeleteComment { account, comment } => {
                write_comment_delete(conn, *account, comment)
                    .await
                    .map(drop)
            }
            InboxChange::UpsertMessage(m) => write_messages(conn, std::slice::from_ref(m)).await,
            InboxChange::UpsertConversation(c) => {
                write_conversations(conn, std::slice::from_ref(c)).await
            }
            InboxChange::InsertAudit(e) => write_audit(conn, e).await,
        }
    }
}
