use async_trait::async_trait;
use time::OffsetDateTime;

use super::{Post, PostId, PostLogEntry, PostState};
use crate::UserId;
use crate::account::AccountId;
use crate::audit::AuditEvent;
use crate::media::MediaId;
use crate::store_error::StoreResult;

/// Which posts a list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PostFilter {
    pub account: Option<AccountId>,
    /// Empty means every state.
    pub states: Vec<PostState>,
    /// Posts scheduled (or, for drafts, created) in `[from, to)`.
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub limit: u32,
    /// Only posts of these accounts (a member limited to some accounts of
    /// the workspace; an empty list matches nothing); `None`: every account.
    pub accounts: Option<Vec<AccountId>>,
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PostRepo: Send + Sync {
    async fn insert_post(&self, post: &Post) -> StoreResult<()>;
    async fn post(&self, owner: UserId, id: PostId) -> StoreResult<Option<Post>>;
    /// Ordered by scheduled time (drafts by creation), oldest first. Rows
    /// that cannot be read back are left out (and logged).
    async fn list_posts(&self, owner: UserId, filter: &PostFilter) -> StoreResult<Vec<Post>>;
    /// Writes the whole post if it is the owner's and its stored version is
    /// still `post.version - 1` (the caller bumps it). False when someone
    /// else wrote first.
    async fn update_post(&self, post: &Post) -> StoreResult<bool>;
    /// Deletes the owner's post if its version is `version`; returns its media.
    async fn delete_post(
        &self,
        owner: UserId,
        id: PostId,
        version: u32,
    ) -> StoreResult<Option<Vec<MediaId>>>;
    /// Deletes the owner's post whatever its version and state; returns its
    /// media, or `None` when there is no such post. Only for a row that
    /// cannot be read back ([`crate::StoreError::Corrupt`]): the user must
    /// still be able to remove it.
    async fn delete_unreadable_post(
        &self,
        owner: UserId,
        id: PostId,
    ) -> StoreResult<Option<Vec<MediaId>>>;
    /// Atomically leases up to `limit` active (or just-published, for the
    /// follow-up steps) posts whose next action is due
    /// and whose lease is free or expired, to `worker` until `lease_until`;
    /// bumps their version. Any number of workers may call this at once.
    async fn claim_due_posts(
        &self,
        now: OffsetDateTime,
        worker: &str,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Post>>;
    /// The worker's write: succeeds only while `worker` holds the lease and
    /// the version is `post.version - 1`; `release` frees the lease.
    async fn save_claimed_post(
        &self,
        post: &Post,
        worker: &str,
        release: bool,
    ) -> StoreResult<bool>;
    /// The heartbeat: moves the lease of a post `worker` holds to
    /// `lease_until`, without bumping the version. False when `worker` no
    /// longer holds it (released, or expired and claimed by another), so two
    /// workers never hold one post.
    async fn renew_post_lease(
        &self,
        id: PostId,
        worker: &str,
        lease_until: OffsetDateTime,
    ) -> StoreResult<bool>;
    async fn append_post_log(&self, entry: &PostLogEntry) -> StoreResult<()>;
    /// The owner's post's log, oldest first (unreadable entries left out).
    async fn post_log(&self, owner: UserId, id: PostId) -> StoreResult<Vec<PostLogEntry>>;
    /// Whether any post (other than `except`) uses the file.
    async fn media_in_use(&self, media: MediaId, except: Option<PostId>) -> StoreResult<bool>;
    /// Uploaded files no post uses, uploaded before `before` (orphans the
    /// retention job deletes), with their owners.
    async fn unused_media(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<(UserId, MediaId)>>;
    /// How many posts are in each state (for monitoring).
    async fn count_posts_by_state(&self) -> StoreResult<Vec<(PostState, u64)>>;
    /// Records `count` Instagram containers created for `account` (by
    /// `post`) at `at`, and forgets the account's records older than
    /// `forget_before` (the cap counts a rolling day).
    async fn record_containers(
        &self,
        account: AccountId,
        post: PostId,
        at: OffsetDateTime,
        count: u32,
        forget_before: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Containers created since `since` for `account`, if it is the owner's
    /// (0 otherwise).
    async fn containers_since(
        &self,
        owner: UserId,
        account: AccountId,
        since: OffsetDateTime,
    ) -> StoreResult<u32>;
}

/// One write of the post use cases, inside a [`UnitOfWork`].
#[derive(Debug, Clone)]
pub enum Change {
    /// As `PostRepo::insert_post`.
    InsertPost(Post),
    /// As `PostRepo::update_post`: the stored version must be
    /// `post.version - 1`, otherwise the whole unit fails with
    /// `StoreError::Conflict` and nothing is written.
    UpdatePost(Post),
    /// As `PostRepo::delete_post`: the owner's post must still be at
    /// `version`, otherwise the unit fails with `StoreError::Conflict`.
    /// Its files are the caller's to release after the commit.
    DeletePost {
        owner: UserId,
        id: PostId,
        version: u32,
    },
    /// As `PostRepo::delete_unreadable_post`: the post must exist.
    DeleteUnreadablePost { owner: UserId, id: PostId },
    /// As `PostRepo::append_post_log`.
    AppendPostLog(PostLogEntry),
    /// As `AuditRepo::insert_audit`.
    InsertAudit(AuditEvent),
    /// As `WebhookOutbox::insert_webhook_event`: the event of what this
    /// unit does, committed with it (outgoing webhooks' outbox).
    RecordWebhookEvent(crate::webhook_events::OutboxEvent),
    /// A check, not a write: the unit fails with `StoreError::Conflict`
    /// when a post of the account other than `except` takes the time `at`
    /// (see `queue::TAKING_STATES`). Checked first, with the account's
    /// writers serialised, so two units never both take one queue slot.
    RequireFreeSlot {
        owner: UserId,
        account: AccountId,
        at: OffsetDateTime,
        except: PostId,
    },
}

/// The post use cases' unit of work: [`crate::unit_of_work::UnitOfWork`]
/// over [`Change`], under the name the post use cases have always used.
/// Every store that commits post changes is one.
pub trait UnitOfWork: crate::unit_of_work::UnitOfWork<Change> {}

impl<T: crate::unit_of_work::UnitOfWork<Change> + ?Sized> UnitOfWork for T {}

/// The mock of the posts' unit of work.
#[cfg(any(test, feature = "mocks"))]
pub type MockUnitOfWork = crate::unit_of_work::MockUnitOfWork<Change>;
