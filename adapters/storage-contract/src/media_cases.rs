//! Contract cases for uploaded media files.

use std::sync::Arc;

use socialflow_core::media::{MediaFile, MediaFormat, MediaId, MediaKind, MediaProbe, MediaStatus};
use socialflow_core::storage::Store;
use socialflow_core::{User, UserId};
use time::Duration;

use crate::fixtures::{T0, user};

pub(crate) fn video(owner: UserId, name: &str, at: time::OffsetDateTime) -> MediaFile {
    let mut probe = MediaProbe::new(MediaFormat::Mov);
    probe.width = Some(1080);
    probe.height = Some(1920);
    probe.duration_ms = Some(12_345);
    probe.video_codec = Some("mp4v".into());
    probe.frame_rate = Some(29.97);
    probe.audio_codec = Some("mp4a".into());
    probe.has_audio = true;
    probe.bitrate = Some(4_000_000);
    probe.moov_at_front = Some(false);
    MediaFile {
        id: MediaId::new(),
        owner,
        kind: MediaKind::Video,
        content_type: "video/quicktime".into(),
        byte_size: 5_000_000_000,
        original_name: name.into(),
        probe,
        status: MediaStatus::NeedsTranscode,
        created_at: at,
        updated_at: at,
    }
}

async fn two_users(store: &Arc<dyn Store>) -> (User, User) {
    let a = user("media_alice");
    let b = user("media_bob");
    store.insert_user(&a).await.unwrap();
    store.insert_user(&b).await.unwrap();
    (a, b)
}

pub async fn media_files_are_scoped_to_their_owner(store: Arc<dyn Store>) {
    let (alice, bob) = two_users(&store).await;
    let older = video(alice.id, "клип «1».mov", T0);
    let newer = video(alice.id, "two.mov", T0 + Duration::seconds(1));
    store.insert_media(&older).await.unwrap();
    store.insert_media(&newer).await.unwrap();

    assert_eq!(
        store.media_file(alice.id, older.id).await.unwrap(),
        Some(older.clone()),
        "round trip keeps every field, the probe and microseconds"
    );
    assert_eq!(store.media_file(bob.id, older.id).await.unwrap(), None);
    let ids: Vec<_> = store
        .media_of(alice.id)
        .await
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(ids, vec![newer.id, older.id], "newest first");
    assert!(store.media_of(bob.id).await.unwrap().is_empty());

    assert!(!store.delete_media(bob.id, older.id).await.unwrap());
    assert!(store.delete_media(alice.id, older.id).await.unwrap());
    assert!(!store.delete_media(alice.id, older.id).await.unwrap());
    assert_eq!(store.media_file(alice.id, older.id).await.unwrap(), None);

    let mut foreign = newer.clone();
    foreign.owner = bob.id;
    foreign.original_name = "stolen".into();
    assert!(!store.update_media(&foreign).await.unwrap());

    store.delete_user(alice.id).await.unwrap();
    assert!(store.media_of(alice.id).await.unwrap().is_empty());
}

pub async fn media_status_and_transcode_claims(store: Arc<dyn Store>) {
    let (alice, _) = two_users(&store).await;
    let mut ready = video(alice.id, "ready.mp4", T0);
    ready.status = MediaStatus::Ready;
    let waiting = video(alice.id, "waiting.mov", T0);
    store.insert_media(&ready).await.unwrap();
    store.insert_media(&waiting).await.unwrap();
    let stale_before = T0 - Duration::minutes(30);

    let due = store
        .media_needing_transcode(stale_before, 10)
        .await
        .unwrap();
    assert_eq!(
        due.iter().map(|f| f.id).collect::<Vec<_>>(),
        vec![waiting.id]
    );

    let now = T0 + Duration::minutes(1);
    assert!(
        store
            .claim_transcode(waiting.id, now, stale_before)
            .await
            .unwrap()
    );
    assert!(
        !store
            .claim_transcode(waiting.id, now, stale_before)
            .await
            .unwrap(),
        "a second worker cannot take the same file"
    );
    assert!(
        !store
            .claim_transcode(ready.id, now, stale_before)
            .await
            .unwrap()
    );
    let got = store
        .media_file(alice.id, waiting.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.status, MediaStatus::Transcoding { percent: 0 });

    store
        .set_media_status(waiting.id, &MediaStatus::Transcoding { percent: 42 }, now)
        .await
        .unwrap();
    let got = store
        .media_file(alice.id, waiting.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.status, MediaStatus::Transcoding { percent: 42 });
    assert_eq!(got.updated_at, now);
    assert!(
        store
            .media_needing_transcode(stale_before, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // No progress for longer than the stale limit: another worker takes over.
    let later = now + Duration::hours(1);
    let stale = store
        .media_needing_transcode(later - Duration::minutes(30), 10)
        .await
        .unwrap();
    assert_eq!(stale.len(), 1);

    let failed = MediaStatus::TranscodeFailed {
        reason: "ffmpeg: Invalid data".into(),
    };
    store
        .set_media_status(waiting.id, &failed, later)
        .await
        .unwrap();
    let got = store
        .media_file(alice.id, waiting.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.status, failed);

    let mut converted = got.clone();
    converted.content_type = "video/mp4".into();
    converted.byte_size = 1234;
    converted.probe.format = MediaFormat::Mp4;
    converted.probe.video_codec = Some("avc1".into());
    converted.status = MediaStatus::Ready;
    converted.updated_at = later + Duration::seconds(5);
    assert!(store.update_media(&converted).await.unwrap());
    assert_eq!(
        store.media_file(alice.id, waiting.id).await.unwrap(),
        Some(converted)
    );
}

pub async fn media_needs_an_existing_owner(store: Arc<dyn Store>) {
    let ghost = video(UserId::new(), "ghost.mp4", T0);
    assert!(store.insert_media(&ghost).await.is_err());
}
