//! Team notes on posts, and the expiry sweep's look at posts in review.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::approvals::{ApprovalRepo, NoteId, PostNote};
use socialflow_core::posts::{Post, PostId, PostState};
use socialflow_core::storage::StoreResult;
use time::OffsetDateTime;

use super::{MemoryStore, State};

impl State {
    /// A note as read back: only while its post exists, with its author's
    /// username.
    fn read_note(&self, n: &PostNote) -> Option<PostNote> {
        if !self.posts.contains(n.post) {
            return None;
        }
        let mut note = n.clone();
        note.author_name = n
            .author
            .and_then(|a| self.users.get(&a))
            .map(|u| u.username.as_str().to_string());
        Some(note)
    }
}

#[async_trait]
impl ApprovalRepo for MemoryStore {
    async fn insert_post_note(&self, note: &PostNote, max: u32) -> StoreResult<bool> {
        let mut s = self.lock();
        let ours = s
            .posts
            .get(note.post)
            .is_some_and(|p| p.owner == note.owner);
        if !ours {
            return Ok(false);
        }
        let count = s.post_notes.iter().filter(|n| n.post == note.post).count();
        if count >= max as usize {
            return Ok(false);
        }
        let mut stored = note.clone();
        stored.author_name = None;
        s.post_notes.push(stored);
        Ok(true)
    }

    async fn post_notes(&self, owner: UserId, post: PostId) -> StoreResult<Vec<PostNote>> {
        let s = self.lock();
        let mut out: Vec<PostNote> = s
            .post_notes
            .iter()
            .filter(|n| n.owner == owner && n.post == post)
            .filter_map(|n| s.read_note(n))
            .collect();
        out.sort_by_key(|n| (n.created_at, n.id));
        Ok(out)
    }

    async fn delete_post_note(
        &self,
        owner: UserId,
        post: PostId,
        id: NoteId,
        author: UserId,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        let before = s.post_notes.len();
        s.post_notes.retain(|n| {
            !(n.id == id && n.owner == owner && n.post == post && n.author == Some(author))
        });
        Ok(s.post_notes.len() < before)
    }

    async fn notes_by_author(&self, author: UserId) -> StoreResult<Vec<PostNote>> {
        let s = self.lock();
        let mut out: Vec<PostNote> = s
            .post_notes
            .iter()
            .filter(|n| n.author == Some(author))
            .filter_map(|n| s.read_note(n))
            .collect();
        out.sort_by_key(|n| (n.created_at, n.id));
        Ok(out)
    }

    async fn overdue_reviews(&self, now: OffsetDateTime, limit: u32) -> StoreResult<Vec<Post>> {
        let s = self.lock();
        let mut out: Vec<Post> = s
            .posts
            .all()
            .filter(|p| matches!(p.state, PostState::InReview | PostState::ChangesRequested))
            .filter(|p| p.content.scheduled_at.is_some_and(|at| at <= now))
            .cloned()
            .collect();
        out.sort_by_key(|p| (p.content.scheduled_at, p.id));
        out.truncate(limit as usize);
        Ok(out)
    }
}
