//! Presigned URLs: when the media live in an object store (S3), Instagram
//! can fetch a file straight from the store instead of through SocialFlow's
//! own signed `/media/` URL.

use async_trait::async_trait;

use super::{MediaId, MediaStoreError};

/// The longest lifetime an S3 presigned URL may have (SigV4: 7 days).
pub const MAX_PRESIGN_LIFETIME: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// Signs GET URLs of stored files for a limited time.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MediaPresigner: Send + Sync {
    /// A URL anyone may GET the file `id` from until `lifetime` has passed
    /// (at most [`MAX_PRESIGN_LIFETIME`]).
    async fn presigned_get(
        &self,
        id: MediaId,
        lifetime: std::time::Duration,
    ) -> Result<String, MediaStoreError>;
}

/// The lifetime to ask the store for: the library's URL lifetime, at least
/// one second and at most [`MAX_PRESIGN_LIFETIME`].
pub fn presign_lifetime(url_lifetime: time::Duration) -> std::time::Duration {
    let secs = url_lifetime
        .whole_seconds()
        .clamp(1, MAX_PRESIGN_LIFETIME.as_secs() as i64);
    std::time::Duration::from_secs(secs.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifetime_is_clamped_to_what_s3_accepts() {
        assert_eq!(
            presign_lifetime(time::Duration::hours(24)),
            std::time::Duration::from_secs(86_400)
        );
        assert_eq!(
            presign_lifetime(time::Duration::days(30)),
            MAX_PRESIGN_LIFETIME
        );
        assert_eq!(
            presign_lifetime(time::Duration::seconds(-5)),
            std::time::Duration::from_secs(1)
        );
    }
}
