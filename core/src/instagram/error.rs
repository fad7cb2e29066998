use time::Duration;

/// What went wrong talking to Instagram, classified by what the caller should
/// do next. The Graph adapter maps Instagram's error codes into these; the
/// messages never contain an access token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstagramError {
    /// The token is invalid, expired or revoked: the account must be
    /// reconnected (codes 190 and its subcodes).
    #[error("Instagram no longer accepts this account's access: {message}")]
    TokenInvalid { message: String },
    /// Too many calls: wait (`retry_after` when the usage headers say).
    #[error("Instagram is rate limiting this account")]
    RateLimited { retry_after: Option<Duration> },
    /// A temporary failure (5xx, network, timeout, `is_transient`): retry
    /// with backoff.
    #[error("Instagram is temporarily unavailable: {message}")]
    Transient { message: String },
    /// Instagram refused the media or caption; the user must fix it. `title`
    /// and `message` are Instagram's user-facing texts when it sent them.
    #[error("Instagram rejected the media: {message}")]
    MediaRejected {
        code: i64,
        subcode: Option<i64>,
        title: Option<String>,
        message: String,
    },
    /// The app lacks a permission (codes 3, 10, 200–299): the user must
    /// reconnect granting it.
    #[error("a permission is missing: {message}")]
    PermissionMissing { message: String },
    /// The object does not exist or is not visible to this account.
    #[error("not found on Instagram: {message}")]
    NotFound { message: String },
    /// A direct message outside the 24-hour window (code 10, 2534022).
    #[error("the messaging window for this conversation is closed")]
    OutsideMessagingWindow,
    /// A private reply to a comment that already has one (one per comment,
    /// code 10): a retried send finds its earlier send went out.
    #[error("this comment has already been replied to privately")]
    AlreadyRepliedPrivately,
    /// The recipient cannot receive messages (code 551).
    #[error("this person cannot receive messages right now")]
    RecipientUnavailable,
    /// A container was published before it finished processing (9007).
    #[error("the media is still being processed")]
    ContainerNotReady,
    /// The 24-hour publishing quota is used up (code 9, 2207042).
    #[error("the account's publishing limit for the last 24 hours is reached")]
    QuotaReached,
    /// The OAuth host refused a code exchange (used, expired or foreign code,
    /// wrong app id or secret).
    #[error("Instagram refused the sign-in: {message}")]
    OAuth { message: String },
    /// Anything else Instagram refused: a bug or an unsupported request.
    #[error("Instagram refused the request: {message}")]
    Invalid { code: i64, message: String },
}

impl InstagramError {
    /// Whether repeating the same call later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            InstagramError::RateLimited { .. }
                | InstagramError::Transient { .. }
                | InstagramError::ContainerNotReady
        )
    }
}
