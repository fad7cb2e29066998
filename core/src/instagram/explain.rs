//! Why a post failed or waits, in terms the interface can explain in the
//! user's language with what to do. A post's `reason` is free text: the
//! publisher's own English sentences or Instagram's user-facing message
//! (which may carry Instagram's error subcode). [`explain`] sorts it into a
//! [`Problem`]; anything unknown is [`Problem::Other`], and the interface
//! always keeps the original text at hand.

/// What went wrong, by what the user should do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The account was disconnected from SocialFlow.
    AccountDisconnected,
    /// Instagram no longer accepts the account's access: reconnect.
    Reconnect,
    /// A permission is missing: reconnect granting every permission.
    PermissionMissing,
    /// The account is restricted or must confirm something in Instagram's app.
    AccountRestricted,
    /// Instagram saw the activity as spam: slow down.
    Spam,
    /// Too many requests: SocialFlow waits and retries.
    RateLimited,
    /// Instagram is failing for now: SocialFlow retries.
    InstagramUnavailable,
    /// The 24-hour publishing limit is used up: the post waits.
    PublishingLimit,
    /// The image's aspect ratio is outside what Instagram accepts.
    AspectRatio,
    /// The image is too large.
    ImageTooLarge,
    /// The image format is not accepted.
    ImageFormat,
    /// The video format or encoding is not accepted.
    VideoFormat,
    /// Instagram could not process the uploaded media.
    ProcessingFailed,
    /// The cover frame position is outside the video.
    ThumbnailOffset,
    /// The caption is too long or has too many hashtags or mentions.
    Caption,
    /// The account cannot share trial reels (2207081).
    TrialReels,
    /// A carousel needs 2 to 10 items.
    CarouselCount,
    /// Instagram could not download the media from this server.
    MediaUnreachable,
    /// A media file of the post was deleted.
    MediaMissing,
    /// A media file cannot be used for this kind of post.
    MediaUnusable,
    /// The post has no media.
    NoMedia,
    /// Instagram kept failing until SocialFlow gave up.
    GaveUp,
    /// Anything else.
    Other,
}

impl Problem {
    pub const ALL: [Problem; 23] = [
        Problem::AccountDisconnected,
        Problem::Reconnect,
        Problem::PermissionMissing,
        Problem::AccountRestricted,
        Problem::Spam,
        Problem::RateLimited,
        Problem::InstagramUnavailable,
        Problem::PublishingLimit,
        Problem::AspectRatio,
        Problem::ImageTooLarge,
        Problem::ImageFormat,
        Problem::VideoFormat,
        Problem::ProcessingFailed,
        Problem::ThumbnailOffset,
        Problem::Caption,
        Problem::TrialReels,
        Problem::CarouselCount,
        Problem::MediaUnreachable,
        Problem::MediaMissing,
        Problem::MediaUnusable,
        Problem::NoMedia,
        Problem::GaveUp,
        Problem::Other,
    ];

    /// A stable name (message keys are built from it).
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::AccountDisconnected => "account_disconnected",
            Problem::Reconnect => "reconnect",
            Problem::PermissionMissing => "permission_missing",
            Problem::AccountRestricted => "account_restricted",
            Problem::Spam => "spam",
            Problem::RateLimited => "rate_limited",
            Problem::InstagramUnavailable => "instagram_unavailable",
            Problem::PublishingLimit => "publishing_limit",
            Problem::AspectRatio => "aspect_ratio",
            Problem::ImageTooLarge => "image_too_large",
            Problem::ImageFormat => "image_format",
            Problem::VideoFormat => "video_format",
            Problem::ProcessingFailed => "processing_failed",
            Problem::ThumbnailOffset => "thumbnail_offset",
            Problem::Caption => "caption",
            Problem::TrialReels => "trial_reels",
            Problem::CarouselCount => "carousel_count",
            Problem::MediaUnreachable => "media_unreachable",
            Problem::MediaMissing => "media_missing",
            Problem::MediaUnusable => "media_unusable",
            Problem::NoMedia => "no_media",
            Problem::GaveUp => "gave_up",
            Problem::Other => "other",
        }
    }
}

/// Instagram's error subcodes, when the text carries one.
const SUBCODES: [(&str, Problem); 17] = [
    ("2207004", Problem::ImageTooLarge),
    ("2207005", Problem::ImageFormat),
    ("2207009", Problem::AspectRatio),
    ("2207010", Problem::Caption),
    ("2207026", Problem::VideoFormat),
    ("2207028", Problem::CarouselCount),
    ("2207040", Problem::Caption),
    ("2207042", Problem::PublishingLimit),
    ("2207050", Problem::AccountRestricted),
    ("2207051", Problem::Spam),
    ("2207052", Problem::MediaUnreachable),
    ("2207057", Problem::ThumbnailOffset),
    ("2207073", Problem::VideoFormat),
    ("2207082", Problem::ProcessingFailed),
    ("2207081", Problem::TrialReels),
    ("2207053", Problem::ProcessingFailed),
    ("2207003", Problem::MediaUnreachable),
];

