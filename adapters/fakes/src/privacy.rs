//! The privacy port in memory, with the databases' semantics.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::audit::AuditEvent;
use socialflow_core::privacy::{AuditFilter, PrivacyRepo};
use socialflow_core::session::Session;
use socialflow_core::storage::{StoreError, StoreResult, UserRepo};
use socialflow_core::throttle::ThrottleKey;
use time::OffsetDateTime;

use crate::MemoryStore;

#[async_trait]
impl PrivacyRepo for MemoryStore {
    async fn acknowledged_policy(&self, user: UserId) -> StoreResult<Option<String>> {
        Ok(self.lock().policy_acks.get(&user).map(|(v, _)| v.clone()))
    }

    async fn acknowledge_policy(
        &self,
        user: UserId,
        version: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.users.contains_key(&user) {
            // As the foreign key refuses it.
            return Err(StoreError::Conflict);
        }
        s.policy_acks.insert(user, (version.to_string(), at));
        Ok(())
    }

    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>> {
        let mut v: Vec<Session> = self
            .lock()
            .sessions
            .values()
            .filter(|s| s.user_id == user)
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| a.digest.0.cmp(&b.digest.0))
        });
        Ok(v)
    }

    async fn search_audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEvent>> {
        let mut v: Vec<AuditEvent> = self
            .lock()
            .audit
            .iter()
            .filter(|e| f.user.is_none_or(|u| e.user_id == Some(u)))
            .filter(|e| f.kind.is_none_or(|k| e.kind == k))
            .cloned()
            .collect();
        v.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
        Ok(v.into_iter()
            .skip(usize::try_from(f.offset).unwrap_or(usize::MAX))
            .take(f.limit as usize)
            .collect())
    }

    async fn erase_user(&self, user: UserId, username: &str) -> StoreResult<bool> {
        let key = ThrottleKey::Username(username.to_string()).storage_key();
        self.lock().failures.retain(|(k, _, _)| k != &key);
        self.delete_user(user).await
    }
}
