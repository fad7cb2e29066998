//! A decorator of the Instagram port that "kills the process" at a chosen
//! point: the call never returns (the test then aborts the task), either
//! before the request is sent or after Instagram answered.

#![allow(clippy::unwrap_used)]

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::instagram::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Before,
    After,
}

pub struct CrashingInstagram {
    inner: Arc<dyn InstagramApi>,
    point: Mutex<Option<(&'static str, When)>>,
    crashed: AtomicBool,
}

impl CrashingInstagram {
    pub fn new(inner: Arc<dyn InstagramApi>) -> Self {
        Self {
            inner,
            point: Mutex::new(None),
            crashed: AtomicBool::new(false),
        }
    }

    /// Arms a crash at `op` (an InstagramApi method name).
    pub fn arm(&self, op: &'static str, when: When) {
        *self.point.lock().unwrap() = Some((op, when));
        self.crashed.store(false, Ordering::SeqCst);
    }

    pub fn disarm(&self) {
        *self.point.lock().unwrap() = None;
    }

    pub fn crashed(&self) -> bool {
        self.crashed.load(Ordering::SeqCst)
    }

    async fn die_if(&self, op: &str, when: When) {
        let hit = matches!(*self.point.lock().unwrap(), Some((o, w)) if o == op && w == when);
        if hit {
            self.crashed.store(true, Ordering::SeqCst);
            std::future::pending::<()>().await;
        }
    }

    async fn call<T>(&self, op: &str, fut: impl Future<Output = IgResult<T>>) -> IgResult<T> {
        self.die_if(op, When::Before).await;
        let result = fut.await;
        self.die_if(op, When::After).await;
        result
    }
}

#[async_trait]
impl InstagramApi for CrashingInstagram {
    async fn stories(&self, a: &IgAccess) -> IgResult<Vec<MediaItem>> {
        self.call("stories", self.inner.stories(a)).await
    }
    fn authorize_url(&self, state: &str, scopes: &[Scope]) -> String {
        self.inner.authorize_url(state, scopes)
    }
    async fn exchange_code(&self, code: &str) -> IgResult<ShortLivedToken> {
        self.call("exchange_code", self.inner.exchange_code(code))
            .await
    }
    async fn exchange_long_lived(&self, short: &SecretString) -> IgResult<LongLivedToken> {
        self.call("exchange_long_lived", self.inner.exchange_long_lived(short))
            .await
    }
    async fn refresh_token(&self, token: &SecretString) -> IgResult<LongLivedToken> {
        self.call("refresh_token", self.inner.refresh_token(token))
            .await
    }
    async fn profile(&self, token: &SecretString) -> IgResult<Profile> {
        self.call("profile", self.inner.profile(token)).await
    }
    async fn media_page(
        &self,
        a: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<MediaItem>> {
        self.call("media_page", self.inner.media_page(a, after, limit))
            .await
    }
    async fn media_item(&self, a: &IgAccess, id: &str) -> IgResult<MediaItem> {
        self.call("media_item", self.inner.media_item(a, id)).await
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
            self.inner.comments_page(a, m, after, limit),
        )
        .await
    }
    async fn reply_to_comment(&self, a: &IgAccess, c: &str, m: &str) -> IgResult<String> {
        self.call("reply_to_comment", self.inner.reply_to_comment(a, c, m))
            .await
    }
    async fn comment_on_media(&self, a: &IgAccess, m: &str, t: &str) -> IgResult<String> {
        self.call("comment_on_media", self.inner.comment_on_media(a, m, t))
            .await
    }
    async fn set_comment_hidden(&self, a: &IgAccess, c: &str, h: bool) -> IgResult<()> {
        self.call("set_comment_hidden", self.inner.set_comment_hidden(a, c, h))
            .await
    }
    async fn delete_comment(&self, a: &IgAccess, c: &str) -> IgResult<()> {
        self.call("delete_comment", self.inner.delete_comment(a, c))
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
            self.inner.conversations_page(a, after, limit),
        )
        .await
    }
    async fn conversation_messages(&self, a: &IgAccess, c: &str) -> IgResult<Vec<Message>> {
        self.call(
            "conversation_messages",
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
        self.call("send_message", self.inner.send_message(a, r, t, tag))
            .await
    }
    async fn send_private_reply(&self, a: &IgAccess, c: &str, t: &str) -> IgResult<SentMessage> {
        self.call("send_private_reply", self.inner.send_private_reply(a, c, t))
            .await
    }

    async fn ice_breakers(&self, a: &IgAccess) -> IgResult<Vec<IceBreakerLocale>> {
        self.call("ice_breakers", self.inner.ice_breakers(a)).await
    }
    async fn set_ice_breakers(&self, a: &IgAccess, l: &[IceBreakerLocale]) -> IgResult<()> {
        self.call("set_ice_breakers", self.inner.set_ice_breakers(a, l))
            .await
    }
    async fn delete_ice_breakers(&self, a: &IgAccess) -> IgResult<()> {
        self.call("delete_ice_breakers", self.inner.delete_ice_breakers(a))
            .await
    }
    async fn account_insights(&self, a: &IgAccess, q: &InsightsQuery) -> IgResult<Vec<Insight>> {
        self.call("account_insights", self.inner.account_insights(a, q))
            .await
    }
    async fn media_insights(
        &self,
        a: &IgAccess,
        m: &str,
        metrics: &[String],
    ) -> IgResult<Vec<Insight>> {
        self.call("media_insights", self.inner.media_insights(a, m, metrics))
            .await
    }
    async fn create_container(
        &self,
        a: &IgAccess,
        r: &ContainerRequest,
    ) -> IgResult<CreatedContainer> {
        self.call("create_container", self.inner.create_container(a, r))
            .await
    }
    async fn container_status(&self, a: &IgAccess, c: &str) -> IgResult<ContainerStatus> {
        self.call("container_status", self.inner.container_status(a, c))
            .await
    }
    async fn publish_container(&self, a: &IgAccess, c: &str) -> IgResult<String> {
        self.call("publish_container", self.inner.publish_container(a, c))
            .await
    }
    async fn publishing_limit(&self, a: &IgAccess) -> IgResult<PublishingLimit> {
        self.call("publishing_limit", self.inner.publishing_limit(a))
            .await
    }
    async fn upload_video(
        &self,
        a: &IgAccess,
        c: &CreatedContainer,
        s: &UploadSource,
    ) -> IgResult<()> {
        self.call("upload_video", self.inner.upload_video(a, c, s))
            .await
    }
    fn last_usage(&self, ig_user_id: &str) -> Option<RateUsage> {
        self.inner.last_usage(ig_user_id)
    }
}
