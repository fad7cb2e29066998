use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken, OAuthState,
};
use socialflow_core::audit::AuditEvent;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::meta::DeletionRequest;
use socialflow_core::password::PasswordHash;
use socialflow_core::session::Session;
use socialflow_core::storage::{
    AccountRepo, ApiTokenRepo, AuditRepo, DeletionRequestRepo, HealthRepo, LoginThrottleRepo,
    OAuthStateRepo, SessionRepo, StoreError, StoreResult, UserRepo,
};
use socialflow_core::throttle::{LoginAttemptId, ReservedAttempt};
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::{Language, TimeZone, User, UserId, Username};
use time::OffsetDateTime;

#[derive(Default)]
pub(crate) struct State {
    pub(crate) users: HashMap<UserId, User>,
    pub(crate) sessions: HashMap<TokenDigest, Session>,
    tokens: HashMap<ApiTokenId, ApiToken>,
    pub(crate) audit: Vec<AuditEvent>,
    /// (key, time, id) of login failures and reserved attempts.
    pub(crate) failures: Vec<(String, OffsetDateTime, i64)>,
    last_failure_id: i64,
    pub(crate) accounts: HashMap<AccountId, Account>,
    oauth_states: HashMap<TokenDigest, OAuthState>,
    deletion_requests: Vec<DeletionRequest>,
    pub(crate) posts: crate::posts::PostTables,
    pub(crate) media: HashMap<socialflow_core::media::MediaId, socialflow_core::media::MediaFile>,
    pub(crate) inbox: crate::inbox::InboxState,
    pub(crate) analytics: crate::analytics::Tables,
    /// user → (policy version, acknowledged at)
    pub(crate) policy_acks: HashMap<UserId, (String, OffsetDateTime)>,
    /// (user, milestone) → first reached
    pub(crate) milestones:
        HashMap<(UserId, socialflow_core::onboarding::Milestone), OffsetDateTime>,
}

/// Storage in memory, with the same semantics as the SQL adapters
/// (uniqueness, cascades, ordering), as the contract tests prove.
#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl State {
    /// (account id, owner) pairs, for foreign-key checks in other tables.
    pub(crate) fn accounts_snapshot(&self) -> impl Iterator<Item = (AccountId, UserId)> + '_ {
        self.accounts.values().map(|a| (a.id, a.owner))
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic in another test thread must not poison every later call.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[async_trait]
impl UserRepo for MemoryStore {
    async fn insert_user(&self, user: &User) -> StoreResult<()> {
        let mut s = self.lock();
        if s.users.contains_key(&user.id) || s.users.values().any(|u| u.username == user.username) {
            return Err(StoreError::Conflict);
        }
        s.users.insert(user.id, user.clone());
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
        Ok(self.lock().users.len() as u64)
    }

    async fn set_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        Ok(self
            .lock()
            .users
            .get_mut(&id)
            .map(|u| {
                u.password_hash = hash.clone();
                u.updated_at = at;
            })
            .is_some())
    }

    async fn set_language(
        &self,
        id: UserId,
        language: Language,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        Ok(self
            .lock()
            .users
            .get_mut(&id)
            .map(|u| {
                u.language = language;
                u.updated_at = at;
            })
            .is_some())
    }

    async fn set_time_zone(
        &self,
        id: UserId,
        time_zone: &TimeZone,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        Ok(self
            .lock()
            .users
            .get_mut(&id)
            .map(|u| {
                u.time_zone = time_zone.clone();
                u.updated_at = at;
            })
            .is_some())
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        let mut s = self.lock();
        let existed = s.users.remove(&id).is_some();
        s.sessions.retain(|_, v| v.user_id != id);
        s.tokens.retain(|_, v| v.user_id != id);
        s.audit.retain(|e| e.user_id != Some(id));
        s.accounts.retain(|_, a| a.owner != id);
        s.posts.retain(|p| p.owner != id);
        s.oauth_states.retain(|_, o| o.user_id != id);
        s.media.retain(|_, m| m.owner != id);
        s.policy_acks.remove(&id);
        s.milestones.retain(|(u, _), _| *u != id);
        Ok(existed)
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
        Ok(self.lock().sessions.remove(digest).is_some())
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
        Ok((before - s.sessions.len()) as u64)
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
            return Ok(true);
        }
        Ok(false)
    }
}

