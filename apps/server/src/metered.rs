//! A decorator of the Instagram port that counts every call by operation and
//! outcome, and publishes the latest rate-limit usage, for `/metrics`.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::instagram::*;

use crate::metrics::{Metrics, outcome_of};

pub struct MeteredInstagram {
    inner: Arc<dyn InstagramApi>,
    metrics: Arc<Metrics>,
}

impl MeteredInstagram {
    pub fn new(inner: Arc<dyn InstagramApi>, metrics: Arc<Metrics>) -> Self {
        Self { inner, metrics }
    }

    async fn call<T>(
        &self,
        op: &str,
        access: Option<&IgAccess>,
        fut: impl Future<Output = IgResult<T>>,
    ) -> IgResult<T> {
        let result = fut.await;
        let outcome = match &result {
            Ok(_) => "ok",
            Err(e) => outcome_of(e),
        };
        self.metrics.observe_graph(op, outcome);
        if let Some(usage) = access.and_then(|a| self.inner.last_usage(&a.ig_user_id)) {
            self.metrics.graph_usage_peak.set(usage.peak());
        }
        result
    }
}

#[async_trait]
impl InstagramApi for MeteredInstagram {
    fn authorize_url(&self, state: &str, scopes: &[Scope]) -> String {
        self.inner.authorize_url(state, scopes)
    }
    async fn exchange_code(&self, code: &str) -> IgResult<ShortLivedToken> {
        self.call("exchange_code", None, self.inner.exchange_code(code))
            .await
    }
    async fn exchange_long_lived(&self, short: &SecretString) -> IgResult<LongLivedToken> {
        self.call(
            "exchange_long_lived",
            None,
            self.inner.exchange_long_lived(short),
        )
        .await
    }
    async fn refresh_token(&self, token: &SecretString) -> IgResult<LongLivedToken> {
        self.call("refresh_token", None, self.inner.refresh_token(token))
            .await
    }
    async fn profile(&self, token: &SecretString) -> IgResult<Profile> {
        self.call("profile", None, self.inner.profile(token)).await
    }
    async fn media_page(
        &self,
        a: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<MediaItem>> {
        self.call(
            "media_page",
            Some(a),
            self.inner.media_page(a, after, limit),
        )
        .await
    }
    async fn media_item(&self, a: &IgAccess, id: &str) -> IgResult<MediaItem> {
        self.call("media_item", Some(a), self.inner.media_item(a, id))
            .await
    }
    async fn stories(&self, a: &IgAccess) -> IgResult<Vec<MediaItem>> {
        self.call("stories", Some(a), self.inner.stories(a)).await
    }
    async fn comments_page(
        &self,
        a: &IgAccess,
        m: &str,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Comment>> {
        self.call(
            "comments_page",
            Some(a),
            self.inner.comments_page(a, m, after, limit),
        )
        .await
    }
    async fn reply_to_comment(&self, a: &IgAccess, c: &str, m: &str) -> IgResult<String> {
        self.call(
            "reply_to_comment",
            Some(a),
            self.inner.reply_to_comment(a, c, m),
        )
        .await
    }
    async fn comment_on_media(&self, a: &IgAccess, m: &str, t: &str) -> IgResult<String> {
        self.call(
            "comment_on_media",
            Some(a),
            self.inner.comment_on_media(a, m, t),
        )
        .await
    }
    async fn set_comment_hidden(&self, a: &IgAccess, c: &str, h: bool) -> IgResult<()> {
        self.call(
            "set_comment_hidden",
            Some(a),
            self.inner.set_comment_hidden(a, c, h),
        )
        .await
    }
    async fn delete_comment(&self, a: &IgAccess, c: &str) -> IgResult<()> {
        self.call("delete_comment", Some(a), self.inner.delete_comment(a, c))
            .await
    }
    async fn conversations_page(
        &self,
        a: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Conversation>> {
        self.call(
            "conversations_page",
            Some(a),
            self.inner.conversations_page(a, after, limit),
        )
        .await
    }
    async fn conversation_messages(&self, a: &IgAccess, c: &str) -> IgResult<Vec<Message>> {
        self.call(
            "conversation_messages",
            Some(a),
            self.inner.conversation_messages(a, c),
        )
        .await
    }
    async fn send_message(
        &self,
        a: &IgAccess,
        r: &str,
        t: &str,
        tag: MessageTag,
    ) -> IgResult<SentMessage> {
        self.call(
            "send_message",
            Some(a),
            self.inner.send_message(a, r, t, tag),
        )
        .await
    }
    async fn send_private_reply(&self, a: &IgAccess, c: &str, t: &str) -> IgResult<SentMessage> {
        self.call(
            "send_private_reply",
            Some(a),
            self.inner.send_private_reply(a, c, t),
        )
        .await
    }

    async fn ice_breakers(&self, a: &IgAccess) -> IgResult<Vec<IceBreakerLocale>> {
        self.call("ice_breakers", Some(a), self.inner.ice_breakers(a))
            .await
    }
    async fn set_ice_breakers(&self, a: &IgAccess, l: &[IceBreakerLocale]) -> IgResult<()> {
        self.call(
            "set_ice_breakers",
            Some(a),
            self.inner.set_ice_breakers(a, l),
        )
        .await
    }
    async fn delete_ice_breakers(&self, a: &IgAccess) -> IgResult<()> {
        self.call(
            "delete_ice_breakers",
            Some(a),
            self.inner.delete_ice_breakers(a),
        )
        .await
    }
    async fn account_insights(&self, a: &IgAccess, q: &InsightsQuery) -> IgResult<Vec<Insight>> {
        self.call(
            "account_insights",
            Some(a),
            self.inner.account_insights(a, q),
        )
        .await
    }
    async fn media_insights(
        &self,
        a: &IgAccess,
        m: &str,
        metrics: &[String],
    ) -> IgResult<Vec<Insight>> {
        self.call(
            "media_insights",
            Some(a),
            self.inner.media_insights(a, m, metrics),
        )
        .await
    }
    async fn create_container(
        &self,
        a: &IgAccess,
        r: &ContainerRequest,
    ) -> IgResult<CreatedContainer> {
        self.call(
            "create_container",
            Some(a),
            self.inner.create_container(a, r),
        )
        .await
    }
    async fn container_status(&self, a: &IgAccess, c: &str) -> IgResult<ContainerStatus> {
        self.call(
            "container_status",
            Some(a),
            self.inner.container_status(a, c),
        )
        .await
    }
    async fn publish_container(&self, a: &IgAccess, c: &str) -> IgResult<String> {
        self.call(
            "publish_container",
            Some(a),
            self.inner.publish_container(a, c),
        )
        .await
    }
    async fn publishing_limit(&self, a: &IgAccess) -> IgResult<PublishingLimit> {
        self.call("publishing_limit", Some(a), self.inner.publishing_limit(a))
            .await
    }
    async fn upload_video(
        &self,
        a: &IgAccess,
        c: &CreatedContainer,
        s: &UploadSource,
    ) -> IgResult<()> {
        self.call("upload_video", Some(a), self.inner.upload_video(a, c, s))
            .await
    }
    fn last_usage(&self, ig_user_id: &str) -> Option<RateUsage> {
        self.inner.last_usage(ig_user_id)
    }
}
