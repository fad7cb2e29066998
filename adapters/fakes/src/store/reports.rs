//! Report links in memory. Links of an account that no longer exists (or
//! is not the owner's) are never read back, as the SQL adapters' cascades
//! remove them.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::reports::{ReportLink, ReportLinkId, ReportLinkRepo};
use socialflow_core::storage::{StoreError, StoreResult};

use super::{MemoryStore, State};

impl State {
    fn link_visible(&self, l: &ReportLink) -> bool {
        self.accounts
            .get(&l.account_id)
            .is_some_and(|a| a.owner == l.owner)
    }
}

#[async_trait]
impl ReportLinkRepo for MemoryStore {
    async fn insert_report_link(&self, link: &ReportLink, max: u32) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.link_visible(link) {
            return Ok(false);
        }
        if s.report_links
            .iter()
            .any(|l| l.digest == link.digest || l.id == link.id)
        {
            return Err(StoreError::Conflict);
        }
        let count = s
            .report_links
            .iter()
            .filter(|l| l.account_id == link.account_id && s.link_visible(l))
            .count();
        if count >= max as usize {
            return Ok(false);
        }
        s.report_links.push(link.clone());
        Ok(true)
    }

    async fn report_links(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<ReportLink>> {
        let s = self.lock();
        let mut v: Vec<ReportLink> = s
            .report_links
            .iter()
            .filter(|l| l.owner == owner && l.account_id == account && s.link_visible(l))
            .cloned()
            .collect();
        v.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.0.cmp(&a.id.0)));
        Ok(v)
    }

    async fn report_link_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ReportLink>> {
        let s = self.lock();
        Ok(s.report_links
            .iter()
            .find(|l| &l.digest == digest && s.link_visible(l))
            .cloned())
    }

    async fn delete_report_link(&self, owner: UserId, id: ReportLinkId) -> StoreResult<bool> {
        let mut s = self.lock();
        let before = s.report_links.len();
        s.report_links.retain(|l| !(l.id == id && l.owner == owner));
        Ok(s.report_links.len() != before)
    }
}