fn newest_first(mut v: Vec<AuditEvent>, limit: u32) -> Vec<AuditEvent> {
    v.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    v.truncate(limit as usize);
    v
}

#[async_trait]
impl AuditRepo for MemoryStore {
    async fn insert_audit(&self, event: &AuditEvent) -> StoreResult<()> {
        let mut s = self.lock();
        if let Some(uid) = event.user_id
            && !s.users.contains_key(&uid)
        {
            return Err(StoreError::Conflict);
        }
        s.audit.push(event.clone());
        Ok(())
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
impl AccountRepo for MemoryStore {
    async fn insert_account(&self, account: &Account) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.users.contains_key(&account.owner)
            || s.accounts.contains_key(&account.id)
            || s.accounts
                .values()
                .any(|a| a.ig_user_id == account.ig_user_id)
        {
            return Err(StoreError::Conflict);
        }
        s.accounts.insert(account.id, account.clone());
        Ok(())
    }

    async fn account(&self, owner: UserId, id: AccountId) -> StoreResult<Option<Account>> {
        Ok(self
            .lock()
            .accounts
            .get(&id)
            .filter(|a| a.owner == owner)
            .cloned())
    }

    async fn accounts_of(&self, owner: UserId) -> StoreResult<Vec<Account>> {
        let mut v: Vec<_> = self
            .lock()
            .accounts
            .values()
            .filter(|a| a.owner == owner)
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            a.profile
                .username
                .cmp(&b.profile.username)
                .then(a.id.cmp(&b.id))
        });
        Ok(v)
    }

    async fn account_by_ig_user_id(&self, ig_user_id: &str) -> StoreResult<Option<Account>> {
        Ok(self
            .lock()
            .accounts
            .values()
            .find(|a| a.ig_user_id == ig_user_id)
            .cloned())
    }

    async fn update_account_profile(
        &self,
        id: AccountId,
        profile: &AccountProfile,
        fetched_at: OffsetDateTime,
    ) -> StoreResult<bool> {
        Ok(self
            .lock()
            .accounts
            .get_mut(&id)
            .map(|a| {
                a.profile = profile.clone();
                a.profile_fetched_at = fetched_at;
            })
            .is_some())
    }

    async fn update_account_token(&self, id: AccountId, token: &AccountToken) -> StoreResult<bool> {
        Ok(self
            .lock()
            .accounts
            .get_mut(&id)
            .map(|a| {
                a.token = token.clone();
                a.status = AccountStatus::Active;
                a.status_detail = None;
            })
            .is_some())
    }

    async fn erase_expired_tokens(&self, now: OffsetDateTime, detail: &str) -> StoreResult<u64> {
        let mut erased = 0;
        for a in self.lock().accounts.values_mut() {
            if a.token.expires_at < now && !a.token.ciphertext.is_erased() {
                a.token.ciphertext = EncryptedToken::erased();
                a.status = AccountStatus::NeedsReconnect;
                a.status_detail = Some(detail.to_string());
                erased += 1;
            }
        }
        Ok(erased)
    }

    async fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        detail: Option<String>,
    ) -> StoreResult<bool> {
        Ok(self
            .lock()
            .accounts
            .get_mut(&id)
            .map(|a| {
                a.status = status;
                a.status_detail = detail;
            })
            .is_some())
    }

    async fn delete_account(&self, owner: UserId, id: AccountId) -> StoreResult<bool> {
        let mut s = self.lock();
        if s.accounts.get(&id).is_some_and(|a| a.owner == owner) {
            s.accounts.remove(&id);
            s.posts.retain(|p| p.content.account_id != id);
            return Ok(true);
        }
        Ok(false)
    }

    async fn accounts_due_for_refresh(
        &self,
        expires_before: OffsetDateTime,
        refreshed_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Account>> {
        let mut v: Vec<_> = self
            .lock()
            .accounts
            .values()
            .filter(|a| {
                a.status == AccountStatus::Active
                    && a.token.expires_at < expires_before
                    && a.token.refreshed_at < refreshed_before
            })
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            a.token
                .expires_at
                .cmp(&b.token.expires_at)
                .then(a.id.cmp(&b.id))
        });
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn delete_accounts_by_app_scoped_id(
        &self,
        app_scoped_id: &str,
    ) -> StoreResult<Vec<(AccountId, UserId, String)>> {
        let mut s = self.lock();
        let mut removed: Vec<_> = s
            .accounts
            .values()
            .filter(|a| a.app_scoped_id == app_scoped_id)
            .map(|a| (a.id, a.owner, a.profile.username.clone()))
            .collect();
        removed.sort_by_key(|(id, _, _)| *id);
        s.accounts.retain(|_, a| a.app_scoped_id != app_scoped_id);
        for (gone, _, _) in &removed {
            s.posts.retain(|p| p.content.account_id != *gone);
        }
        Ok(removed)
    }

    async fn count_accounts_by_status(&self) -> StoreResult<Vec<(AccountStatus, u64)>> {
        let s = self.lock();
        let mut out: Vec<(AccountStatus, u64)> = Vec::new();
        for status in [AccountStatus::Active, AccountStatus::NeedsReconnect] {
            let n = s.accounts.values().filter(|a| a.status == status).count() as u64;
            if n > 0 {
                out.push((status, n));
            }
        }
        Ok(out)
    }

    async fn all_account_tokens(&self) -> StoreResult<Vec<(AccountId, EncryptedToken)>> {
        let mut v: Vec<_> = self
            .lock()
            .accounts
            .values()
            .map(|a| (a.id, a.token.ciphertext.clone()))
            .collect();
        v.sort_by_key(|(id, _)| *id);
        Ok(v)
    }

    async fn replace_token_ciphertext(
        &self,
        id: AccountId,
        old: &EncryptedToken,
        new: &EncryptedToken,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.accounts.get_mut(&id) {
            Some(a) if &a.token.ciphertext == old => {
                a.token.ciphertext = new.clone();
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

#[async_trait]
impl OAuthStateRepo for MemoryStore {
    async fn insert_oauth_state(&self, state: &OAuthState) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.users.contains_key(&state.user_id) || s.oauth_states.contains_key(&state.digest) {
            return Err(StoreError::Conflict);
        }
        s.oauth_states.insert(state.digest.clone(), state.clone());
        Ok(())
    }

    async fn take_oauth_state(&self, digest: &TokenDigest) -> StoreResult<Option<OAuthState>> {
        Ok(self.lock().oauth_states.remove(digest))
    }

    async fn purge_oauth_states(&self, expired_before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        let n = s.oauth_states.len();
        s.oauth_states.retain(|_, o| o.expires_at >= expired_before);
        Ok((n - s.oauth_states.len()) as u64)
    }
}

#[async_trait]
impl DeletionRequestRepo for MemoryStore {
    async fn insert_deletion_request(&self, request: &DeletionRequest) -> StoreResult<()> {
        let mut s = self.lock();
        if s.deletion_requests.iter().any(|r| r.code == request.code) {
            return Err(StoreError::Conflict);
        }
        s.deletion_requests.push(request.clone());
        Ok(())
    }

    async fn deletion_request(&self, code: &str) -> StoreResult<Option<DeletionRequest>> {
        Ok(self
            .lock()
            .deletion_requests
            .iter()
            .find(|r| r.code == code)
            .cloned())
    }
}
