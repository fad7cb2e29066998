//! Saved captions and hashtag groups in memory, with the databases'
//! semantics (owner scoping, the cap checked under the lock).

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::snippets::{Snippet, SnippetId, SnippetRepo};
use socialflow_core::storage::{StoreError, StoreResult};

use super::MemoryStore;

#[async_trait]
impl SnippetRepo for MemoryStore {
    async fn insert_snippet(&self, snippet: &Snippet, max: u32) -> StoreResult<bool> {
        let mut s = self.lock();
        if !s.users.contains_key(&snippet.owner) {
            // As the foreign key refuses it.
            return Err(StoreError::Conflict);
        }
        let count = s
            .snippets
            .values()
            .filter(|x| x.owner == snippet.owner)
            .count();
        if count >= max as usize {
            return Ok(false);
        }
        if s.snippets.contains_key(&snippet.id) {
            return Err(StoreError::Conflict);
        }
        s.snippets.insert(snippet.id, snippet.clone());
        Ok(true)
    }

    async fn snippets(&self, owner: UserId) -> StoreResult<Vec<Snippet>> {
        let mut v: Vec<Snippet> = self
            .lock()
            .snippets
            .values()
            .filter(|x| x.owner == owner)
            .cloned()
            .collect();
        v.sort_by(|a, b| (a.kind.as_str(), &a.name, a.id).cmp(&(b.kind.as_str(), &b.name, b.id)));
        Ok(v)
    }

    async fn snippet(&self, owner: UserId, id: SnippetId) -> StoreResult<Option<Snippet>> {
        Ok(self
            .lock()
            .snippets
            .get(&id)
            .filter(|x| x.owner == owner)
            .cloned())
    }

    async fn update_snippet(&self, snippet: &Snippet) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.snippets.get_mut(&snippet.id) {
            Some(x) if x.owner == snippet.owner => {
                x.kind = snippet.kind;
                x.name = snippet.name.clone();
                x.text = snippet.text.clone();
                x.updated_at = snippet.updated_at;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn delete_snippet(&self, owner: UserId, id: SnippetId) -> StoreResult<bool> {
        let mut s = self.lock();
        if s.snippets.get(&id).is_some_and(|x| x.owner == owner) {
            s.snippets.remove(&id);
            return Ok(true);
        }
        Ok(false)
    }
}
