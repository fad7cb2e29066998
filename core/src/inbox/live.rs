//! What an open inbox page is told, and where each account's sync stands:
//! the types and the storage port of "fresh data" (the rules that use them
//! live in `crate::live`, which depends on this module and not back).
//!
//! An event is a pointer, never content: its kind, the account, the
//! Instagram id of what changed, and when. The page fetches the row itself
//! through the usual owner-checked reads.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::UserId;
use crate::account::AccountId;
use crate::store_error::StoreResult;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveKind {
    /// A comment, reply or mention arrived (webhook).
    Comment,
    /// A direct message arrived or was sent elsewhere (webhook).
    Message,
    /// A sync of the account finished: everything may have changed.
    Synced,
}

impl LiveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LiveKind::Comment => "comment",
            LiveKind::Message => "message",
            LiveKind::Synced => "synced",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "comment" => Some(LiveKind::Comment),
            "message" => Some(LiveKind::Message),
            "synced" => Some(LiveKind::Synced),
            _ => None,
        }
    }
}

/// An event to record. Its owner is the account's owner: only that user's
/// streams ever see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLiveEvent {
    pub owner: UserId,
    pub account: AccountId,
    pub kind: LiveKind,
    /// Instagram's id of the comment or message (none for a sync).
    pub item: Option<String>,
    pub at: OffsetDateTime,
}

/// A recorded event with its place in the per-user sequence. Sequence
/// numbers grow across all users (one counter), so a stream remembers the
/// last one it sent and asks for what came after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub seq: u64,
    pub owner: UserId,
    pub account: AccountId,
    pub kind: LiveKind,
    pub item: Option<String>,
    pub at: OffsetDateTime,
}

/// Where an account's inbox sync stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncState {
    pub account: AccountId,
    /// A full sync was asked for (the account was just connected) and has
    /// not completed yet.
    pub requested_at: Option<OffsetDateTime>,
    /// A process is running a sync since then (a lease: a crashed process's
    /// claim runs out).
    pub started_at: Option<OffsetDateTime>,
    /// The last sync that completed.
    pub finished_at: Option<OffsetDateTime>,
}

/// The events and sync states.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait LiveRepo: Send + Sync {
    /// Records an event; the store gives it the next sequence number.
    /// Refused (`Conflict`) when the account does not exist.
    async fn insert_live_event(&self, event: &NewLiveEvent) -> StoreResult<()>;
    /// The owner's events after `after`, oldest first, at most `limit`.
    async fn live_events_after(
        &self,
        owner: UserId,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<LiveEvent>>;
    /// The owner's newest sequence number (0 when there is none): where a
    /// stream that just opened starts.
    async fn latest_live_seq(&self, owner: UserId) -> StoreResult<u64>;
    /// Deletes events recorded before `before`; returns how many.
    async fn purge_live_events(&self, before: OffsetDateTime) -> StoreResult<u64>;
    /// Marks a full sync of the account as asked for.
    async fn request_inbox_sync(&self, account: AccountId, at: OffsetDateTime) -> StoreResult<()>;
    /// Claims the account's sync for one process, atomically: true when no
    /// claim newer than `stale_before` exists (then `started_at = now`).
    async fn claim_inbox_sync(
        &self,
        account: AccountId,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// Releases the claim; a `complete` sync also records `finished_at` and
    /// clears the request.
    async fn finish_inbox_sync(
        &self,
        account: AccountId,
        now: OffsetDateTime,
        complete: bool,
    ) -> StoreResult<()>;
    /// The sync states of the owner's accounts (accounts never tracked are
    /// absent).
    async fn inbox_sync_states(&self, owner: UserId) -> StoreResult<Vec<SyncState>>;
    /// Every tracked account's sync state (the worker's schedule).
    async fn all_inbox_sync_states(&self) -> StoreResult<Vec<SyncState>>;
}
