//! Sync: the account's recent posts, their comments and its conversations,
//! fetched through the Instagram port. Incremental where Instagram allows:
//! a post whose comment count has not moved since a recent fetch is not
//! fetched again, nor a conversation with no new message. Everything is
//! fetched again within `full_refresh_after`, well inside the 24 hours the
//! cache may live. Background syncs pause when Instagram's usage headers
//! say the account is near its limit.
//!
//! A sync is not one unit of work: it stores what Instagram answered
//! between calls, in batches of about [`FLUSH_ROWS`] comments (one
//! transaction each, not one per page: a durable commit per 50 rows was
//! the ingest's cost on MariaDB), and flushes what it holds when it stops,
//! so a sync that stops half-way keeps what it fetched (every write is an
//! upsert, so the next run repeats nothing twice).

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use super::service::{InboxError, InboxService};
use super::types::*;
use crate::account::{Account, AccountStatus};
use crate::instagram::{Comment, IgAccess, InstagramError, Message, Page};

/// Who asked: the worker (pauses at 80 % usage to keep headroom for what
/// users do) or a user's "refresh now" (stops only when Instagram refuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncMode {
    Background,
    Requested,
}

/// What one sync did (counts only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub media: u32,
    pub comments: u32,
    /// Posts whose comments were unchanged and fresh, so not fetched.
    pub media_unchanged: u32,
    pub conversations: u32,
    pub messages: u32,
    pub calls: u32,
    /// The sync stopped early to respect Instagram's rate limits.
    pub deferred: bool,
    /// When Instagram said access returns, if it did.
    pub retry_after: Option<Duration>,
}

const PAGE: u32 = 50;
/// At most this many pages of one list per sync (posts, a post's comments,
/// conversations): a list longer than that, or an answer whose cursor
/// never ends, cannot keep a sync (and its calls) going for ever.
pub const MAX_PAGES: u32 = 20;
/// Comments held before they are stored in one write (one transaction):
/// memory stays bounded by this plus one page.
pub const FLUSH_ROWS: usize = 1_000;

/// Why a sync stopped early.
enum Stop {
    /// Near or over the rate limit: the rest waits for the next run.
    Backoff(Option<Duration>),
    Failed(InboxError),
}

impl From<InboxError> for Stop {
    fn from(e: InboxError) -> Self {
        Stop::Failed(e)
    }
}

impl From<crate::StoreError> for Stop {
    fn from(e: crate::StoreError) -> Self {
        Stop::Failed(e.into())
    }
}

struct Run<'a> {
    svc: &'a InboxService,
    account: &'a Account,
    access: IgAccess,
    mode: SyncMode,
    now: OffsetDateTime,
    report: SyncReport,
    /// Comments fetched and not yet stored.
    pending_comments: Vec<CachedComment>,
    /// Posts whose comments are all in `pending_comments` (or stored):
    /// stored after them, so a sync stopped half-way fetches a post's
    /// comments again next time.
    pending_media: Vec<CachedMedia>,
}

