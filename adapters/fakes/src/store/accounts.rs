//! Connected accounts, their tokens, OAuth states and Meta's deletion
//! requests in memory.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken, OAuthState,
};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::meta::DeletionRequest;
use socialflow_core::storage::{
    AccountRepo, AccountTokenRepo, DeletionRequestRepo, OAuthStateRepo, StoreError, StoreResult,
};
use time::OffsetDateTime;

use super::MemoryStore;

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

    async fn accounts_by_app_scoped_id(&self, app_scoped_id: &str) -> StoreResult<Vec<Account>> {
        let mut v: Vec<Account> = self
            .lock()
            .accounts
            .values()
            .filter(|a| a.app_scoped_id == app_scoped_id)
            .cloned()
            .collect();
        v.sort_by_key(|a| (a.connected_at, a.id));
        Ok(v)
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
            s.automation_rules.retain(|_, r| r.account != id);
            s.automation_jobs.forget_account(id);
            s.analytics.forget_account(id);
            s.report_links.retain(|l| l.account_id != id);
            return Ok(true);
        }
        Ok(false)
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
            s.automation_rules.retain(|_, r| r.account != *gone);
            s.automation_jobs.forget_account(*gone);
            s.analytics.forget_account(*gone);
            s.report_links.retain(|l| l.account_id != *gone);
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

    async fn active_account_ids(&self) -> StoreResult<Vec<(AccountId, UserId)>> {
        let s = self.lock();
        let mut out: Vec<_> = s
            .accounts
            .values()
            .filter(|a| a.status == AccountStatus::Active)
            .map(|a| (a.id, a.owner))
            .collect();
        out.sort();
        Ok(out)
    }
}

#[async_trait]
impl AccountTokenRepo for MemoryStore {
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
