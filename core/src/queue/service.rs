//! The queue's use cases: an account's weekly slots (set, suggested), "add
//! to queue" (the next free slot, safe under concurrent requests), the
//! upcoming slots, and the account's subscribable calendar feed.

use std::collections::BTreeSet;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

use super::ports::{CalendarFeed, CalendarFeedRepo, MAX_TAKEN, QueueRepo, TAKING_STATES};
use super::schedule::{self, NoFreeSlot, SEARCH_DAYS, VIEW_DAYS};
use super::slots::{QueueSlot, RawSlot, SlotProblem, check_slots, merge_slots};
use super::suggest::{Suggestions, suggest};
use crate::account::{Account, AccountId, AccountRepo};
use crate::analytics::{AudienceRepo, heatmap, local_hours};
use crate::crypto::SecretMinter;
use crate::posts::{Change, Post, PostError, PostFilter, PostId, PostProblem, PostService};
use crate::store_error::StoreError;
use crate::user::UserRepo;
use crate::{Clock, RequestContext, User, UserId};

/// How many times "add to queue" looks again after another request took
/// the slot it chose. Each retry reads the taken times afresh, so it moves
/// past every slot taken meanwhile; 25 requests at once need at most 24.
const MAX_ATTEMPTS: usize = 64;

/// The calendar feed shows published posts this far back.
pub const FEED_PAST_DAYS: i64 = 30;
/// At most this many posts in a feed.
pub const FEED_MAX_POSTS: u32 = 500;

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// No such account among the user's.
    #[error("no such account")]
    AccountNotFound,
    #[error("the slots have problems")]
    InvalidSlots(Vec<SlotProblem>),
    #[error(transparent)]
    NoFreeSlot(#[from] NoFreeSlot),
    /// The post cannot be scheduled (invalid, not editable, not found…).
    #[error(transparent)]
    Post(#[from] PostError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One upcoming slot and the post that fills it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct UpcomingSlot {
    pub at: OffsetDateTime,
    /// `at` on the user's clock.
    pub local: PrimitiveDateTime,
    pub post: Option<Post>,
}

/// What a calendar feed shows: the account and its posts.
#[derive(Debug, Clone)]
pub struct FeedContent {
    /// The owner (their language names the events).
    pub owner: User,
    pub account: Account,
    pub posts: Vec<Post>,
}

/// The repositories the queue uses.
#[derive(Clone)]
pub struct QueueStorage {
    pub slots: Arc<dyn QueueRepo>,
    pub feeds: Arc<dyn CalendarFeedRepo>,
    pub accounts: Arc<dyn AccountRepo>,
    pub audience: Arc<dyn AudienceRepo>,
    pub users: Arc<dyn UserRepo>,
}

#[derive(Clone)]
pub struct QueueService {
    storage: QueueStorage,
    posts: PostService,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
}

impl QueueService {
    pub fn new(
        storage: QueueStorage,
        posts: PostService,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            storage,
            posts,
            minter,
            clock,
        }
    }

    async fn account(&self, owner: UserId, id: AccountId) -> Result<Account, QueueError> {
        self.storage
            .accounts
            .account(owner, id)
            .await?
            .ok_or(QueueError::AccountNotFound)
    }

    pub async fn slots(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<QueueSlot>, QueueError> {
        self.account(owner, account).await?;
        Ok(self.storage.slots.queue_slots(owner, account).await?)
    }

    /// Replaces the account's slots with those sent, every problem at once.
    pub async fn set_slots(
        &self,
        owner: UserId,
        account: AccountId,
        raw: &[RawSlot],
    ) -> Result<Vec<QueueSlot>, QueueError> {
        self.account(owner, account).await?;
        let slots = check_slots(raw).map_err(QueueError::InvalidSlots)?;
        self.replace(owner, account, slots).await
    }

    /// Adds slots (a suggestion taken with one click) to those the account
    /// has; slots it already has are not repeated.
    pub async fn add_slots(
        &self,
        owner: UserId,
        account: AccountId,
        raw: &[RawSlot],
    ) -> Result<Vec<QueueSlot>, QueueError> {
        let existing = self.slots(owner, account).await?;
        let extra = check_slots(raw).map_err(QueueError::InvalidSlots)?;
        let merged: Vec<RawSlot> = merge_slots(&existing, &extra)
            .into_iter()
            .map(RawSlot::from)
            .collect();
        let slots = check_slots(&merged).map_err(QueueError::InvalidSlots)?;
        self.replace(owner, account, slots).await
    }

    async fn replace(
        &self,
        owner: UserId,
        account: AccountId,
        slots: Vec<QueueSlot>,
    ) -> Result<Vec<QueueSlot>, QueueError> {
        if !self
            .storage
            .slots
            .replace_queue_slots(owner, account, &slots)
            .await?
        {
            return Err(QueueError::AccountNotFound);
        }
        Ok(slots)
    }

    /// Slots to offer the user for the account, from its followers' online
    /// hours or, without them, defaults marked as such.
    pub async fn suggestions(
        &self,
        user: &User,
        account: AccountId,
    ) -> Result<Suggestions, QueueError> {
        let existing = self.slots(user.id, account).await?;
        let now = self.clock.now();
        // The heatmap's hours on the user's clock; audiences captured before
        // samples were stored fall back to the per-hour average.
        let by_hour = self
            .storage
            .audience
            .audience(user.id, account)
            .await?
            .and_then(|a| match heatmap(&a.online_samples, &user.time_zone) {
                Some(map) => Some(map.hour_profile()),
                None => a.online.map(|o| local_hours(&o, &user.time_zone, now)),
            });
        Ok(suggest(by_hour.as_deref(), &existing))
    }

    /// The times the account's other posts take, from `now` over `days`.
    async fn taken(
        &self,
        owner: UserId,
        account: AccountId,
        now: OffsetDateTime,
        days: u32,
        except: Option<PostId>,
    ) -> Result<BTreeSet<OffsetDateTime>, QueueError> {
        // One day more: the last local day may end after `now + days` in UTC.
        let to = now + Duration::days(i64::from(days) + 1);
        Ok(self
            .storage
            .slots
            .taken_times(owner, account, now, to, except, MAX_TAKEN)
            .await?
            .into_iter()
            .collect())
    }

    /// Puts the post into the next free slot of its account: validated like
    /// any scheduling (422 problems come back as [`QueueError::Post`]).
    /// Concurrent requests for one account each get a different slot: the
    /// slot is re-checked inside the transaction that schedules the post,
    /// with the account's writers serialised, and a request that lost the
    /// race looks again.
    pub async fn add_to_queue(
        &self,
        user: &User,
        id: PostId,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<PostProblem>), QueueError> {
        let owner = user.id;
        for _ in 0..MAX_ATTEMPTS {
            let post = self.posts.get(owner, id).await?;
            if !post.state.is_editable() {
                return Err(PostError::NotEditable(post.state).into());
            }
            let account = post.content.account_id;
            let slots = self.storage.slots.queue_slots(owner, account).await?;
            let now = self.clock.now();
            let taken = self
                .taken(owner, account, now, SEARCH_DAYS, Some(id))
                .await?;
            let at = schedule::next_free(&slots, &user.time_zone, now, &taken, SEARCH_DAYS)?;
            let guard = Change::RequireFreeSlot {
                owner,
                account,
                at,
                except: id,
            };
            match self.posts.schedule_guarded(owner, id, at, guard, ctx).await {
                Err(PostError::Conflict) => continue,
                other => return Ok(other?),
            }
        }
        Err(PostError::Conflict.into())
    }

    /// The account's slots over the next [`VIEW_DAYS`] days, each with the
    /// post that takes it.
    pub async fn upcoming(
        &self,
        user: &User,
        account: AccountId,
    ) -> Result<Vec<UpcomingSlot>, QueueError> {
        let slots = self.slots(user.id, account).await?;
        let now = self.clock.now();
        let times = schedule::occurrences(&slots, &user.time_zone, now, VIEW_DAYS);
        let (Some(first), Some(last)) = (times.first(), times.last()) else {
            return Ok(Vec::new());
        };
        let filter = PostFilter {
            account: Some(account),
            states: TAKING_STATES.to_vec(),
            from: Some(*first),
            to: Some(*last + Duration::seconds(1)),
            limit: 1_000,
            accounts: None,
        };
        let posts = self.posts.list(user.id, &filter).await?;
        Ok(times
            .into_iter()
            .map(|at| UpcomingSlot {
                at,
                local: user.time_zone.to_local(at),
                post: posts
                    .iter()
                    .find(|p| p.content.scheduled_at == Some(at))
                    .cloned(),
            })
            .collect())
    }

    /// The account's calendar feed, if it has one.
    pub async fn feed(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Option<CalendarFeed>, QueueError> {
        self.account(owner, account).await?;
        Ok(self.storage.feeds.calendar_feed(owner, account).await?)
    }

    /// Creates the account's feed, or gives it a new secret (the old URL
    /// stops working at once). The secret is returned once; only its
    /// digest is stored.
    pub async fn open_feed(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<SecretString, QueueError> {
        self.account(owner, account).await?;
        let secret = self.minter.mint();
        let feed = CalendarFeed {
            owner,
            account_id: account,
            digest: self.minter.digest(secret.expose_secret()),
            created_at: self.clock.now(),
        };
        if !self.storage.feeds.put_calendar_feed(&feed).await? {
            return Err(QueueError::AccountNotFound);
        }
        Ok(secret)
    }

    /// Revokes the account's feed; false when it had none.
    pub async fn revoke_feed(&self, owner: UserId, account: AccountId) -> Result<bool, QueueError> {
        self.account(owner, account).await?;
        Ok(self
            .storage
            .feeds
            .delete_calendar_feed(owner, account)
            .await?)
    }

    /// What the feed with this secret shows: the account's scheduled posts
    /// and those published in the last [`FEED_PAST_DAYS`] days. `None` for
    /// an unknown or revoked secret.
    pub async fn feed_content(&self, secret: &str) -> Result<Option<FeedContent>, QueueError> {
        // The minter's secrets are short; anything long is not one of ours.
        if secret.is_empty() || secret.len() > 128 {
            return Ok(None);
        }
        let digest = self.minter.digest(secret);
        let Some(feed) = self.storage.feeds.calendar_feed_by_digest(&digest).await? else {
            return Ok(None);
        };
        let Some(account) = self
            .storage
            .accounts
            .account(feed.owner, feed.account_id)
            .await?
        else {
            return Ok(None);
        };
        let Some(owner) = self.storage.users.user_by_id(feed.owner).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        let filter = PostFilter {
            account: Some(account.id),
            states: TAKING_STATES.to_vec(),
            from: Some(now - Duration::days(FEED_PAST_DAYS)),
            to: Some(now + Duration::days(i64::from(self.posts.window().horizon_days()))),
            limit: FEED_MAX_POSTS,
            accounts: None,
        };
        let posts = self.posts.list(feed.owner, &filter).await?;
        Ok(Some(FeedContent {
            owner,
            account,
            posts,
        }))
    }
}
