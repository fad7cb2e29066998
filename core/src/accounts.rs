//! Connecting Instagram accounts through OAuth, keeping their tokens alive,
//! and disconnecting them.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use time::{Duration, OffsetDateTime};

use crate::account::{
    Account, AccountId, AccountProfile, AccountRepo, AccountStatus, AccountToken, AccountTokenRepo,
    EncryptedToken, OAuthState, OAuthStateRepo,
};
use crate::audit::{AuditEvent, AuditKind};
use crate::crypto::{CipherError, SecretMinter, TokenCipher, TokenDigest};
use crate::instagram::{
    IgAccess, InstagramApi, InstagramError, LongLivedToken, Scope, missing_scopes,
};
use crate::store_error::StoreError;
use crate::unit_of_work::{Change, UnitOfWork};
use crate::workspaces::Access;
use crate::{Clock, RequestContext, UserId};

/// Timing rules for tokens and OAuth states.
#[derive(Debug, Clone, Copy)]
pub struct TokenPolicy {
    /// Refresh a token once this little of its life remains (Instagram's
    /// long-lived tokens last 60 days; refreshing at 30 leaves a month of
    /// retries).
    pub refresh_when_remaining: Duration,
    /// Instagram refuses to refresh tokens younger than a day.
    pub min_age_for_refresh: Duration,
    /// How long a user has to finish the OAuth dialog.
    pub state_lifetime: Duration,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        Self {
            refresh_when_remaining: Duration::days(30),
            min_age_for_refresh: Duration::hours(24),
            state_lifetime: Duration::minutes(15),
        }
    }
}

