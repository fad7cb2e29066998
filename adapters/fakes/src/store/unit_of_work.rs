//! The unit of work in memory: every change is applied under one lock, and
//! a failing change puts the touched tables back as they were, so a unit
//! is all or nothing like a database transaction.

use async_trait::async_trait;
use socialflow_core::storage::{StoreError, StoreResult};
use socialflow_core::{Change, UnitOfWork};

use super::{MemoryStore, State};

impl State {
    fn apply(&mut self, change: &Change) -> StoreResult<()> {
        match change {
            Change::InsertPost(post) => self.insert_post(post),
            Change::UpdatePost(post) => match self.update_post(post)? {
                true => Ok(()),
                // Someone else wrote first: the whole unit is refused.
                false => Err(StoreError::Conflict),
            },
            Change::AppendPostLog(entry) => self.append_post_log(entry),
            Change::InsertAudit(event) => self.insert_audit(event),
            Change::RequireFreeSlot {
                owner,
                account,
                at,
                except,
            } => self.require_free_slot(*owner, *account, *at, *except),
        }
    }
}

#[async_trait]
impl UnitOfWork for MemoryStore {
    async fn commit(&self, changes: Vec<Change>) -> StoreResult<()> {
        let mut s = self.lock();
        // Only posts, their log and the audit log can change in a unit.
        let (posts, audit) = (s.posts.clone(), s.audit.clone());
        for change in &changes {
            if let Err(e) = s.apply(change) {
                s.posts = posts;
                s.audit = audit;
                return Err(e);
            }
        }
        Ok(())
    }
}
