//! Posts in memory, with the SQL adapters' semantics: versions, leases,
//! owner scoping and cascades.

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{Post, PostFilter, PostId, PostLogEntry, PostRepo, PostState};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::{MemoryStore, State};

#[derive(Clone)]
struct Row {
    post: Post,
    lease: Option<(String, OffsetDateTime)>,
    /// Stands for a stored value the SQL adapters cannot decode (see
    /// [`MemoryStore::spoil_post`]).
    spoiled: bool,
}

#[derive(Clone, Default)]
pub(super) struct PostTables {
    rows: HashMap<PostId, Row>,
    log: Vec<PostLogEntry>,
    /// Containers created: account, count, when (the daily cap).
    containers: Vec<(AccountId, u32, OffsetDateTime)>,
}

impl PostTables {
    /// Every readable post (for the queue's look at taken times).
    pub(super) fn all(&self) -> impl Iterator<Item = &Post> {
        self.rows.values().filter(|r| !r.spoiled).map(|r| &r.post)
    }

    /// The owner of a stored post (readable or not), as a foreign key sees it.
    pub(super) fn owner_of(&self, id: PostId) -> Option<UserId> {
        self.rows.get(&id).map(|r| r.post.owner)
    }

    pub(super) fn contains(&self, id: PostId) -> bool {
        self.rows.contains_key(&id)
    }

    pub(super) fn get(&self, id: PostId) -> Option<&Post> {
        self.rows.get(&id).filter(|r| !r.spoiled).map(|r| &r.post)
    }

    /// `submitted_by` of a deleted user's posts becomes none (SET NULL).
    pub(super) fn forget_submitter(&mut self, user: UserId) {
        for r in self.rows.values_mut() {
            if r.post.submitted_by == Some(user) {
                r.post.submitted_by = None;
            }
        }
    }

    /// Removes posts (and their log) for which `keep` is false.
    pub(super) fn retain(&mut self, keep: impl Fn(&Post) -> bool) {
        self.rows.retain(|_, r| keep(&r.post));
        let rows = &self.rows;
        self.log.retain(|e| rows.contains_key(&e.post_id));
    }
}

fn sort_time(p: &Post) -> OffsetDateTime {
    p.content.scheduled_at.unwrap_or(p.created_at)
}

fn spoiled(id: PostId) -> StoreError {
    StoreError::Corrupt {
        table: "posts",
        id: id.to_string(),
        what: "spoiled by the test".into(),
    }
}

impl MemoryStore {
    /// Makes the stored post read back like a row the SQL adapters cannot
    /// decode: a single read fails with [`StoreError::Corrupt`], lists and
    /// claims leave it out, [`PostRepo::delete_unreadable_post`] removes it.
    pub fn spoil_post(&self, id: PostId) -> bool {
        match self.lock().posts.rows.get_mut(&id) {
            Some(r) => {
                r.spoiled = true;
                true
            }
            None => false,
        }
    }
}

/// The writes a unit of work shares with the single-write methods, on the
/// locked tables.
impl State {
    pub(super) fn insert_post(&mut self, post: &Post) -> StoreResult<()> {
        let account_ok = self
            .accounts_snapshot()
            .any(|(id, owner)| id == post.content.account_id && owner == post.owner);
        if !account_ok || self.posts.rows.contains_key(&post.id) {
            return Err(StoreError::Conflict);
        }
        self.posts.rows.insert(
            post.id,
            Row {
                post: post.clone(),
                lease: None,
                spoiled: false,
            },
        );
        Ok(())
    }

