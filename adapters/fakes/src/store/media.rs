//! Media rows in memory.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::media::{MediaFile, MediaId, MediaRepo, MediaStatus};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::MemoryStore;

fn waiting(f: &MediaFile, stale_before: OffsetDateTime) -> bool {
    matches!(f.status, MediaStatus::NeedsTranscode)
        || (matches!(f.status, MediaStatus::Transcoding { .. }) && f.updated_at < stale_before)
}

#[async_trait]
impl MediaRepo for MemoryStore {
    async fn insert_media(&self, file: &MediaFile) -> StoreResult<()> {
        let mut s = self.lock();
        if !s.users.contains_key(&file.owner) || s.media.contains_key(&file.id) {
            return Err(StoreError::Conflict);
        }
        s.media.insert(file.id, file.clone());
        Ok(())
    }

    async fn media_file(&self, owner: UserId, id: MediaId) -> StoreResult<Option<MediaFile>> {
        Ok(self
            .lock()
            .media
            .get(&id)
            .filter(|f| f.owner == owner)
            .cloned())
    }

    async fn media_of(&self, owner: UserId) -> StoreResult<Vec<MediaFile>> {
        let mut v: Vec<MediaFile> = self
            .lock()
            .media
            .values()
            .filter(|f| f.owner == owner)
            .cloned()
            .collect();
        v.sort_by_key(|f| std::cmp::Reverse((f.created_at, f.id)));
        Ok(v)
    }

    async fn delete_media(&self, owner: UserId, id: MediaId) -> StoreResult<bool> {
        let mut s = self.lock();
        if s.media.get(&id).is_some_and(|f| f.owner == owner) {
            s.media.remove(&id);
            return Ok(true);
        }
        Ok(false)
    }

    async fn update_media(&self, file: &MediaFile) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.media.get_mut(&file.id) {
            Some(f) if f.owner == file.owner => {
                let created_at = f.created_at;
                *f = file.clone();
                f.created_at = created_at;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn set_media_status(
        &self,
        id: MediaId,
        status: &MediaStatus,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        Ok(self
            .lock()
            .media
            .get_mut(&id)
            .map(|f| {
                f.status = status.clone();
                f.updated_at = at;
            })
            .is_some())
    }

    async fn media_needing_transcode(
        &self,
        stale_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MediaFile>> {
        let mut v: Vec<MediaFile> = self
            .lock()
            .media
            .values()
            .filter(|f| waiting(f, stale_before))
            .cloned()
            .collect();
        v.sort_by_key(|f| (f.updated_at, f.id));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn claim_transcode(
        &self,
        id: MediaId,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.media.get_mut(&id) {
            Some(f) if waiting(f, stale_before) => {
                f.status = MediaStatus::Transcoding { percent: 0 };
                f.updated_at = now;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}
