//! The transcoding job: converts uploaded videos Instagram would refuse to
//! H.264/AAC MP4, one at a time, writing progress as it goes. Without ffmpeg
//! it does nothing; the media page says what is wrong and that ffmpeg fixes it.

use std::time::Duration;

use socialflow_core::media::MediaLibrary;
use tokio::sync::watch;

/// Transcodes every waiting video; returns how many were attempted.
pub async fn transcode_pending(media: &MediaLibrary) -> u32 {
    let mut done = 0;
    loop {
        match media.transcode_next().await {
            Ok(Some(outcome)) => {
                done += 1;
                match outcome.result {
                    Ok(()) => tracing::info!(id = %outcome.id, "video converted for Instagram"),
                    Err(reason) => tracing::warn!(id = %outcome.id, reason, "transcode failed"),
                }
            }
            Ok(None) => return done,
            Err(e) => {
                tracing::warn!(error = %e, "transcoding failed; will retry");
                return done;
            }
        }
    }
}

/// Looks for waiting videos every `every` until `shutdown` turns true.
pub async fn run_transcoder(
    media: MediaLibrary,
    every: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        transcode_pending(&media).await;
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }
    }
}

/// How old an upload no post uses must be before it is deleted.
pub const UNUSED_MEDIA_AGE: time::Duration = time::Duration::days(1);

/// Deletes uploads no post uses that are older than a day at `now` (part
/// of the retention run); returns how many. A failure is logged and the
/// next run tries again.
pub async fn purge_unused_at(
    media: &MediaLibrary,
    store: &std::sync::Arc<dyn socialflow_core::Store>,
    now: time::OffsetDateTime,
) -> u64 {
    match socialflow_core::posts::purge_unused_media(store.as_ref(), media, now - UNUSED_MEDIA_AGE)
        .await
    {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "cannot remove unused uploads; will retry");
            0
        }
    }
}