impl Run<'_> {
    /// Stores the held comments (one write), tells the hook, then stores
    /// the posts they completed.
    async fn flush(&mut self) -> Result<(), Stop> {
        let rows = std::mem::take(&mut self.pending_comments);
        if !rows.is_empty() {
            self.svc.storage.comments.upsert_comments(&rows).await?;
            self.svc.comments_stored(self.account, &rows).await?;
        }
        if !self.pending_media.is_empty() {
            let media = std::mem::take(&mut self.pending_media);
            self.svc.storage.cached_media.upsert_media(&media).await?;
        }
        // Automation's fallback source sees the comments once their posts
        // are stored too.
        self.svc.synced(self.account, &rows, &[]).await?;
        Ok(())
    }

    /// Before each call: back off when the last answer's usage headers say
    /// the account is near its limit.
    fn check_usage(&self) -> Result<(), Stop> {
        if self.mode == SyncMode::Requested {
            return Ok(());
        }
        match self.svc.instagram().last_usage(&self.account.ig_user_id) {
            Some(u) if u.should_slow_down() => Err(Stop::Backoff(u.regain_access_in)),
            _ => Ok(()),
        }
    }

    async fn call<T>(
        &mut self,
        result: impl Future<Output = Result<T, InstagramError>>,
    ) -> Result<T, Stop> {
        self.check_usage()?;
        self.report.calls += 1;
        match result.await {
            Ok(v) => Ok(v),
            Err(InstagramError::RateLimited { retry_after }) => Err(Stop::Backoff(retry_after)),
            Err(e) => Err(Stop::Failed(
                self.svc.instagram_failed(self.account, e).await,
            )),
        }
    }

    async fn sync(&mut self) -> Result<(), Stop> {
        self.sync_media().await?;
        self.sync_conversations().await
    }

    async fn sync_media(&mut self) -> Result<(), Stop> {
        let ig = self.svc.instagram().clone();
        let access = self.access.clone();
        let limit = self.svc.policy.media_limit;
        let mut items = Vec::new();
        let mut cursor = None;
        for _ in 0..MAX_PAGES {
            let page = self.call(ig.media_page(&access, cursor, PAGE)).await?;
            items.extend(page.items);
            match page.next {
                Some(next) if items.len() < limit => cursor = Some(next),
                _ => break,
            }
        }
        items.truncate(limit);
        let previous: HashMap<String, CachedMedia> = self
            .svc
            .storage
            .cached_media
            .media_of_account(self.account.id)
            .await?
            .into_iter()
            .map(|m| (m.id.clone(), m))
            .collect();
        let stored = self.store_media_items(items, previous).await;
        // What was fetched is kept even when the sync stops half-way.
        let flushed = self.flush().await;
        stored.and(flushed)
    }

    async fn store_media_items(
        &mut self,
        items: Vec<crate::instagram::MediaItem>,
        previous: HashMap<String, CachedMedia>,
    ) -> Result<(), Stop> {
        let stale_before = self.now - self.svc.policy.full_refresh_after;
        for item in items {
            let count = item.comments_count.map(to_i64);
            let prev = previous.get(&item.id);
            let fresh = prev.is_some_and(|p| {
                p.comments_fetched_count == count
                    && p.comments_fetched_at.is_some_and(|t| t > stale_before)
            });
            let mut row = CachedMedia {
                account_id: self.account.id,
                id: item.id.clone(),
                caption: item.caption,
                media_type: item.media_type.as_str().to_string(),
                media_url: item.media_url,
                thumbnail_url: item.thumbnail_url,
                permalink: item.permalink,
                timestamp: item.timestamp,
                like_count: item.like_count.map(to_i64),
                comments_count: count,
                fetched_at: self.now,
                comments_fetched_at: prev.and_then(|p| p.comments_fetched_at),
                comments_fetched_count: prev.and_then(|p| p.comments_fetched_count),
            };
            if fresh {
                self.report.media_unchanged += 1;
            } else if count == Some(0) {
                // Nothing to fetch.
                row.comments_fetched_at = Some(self.now);
                row.comments_fetched_count = count;
            } else {
                self.sync_comments(&item.id).await?;
                row.comments_fetched_at = Some(self.now);
                row.comments_fetched_count = count;
            }
            // Stored after its comments, so a sync stopped half-way fetches
            // this post's comments again next time.
            self.pending_media.push(row);
            self.report.media += 1;
        }
        Ok(())
    }

    async fn sync_comments(&mut self, media_id: &str) -> Result<(), Stop> {
        let ig = self.svc.instagram().clone();
        let access = self.access.clone();
        let mut cursor = None;
        for _ in 0..MAX_PAGES {
            let page: Page<Comment> = self
                .call(ig.comments_page(&access, media_id, cursor, PAGE))
                .await?;
            let mut rows = Vec::new();
            for c in page.items {
                for r in &c.replies {
                    rows.push(self.comment_row(media_id, r, Some(c.id.clone())));
                }
                rows.push(self.comment_row(media_id, &c, c.parent_id.clone()));
            }
            self.report.comments += rows.len() as u32;
            self.pending_comments.extend(rows);
            if self.pending_comments.len() >= FLUSH_ROWS {
                self.flush().await?;
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(()),
            }
        }
        Ok(())
    }

    fn comment_row(&self, media_id: &str, c: &Comment, parent: Option<String>) -> CachedComment {
        CachedComment {
            account_id: self.account.id,
            id: c.id.clone(),
            media_id: media_id.to_string(),
            parent_id: c.parent_id.clone().or(parent),
            text: c.text.clone(),
            username: c.username.clone(),
            timestamp: c.timestamp,
            hidden: c.hidden,
            like_count: c.like_count.map(to_i64),
            fetched_at: self.now,
        }
    }

    async fn sync_conversations(&mut self) -> Result<(), Stop> {
        let ig = self.svc.instagram().clone();
        let access = self.access.clone();
        let limit = self.svc.policy.conversation_limit;
        let stale_before = self.now - self.svc.policy.full_refresh_after;
        let mut cursor = None;
        let mut seen = 0usize;
        for _ in 0..MAX_PAGES {
            let page = self
                .call(ig.conversations_page(&access, cursor, PAGE))
                .await?;
            for conv in page.items {
                if seen >= limit {
                    return Ok(());
                }
                seen += 1;
                let Some(peer) = conv
                    .participants
                    .iter()
                    .find(|p| p.id != self.account.ig_user_id)
                    .cloned()
                else {
                    continue;
                };
                let cached = self
                    .svc
                    .storage
                    .conversations
                    .conversation_with(self.account.id, &peer.id)
                    .await?;
                let same = cached.iter().find(|c| c.id == conv.id);
                if let Some(prev) = same
                    && conv.updated_time.is_some()
                    && prev.last_message_at == conv.updated_time
                    && prev.fetched_at > stale_before
                {
                    continue;
                }
                let messages = self
                    .call(ig.conversation_messages(&access, &conv.id))
                    .await?;
                let rows: Vec<CachedMessage> = messages
                    .iter()
                    .map(|m| self.message_row(&conv.id, m))
                    .collect();
                let last_inbound = rows
                    .iter()
                    .filter(|m| m.inbound)
                    .map(|m| m.created_at)
                    .max();
                let last_message = rows
                    .iter()
                    .map(|m| m.created_at)
                    .max()
                    .or(conv.updated_time);
                // Messages a webhook filed before the conversation's id was
                // known move to the real conversation (they are in `rows`).
                for other in cached.iter().filter(|c| c.id != conv.id) {
                    self.svc
                        .storage
                        .conversations
                        .delete_cached_conversation(self.account.id, &other.id)
                        .await?;
                }
                self.svc
                    .storage
                    .conversations
                    .upsert_conversations(&[CachedConversation {
                        account_id: self.account.id,
                        id: conv.id.clone(),
                        participant_id: peer.id.clone(),
                        participant_username: peer.username.clone(),
                        last_message_at: last_message,
                        last_inbound_at: last_inbound,
                        read_at: same.and_then(|c| c.read_at),
                        fetched_at: self.now,
                    }])
                    .await?;
                self.svc
                    .storage
                    .conversations
                    .upsert_messages(&rows)
                    .await?;
                self.svc.messages_stored(self.account, &rows).await;
                self.svc.synced(self.account, &[], &rows).await?;
                self.report.conversations += 1;
                self.report.messages += rows.len() as u32;
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => return Ok(()),
            }
        }
        Ok(())
    }

    fn message_row(&self, conversation_id: &str, m: &Message) -> CachedMessage {
        let to = m.to.first();
        CachedMessage {
            account_id: self.account.id,
            id: m.id.clone(),
            conversation_id: conversation_id.to_string(),
            sender_id: m.from.id.clone(),
            sender_username: m.from.username.clone(),
            recipient_id: to.map(|p| p.id.clone()).unwrap_or_default(),
            recipient_username: to.and_then(|p| p.username.clone()),
            text: m.text.clone(),
            attachments: m.attachments.clone(),
            created_at: m.created_time,
            inbound: m.from.id != self.account.ig_user_id,
            fetched_at: self.now,
        }
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl InboxService {
    /// Syncs one account. A rate-limit stop is not an error: the report says
    /// `deferred` and the rest waits for the next run.
    pub async fn sync_account(
        &self,
        account: &Account,
        mode: SyncMode,
    ) -> Result<SyncReport, InboxError> {
        if account.status != AccountStatus::Active {
            return Ok(SyncReport::default());
        }
        let mut run = Run {
            svc: self,
            account,
            access: self.access(account)?,
            mode,
            now: self.clock.now(),
            report: SyncReport::default(),
            pending_comments: Vec::new(),
            pending_media: Vec::new(),
        };
        match run.sync().await {
            Ok(()) => Ok(run.report),
            Err(Stop::Backoff(retry_after)) => Ok(SyncReport {
                deferred: true,
                retry_after,
                ..run.report
            }),
            Err(Stop::Failed(e)) => Err(e),
        }
    }

    /// "Refresh now" for one of the owner's accounts.
    pub async fn refresh(
        &self,
        owner: crate::UserId,
        account: crate::account::AccountId,
    ) -> Result<SyncReport, InboxError> {
        let account = self.account(owner, account).await?;
        self.sync_account(&account, SyncMode::Requested).await
    }
}
