//! A short-lived, bounded, in-process cache of "this session cookie or API
//! token belongs to this user", so an authenticated request does not read
//! the session (or token) and the user from the database every time.
//!
//! # What keeps it safe
//!
//! - **Only positive answers are cached**, and only for [`AUTH_CACHE_TTL`]
//!   (5 s) by the injected clock; unknown secrets always go to the
//!   database, so guessing cannot fill the cache. At most
//!   [`AUTH_CACHE_CAPACITY`] entries are kept.
//! - **A revocation epoch.** Every write that can end or change what an
//!   entry says — logout, session revocation, password change, token
//!   revocation, language or time-zone change, user deletion or erasure —
//!   bumps a process-wide counter *after* it commits ([`note_auth_change`];
//!   the store adapters do it for every such [`Change`] and single write,
//!   [`crate::auth::AuthService`] once more for its own). An entry records
//!   the epoch read *before* its database read and is honoured only while
//!   the epoch is unchanged, so a request that read the old row while the
//!   revocation committed cannot put it back: the next request in this
//!   process after a revocation always asks the database.
//! - **Several server processes** (scale-out on one MariaDB) do not see
//!   each other's epoch: a revocation made on another process takes effect
//!   here within [`AUTH_CACHE_TTL`]. The live checks (absolute lifetime,
//!   idle timeout) run on every request against the cached session.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use time::{Duration, OffsetDateTime};

use crate::crypto::TokenDigest;
use crate::session::Session;
use crate::token::ApiToken;
use crate::unit_of_work::Change;
use crate::user::User;

/// How long a cached answer is used: also the bound after which a
/// revocation made by another server process takes effect in this one.
pub const AUTH_CACHE_TTL: Duration = Duration::seconds(5);

/// Most entries kept (one per live session or token in use).
pub const AUTH_CACHE_CAPACITY: usize = 4096;

static AUTH_EPOCH: AtomicU64 = AtomicU64::new(0);

/// The process's revocation epoch: read it before a database read whose
/// answer is to be cached.
pub fn auth_epoch() -> u64 {
    AUTH_EPOCH.load(Ordering::Acquire)
}

/// Called after a write that can end a session or token, or change a user,
/// has committed: every cached answer of this process is void from now on.
pub fn note_auth_change() {
    AUTH_EPOCH.fetch_add(1, Ordering::AcqRel);
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

    /// The cached answer for a secret's digest, if still usable at `now`.
    pub fn get(&self, digest: &TokenDigest, now: OffsetDateTime) -> Option<(User, Credential)> {
        let epoch = auth_epoch();
        let mut map = self.lock();
        let usable = map.get(digest)?.usable(now, epoch, self.ttl);
        if !usable {
            map.remove(digest);
            return None;
        }
        map.get(digest)
            .map(|e| (e.user.clone(), e.credential.clone()))
    }

    /// Remembers an answer read from the database. `epoch` is
    /// [`auth_epoch`] read before that read: if a revocation committed
    /// since, nothing is stored.
    pub fn put(
        &self,
        digest: TokenDigest,
        user: User,
        credential: Credential,
        stored_at: OffsetDateTime,
        epoch: u64,
    ) {
        if epoch != auth_epoch() || self.ttl <= Duration::ZERO {
            return;
        }
        let ttl = self.ttl;
        let mut map = self.lock();
        if map.len() >= self.capacity && !map.contains_key(&digest) {
            let current = auth_epoch();
            map.retain(|_, e| e.usable(stored_at, current, ttl));
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
