//! Client review links in memory. A link's posts that no longer exist (or
//! are not its owner's) are never read back, as the SQL adapters' cascades
//! remove them; a link whose owner is gone is removed with them.

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::client_review::{
    Decision, InsertOutcome, ReviewLink, ReviewLinkId, ReviewLinkRepo,
};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::posts::PostId;
use socialflow_core::storage::{StoreError, StoreResult};
use time::{Duration, OffsetDateTime};

use super::{MemoryStore, State};

#[derive(Clone)]
struct Row {
    link: ReviewLink,
    /// Decisions by post.
    decisions: HashMap<PostId, Decision>,
    window_started_at: OffsetDateTime,
    window_decisions: u32,
}

#[derive(Clone, Default)]
pub(super) struct Tables {
    rows: Vec<Row>,
}

impl Tables {
    pub(super) fn forget_owner(&mut self, owner: UserId) {
        // (`created_by` is SET NULL in SQL: the view reads it as `None`.)
        self.rows.retain(|r| r.link.owner != owner);
    }
}

impl State {
    /// The link as the SQL adapters read it back: only its posts still
    /// existing and the owner's.
    fn review_link_view(&self, r: &Row) -> ReviewLink {
        let mut l = r.link.clone();
        l.posts
            .retain(|p| self.posts.owner_of(*p) == Some(r.link.owner));
        l.created_by = l.created_by.filter(|u| self.users.contains_key(u));
        l
    }
}

#[async_trait]
impl ReviewLinkRepo for MemoryStore {
    async fn insert_review_link(
        &self,
        link: &ReviewLink,
        max: u32,
        now: OffsetDateTime,
    ) -> StoreResult<InsertOutcome> {
        let mut s = self.lock();
        if !s.users.contains_key(&link.owner) {
            return Err(StoreError::Conflict);
        }
        if s.review_links
            .rows
            .iter()
            .any(|r| r.link.digest == link.digest || r.link.id == link.id)
        {
            return Err(StoreError::Conflict);
        }
        if link
            .posts
            .iter()
            .any(|p| s.posts.owner_of(*p) != Some(link.owner))
        {
            return Ok(InsertOutcome::PostMissing);
        }
        let working = s
            .review_links
            .rows
            .iter()
            .filter(|r| r.link.owner == link.owner && r.link.works(now))
            .count();
        if working >= max as usize {
            return Ok(InsertOutcome::TooMany);
        }
        s.review_links.rows.push(Row {
            link: link.clone(),
            decisions: HashMap::new(),
            window_started_at: link.created_at,
            window_decisions: 0,
        });
        Ok(InsertOutcome::Stored)
    }

    async fn review_links(&self, owner: UserId) -> StoreResult<Vec<ReviewLink>> {
        let s = self.lock();
        let mut v: Vec<ReviewLink> = s
            .review_links
            .rows
            .iter()
            .filter(|r| r.link.owner == owner)
            .map(|r| s.review_link_view(r))
            .collect();
        v.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.0.cmp(&a.id.0)));
        Ok(v)
    }

    async fn review_link(
        &self,
        owner: UserId,
        id: ReviewLinkId,
    ) -> StoreResult<Option<ReviewLink>> {
        let s = self.lock();
        Ok(s.review_links
            .rows
            .iter()
            .find(|r| r.link.owner == owner && r.link.id == id)
            .map(|r| s.review_link_view(r)))
    }

    async fn review_link_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ReviewLink>> {
        let s = self.lock();
        Ok(s.review_links
            .rows
            .iter()
            .find(|r| &r.link.digest == digest)
            .map(|r| s.review_link_view(r)))
    }

    async fn revoke_review_link(
        &self,
        owner: UserId,
        id: ReviewLinkId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        match s
            .review_links
            .rows
            .iter_mut()
            .find(|r| r.link.owner == owner && r.link.id == id && r.link.revoked_at.is_none())
        {
            Some(r) => {
                r.link.revoked_at = Some(now);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn take_decision_slot(
        &self,
        id: ReviewLinkId,
        now: OffsetDateTime,
        max: u32,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        let Some(r) = s.review_links.rows.iter_mut().find(|r| r.link.id == id) else {
            return Ok(false);
        };
        if r.window_started_at <= now - Duration::hours(1) {
            r.window_started_at = now;
            r.window_decisions = 1;
            return Ok(true);
        }
        if r.window_decisions >= max {
            return Ok(false);
        }
        r.window_decisions += 1;
        Ok(true)
    }

    async fn record_decision(&self, decision: &Decision) -> StoreResult<bool> {
        let mut s = self.lock();
        let Some(i) = s
            .review_links
            .rows
            .iter()
            .position(|r| r.link.id == decision.link)
        else {
            return Ok(false);
        };
        let view = s.review_link_view(&s.review_links.rows[i]);
        if !view.posts.contains(&decision.post) {
            return Ok(false);
        }
        s.review_links.rows[i]
            .decisions
            .insert(decision.post, decision.clone());
        Ok(true)
    }

    async fn decisions(&self, id: ReviewLinkId) -> StoreResult<Vec<Decision>> {
        let s = self.lock();
        let Some(r) = s.review_links.rows.iter().find(|r| r.link.id == id) else {
            return Ok(Vec::new());
        };
        let view = s.review_link_view(r);
        Ok(view
            .posts
            .iter()
            .filter_map(|p| r.decisions.get(p).cloned())
            .collect())
    }
}
