//! Saved replies in memory, with the databases' semantics (owner scoping,
//! the cap checked under the lock, ordered by name).

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::saved_replies::{SavedReply, SavedReplyId, SavedReplyRepo};
use socialflow_core::storage::{StoreError, StoreResult};

use super::MemoryStore;

#[async_trait]
impl SavedReplyRepo for MemoryStore {
    async fn insert_saved_reply(&self, reply: &SavedReply, max: u32) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.users.contains_key(&reply.owner) {
            // As the foreign key refuses it.
            return Err(StoreError::Conflict);
        }
        let count = s
            .saved_replies
            .values()
            .filter(|x| x.owner == reply.owner)
            .count();
        if count >= max as usize {
            return Ok(false);
        }
        if s.saved_replies.contains_key(&reply.id) {
            return Err(StoreError::Conflict);
        }
        s.saved_replies.insert(reply.id, reply.clone());
        Ok(true)
    }

    async fn saved_replies(&self, owner: UserId) -> StoreResult<Vec<SavedReply>> {
        let mut v: Vec<SavedReply> = self
            .lock()
            .saved_replies
            .values()
            .filter(|x| x.owner == owner)
            .cloned()
            .collect();
        // The databases compare names byte by byte (utf8mb4_bin, SQLite's
        // default), as `String`'s order does.
        v.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        Ok(v)
    }

    async fn saved_reply(
        &self,
        owner: UserId,
        id: SavedReplyId,
    ) -> StoreResult<Option<SavedReply>> {
        Ok(self
            .lock()
            .saved_replies
            .get(&id)
            .filter(|x| x.owner == owner)
            .cloned())
    }

    async fn update_saved_reply(&self, reply: &SavedReply) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.saved_replies.get_mut(&reply.id) {
            Some(x) if x.owner == reply.owner => {
                x.name = reply.name.clone();
                x.text = reply.text.clone();
                x.updated_at = reply.updated_at;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn delete_saved_reply(&self, owner: UserId, id: SavedReplyId) -> StoreResult<bool> {
        let mut s = self.lock();
        if s.saved_replies.get(&id).is_some_and(|x| x.owner == owner) {
            s.saved_replies.remove(&id);
            return Ok(true);
        }
        Ok(false)
    }
}
