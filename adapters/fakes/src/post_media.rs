//! A media library in memory for publishing tests: files are just a class
//! and the URL Instagram should fetch.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    MediaChoice, MediaClass, MediaResolveError, PostMedia, ResolvedMedia,
};
use time::OffsetDateTime;

#[derive(Default)]
struct Files {
    files: HashMap<MediaId, (UserId, MediaClass, String)>,
    unreachable: Option<String>,
    released: Vec<MediaId>,
}

#[derive(Default)]
pub struct FakePostMedia {
    inner: Mutex<Files>,
}

impl FakePostMedia {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Files> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a file of `owner` served at `url`.
    pub fn add(&self, owner: UserId, class: MediaClass, url: &str) -> MediaId {
        let id = MediaId::new();
        self.lock()
            .files
            .insert(id, (owner, class, url.to_string()));
        id
    }

    /// Registers a file under an id it already has (e.g. one uploaded to
    /// the real media library), so posts can use it.
    pub fn add_existing(&self, owner: UserId, id: MediaId, class: MediaClass, url: &str) {
        self.lock()
            .files
            .insert(id, (owner, class, url.to_string()));
    }

    /// Makes every file unreachable with this explanation (or reachable).
    pub fn set_unreachable(&self, why: Option<&str>) {
        self.lock().unreachable = why.map(str::to_string);
    }

    /// Files released (deleted) after their post was deleted.
    pub fn released(&self) -> Vec<MediaId> {
        self.lock().released.clone()
    }
}

#[async_trait]
impl PostMedia for FakePostMedia {
    async fn class_of(
        &self,
        owner: UserId,
        id: MediaId,
    ) -> Result<Option<MediaClass>, MediaResolveError> {
        Ok(self
            .lock()
            .files
            .get(&id)
            .filter(|(o, _, _)| *o == owner)
            .map(|(_, c, _)| *c))
    }

    async fn resolve(
        &self,
        owner: UserId,
        id: MediaId,
        _now: OffsetDateTime,
    ) -> Result<ResolvedMedia, MediaResolveError> {
        let files = self.lock();
        if let Some(why) = &files.unreachable {
            return Err(MediaResolveError::Unreachable(why.clone()));
        }
        match files.files.get(&id) {
            Some((o, class, url)) if *o == owner => Ok(ResolvedMedia {
                class: *class,
                url: url.clone(),
            }),
            _ => Err(MediaResolveError::Missing(id)),
        }
    }

    async fn choices(
        &self,
        owner: UserId,
        _now: OffsetDateTime,
    ) -> Result<Vec<MediaChoice>, MediaResolveError> {
        let files = self.lock();
        let mut v: Vec<MediaChoice> = files
            .files
            .iter()
            .filter(|(_, (o, _, _))| *o == owner)
            .map(|(id, (_, class, url))| MediaChoice {
                id: *id,
                class: *class,
                label: url.rsplit('/').next().unwrap_or(url).to_string(),
                thumbnail_url: (*class == MediaClass::Image).then(|| url.clone()),
            })
            .collect();
        v.sort_by_key(|c| std::cmp::Reverse(c.id));
        Ok(v)
    }

    async fn release(&self, owner: UserId, ids: &[MediaId]) -> Result<(), MediaResolveError> {
        let mut files = self.lock();
        for id in ids {
            if files.files.get(id).is_some_and(|(o, _, _)| *o == owner) {
                files.files.remove(id);
                files.released.push(*id);
            }
        }
        Ok(())
    }
}
