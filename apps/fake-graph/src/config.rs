//! The fake's settings. Every point the behaviour reference
//! (`shared/docs/instagram-api.md`) marks unverified is a switch here.

use std::time::Duration;

/// The shape of `POST /oauth/access_token`'s answer, which the reference
/// cannot settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenResponseShape {
    /// `{"access_token", "user_id": <number>, "permissions": "a,b"}`, as
    /// captured live.
    #[default]
    Flat,
    /// `{"data": [{"access_token", "user_id": "<string>", "permissions"}]}`,
    /// as documented.
    Wrapped,
}

#[derive(Debug, Clone)]
pub struct FakeGraphConfig {
    /// The Instagram app id the OAuth dialog and code exchange accept.
    pub app_id: String,
    /// The Instagram app secret the code and token exchanges accept.
    pub app_secret: String,
    /// How long image and carousel containers stay `IN_PROGRESS`.
    pub image_processing: Duration,
    /// How long video containers (reels, video stories, carousel videos)
    /// stay `IN_PROGRESS` once their video is fetched or uploaded.
    pub video_processing: Duration,
    /// API-published posts per rolling 24 h. The reference says 50 in the
    /// endpoint references and 100 in the publishing guide.
    pub quota_total: u32,
    /// Hashtags per caption: 30 (API docs) or 5 (the app's Dec 2025 cap;
    /// whether the API enforces it is unverified).
    pub hashtag_limit: usize,
    /// Flat (observed) or `data`-wrapped (documented) code exchange answer.
    pub token_response: TokenResponseShape,
    /// Fetch `image_url`/`video_url` over HTTP like Meta does, and refuse
    /// what Meta refuses. When off, every URL is taken as a valid JPEG/MP4.
    pub fetch_media: bool,
    /// The largest `limit` honoured on list edges (unverified; often
    /// assumed 100). Larger values are silently capped, as the Graph does.
    pub max_page_size: usize,
    /// Calls per account per rolling 24 h that count as 100 % in
    /// `X-Business-Use-Case-Usage` ("4800 × impressions" in the docs).
    pub call_allowance: u32,
    /// Past `call_allowance`, answer code 80002 (with the usage header at
    /// 100 and a time to regain access) instead of just reporting it.
    pub enforce_call_allowance: bool,
    /// Also send `X-App-Usage` (whether graph.instagram.com sends it for
    /// Instagram-token calls is unverified).
    pub app_usage_header: bool,
    /// Serve the `online_followers` metric (unverified on current versions;
    /// when off it is refused like the removed metrics).
    pub online_followers: bool,
    /// How long the fake waits for a media URL before giving up with
    /// Meta's download-timeout error (-2 / 2207003).
    pub fetch_timeout: Duration,
    /// The key webhook deliveries are signed with. `None`: the app secret.
    /// Which secret Meta uses for Instagram-Login apps is unverified, so a
    /// test can sign with another one and see the deliveries refused.
    pub webhook_secret: Option<String>,
    /// `GET /oauth/authorize` shows a page to choose the consenting
    /// account (the seeded ones, or a new copy of the demo account), as
    /// Instagram's own dialog lets the person pick whom to log in as. Off:
    /// the dialog consents at once as the `consent_as` account.
    pub account_chooser: bool,
}

impl Default for FakeGraphConfig {
    fn default() -> Self {
        Self {
            app_id: "fake-app-id".into(),
            app_secret: "fake-app-secret".into(),
            image_processing: Duration::ZERO,
            video_processing: Duration::from_secs(2),
            quota_total: 100,
            hashtag_limit: 30,
            token_response: TokenResponseShape::Flat,
            fetch_media: true,
            max_page_size: 100,
            call_allowance: 4800,
            enforce_call_allowance: false,
            app_usage_header: false,
            online_followers: true,
            fetch_timeout: Duration::from_secs(15),
            webhook_secret: None,
            account_chooser: false,
        }
    }
}
