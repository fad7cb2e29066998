//! Authentication use cases: logging in and out, recognising a session
//! cookie or a personal API token, and changing one's password.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use time::Duration;

use crate::audit::{AuditEvent, AuditKind, AuditRepo};
use crate::auth_cache::{AuthCache, AuthEpochRepo, Credential};
use crate::crypto::SecretMinter;
use crate::password::{NewPassword, PasswordHasher, PasswordPolicyError};
pub use crate::password_check::InternalError;
use crate::password_check::{CheckError, PasswordCheck};
use crate::session::SessionRepo;
use crate::session::{Session, SessionPolicy};
use crate::store_error::StoreError;
use crate::throttle::{LoginThrottleRepo, ThrottlePolicy};
use crate::token::{
    API_TOKEN_PREFIX, ApiToken, ApiTokenId, ApiTokenRepo, TokenNameError, parse_token_name,
};
use crate::unit_of_work::{Change, UnitOfWork};
use crate::user::UserRepo;
use crate::{Clock, RequestContext, User, UserId, Username};

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong username or password. The caller waits `delay` before answering.
    #[error("wrong username or password")]
    InvalidCredentials { delay: Duration },
    #[error("too many failed attempts; try again later")]
    Throttled { retry_after: Duration },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordChangeError {
    /// The caller waits `delay` before answering (as for a login).
    #[error("the current password is wrong")]
    WrongCurrentPassword { delay: Duration },
    /// Too many wrong passwords for this user or address lately; the
    /// password was not checked.
    #[error("too many failed attempts; try again later")]
    Throttled { retry_after: Duration },
    #[error(transparent)]
    Policy(#[from] PasswordPolicyError),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error(transparent)]
    Name(#[from] TokenNameError),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<StoreError> for LoginError {
    fn from(e: StoreError) -> Self {
        LoginError::Internal(e.into())
    }
}
impl From<StoreError> for PasswordChangeError {
    fn from(e: StoreError) -> Self {
        PasswordChangeError::Internal(e.into())
    }
}
impl From<StoreError> for TokenError {
    fn from(e: StoreError) -> Self {
        TokenError::Internal(e.into())
    }
}

/// A successful login: the user and the secret for their session cookie.
pub struct LoggedIn {
    pub user: User,
    pub session_secret: SecretString,
    pub session: Session,
}

/// The repositories authentication uses.
#[derive(Clone)]
pub struct AuthStorage {
    pub users: Arc<dyn UserRepo>,
    pub sessions: Arc<dyn SessionRepo>,
    pub tokens: Arc<dyn ApiTokenRepo>,
    pub audit: Arc<dyn AuditRepo>,
    /// For the password check's failure counts.
    pub throttle: Arc<dyn LoginThrottleRepo>,
    /// Every use case's writes, with their audit event, in one unit.
    pub units: Arc<dyn UnitOfWork<Change>>,
    /// The shared revocation epoch the cache is checked against.
    pub epochs: Arc<dyn AuthEpochRepo>,
}

#[derive(Clone)]
pub struct AuthService {
    users: Arc<dyn UserRepo>,
    sessions: Arc<dyn SessionRepo>,
    tokens: Arc<dyn ApiTokenRepo>,
    audit: Arc<dyn AuditRepo>,
    units: Arc<dyn UnitOfWork<Change>>,
    epochs: Arc<dyn AuthEpochRepo>,
    hasher: Arc<dyn PasswordHasher>,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
    check: PasswordCheck,
    session_policy: SessionPolicy,
    /// Recent session and token answers (see [`crate::auth_cache`]).
    cache: Arc<AuthCache>,
}

impl AuthService {
    pub fn new(
        storage: AuthStorage,
        hasher: Arc<dyn PasswordHasher>,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let check = PasswordCheck::new(storage.throttle, hasher.clone(), clock.clone());
        Self {
            users: storage.users,
            sessions: storage.sessions,
            tokens: storage.tokens,
            audit: storage.audit,
            units: storage.units,
            epochs: storage.epochs,
            hasher,
            minter,
            clock,
            check,
            session_policy: SessionPolicy::default(),
            cache: Arc::new(AuthCache::default()),
        }
    }

    /// Uses another cache (tests give a zero-lifetime one to measure the
    /// uncached path).
    pub fn with_cache(mut self, cache: Arc<AuthCache>) -> Self {
        self.cache = cache;
        self
    }

    pub fn with_throttle(mut self, policy: ThrottlePolicy) -> Self {
        self.check = self.check.with_policy(policy);
        self
    }

    /// The throttled password check, shared with the other places that
    /// ask for the password again (deleting the account).
    pub fn password_check(&self) -> &PasswordCheck {
        &self.check
    }

    /// The stored form of a session cookie's secret (binds OAuth flows to
    /// the session that started them).
    pub fn session_digest(&self, secret: &str) -> crate::crypto::TokenDigest {
        self.minter.digest(secret)
    }

    pub fn session_policy(&self) -> &SessionPolicy {
        &self.session_policy
    }

    async fn audit(
        &self,
        user: Option<UserId>,
        kind: AuditKind,
        ctx: &RequestContext,
        detail: &str,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::new(self.clock.now(), user, kind, ctx, detail);
        self.audit.insert_audit(&event).await
    }

    fn audit_change(
        &self,
        user: UserId,
        kind: AuditKind,
        ctx: &RequestContext,
        detail: &str,
    ) -> Change {
        Change::InsertAudit(AuditEvent::new(
            self.clock.now(),
            Some(user),
            kind,
            ctx,
            detail,
        ))
    }

    /// Checks a username and password; on success opens a session.
    pub async fn login(
        &self,
        username: &str,
        password: &SecretString,
        ctx: &RequestContext,
    ) -> Result<LoggedIn, LoginError> {
        let user = match Username::parse(username) {
            // A shared workspace's row is not a person: it never signs in.
            Ok(name) => self
                .users
                .user_by_username(&name)
                .await?
                .filter(|u| !u.is_workspace()),
            Err(_) => None,
        };
        let known_id = user.as_ref().map(|u| u.id);
        let detail = sanitize_attempted_username(username);
        // Spend bcrypt time on unknown users too, so timing reveals nothing.
        let hash = user
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| self.check.dummy_hash());
        let (verified, wrong) = match self.check.verify(username, &ctx.ip, password, &hash).await {
            Ok(v) => (Some(v), None),
            Err(CheckError::Wrong { delay }) => (None, Some(delay)),
            Err(CheckError::Throttled { retry_after }) => {
                self.audit(known_id, AuditKind::LoginThrottled, ctx, &detail)
                    .await?;
                return Err(LoginError::Throttled { retry_after });
            }
            Err(CheckError::Internal(e)) => return Err(LoginError::Internal(e)),
        };
        // An unknown username never logs in, even if the dummy hash matched
        // (then its reservations are left to count as failures).
        let (Some(user), Some(verified)) = (user, verified) else {
            self.audit(known_id, AuditKind::LoginFailed, ctx, &detail)
                .await?;
            return Err(LoginError::InvalidCredentials {
                delay: wrong.unwrap_or(Duration::ZERO),
            });
        };

        let now = self.clock.now();
        let secret = self.minter.mint();
        let session = Session {
            digest: self.minter.digest(secret.expose_secret()),
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            expires_at: now + self.session_policy.lifetime,
            ip: ctx.ip.clone(),
            user_agent: ctx.user_agent.clone(),
        };
        // The session, its audit event and the cleared failures: one unit.
        let mut changes = vec![
            Change::InsertSession(session.clone()),
            self.audit_change(user.id, AuditKind::LoginSucceeded, ctx, ""),
        ];
        changes.extend(verified.into_changes());
        self.units.commit(changes).await?;
        Ok(LoggedIn {
            user,
            session_secret: secret,
            session,
        })
    }

    /// The user behind a session cookie, if the session is live. Expired
    /// sessions are deleted on sight. A recent answer comes from the
    /// cache; the session's lifetime is checked either way.
    pub async fn session_user(&self, secret: &str) -> Result<Option<(User, Session)>, StoreError> {
        let digest = self.minter.digest(secret);
        let now = self.clock.now();
        let epoch = self.shared_epoch().await?;
        if let Some((user, Credential::Session(session))) =
            epoch.and_then(|e| self.cache.get(&digest, now, e))
        {
            if session.is_live(now, &self.session_policy) {
                if session.needs_touch(now, &self.session_policy) {
                    // The next request reads the touched row afresh (an
                    // entry's lifetime is never extended without a read).
                    self.sessions.touch_session(&digest, now).await?;
                    self.cache.forget(&digest);
                }
                return Ok(Some((user, session)));
            }
            self.cache.forget(&digest);
        }
        let Some(session) = self.sessions.session_by_digest(&digest).await? else {
            return Ok(None);
        };
        if !session.is_live(now, &self.session_policy) {
            self.sessions.delete_session(&digest).await?;
            return Ok(None);
        }
        let mut cached = session.clone();
        if session.needs_touch(now, &self.session_policy) {
            self.sessions.touch_session(&digest, now).await?;
            cached.last_seen_at = now;
        }
        let user = self.users.user_by_id(session.user_id).await?;
        if let (Some(u), Some(epoch)) = (&user, epoch) {
            self.cache
                .put(digest, u.clone(), Credential::Session(cached), now, epoch);
        }
        Ok(user.map(|u| (u, session)))
    }

    /// Whether the session behind a cookie is still live, without
    /// touching it: a page left open (its event stream) must not keep a
    /// session alive that its user stopped using.
    pub async fn session_alive(&self, secret: &str) -> Result<bool, StoreError> {
        let digest = self.minter.digest(secret);
        Ok(self
            .sessions
            .session_by_digest(&digest)
            .await?
            .is_some_and(|s| s.is_live(self.clock.now(), &self.session_policy)))
    }

    /// Ends the session behind a cookie.
    pub async fn logout(&self, secret: &str, ctx: &RequestContext) -> Result<(), StoreError> {
        let digest = self.minter.digest(secret);
        if let Some(session) = self.sessions.session_by_digest(&digest).await? {
            self.units
                .commit(vec![
                    Change::DeleteSession(digest.clone()),
                    self.audit_change(session.user_id, AuditKind::Logout, ctx, ""),
                ])
                .await?;
        }
        self.cache.forget(&digest);
        Ok(())
    }

    /// The user behind an `Authorization: Bearer` personal token. A recent
    /// answer comes from the cache.
    pub async fn bearer_user(&self, secret: &str) -> Result<Option<User>, StoreError> {
        if !secret.starts_with(API_TOKEN_PREFIX) {
            return Ok(None);
        }
        let digest = self.minter.digest(secret);
        let now = self.clock.now();
        let epoch = self.shared_epoch().await?;
        if let Some((user, Credential::Token(token))) =
            epoch.and_then(|e| self.cache.get(&digest, now, e))
        {
            if self.token_stale(&token, now) {
                self.tokens.touch_api_token(token.id, now).await?;
                self.cache.forget(&digest);
            }
            return Ok(Some(user));
        }
        let Some(mut token) = self.tokens.api_token_by_digest(&digest).await? else {
            return Ok(None);
        };
        if self.token_stale(&token, now) {
            self.tokens.touch_api_token(token.id, now).await?;
            token.last_used_at = Some(now);
        }
        let user = self.users.user_by_id(token.user_id).await?;
        if let (Some(u), Some(epoch)) = (&user, epoch) {
            self.cache
                .put(digest, u.clone(), Credential::Token(token), now, epoch);
        }
        Ok(user)
    }

    /// The shared revocation epoch, read before anything else a request
    /// reads; `None` when the cache is off (nothing to check it against).
    async fn shared_epoch(&self) -> Result<Option<u64>, StoreError> {
        if !self.cache.enabled() {
            return Ok(None);
        }
        self.epochs.auth_epoch().await.map(Some)
    }

    /// Whether a token's last-use time is due to be written.
    fn token_stale(&self, token: &ApiToken, now: time::OffsetDateTime) -> bool {
        token
            .last_used_at
            .is_none_or(|t| now - t >= self.session_policy.touch_interval)
    }

    /// Creates a personal API token. The secret is returned once and only
    /// its digest is stored.
    pub async fn create_api_token(
        &self,
        owner: UserId,
        name: &str,
        ctx: &RequestContext,
    ) -> Result<(ApiToken, SecretString), TokenError> {
        let name = parse_token_name(name)?;
        let secret: SecretString =
            format!("{API_TOKEN_PREFIX}{}", self.minter.mint().expose_secret()).into();
        let token = ApiToken {
            id: ApiTokenId(uuid::Uuid::now_v7()),
            user_id: owner,
            name: name.clone(),
            digest: self.minter.digest(secret.expose_secret()),
            created_at: self.clock.now(),
            last_used_at: None,
        };
        self.units
            .commit(vec![
                Change::InsertApiToken(token.clone()),
                self.audit_change(owner, AuditKind::ApiTokenCreated, ctx, &name),
            ])
            .await?;
        Ok((token, secret))
    }

    pub async fn list_api_tokens(&self, owner: UserId) -> Result<Vec<ApiToken>, StoreError> {
        self.tokens.list_api_tokens(owner).await
    }

    /// Revokes one of the owner's tokens; `false` if it is not theirs.
    pub async fn revoke_api_token(
        &self,
        owner: UserId,
        id: ApiTokenId,
        ctx: &RequestContext,
    ) -> Result<bool, StoreError> {
        let unit = vec![
            Change::DeleteApiToken { owner, id },
            self.audit_change(owner, AuditKind::ApiTokenRevoked, ctx, &id.0.to_string()),
        ];
        match self.units.commit(unit).await {
            Ok(()) => Ok(true),
            // Not the owner's token (or gone already): nothing was written.
            Err(StoreError::Conflict) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Changes a password after checking the current one, and ends every
    /// other session of the user.
    pub async fn change_password(
        &self,
        user: &User,
        current: &SecretString,
        new: SecretString,
        keep_session: Option<&str>,
        ctx: &RequestContext,
    ) -> Result<(), PasswordChangeError> {
        let verified = match self
            .check
            .verify(
                user.username.as_str(),
                &ctx.ip,
                current,
                &user.password_hash,
            )
            .await
        {
            Ok(v) => v,
            Err(CheckError::Wrong { delay }) => {
                return Err(PasswordChangeError::WrongCurrentPassword { delay });
            }
            Err(CheckError::Throttled { retry_after }) => {
                return Err(PasswordChangeError::Throttled { retry_after });
            }
            Err(CheckError::Internal(e)) => return Err(PasswordChangeError::Internal(e)),
        };
        let new = NewPassword::parse(new)?;
        let hash = self
            .hasher
            .hash(new.secret())
            .await
            .map_err(InternalError::from)?;
        // One unit: the new password never leaves the other sessions open,
        // and is never set without its audit event.
        let keep = keep_session.map(|s| self.minter.digest(s));
        let mut changes = vec![
            Change::SetPassword {
                user: user.id,
                hash,
                at: self.clock.now(),
            },
            Change::DeleteUserSessions {
                user: user.id,
                keep,
            },
            self.audit_change(user.id, AuditKind::PasswordChanged, ctx, ""),
        ];
        changes.extend(verified.into_changes());
        self.units.commit(changes).await?;
        Ok(())
    }
}

/// What of an attempted username goes into the audit log: short, printable.
fn sanitize_attempted_username(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).take(64).collect()
}
