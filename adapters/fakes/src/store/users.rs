//! Users, sessions, API tokens, the audit log and login throttling in
//! memory.

use async_trait::async_trait;
use socialflow_core::audit::{AuditEvent, AuditFilter};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::password::PasswordHash;
use socialflow_core::session::Session;
use socialflow_core::storage::{
    ApiTokenRepo, AuditRepo, HealthRepo, LoginThrottleRepo, SessionRepo, StoreError, StoreResult,
    UserRepo,
};
use socialflow_core::throttle::{LoginAttemptId, ReservedAttempt, ThrottleKey};
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::{Language, TimeZone, User, UserId, Username};
use time::OffsetDateTime;

use super::{MemoryStore, State};

fn newest_first(mut v: Vec<AuditEvent>, limit: u32) -> Vec<AuditEvent> {
    v.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    v.truncate(limit as usize);
    v
}

#[async_trait]
impl UserRepo for MemoryStore {
    async fn insert_user(&self, user: &User) -> StoreResult<()> {
        let mut s = self.lock();
        if s.users.contains_key(&user.id) || s.users.values().any(|u| u.username == user.username) {
            return Err(StoreError::Conflict);
        }
        s.users.insert(user.id, user.clone());
        if !user.is_workspace() {
            s.workspaces.add_personal(user);
        }
        Ok(())
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        Ok(self.lock().users.get(&id).cloned())
    }

    async fn user_by_username(&self, username: &Username) -> StoreResult<Option<User>> {
        Ok(self
            .lock()
            .users
            .values()
            .find(|u| &u.username == username)
            .cloned())
    }

    async fn count_users(&self) -> StoreResult<u64> {
        Ok(self
            .lock()
            .users
            .values()
            .filter(|u| !u.is_workspace())
            .count() as u64)
    }

    async fn set_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let found = self
            .lock()
            .users
            .get_mut(&id)
            .map(|u| {
                u.password_hash = hash.clone();
                u.updated_at = at;
            })
            .is_some();
        self.lock().auth_epoch += 1;
        Ok(found)
    }

    async fn set_language(
        &self,
        id: UserId,
        language: Language,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let found = self
            .lock()
            .users
            .get_mut(&id)
            .map(|u| {
                u.language = language;
                u.updated_at = at;
            })
            .is_some();
        self.lock().auth_epoch += 1;
        Ok(found)
    }

    async fn set_time_zone(
        &self,
        id: UserId,
        time_zone: &TimeZone,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let found = self
            .lock()
            .users
            .get_mut(&id)
            .map(|u| {
                u.time_zone = time_zone.clone();
                u.updated_at = at;
            })
            .is_some();
        self.lock().auth_epoch += 1;
        Ok(found)
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        let mut s = self.lock();
        let existed = s.users.remove(&id).is_some();
        s.workspaces.forget_user(id);
        s.sessions.retain(|_, v| v.user_id != id);
        s.tokens.retain(|_, v| v.user_id != id);
        s.audit.retain(|e| e.user_id != Some(id));
        let gone: Vec<_> = s
            .accounts
            .values()
            .filter(|a| a.owner == id)
            .map(|a| a.id)
            .collect();
        s.automation_rules.retain(|_, r| !gone.contains(&r.account));
        for a in &gone {
            s.automation_jobs.forget_account(*a);
            s.analytics.forget_account(*a);
        }
        s.accounts.retain(|_, a| a.owner != id);
        s.posts.retain(|p| p.owner != id);
        s.posts.forget_submitter(id);
        s.post_notes.retain(|n| n.owner != id);
        for n in s.post_notes.iter_mut().filter(|n| n.author == Some(id)) {
            n.author = None;
        }
        s.oauth_states.retain(|_, o| o.user_id != id);
        s.media.retain(|_, m| m.owner != id);
        s.policy_acks.remove(&id);
        s.milestones.retain(|(u, _), _| *u != id);
        s.idempotency_keys.retain(|(u, _), _| *u != id);
        s.snippets.retain(|_, sn| sn.owner != id);
        s.report_links.retain(|l| l.owner != id);
        s.review_links.forget_owner(id);
        s.saved_replies.retain(|_, r| r.owner != id);
        s.auth_epoch += 1;
        drop(s);
        Ok(existed)
    }

    async fn erase_user(&self, user: UserId, username: &str) -> StoreResult<bool> {
        let key = ThrottleKey::Username(username.to_string()).storage_key();
        self.lock().failures.retain(|(k, _, _)| k != &key);
        self.delete_user(user).await
    }
}

#[async_trait]
impl SessionRepo for MemoryStore {
    async fn insert_session(&self, session: &Session) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.users.contains_key(&session.user_id) || s.sessions.contains_key(&session.digest) {
            return Err(StoreError::Conflict);
        }
        s.sessions.insert(session.digest.clone(), session.clone());
        Ok(())
    }

    async fn session_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Session>> {
        Ok(self.lock().sessions.get(digest).cloned())
    }

    async fn touch_session(&self, digest: &TokenDigest, at: OffsetDateTime) -> StoreResult<()> {
        if let Some(s) = self.lock().sessions.get_mut(digest) {
            s.last_seen_at = at;
        }
        Ok(())
    }

    async fn delete_session(&self, digest: &TokenDigest) -> StoreResult<bool> {
        let found = self.lock().sessions.remove(digest).is_some();
        self.lock().auth_epoch += 1;
        Ok(found)
    }

    async fn delete_user_sessions(
        &self,
        user: UserId,
        keep: Option<TokenDigest>,
    ) -> StoreResult<u64> {
        let mut s = self.lock();
        let before = s.sessions.len();
        s.sessions
            .retain(|d, v| v.user_id != user || Some(d) == keep.as_ref());
        let gone = (before - s.sessions.len()) as u64;
        s.auth_epoch += 1;
        drop(s);
        Ok(gone)
    }

    async fn purge_sessions(
        &self,
        expired_before: OffsetDateTime,
        idle_before: OffsetDateTime,
    ) -> StoreResult<u64> {
        let mut s = self.lock();
        let before = s.sessions.len();
        s.sessions
            .retain(|_, v| v.expires_at >= expired_before && v.last_seen_at >= idle_before);
        Ok((before - s.sessions.len()) as u64)
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
}

