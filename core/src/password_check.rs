//! Every password check - logging in, and re-entering the password to
//! change it or to delete the account - goes through [`PasswordCheck`],
//! which counts it against brute force before bcrypt runs.
//!
//! The attempt is reserved first, under the username and under the client
//! IP, in one atomic storage step that also counts the attempts in the
//! window. Only attempts within the limits reach the hasher; a wrong
//! password leaves its reservation as the failure, a right one or a refusal
//! withdraws it. So parallel guesses cannot all read "few failures" before
//! any of them is recorded.
//!
//! A right password's own writes (clearing the username's failures,
//! withdrawing the address's reservation) are handed back as [`Verified`],
//! so a use case commits them in the unit of work that records what the
//! password allowed (the session, the new password, the erasure).

use std::sync::Arc;

use secrecy::SecretString;
use time::Duration;

use crate::Clock;
use crate::password::{HashError, PasswordHash, PasswordHasher};
use crate::store_error::StoreError;
use crate::throttle::{
    LoginAttemptId, LoginThrottleRepo, ReservedAttempt, ThrottleKey, ThrottlePolicy,
};
use crate::unit_of_work::Change;

/// Failures of the machinery rather than of the user's input.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The password is wrong; the caller waits `delay` before answering.
    #[error("wrong password")]
    Wrong { delay: Duration },
    /// Too many recent failures for the username or the IP; the password
    /// was not checked.
    #[error("too many failed attempts; try again later")]
    Throttled { retry_after: Duration },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<StoreError> for CheckError {
    fn from(e: StoreError) -> Self {
        CheckError::Internal(e.into())
    }
}

/// A right password whose success is not written yet: the changes that
/// clear the username's failures and withdraw the address's reservation.
/// Commit them with the use case's own writes; left uncommitted, the
/// attempt only counts as one failure more.
#[derive(Debug)]
#[must_use = "the check's writes go into the use case's unit of work"]
pub struct Verified {
    /// The username's failures, cleared by the right password.
    username_key: String,
    /// The address's reservation, withdrawn (its failures stay).
    address_attempt: LoginAttemptId,
}

impl Verified {
    pub fn into_changes(self) -> Vec<Change> {
        vec![
            Change::ClearLoginFailures(self.username_key),
            Change::ReleaseLoginAttempt(self.address_attempt),
        ]
    }
}

#[derive(Clone)]
pub struct PasswordCheck {
    throttle: Arc<dyn LoginThrottleRepo>,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
    policy: ThrottlePolicy,
}

impl PasswordCheck {
    pub fn new(
        throttle: Arc<dyn LoginThrottleRepo>,
        hasher: Arc<dyn PasswordHasher>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            throttle,
            hasher,
            clock,
            policy: ThrottlePolicy::default(),
        }
    }

    pub fn with_policy(mut self, policy: ThrottlePolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn policy(&self) -> &ThrottlePolicy {
        &self.policy
    }

    /// A valid hash nobody's password matches (for unknown usernames).
    pub fn dummy_hash(&self) -> PasswordHash {
        self.hasher.dummy_hash()
    }

    /// Checks `password` against `hash`, counted under `username` (as
    /// typed) and `ip`, and writes the success at once. Pass the dummy hash
    /// for unknown usernames, so they cost the same time and are counted
    /// the same way.
    pub async fn check(
        &self,
        username: &str,
        ip: &str,
        password: &SecretString,
        hash: &PasswordHash,
    ) -> Result<(), CheckError> {
        let verified = self.verify(username, ip, password, hash).await?;
        self.throttle
            .clear_login_failures(&verified.username_key)
            .await?;
        self.throttle
            .release_login_attempt(verified.address_attempt)
            .await?;
        Ok(())
    }

    /// As [`PasswordCheck::check`], but a right password's writes are
    /// returned for the caller's unit of work instead of written.
    pub async fn verify(
        &self,
        username: &str,
        ip: &str,
        password: &SecretString,
        hash: &PasswordHash,
    ) -> Result<Verified, CheckError> {
        let now = self.clock.now();
        let since = now - self.policy.window;
        let user_key = ThrottleKey::Username(username.to_string()).storage_key();
        let ip_key = ThrottleKey::Ip(ip.to_string()).storage_key();

        let user = self
            .throttle
            .reserve_login_attempt(&user_key, now, since)
            .await?;
        let ip_attempt = match self
            .throttle
            .reserve_login_attempt(&ip_key, now, since)
            .await
        {
            Ok(a) => a,
            Err(e) => {
                self.release(&[user]).await;
                return Err(e.into());
            }
        };
        let over = |a: &ReservedAttempt, limit: usize| a.count > limit as u64;
        let user_over = over(&user, self.policy.username_limit);
        let ip_over = over(&ip_attempt, self.policy.ip_limit);
        if user_over || ip_over {
            // A refused attempt is not a failure.
            self.release(&[user, ip_attempt]).await;
            let mut wait = Duration::ZERO;
            if user_over {
                let failures = self.throttle.login_failures_since(&user_key, since).await?;
                wait = wait.max(self.policy.retry_after(
                    now,
                    &failures,
                    self.policy.username_limit,
                ));
            }
            if ip_over {
                let failures = self.throttle.login_failures_since(&ip_key, since).await?;
                wait = wait.max(
                    self.policy
                        .retry_after(now, &failures, self.policy.ip_limit),
                );
            }
            return Err(CheckError::Throttled { retry_after: wait });
        }

        let ok = match self.hasher.verify(password, hash).await {
            Ok(ok) => ok,
            Err(e) => {
                // The machinery failed; the user did not guess wrong.
                self.release(&[user, ip_attempt]).await;
                return Err(InternalError::from(e).into());
            }
        };
        if !ok {
            let failures = user.count.max(ip_attempt.count);
            return Err(CheckError::Wrong {
                delay: self
                    .policy
                    .delay_after_failure(usize::try_from(failures).unwrap_or(usize::MAX)),
            });
        }
        // The right password clears the username's failures (its own
        // reservation with them) but not the address's.
        Ok(Verified {
            username_key: user_key,
            address_attempt: ip_attempt.id,
        })
    }

    /// Best effort on an error path: a reservation left behind only counts
    /// as one failure more.
    async fn release(&self, attempts: &[ReservedAttempt]) {
        for a in attempts {
            if let Err(e) = self.throttle.release_login_attempt(a.id).await {
                tracing::warn!(error = %e, "cannot withdraw a login attempt");
            }
        }
    }
}
