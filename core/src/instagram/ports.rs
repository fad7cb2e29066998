use async_trait::async_trait;
use secrecy::SecretString;

use super::*;

pub type IgResult<T> = Result<T, InstagramError>;

/// Every call SocialFlow makes to Instagram. Edges are page-level; use
/// [`collect_pages`] to follow cursors.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait InstagramApi: Send + Sync {
    // --- OAuth and tokens ---
    /// The authorization URL to send the browser to, with `state`.
    fn authorize_url(&self, state: &str, scopes: &[Scope]) -> String;
    /// Code → short-lived token (api.instagram.com).
    async fn exchange_code(&self, code: &str) -> IgResult<ShortLivedToken>;
    /// Short-lived → long-lived (60 days).
    async fn exchange_long_lived(&self, short: &SecretString) -> IgResult<LongLivedToken>;
    /// A fresh 60-day token; the token must be at least 24 h old.
    async fn refresh_token(&self, token: &SecretString) -> IgResult<LongLivedToken>;

    // --- Profile and media ---
    async fn profile(&self, token: &SecretString) -> IgResult<Profile>;
    async fn media_page(
        &self,
        access: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<MediaItem>>;
    async fn media_item(&self, access: &IgAccess, media_id: &str) -> IgResult<MediaItem>;
    /// The account's live stories (the last 24 hours), newest first.
    async fn stories(&self, access: &IgAccess) -> IgResult<Vec<MediaItem>>;

    // --- Comments ---
    /// Top-level comments with their replies, newest first.
    async fn comments_page(
        &self,
        access: &IgAccess,
        media_id: &str,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Comment>>;
    async fn reply_to_comment(
        &self,
        access: &IgAccess,
        comment_id: &str,
        message: &str,
    ) -> IgResult<String>;
    async fn comment_on_media(
        &self,
        access: &IgAccess,
        media_id: &str,
        message: &str,
    ) -> IgResult<String>;
    async fn set_comment_hidden(
        &self,
        access: &IgAccess,
        comment_id: &str,
        hidden: bool,
    ) -> IgResult<()>;
    async fn delete_comment(&self, access: &IgAccess, comment_id: &str) -> IgResult<()>;

    // --- Direct messages ---
    async fn conversations_page(
        &self,
        access: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Conversation>>;
    /// The conversation's messages, newest first (Instagram details only
    /// the 20 most recent).
    async fn conversation_messages(
        &self,
        access: &IgAccess,
        conversation_id: &str,
    ) -> IgResult<Vec<Message>>;
    async fn send_message(
        &self,
        access: &IgAccess,
        recipient_id: &str,
        text: &str,
        tag: MessageTag,
    ) -> IgResult<SentMessage>;
    /// The account's ice breakers (`GET /me/messenger_profile`), every
    /// locale; none set: empty.
    async fn ice_breakers(&self, access: &IgAccess) -> IgResult<Vec<IceBreakerLocale>>;
    /// Replaces the account's ice breakers (`POST /me/messenger_profile`);
    /// a `default` locale is required.
    async fn set_ice_breakers(
        &self,
        access: &IgAccess,
        locales: &[IceBreakerLocale],
    ) -> IgResult<()>;
    /// Removes them (`DELETE /me/messenger_profile`).
    async fn delete_ice_breakers(&self, access: &IgAccess) -> IgResult<()>;

    /// A private reply: a DM to a comment's author (`POST /me/messages`
    /// with `recipient.comment_id`). One per comment, while the comment is
    /// under 7 days old; a second one fails with
    /// [`InstagramError::AlreadyRepliedPrivately`].
    async fn send_private_reply(
        &self,
        access: &IgAccess,
        comment_id: &str,
        text: &str,
    ) -> IgResult<SentMessage>;

    // --- Insights ---
    async fn account_insights(
        &self,
        access: &IgAccess,
        query: &InsightsQuery,
    ) -> IgResult<Vec<Insight>>;
    async fn media_insights(
        &self,
        access: &IgAccess,
        media_id: &str,
        metrics: &[String],
    ) -> IgResult<Vec<Insight>>;

    // --- Publishing ---
    async fn create_container(
        &self,
        access: &IgAccess,
        request: &ContainerRequest,
    ) -> IgResult<CreatedContainer>;
    async fn container_status(
        &self,
        access: &IgAccess,
        container_id: &str,
    ) -> IgResult<ContainerStatus>;
    /// Publishes a finished container; returns the new media id.
    async fn publish_container(&self, access: &IgAccess, container_id: &str) -> IgResult<String>;
    async fn publishing_limit(&self, access: &IgAccess) -> IgResult<PublishingLimit>;
    async fn upload_video(
        &self,
        access: &IgAccess,
        container: &CreatedContainer,
        source: &UploadSource,
    ) -> IgResult<()>;

    /// The latest rate-limit usage Instagram reported for an account.
    fn last_usage(&self, ig_user_id: &str) -> Option<RateUsage>;
}
