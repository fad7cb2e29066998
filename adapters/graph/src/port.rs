//! The [`InstagramApi`] port, delegating to the inherent methods that live
//! next to their wire format (oauth, media, comments, messaging, insights,
//! publishing, upload).

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::instagram::*;

use crate::GraphClient;

#[async_trait]
impl InstagramApi for GraphClient {
    fn authorize_url(&self, state: &str, scopes: &[Scope]) -> String {
        GraphClient::authorize_url(self, state, scopes)
    }

    async fn exchange_code(&self, code: &str) -> IgResult<ShortLivedToken> {
        GraphClient::exchange_code(self, code).await
    }

    async fn exchange_long_lived(&self, short: &SecretString) -> IgResult<LongLivedToken> {
        GraphClient::exchange_long_lived(self, short).await
    }

    async fn refresh_token(&self, token: &SecretString) -> IgResult<LongLivedToken> {
        GraphClient::refresh_token(self, token).await
    }

    async fn profile(&self, token: &SecretString) -> IgResult<Profile> {
        GraphClient::profile(self, token).await
    }

    async fn media_page(
        &self,
        access: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<MediaItem>> {
        GraphClient::media_page(self, access, after, limit).await
    }

    async fn media_item(&self, access: &IgAccess, media_id: &str) -> IgResult<MediaItem> {
        GraphClient::media_item(self, access, media_id).await
    }

    async fn stories(&self, access: &IgAccess) -> IgResult<Vec<MediaItem>> {
        GraphClient::stories(self, access).await
    }

    async fn comments_page(
        &self,
        access: &IgAccess,
        media_id: &str,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Comment>> {
        GraphClient::comments_page(self, access, media_id, after, limit).await
    }

    async fn reply_to_comment(
        &self,
        access: &IgAccess,
        comment_id: &str,
        message: &str,
    ) -> IgResult<String> {
        GraphClient::reply_to_comment(self, access, comment_id, message).await
    }

    async fn comment_on_media(
        &self,
        access: &IgAccess,
        media_id: &str,
        message: &str,
    ) -> IgResult<String> {
        GraphClient::comment_on_media(self, access, media_id, message).await
    }

    async fn set_comment_hidden(
        &self,
        access: &IgAccess,
        comment_id: &str,
        hidden: bool,
    ) -> IgResult<()> {
        GraphClient::set_comment_hidden(self, access, comment_id, hidden).await
    }

    async fn delete_comment(&self, access: &IgAccess, comment_id: &str) -> IgResult<()> {
        GraphClient::delete_comment(self, access, comment_id).await
    }

    async fn conversations_page(
        &self,
        access: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Conversation>> {
        GraphClient::conversations_page(self, access, after, limit).await
    }

    async fn conversation_messages(
        &self,
        access: &IgAccess,
        conversation_id: &str,
    ) -> IgResult<Vec<Message>> {
        GraphClient::conversation_messages(self, access, conversation_id).await
    }

    async fn send_message(
        &self,
        access: &IgAccess,
        recipient_id: &str,
        text: &str,
        tag: MessageTag,
    ) -> IgResult<SentMessage> {
        GraphClient::send_message(self, access, recipient_id, text, tag).await
    }

    async fn send_private_reply(
        &self,
        access: &IgAccess,
        comment_id: &str,
        text: &str,
    ) -> IgResult<SentMessage> {
        GraphClient::send_private_reply(self, access, comment_id, text).await
    }

    async fn account_insights(
        &self,
        access: &IgAccess,
        query: &InsightsQuery,
    ) -> IgResult<Vec<Insight>> {
        GraphClient::account_insights(self, access, query).await
    }

    async fn ice_breakers(&self, access: &IgAccess) -> IgResult<Vec<IceBreakerLocale>> {
        GraphClient::ice_breakers(self, access).await
    }

    async fn set_ice_breakers(
        &self,
        access: &IgAccess,
        locales: &[IceBreakerLocale],
    ) -> IgResult<()> {
        GraphClient::set_ice_breakers(self, access, locales).await
    }

    async fn delete_ice_breakers(&self, access: &IgAccess) -> IgResult<()> {
        GraphClient::delete_ice_breakers(self, access).await
    }

    async fn account_insights(
        &self,
        access: &IgAccess,
        query: &InsightsQuery,
    ) -> IgResult<Vec<Insight>> {
        GraphClient::account_insights(self, access, query).await
    }

    async fn media_insights(
        &self,
        access: &IgAccess,
        media_id: &str,
        metrics: &[String],
    ) -> IgResult<Vec<Insight>> {
        GraphClient::media_insights(self, access, media_id, metrics).await
    }

    async fn create_container(
        &self,
        access: &IgAccess,
        request: &ContainerRequest,
    ) -> IgResult<CreatedContainer> {
        GraphClient::create_container(self, access, request).await
    }

    async fn container_status(
        &self,
        access: &IgAccess,
        container_id: &str,
    ) -> IgResult<ContainerStatus> {
        GraphClient::container_status(self, access, container_id).await
    }

    async fn publish_container(&self, access: &IgAccess, container_id: &str) -> IgResult<String> {
        GraphClient::publish_container(self, access, container_id).await
    }

    async fn publishing_limit(&self, access: &IgAccess) -> IgResult<PublishingLimit> {
        GraphClient::publishing_limit(self, access).await
    }

    async fn upload_video(
        &self,
        access: &IgAccess,
        container: &CreatedContainer,
        source: &UploadSource,
    ) -> IgResult<()> {
        GraphClient::upload_video(self, access, container, source).await
    }

    fn last_usage(&self, ig_user_id: &str) -> Option<RateUsage> {
        self.usage_of(ig_user_id)
    }
}