#[async_trait]
impl ApiTokenRepo for MemoryStore {
    async fn insert_api_token(&self, token: &ApiToken) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.users.contains_key(&token.user_id)
            || s.tokens.contains_key(&token.id)
            || s.tokens.values().any(|t| t.digest == token.digest)
        {
            return Err(StoreError::Conflict);
        }
        s.tokens.insert(token.id, token.clone());
        Ok(())
    }

    async fn api_token_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ApiToken>> {
        Ok(self
            .lock()
            .tokens
            .values()
            .find(|t| &t.digest == digest)
            .cloned())
    }

    async fn list_api_tokens(&self, owner: UserId) -> StoreResult<Vec<ApiToken>> {
        let mut v: Vec<_> = self
            .lock()
            .tokens
            .values()
            .filter(|t| t.user_id == owner)
            .cloned()
            .collect();
        v.sort_by_key(|t| (t.created_at, t.id.0));
        Ok(v)
    }

    async fn touch_api_token(&self, id: ApiTokenId, at: OffsetDateTime) -> StoreResult<()> {
        if let Some(t) = self.lock().tokens.get_mut(&id) {
            t.last_used_at = Some(at);
        }
        Ok(())
    }

    async fn delete_api_token(&self, owner: UserId, id: ApiTokenId) -> StoreResult<bool> {
        let mut s = self.lock();
        if s.tokens.get(&id).is_some_and(|t| t.user_id == owner) {
            s.tokens.remove(&id);
            s.auth_epoch += 1;
            drop(s);
            return Ok(true);
        }
        Ok(false)
    }
}

impl State {
    /// Shared with the unit of work: an event must name an existing user
    /// (the databases' foreign key).
    pub(super) fn insert_audit(&mut self, event: &AuditEvent) -> StoreResult<()> {
        if let Some(uid) = event.user_id
            && !self.users.contains_key(&uid)
        {
            return Err(StoreError::Conflict);
        }
        self.audit.push(event.clone());
        Ok(())
    }
}

#[async_trait]
impl AuditRepo for MemoryStore {
    async fn insert_audit(&self, event: &AuditEvent) -> StoreResult<()> {
        self.lock().insert_audit(event)
    }

    async fn audit_for_user(&self, owner: UserId, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let v = self
            .lock()
            .audit
            .iter()
            .filter(|e| e.user_id == Some(owner))
            .cloned()
            .collect();
        Ok(newest_first(v, limit))
    }

    async fn audit_all(&self, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        Ok(newest_first(self.lock().audit.clone(), limit))
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
}

#[async_trait]
impl LoginThrottleRepo for MemoryStore {
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> StoreResult<()> {
        let mut s = self.lock();
        s.last_failure_id += 1;
        let id = s.last_failure_id;
        s.failures.push((key.to_string(), at, id));
        Ok(())
    }

    async fn reserve_login_attempt(
        &self,
        key: &str,
        at: OffsetDateTime,
        since: OffsetDateTime,
    ) -> StoreResult<ReservedAttempt> {
        // One lock for the insert and the count: atomic.
        let mut s = self.lock();
        s.last_failure_id += 1;
        let id = s.last_failure_id;
        s.failures.push((key.to_string(), at, id));
        let count = s
            .failures
            .iter()
            .filter(|(k, t, _)| k == key && *t > since)
            .count() as u64;
        Ok(ReservedAttempt {
            id: LoginAttemptId(id),
            count,
        })
    }

    async fn release_login_attempt(&self, id: LoginAttemptId) -> StoreResult<()> {
        self.lock().failures.retain(|(_, _, i)| *i != id.0);
        Ok(())
    }

    async fn login_failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<OffsetDateTime>> {
        let mut v: Vec<_> = self
            .lock()
            .failures
            .iter()
            .filter(|(k, t, _)| k == key && *t > since)
            .map(|(_, t, _)| *t)
            .collect();
        v.sort();
        Ok(v)
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        self.lock().failures.retain(|(k, _, _)| k != key);
        Ok(())
    }

    async fn purge_login_failures(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        let n = s.failures.len();
        s.failures.retain(|(_, t, _)| *t >= before);
        Ok((n - s.failures.len()) as u64)
    }
}

#[async_trait]
impl HealthRepo for MemoryStore {
    async fn ping(&self) -> StoreResult<()> {
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        Ok(())
    }
}

#[async_trait]
impl socialflow_core::auth_cache::AuthEpochRepo for MemoryStore {
    async fn auth_epoch(&self) -> StoreResult<u64> {
        Ok(self.lock().auth_epoch)
    }
}
