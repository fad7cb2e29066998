//! A media library in memory for publishing tests: files are a class, the
//! URL Instagram should fetch, and measurements (by default ones every use
//! of the class accepts).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::media::{MediaFormat, MediaId, MediaProbe};
use socialflow_core::posts::{
    MediaChoice, MediaClass, MediaFacts, MediaResolveError, PostMedia, ResolvedMedia,
};
use time::OffsetDateTime;

#[derive(Default)]
struct Files {
    files: HashMap<MediaId, (UserId, MediaClass, String)>,
    facts: HashMap<MediaId, MediaFacts>,
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

    /// A 1080×1080 JPEG of 300 KiB, or a 15 s 1080×1920 H.264/AAC MP4 of
    /// 8 MiB: fine for every use of their class (a square story image only
    /// gets the 9:16 advice).
    pub fn default_facts(class: MediaClass) -> MediaFacts {
        let probe = match class {
            MediaClass::Image => MediaProbe {
                width: Some(1080),
                height: Some(1080),
                ..MediaProbe::new(MediaFormat::Jpeg)
            },
            MediaClass::Video => MediaProbe {
                width: Some(1080),
                height: Some(1920),
                duration_ms: Some(15_000),
                video_codec: Some("avc1".into()),
                frame_rate: Some(30.0),
                audio_codec: Some("mp4a".into()),
                has_audio: true,
                bitrate: Some(4_000_000),
                moov_at_front: Some(true),
                ..MediaProbe::new(MediaFormat::Mp4)
            },
        };
        let byte_size = match class {
            MediaClass::Image => 300 * 1024,
            MediaClass::Video => 8 * 1024 * 1024,
        };
        MediaFacts {
            class,
            probe,
            byte_size,
            converting: false,
        }
    }

    /// Registers a file of `owner` served at `url`.
    pub fn add(&self, owner: UserId, class: MediaClass, url: &str) -> MediaId {
        self.add_measured(owner, Self::default_facts(class), url)
    }

    /// Registers a file with these measurements (a 4:1 image, a 16-minute
    /// reel…).
    pub fn add_measured(&self, owner: UserId, facts: MediaFacts, url: &str) -> MediaId {
        let id = MediaId::new();
        let mut files = self.lock();
        files
            .files
            .insert(id, (owner, facts.class, url.to_string()));
        files.facts.insert(id, facts);
        id
    }

    /// Registers a file under an id it already has (e.g. one uploaded to
    /// the real media library), so posts can use it.
    pub fn add_existing(&self, owner: UserId, id: MediaId, class: MediaClass, url: &str) {
        let mut files = self.lock();
        files.files.insert(id, (owner, class, url.to_string()));
        files.facts.insert(id, Self::default_facts(class));
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
    async fn facts(
        &self,
        owner: UserId,
        id: MediaId,
    ) -> Result<Option<MediaFacts>, MediaResolveError> {
        let files = self.lock();
        Ok(files
            .files
            .get(&id)
            .filter(|(o, _, _)| *o == owner)
            .and_then(|_| files.facts.get(&id).cloned()))
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
                video_url: (*class == MediaClass::Video).then(|| url.clone()),
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
                files.facts.remove(id);
                files.released.push(*id);
            }
        }
        Ok(())
    }
}
