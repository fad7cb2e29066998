//! The Instagram port when no Instagram app is configured: every call says
//! so, and the UI explains how to configure one (or to try `--demo`).

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::instagram::*;

pub struct UnconfiguredInstagram;

fn refuse<T>() -> IgResult<T> {
    Err(InstagramError::Invalid {
        code: 0,
        message: "no Instagram app is configured on this server".into(),
    })
}

#[async_trait]
impl InstagramApi for UnconfiguredInstagram {
    fn authorize_url(&self, _state: &str, _scopes: &[Scope]) -> String {
        "/accounts".into()
    }
    async fn exchange_code(&self, _code: &str) -> IgResult<ShortLivedToken> {
        refuse()
    }
    async fn exchange_long_lived(&self, _short: &SecretString) -> IgResult<LongLivedToken> {
        refuse()
    }
    async fn refresh_token(&self, _token: &SecretString) -> IgResult<LongLivedToken> {
        refuse()
    }
    async fn profile(&self, _token: &SecretString) -> IgResult<Profile> {
        refuse()
    }
    async fn media_page(
        &self,
        _a: &IgAccess,
        _after: Option<String>,
        _limit: u32,
    ) -> IgResult<Page<MediaItem>> {
        refuse()
    }
    async fn media_item(&self, _a: &IgAccess, _id: &str) -> IgResult<MediaItem> {
        refuse()
    }
    async fn stories(&self, _a: &IgAccess) -> IgResult<Vec<MediaItem>> {
        refuse()
    }
    async fn comments_page(
        &self,
        _a: &IgAccess,
        _m: &str,
        _after: Option<String>,
        _limit: u32,
    ) -> IgResult<Page<Comment>> {
        refuse()
    }
    async fn reply_to_comment(&self, _a: &IgAccess, _c: &str, _m: &str) -> IgResult<String> {
        refuse()
    }
    async fn comment_on_media(&self, _a: &IgAccess, _m: &str, _t: &str) -> IgResult<String> {
        refuse()
    }
    async fn set_comment_hidden(&self, _a: &IgAccess, _c: &str, _h: bool) -> IgResult<()> {
        refuse()
    }
    async fn delete_comment(&self, _a: &IgAccess, _c: &str) -> IgResult<()> {
        refuse()
    }
    async fn conversations_page(
        &self,
        _a: &IgAccess,
        _after: Option<String>,
        _limit: u32,
    ) -> IgResult<Page<Conversation>> {
        refuse()
    }
    async fn conversation_messages(&self, _a: &IgAccess, _c: &str) -> IgResult<Vec<Message>> {
        refuse()
    }
    async fn send_message(
        &self,
        _a: &IgAccess,
        _r: &str,
        _t: &str,
        _tag: MessageTag,
    ) -> IgResult<SentMessage> {
        refuse()
    }
    async fn send_private_reply(&self, _a: &IgAccess, _c: &str, _t: &str) -> IgResult<SentMessage> {
        refuse()
    }

    async fn ice_breakers(&self, _a: &IgAccess) -> IgResult<Vec<IceBreakerLocale>> {
        refuse()
    }
    async fn set_ice_breakers(&self, _a: &IgAccess, _l: &[IceBreakerLocale]) -> IgResult<()> {
        refuse()
    }
    async fn delete_ice_breakers(&self, _a: &IgAccess) -> IgResult<()> {
        refuse()
    }
    async fn account_insights(&self, _a: &IgAccess, _q: &InsightsQuery) -> IgResult<Vec<Insight>> {
        refuse()
    }
    async fn media_insights(
        &self,
        _a: &IgAccess,
        _m: &str,
        _metrics: &[String],
    ) -> IgResult<Vec<Insight>> {
        refuse()
    }
    async fn create_container(
        &self,
        _a: &IgAccess,
        _r: &ContainerRequest,
    ) -> IgResult<CreatedContainer> {
        refuse()
    }
    async fn container_status(&self, _a: &IgAccess, _c: &str) -> IgResult<ContainerStatus> {
        refuse()
    }
    async fn publish_container(&self, _a: &IgAccess, _c: &str) -> IgResult<String> {
        refuse()
    }
    async fn publishing_limit(&self, _a: &IgAccess) -> IgResult<PublishingLimit> {
        refuse()
    }
    async fn upload_video(
        &self,
        _a: &IgAccess,
        _c: &CreatedContainer,
        _s: &UploadSource,
    ) -> IgResult<()> {
        refuse()
    }
    fn last_usage(&self, _ig_user_id: &str) -> Option<RateUsage> {
        None
    }
}