    pub(super) fn update_post(&mut self, post: &Post) -> StoreResult<bool> {
        match self.posts.rows.get_mut(&post.id) {
            Some(r) if r.post.owner == post.owner && r.post.version + 1 == post.version => {
                let keep = (
                    r.post.ig_media_id.clone(),
                    r.post.permalink.clone(),
                    r.post.first_comment_id.clone(),
                    r.post.first_comment_tried,
                    r.post.publish_started_at,
                    r.post.published_at,
                );
                r.post = post.clone();
                // The user's write never touches what only the worker records.
                (
                    r.post.ig_media_id,
                    r.post.permalink,
                    r.post.first_comment_id,
                    r.post.first_comment_tried,
                    r.post.publish_started_at,
                    r.post.published_at,
                ) = keep;
                r.lease = None;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    pub(super) fn append_post_log(&mut self, entry: &PostLogEntry) -> StoreResult<()> {
        if !self.posts.rows.contains_key(&entry.post_id) {
            return Err(StoreError::Conflict);
        }
        self.posts.log.push(entry.clone());
        Ok(())
    }
}

#[async_trait]
impl PostRepo for MemoryStore {
    async fn insert_post(&self, post: &Post) -> StoreResult<()> {
        self.lock().insert_post(post)
    }

    async fn post(&self, owner: UserId, id: PostId) -> StoreResult<Option<Post>> {
        match self.lock().posts.rows.get(&id) {
            Some(r) if r.post.owner == owner && r.spoiled => Err(spoiled(id)),
            Some(r) if r.post.owner == owner => Ok(Some(r.post.clone())),
            _ => Ok(None),
        }
    }

    async fn list_posts(&self, owner: UserId, f: &PostFilter) -> StoreResult<Vec<Post>> {
        let s = self.lock();
        let mut v: Vec<Post> = s
            .posts
            .rows
            .values()
            .filter(|r| !r.spoiled)
            .map(|r| &r.post)
            .filter(|p| p.owner == owner)
            .filter(|p| f.account.is_none_or(|a| p.content.account_id == a))
            .filter(|p| {
                f.accounts
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&p.content.account_id))
            })
            .filter(|p| f.states.is_empty() || f.states.contains(&p.state))
            .filter(|p| f.from.is_none_or(|from| sort_time(p) >= from))
            .filter(|p| f.to.is_none_or(|to| sort_time(p) < to))
            .cloned()
            .collect();
        v.sort_by_key(|p| (sort_time(p), p.id));
        v.truncate(if f.limit == 0 { 500 } else { f.limit as usize });
        Ok(v)
    }

    async fn update_post(&self, post: &Post) -> StoreResult<bool> {
        self.lock().update_post(post)
    }

    async fn delete_post(
        &self,
        owner: UserId,
        id: PostId,
        version: u32,
    ) -> StoreResult<Option<Vec<MediaId>>> {
        let mut s = self.lock();
        match s.posts.rows.get(&id) {
            Some(r) if r.post.owner == owner && r.post.version == version => {
                let mut media = r.post.content.media.clone();
                media.extend(r.post.content.cover);
                s.posts.retain(|p| p.id != id);
                Ok(Some(media))
            }
            _ => Ok(None),
        }
    }

    async fn delete_unreadable_post(
        &self,
        owner: UserId,
        id: PostId,
    ) -> StoreResult<Option<Vec<MediaId>>> {
        let mut s = self.lock();
        match s.posts.rows.get(&id) {
            Some(r) if r.post.owner == owner => {
                let mut media = r.post.content.media.clone();
                media.extend(r.post.content.cover);
                s.posts.retain(|p| p.id != id);
                Ok(Some(media))
            }
            _ => Ok(None),
        }
    }

    async fn claim_due_posts(
        &self,
        now: OffsetDateTime,
        worker: &str,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Post>> {
        let mut s = self.lock();
        // Posts whose lease ran out first (`false` sorts first), then fresh
        // ones, each in due order — as the SQL stores claim.
        let mut due: Vec<(bool, OffsetDateTime, PostId)> = s
            .posts
            .rows
            .values()
            .filter(|r| !r.spoiled)
            .filter(|r| r.post.state.is_active() || r.post.state == PostState::Published)
            .filter(|r| r.lease.as_ref().is_none_or(|(_, until)| *until < now))
            .filter_map(|r| {
                r.post
                    .next_action_at
                    .filter(|at| *at <= now)
                    .map(|at| (r.lease.is_none(), at, r.post.id))
            })
            .collect();
        due.sort();
        due.truncate(limit as usize);
        let mut claimed = Vec::with_capacity(due.len());
        for (_, _, id) in due {
            if let Some(r) = s.posts.rows.get_mut(&id) {
                r.lease = Some((worker.to_string(), lease_until));
                r.post.version += 1;
                claimed.push(r.post.clone());
            }
        }
        Ok(claimed)
    }

    async fn save_claimed_post(
        &self,
        post: &Post,
        worker: &str,
        release: bool,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.posts.rows.get_mut(&post.id) {
            Some(r)
                if r.lease.as_ref().is_some_and(|(w, _)| w == worker)
                    && r.post.version + 1 == post.version
                    && r.post.content_rev == post.content_rev =>
            {
                let content = r.post.content.clone();
                r.post = post.clone();
                // The worker never writes the user's content.
                r.post.content = content;
                if release {
                    r.lease = None;
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn renew_post_lease(
        &self,
        id: PostId,
        worker: &str,
        lease_until: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.posts.rows.get_mut(&id) {
            Some(r) if r.lease.as_ref().is_some_and(|(w, _)| w == worker) => {
                r.lease = Some((worker.to_string(), lease_until));
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn append_post_log(&self, entry: &PostLogEntry) -> StoreResult<()> {
        self.lock().append_post_log(entry)
    }

    async fn post_log(&self, owner: UserId, id: PostId) -> StoreResult<Vec<PostLogEntry>> {
        let s = self.lock();
        if s.posts.rows.get(&id).is_none_or(|r| r.post.owner != owner) {
            return Ok(Vec::new());
        }
        Ok(s.posts
            .log
            .iter()
            .filter(|e| e.post_id == id)
            .cloned()
            .collect())
    }

    async fn media_in_use(&self, media: MediaId, except: Option<PostId>) -> StoreResult<bool> {
        Ok(self.lock().posts.rows.values().any(|r| {
            Some(r.post.id) != except
                && (r.post.content.media.contains(&media) || r.post.content.cover == Some(media))
        }))
    }

    async fn unused_media(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<(UserId, MediaId)>> {
        let s = self.lock();
        let used = |id: &MediaId| {
            s.posts.rows.values().any(|r| {
                r.post.content.media.contains(id) || r.post.content.cover.as_ref() == Some(id)
            })
        };
        let mut v: Vec<_> = s
            .media
            .values()
            .filter(|m| m.created_at < before && !used(&m.id))
            .map(|m| (m.created_at, m.owner, m.id))
            .collect();
        v.sort();
        Ok(v.into_iter()
            .take(limit as usize)
            .map(|(_, o, id)| (o, id))
            .collect())
    }

    async fn record_containers(
        &self,
        account: AccountId,
        _post: PostId,
        at: OffsetDateTime,
        count: u32,
        forget_before: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut s = self.lock();
        s.posts
            .containers
            .retain(|(a, _, t)| *a != account || *t >= forget_before);
        s.posts.containers.push((account, count, at));
        Ok(())
    }

    async fn containers_since(
        &self,
        owner: UserId,
        account: AccountId,
        since: OffsetDateTime,
    ) -> StoreResult<u32> {
        let s = self.lock();
        if !s
            .accounts_snapshot()
            .any(|(a, o)| a == account && o == owner)
        {
            return Ok(0);
        }
        Ok(s.posts
            .containers
            .iter()
            .filter(|(a, _, t)| *a == account && *t >= since)
            .map(|(_, n, _)| *n)
            .fold(0u32, u32::saturating_add))
    }

    async fn count_posts_by_state(&self) -> StoreResult<Vec<(PostState, u64)>> {
        let s = self.lock();
        let mut out: Vec<(PostState, u64)> = Vec::new();
        for state in PostState::ALL {
            let n = s
                .posts
                .rows
                .values()
                .filter(|r| r.post.state == state)
                .count() as u64;
            if n > 0 {
                out.push((state, n));
            }
        }
        out.sort_by_key(|(s, _)| s.as_str());
        Ok(out)
    }
}