/// Words of the publisher's own sentences and of Instagram's messages, in
/// order of precedence (lower case).
const PHRASES: [(&str, Problem); 32] = [
    ("trial reel", Problem::TrialReels),
    ("account was disconnected", Problem::AccountDisconnected),
    ("no longer exists", Problem::MediaMissing),
    ("has no media", Problem::NoMedia),
    ("could not be converted", Problem::MediaUnusable),
    ("cannot be used", Problem::MediaUnusable),
    ("publishing limit", Problem::PublishingLimit),
    ("maximum number of posts", Problem::PublishingLimit),
    ("aspect ratio", Problem::AspectRatio),
    ("image too large", Problem::ImageTooLarge),
    ("file size", Problem::ImageTooLarge),
    ("image format", Problem::ImageFormat),
    ("video format", Problem::VideoFormat),
    ("unsupported format", Problem::VideoFormat),
    ("media type not supported", Problem::VideoFormat),
    ("thumb_offset", Problem::ThumbnailOffset),
    ("caption", Problem::Caption),
    ("hashtag", Problem::Caption),
    ("tagged", Problem::Caption),
    ("carousel", Problem::CarouselCount),
    ("could not be fetched", Problem::MediaUnreachable),
    ("media download has failed", Problem::MediaUnreachable),
    ("cannot reach the media", Problem::MediaUnreachable),
    ("could not process the media", Problem::ProcessingFailed),
    ("media upload has failed", Problem::ProcessingFailed),
    ("kept failing", Problem::GaveUp),
    ("spam", Problem::Spam),
    ("restricted", Problem::AccountRestricted),
    ("permission", Problem::PermissionMissing),
    ("rate limit", Problem::RateLimited),
    ("temporarily unavailable", Problem::InstagramUnavailable),
    ("access", Problem::Reconnect),
];

/// Sorts a failure or hold reason into a [`Problem`].
pub fn explain(reason: &str) -> Problem {
    let text = reason.to_lowercase();
    // "Instagram kept failing (5 attempts): <last error>": say it gave up.
    if text.contains("kept failing") {
        return Problem::GaveUp;
    }
    if let Some((_, p)) = SUBCODES.iter().find(|(code, _)| text.contains(code)) {
        return *p;
    }
    if let Some((_, p)) = PHRASES.iter().find(|(phrase, _)| text.contains(phrase)) {
        return *p;
    }
    if text.contains("reconnect") || text.contains("token") || text.contains("session has expired")
    {
        return Problem::Reconnect;
    }
    Problem::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = Problem::ALL.iter().map(|p| p.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Problem::ALL.len());
    }

    #[test]
    fn the_publishers_sentences_and_instagrams_texts_are_recognised() {
        let cases = [
            (
                "The Instagram account was disconnected.",
                Problem::AccountDisconnected,
            ),
            ("Reconnect the Instagram account.", Problem::Reconnect),
            (
                "The account's access could not be read; reconnect the Instagram account.",
                Problem::Reconnect,
            ),
            (
                "Error validating access token: Session has expired on Tuesday.",
                Problem::Reconnect,
            ),
            (
                "The account has used its publishing limit for the last 24 hours; the post will go out when the limit allows.",
                Problem::PublishingLimit,
            ),
            (
                "Cannot publish: The submitted image with aspect ratio 0.25 cannot be published. Please submit an image with a valid aspect ratio.",
                Problem::AspectRatio,
            ),
            (
                "Instagram could not process the media: Error: Media upload has failed with error code 2207082",
                Problem::ProcessingFailed,
            ),
            (
                "Media download has failed. The media URI doesn't meet our requirements.: The media could not be fetched from this URI",
                Problem::MediaUnreachable,
            ),
            (
                "The media file 0193-… no longer exists; choose another and reschedule.",
                Problem::MediaMissing,
            ),
            ("The post has no media.", Problem::NoMedia),
            (
                "Instagram kept failing (5 attempts): Instagram is temporarily unavailable: timeout",
                Problem::GaveUp,
            ),
            (
                "Instagram is rate limiting this account",
                Problem::RateLimited,
            ),
            ("Caption Error: The caption is too long.", Problem::Caption),
            (
                "a permission is missing: (#10) Application does not have permission",
                Problem::PermissionMissing,
            ),
            ("Something nobody has seen before", Problem::Other),
        ];
        for (text, want) in cases {
            assert_eq!(explain(text), want, "{text}");
        }
    }
}