/// What Instagram sent back to the OAuth callback.
#[derive(Debug, Clone, Default)]
pub struct CallbackParams {
    pub state: Option<String>,
    pub code: Option<String>,
    pub error: Option<String>,
    pub error_reason: Option<String>,
    pub error_description: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The user declined in Instagram's dialog.
    #[error("the Instagram authorization was declined")]
    Denied { description: Option<String> },
    /// Missing, unknown, expired, reused or foreign `state`: possibly a
    /// forged callback, so nothing is done.
    #[error("the authorization link is invalid or was already used")]
    InvalidState,
    /// This Instagram account is connected by another SocialFlow user.
    #[error("this Instagram account is connected to another SocialFlow user")]
    ConnectedElsewhere,
    #[error(transparent)]
    Instagram(#[from] InstagramError),
    #[error(transparent)]
    Internal(#[from] AccountsInternal),
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("no such account")]
    NotFound,
    #[error(transparent)]
    Instagram(#[from] InstagramError),
    #[error(transparent)]
    Internal(#[from] AccountsInternal),
}

/// Failures of our own machinery (database, keys).
#[derive(Debug, thiserror::Error)]
pub enum AccountsInternal {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Cipher(#[from] CipherError),
}

impl From<StoreError> for ConnectError {
    fn from(e: StoreError) -> Self {
        ConnectError::Internal(e.into())
    }
}
impl From<CipherError> for ConnectError {
    fn from(e: CipherError) -> Self {
        match e {
            CipherError::Erased => ConnectError::Instagram(erased_token()),
            e => ConnectError::Internal(e.into()),
        }
    }
}

/// An erased (expired) token reads like a token Instagram refused: the
/// account needs reconnecting; it is not a key problem.
pub(crate) fn erased_token() -> InstagramError {
    InstagramError::TokenInvalid {
        message: crate::account::ERASED_TOKEN_DETAIL.to_string(),
    }
}
impl From<StoreError> for AccountError {
    fn from(e: StoreError) -> Self {
        AccountError::Internal(e.into())
    }
}
impl From<CipherError> for AccountError {
    fn from(e: CipherError) -> Self {
        match e {
            CipherError::Erased => AccountError::Instagram(erased_token()),
            e => AccountError::Internal(e.into()),
        }
    }
}

/// A finished connection.
#[derive(Debug, Clone)]
pub struct Connected {
    pub account: Account,
    /// The same user connected this account before; its token was replaced.
    pub reconnected: bool,
    /// Permissions the user did not grant: features needing them will not work.
    pub missing: Vec<Scope>,
}

/// What one token-refresh run did (counts only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RefreshReport {
    pub refreshed: u32,
    pub needs_reconnect: u32,
    pub deferred: u32,
}

/// The repositories the account use cases use.
#[derive(Clone)]
pub struct AccountStorage {
    pub accounts: Arc<dyn AccountRepo>,
    pub tokens: Arc<dyn AccountTokenRepo>,
    pub oauth_states: Arc<dyn OAuthStateRepo>,
    /// Connecting, disconnecting and marking for reconnection: the writes
    /// and their audit event in one unit.
    pub units: Arc<dyn UnitOfWork<Change>>,
}

#[derive(Clone)]
pub struct AccountService {
    accounts: Arc<dyn AccountRepo>,
    account_tokens: Arc<dyn AccountTokenRepo>,
    oauth_states: Arc<dyn OAuthStateRepo>,
    units: Arc<dyn UnitOfWork<Change>>,
    instagram: Arc<dyn InstagramApi>,
    cipher: Arc<dyn TokenCipher>,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
    policy: TokenPolicy,
}

/// Where an account's token ciphertext is bound to.
fn token_context(id: AccountId) -> String {
    format!("accounts.token:{id}")
}

impl AccountService {
    pub fn new(
        storage: AccountStorage,
        instagram: Arc<dyn InstagramApi>,
        cipher: Arc<dyn TokenCipher>,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            accounts: storage.accounts,
            account_tokens: storage.tokens,
            oauth_states: storage.oauth_states,
            units: storage.units,
            instagram,
            cipher,
            minter,
            clock,
            policy: TokenPolicy::default(),
        }
    }

    pub fn instagram(&self) -> &Arc<dyn InstagramApi> {
        &self.instagram
    }

    /// How many accounts have each status, over every user (for `/metrics`).
    pub async fn count_by_status(&self) -> Result<Vec<(AccountStatus, u64)>, StoreError> {
        self.accounts.count_accounts_by_status().await
    }

    fn audit(&self, user: UserId, kind: AuditKind, ctx: &RequestContext, detail: &str) -> Change {
        Change::InsertAudit(AuditEvent::new(
            self.clock.now(),
            Some(user),
            kind,
            ctx,
            detail,
        ))
    }

    /// Starts a connection: a single-use `state` bound to this session, and
    /// the Instagram URL to send the browser to.
    pub async fn start_connect(
        &self,
        user: UserId,
        session: &TokenDigest,
    ) -> Result<String, StoreError> {
        let state = self.minter.mint();
        let now = self.clock.now();
        self.oauth_states
            .insert_oauth_state(&OAuthState {
                digest: self.minter.digest(state.expose_secret()),
                user_id: user,
                session_digest: session.clone(),
                created_at: now,
                expires_at: now + self.policy.state_lifetime,
            })
            .await?;
        Ok(self
            .instagram
            .authorize_url(state.expose_secret(), &Scope::ALL))
    }

    /// Finishes a connection from Instagram's callback.
    pub async fn complete_connect(
        &self,
        user: UserId,
        session: &TokenDigest,
        params: CallbackParams,
        ctx: &RequestContext,
    ) -> Result<Connected, ConnectError> {
        // The state is consumed first, whatever else the callback says. Its
        // own write, not part of the connect's unit: Instagram is asked in
        // between, and a used state must stay used even if that fails.
        let state = params.state.as_deref().ok_or(ConnectError::InvalidState)?;
        let stored = self
            .oauth_states
            .take_oauth_state(&self.minter.digest(state))
            .await?
            .ok_or(ConnectError::InvalidState)?;
        if stored.user_id != user
            || &stored.session_digest != session
            || stored.expires_at <= self.clock.now()
        {
            return Err(ConnectError::InvalidState);
        }
        if params.error.is_some() {
            return Err(ConnectError::Denied {
                description: params.error_description.or(params.error_reason),
            });
        }
        let code = params
            .code
            .as_deref()
            .unwrap_or("")
            .trim_end_matches("#_")
            .trim();
        if code.is_empty() {
            return Err(ConnectError::InvalidState);
        }
        let short = self.instagram.exchange_code(code).await?;
        let long = self.instagram.exchange_long_lived(&short.token).await?;
        let granted = long.permissions.clone().or(short.permissions.clone());
        self.attach(user, long, granted, ctx).await
    }

    /// Stores an account for `user` from a long-lived token: reads the
    /// profile, then inserts the account or, if this user had it, replaces
    /// its token. Also used to seed demo data.
    pub async fn attach(
        &self,
        user: UserId,
        long: LongLivedToken,
        granted: Option<Vec<String>>,
        ctx: &RequestContext,
    ) -> Result<Connected, ConnectError> {
        let profile = self.instagram.profile(&long.token).await?;
        let ig_user_id = if profile.ig_user_id.is_empty() {
            profile.app_scoped_id.clone()
        } else {
            profile.ig_user_id.clone()
        };
        // Instagram does not always list what was granted; then assume what
        // we asked for and let calls report a missing permission.
        let scopes =
            granted.unwrap_or_else(|| Scope::ALL.iter().map(|s| s.as_str().to_string()).collect());
        let missing = missing_scopes(&scopes);
        let now = self.clock.now();

        if let Some(existing) = self.accounts.account_by_ig_user_id(&ig_user_id).await? {
            if existing.owner != user {
                return Err(ConnectError::ConnectedElsewhere);
            }
            let token = AccountToken {
                ciphertext: self
                    .cipher
                    .encrypt(&long.token, &token_context(existing.id))?,
                expires_at: now + long.expires_in,
                refreshed_at: now,
                scopes,
            };
            // Token, profile and audit event: one unit (Instagram was
            // asked before, so nothing remote sits between the writes).
            self.units
                .commit(vec![
                    Change::UpdateAccountToken {
                        account: existing.id,
                        token,
                    },
                    Change::UpdateAccountProfile {
                        account: existing.id,
                        profile: AccountProfile::from(&profile),
                        at: now,
                    },
                    self.audit(user, AuditKind::AccountReconnected, ctx, &profile.username),
                ])
                .await?;
            let account =
                self.accounts
                    .account(user, existing.id)
                    .await?
                    .ok_or(ConnectError::Internal(
                        StoreError::Other("account vanished".into()).into(),
                    ))?;
            return Ok(Connected {
                account,
                reconnected: true,
                missing,
            });
        }

        let id = AccountId::new();
        let account = Account {
            id,
            owner: user,
            ig_user_id,
            app_scoped_id: profile.app_scoped_id.clone(),
            profile: AccountProfile::from(&profile),
            token: AccountToken {
                ciphertext: self.cipher.encrypt(&long.token, &token_context(id))?,
                expires_at: now + long.expires_in,
                refreshed_at: now,
                scopes,
            },
            status: AccountStatus::Active,
            status_detail: None,
            connected_at: now,
            profile_fetched_at: now,
        };
        let audit = self.audit(
            user,
            AuditKind::AccountConnected,
            ctx,
            &account.profile.username,
        );
        match self
            .units
            .commit(vec![Change::InsertAccount(account.clone()), audit])
            .await
        {
            Ok(()) => {}
            // Someone else connected it in the meantime.
            Err(StoreError::Conflict) => return Err(ConnectError::ConnectedElsewhere),
            Err(e) => return Err(e.into()),
        }
        Ok(Connected {
            account,
            reconnected: false,
            missing,
        })
    }

    pub async fn list(&self, user: UserId) -> Result<Vec<Account>, StoreError> {
        self.accounts.accounts_of(user).await
    }

    /// The workspace's accounts a member sees (all of them unless the
    /// member is limited to some).
    pub async fn list_seen(&self, access: &Access) -> Result<Vec<Account>, StoreError> {
        let all = self.accounts.accounts_of(access.owner()).await?;
        Ok(access.filter_accounts(all, |a| a.id))
    }

    /// The workspace's account, not found outside the member's accounts.
    pub async fn get_seen(&self, access: &Access, id: AccountId) -> Result<Account, AccountError> {
        if !access.sees_account(id) {
            return Err(AccountError::NotFound);
        }
        self.get(access.owner(), id).await
    }

    pub async fn get(&self, user: UserId, id: AccountId) -> Result<Account, AccountError> {
        self.accounts
            .account(user, id)
            .await?
            .ok_or(AccountError::NotFound)
    }

    /// Disconnects: the token and everything cached for the account go now.
    pub async fn disconnect(
        &self,
        user: UserId,
        id: AccountId,
        ctx: &RequestContext,
    ) -> Result<(), AccountError> {
        let account = self.get(user, id).await?;
        let unit = vec![
            Change::DeleteAccount {
                owner: user,
                account: id,
            },
            self.audit(
                user,
                AuditKind::AccountDisconnected,
                ctx,
                &account.profile.username,
            ),
        ];
        match self.units.commit(unit).await {
            Ok(()) => Ok(()),
            // Disconnected by another request in the meantime.
            Err(StoreError::Conflict) => Err(AccountError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    /// The decrypted credentials for calls on the account's behalf.
    /// [`CipherError::Erased`] when the token expired and was erased.
    pub fn access(&self, account: &Account) -> Result<IgAccess, CipherError> {
        if account.token.ciphertext.is_erased() {
            return Err(CipherError::Erased);
        }
        Ok(IgAccess {
            ig_user_id: account.ig_user_id.clone(),
            token: self
                .cipher
                .decrypt(&account.token.ciphertext, &token_context(account.id))?,
        })
    }

    /// Records that Instagram refused the account's token, so its jobs stop
    /// until the user reconnects.
    pub async fn mark_needs_reconnect(
        &self,
        account: &Account,
        detail: &str,
    ) -> Result<(), StoreError> {
        let mut unit = vec![Change::SetAccountStatus {
            account: account.id,
            status: AccountStatus::NeedsReconnect,
            detail: Some(detail.to_string()),
        }];
        if account.status != AccountStatus::NeedsReconnect {
            let ctx = RequestContext::new("worker", None);
            unit.push(self.audit(
                account.owner,
                AuditKind::AccountNeedsReconnect,
                &ctx,
                &account.profile.username,
            ));
        }
        self.units.commit(unit).await
    }

    /// Fetches the profile now (what the worker would fetch next).
    pub async fn refresh(&self, user: UserId, id: AccountId) -> Result<Account, AccountError> {
        let account = self.get(user, id).await?;
        let access = self.access(&account)?;
        match self.instagram.profile(&access.token).await {
            Ok(profile) => {
                self.accounts
                    .update_account_profile(id, &AccountProfile::from(&profile), self.clock.now())
                    .await?;
            }
            Err(InstagramError::TokenInvalid { message }) => {
                self.mark_needs_reconnect(&account, &message).await?;
                return Err(InstagramError::TokenInvalid { message }.into());
            }
            Err(e) => return Err(e.into()),
        }
        self.get(user, id).await
    }

    /// Refreshes tokens nearing expiry. Safe to run on several workers: the
    /// worst case is a token refreshed twice, which Instagram allows.
    pub async fn refresh_due_tokens(&self) -> Result<RefreshReport, AccountsInternal> {
        let now = self.clock.now();
        let due = self
            .account_tokens
            .accounts_due_for_refresh(
                now + self.policy.refresh_when_remaining,
                now - self.policy.min_age_for_refresh,
                100,
            )
            .await?;
        let mut report = RefreshReport::default();
        for account in due {
            if account.token.expires_at <= now {
                self.mark_needs_reconnect(&account, "the access token expired")
                    .await?;
                report.needs_reconnect += 1;
                continue;
            }
            let token = match self.access(&account).map(|a| a.token) {
                Ok(t) => t,
                Err(CipherError::Erased) => {
                    self.mark_needs_reconnect(&account, crate::account::ERASED_TOKEN_DETAIL)
                        .await?;
                    report.needs_reconnect += 1;
                    continue;
                }
                Err(e) => {
                    tracing::warn!(account = %account.id, error = %e, "cannot decrypt an access token");
                    self.mark_needs_reconnect(
                        &account,
                        "the stored token cannot be decrypted with the configured keys",
                    )
                    .await?;
                    report.needs_reconnect += 1;
                    continue;
                }
            };
            match self.instagram.refresh_token(&token).await {
                Ok(long) => {
                    self.store_refreshed(&account, &long, now).await?;
                    report.refreshed += 1;
                }
                Err(InstagramError::TokenInvalid { message }) => {
                    self.mark_needs_reconnect(&account, &message).await?;
                    report.needs_reconnect += 1;
                }
                // Transient trouble: the next run tries again, weeks before expiry.
                Err(_) => report.deferred += 1,
            }
        }
        Ok(report)
    }

    async fn store_refreshed(
        &self,
        account: &Account,
        long: &LongLivedToken,
        now: OffsetDateTime,
    ) -> Result<(), AccountsInternal> {
        let token = AccountToken {
            ciphertext: self
                .cipher
                .encrypt(&long.token, &token_context(account.id))?,
            expires_at: now + long.expires_in,
            refreshed_at: now,
            scopes: long
                .permissions
                .clone()
                .unwrap_or_else(|| account.token.scopes.clone()),
        };
        self.account_tokens
            .update_account_token(account.id, &token)
            .await?;
        Ok(())
    }

    /// Re-encrypts every token made with an older key under the current one.
    /// Returns how many were re-encrypted.
    pub async fn reencrypt_tokens(&self) -> Result<u32, AccountsInternal> {
        let mut done = 0;
        for (id, old) in self.account_tokens.all_account_tokens().await? {
            // An erased (expired) token has nothing to re-encrypt.
            if old.is_erased() || !self.cipher.is_stale(&old) {
                continue;
            }
            let plain: SecretString = self.cipher.decrypt(&old, &token_context(id))?;
            let new: EncryptedToken = self.cipher.encrypt(&plain, &token_context(id))?;
            if self
                .account_tokens
                .replace_token_ciphertext(id, &old, &new)
                .await?
            {
                done += 1;
            }
        }
        Ok(done)
    }
}
