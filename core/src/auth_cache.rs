//! A short-lived, bounded, in-process cache of "this session cookie or API
//! token belongs to this user", so an authenticated request does not read
//! the session (or token) and the user from the database every time.
//!
//! # What keeps it safe
//!
//! - **Only positive answers are cached**, and only for [`AUTH_CACHE_TTL`]
//!   (5 s by default) by the injected clock; unknown secrets always go to
//!   the database, so guessing cannot fill the cache. At most
//!   [`AUTH_CACHE_CAPACITY`] entries are kept.
//! - **A shared revocation epoch** ([`AuthEpochRepo`]): a one-row counter in
//!   the database, bumped *in the same transaction* as every write that can
//!   end or change what an entry says — logout, session revocation,
//!   password change or reset, token revocation, language or time-zone
//!   change, user deletion or erasure (the store adapters do it for every
//!   such [`Change`] and single write; a backup restore bumps it too). Every
//!   request reads it (one primary-key read); an entry records the epoch
//!   read *before* its database read and is honoured only while the epoch
//!   is unchanged. So a request that read the old row while a revocation
//!   committed cannot put it back, and the next request on **any** server
//!   process sharing the database after a revocation asks the database.
//! - The live checks (absolute lifetime, idle timeout) run on every request
//!   against the cached session.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use time::{Duration, OffsetDateTime};

use crate::crypto::TokenDigest;
use crate::session::Session;
use crate::store_error::StoreResult;
use crate::token::ApiToken;
use crate::unit_of_work::Change;
use crate::user::User;

/// How long a cached answer is used at most (the shared epoch voids it at
/// once on a revocation; the lifetime bounds how stale a user's name or
/// role read by it may be).
pub const AUTH_CACHE_TTL: Duration = Duration::seconds(5);

/// Most entries kept (one per live session or token in use).
pub const AUTH_CACHE_CAPACITY: usize = 4096;

/// The shared revocation epoch: a number every server process sharing the
/// database sees, grown in the same transaction as each write for which
/// [`ends_or_changes_auth`] holds (and its single-write equivalents).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AuthEpochRepo: Send + Sync {
    /// The current epoch (one primary-key read).
    async fn auth_epoch(&self) -> StoreResult<u64>;
}

/// Whether committing `change` must void cached authentication answers.
pub fn ends_or_changes_auth(change: &Change) -> bool {
    matches!(
        change,
        Change::DeleteUser(_)
            | Change::EraseUser { .. }
            | Change::SetPassword { .. }
            | Change::SetLanguage { .. }
            | Change::SetTimeZone { .. }
            | Change::DeleteSession(_)
            | Change::DeleteUserSessions { .. }
            | Change::DeleteApiToken { .. }
    )
}

/// What a cookie or a token resolved to.
#[derive(Debug, Clone)]
pub enum Credential {
    Session(Session),
    Token(ApiToken),
}

#[derive(Debug)]
struct Entry {
    user: User,
    credential: Credential,
    stored_at: OffsetDateTime,
    epoch: u64,
}

impl Entry {
    fn usable(&self, now: OffsetDateTime, epoch: u64, ttl: Duration) -> bool {
        self.epoch == epoch && self.stored_at <= now && now < self.stored_at + ttl
    }
}

/// The cache; see the module documentation.
#[derive(Debug)]
pub struct AuthCache {
    entries: Mutex<HashMap<TokenDigest, Entry>>,
    ttl: Duration,
    capacity: usize,
}

impl Default for AuthCache {
    fn default() -> Self {
        Self::new(AUTH_CACHE_TTL, AUTH_CACHE_CAPACITY)
    }
}

impl AuthCache {
    /// A cache with its own lifetime and size (a zero lifetime or capacity
    /// caches nothing).
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            ttl,
            capacity,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<TokenDigest, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether answers are kept at all (a zero lifetime or capacity keeps
    /// none: then the epoch need not be read).
    pub fn enabled(&self) -> bool {
        self.ttl > Duration::ZERO && self.capacity > 0
    }

    /// The cached answer for a secret's digest, if still usable at `now`
    /// with the shared epoch just read.
    pub fn get(
        &self,
        digest: &TokenDigest,
        now: OffsetDateTime,
        epoch: u64,
    ) -> Option<(User, Credential)> {
        let mut map = self.lock();
        let usable = map.get(digest)?.usable(now, epoch, self.ttl);
        if !usable {
            map.remove(digest);
            return None;
        }
        map.get(digest)
            .map(|e| (e.user.clone(), e.credential.clone()))
    }

    /// Remembers an answer read from the database. `epoch` is the shared
    /// epoch read before that read: if a revocation committed since, the
    /// epoch differs and the entry is never used.
    pub fn put(
        &self,
        digest: TokenDigest,
        user: User,
        credential: Credential,
        stored_at: OffsetDateTime,
        epoch: u64,
    ) {
        if !self.enabled() {
            return;
        }
        let ttl = self.ttl;
        let mut map = self.lock();
        if map.len() >= self.capacity && !map.contains_key(&digest) {
            map.retain(|_, e| e.usable(stored_at, epoch, ttl));
            if map.len() >= self.capacity {
                return;
            }
        }
        map.insert(
            digest,
            Entry {
                user,
                credential,
                stored_at,
                epoch,
            },
        );
    }

    /// Drops one entry (its session or token was ended here).
    pub fn forget(&self, digest: &TokenDigest) {
        self.lock().remove(digest);
    }

    /// Entries held, usable or not.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
#[path = "auth_cache_tests.rs"]
mod tests;
