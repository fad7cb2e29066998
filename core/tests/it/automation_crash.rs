//! A worker killed mid-run (its task dropped while Instagram calls are in
//! flight, as kill -9 leaves them) and two workers taking over once its
//! leases run out: every comment gets exactly one public and one private
//! reply — none twice, none lost.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::automation::engine::{AutomationEngine, AutomationJobRepo, JobState};
use socialflow_core::instagram::*;
use time::Duration;

use crate::automation_engine::{IG_ID, price_comment, world};

const COMMENTS: usize = 60;

/// Instagram as far as automation sees it: replies under comments (listed
/// back by `comments_page`), one private reply per comment.
#[derive(Default)]
struct Graph {
    public: Mutex<HashMap<String, Vec<String>>>,
    private: Mutex<HashSet<String>>,
    private_sent: Mutex<HashMap<String, u32>>,
}

fn fake(graph: Arc<Graph>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    let g = graph.clone();
    ig.expect_reply_to_comment().returning(move |_, c, t| {
        let mut p = g.public.lock().unwrap();
        let list = p.entry(c.to_string()).or_default();
        list.push(t.to_string());
        Ok(format!("r-{c}-{}", list.len()))
    });
    let g = graph.clone();
    ig.expect_comments_page().returning(move |_, _, _, _| {
        let p = g.public.lock().unwrap();
        Ok(Page {
            items: p
                .iter()
                .map(|(c, texts)| Comment {
                    id: c.clone(),
                    text: "ЦЕНА?".into(),
                    username: Some("aigerim".into()),
                    from_id: None,
                    timestamp: crate::automation_support::NOW,
                    like_count: None,
                    hidden: false,
                    parent_id: None,
                    replies: texts
                        .iter()
                        .map(|t| Comment {
                            id: format!("r-{c}"),
                            text: t.clone(),
                            username: Some("shop".into()),
                            from_id: Some(IG_ID.into()),
                            timestamp: crate::automation_support::NOW,
                            like_count: None,
                            hidden: false,
                            parent_id: Some(c.clone()),
                            replies: vec![],
                        })
                        .collect(),
                })
                .collect(),
            next: None,
        })
    });
    let g = graph;
    ig.expect_send_private_reply().returning(move |_, c, _| {
        if !g.private.lock().unwrap().insert(c.to_string()) {
            return Err(InstagramError::AlreadyRepliedPrivately);
        }
        *g.private_sent
            .lock()
            .unwrap()
            .entry(c.to_string())
            .or_default() += 1;
        Ok(SentMessage {
            recipient_id: "igsid".into(),
            message_id: format!("m-{c}"),
        })
    });
    ig
}

/// Every call takes `latency` after it took effect on Instagram: a worker
/// killed meanwhile sent but never heard back.
struct SlowInstagram {
    inner: MockInstagramApi,
    latency: StdDuration,
}

impl SlowInstagram {
    async fn call<T>(&self, _op: &str, fut: impl Future<Output = T>) -> T {
        let r = fut.await;
        tokio::time::sleep(self.latency).await;
        r
    }
}

#[async_trait]
impl InstagramApi for SlowInstagram {
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

async fn drain(engine: AutomationEngine, worker: &'static str) {
    for _ in 0..200 {
        let r = engine.run_due(worker).await.unwrap();
        if r.claimed == 0 {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_run_leaves_no_duplicate_and_nothing_lost() {
    let w = world().await;
    w.rule(&crate::automation_support::fixture_spec()).await;
    let graph = Arc::new(Graph::default());
    let engine = |graph: &Arc<Graph>| {
        AutomationEngine::new(
            w.store.clone(),
            w.store.clone(),
            Arc::new(SlowInstagram {
                inner: fake(graph.clone()),
                latency: StdDuration::from_millis(3),
            }),
            w.host.clone(),
            w.clock.clone(),
        )
    };
    let e = engine(&graph);
    e.set_settings(w.owner, w.account, false, 750, 5_000)
        .await
        .unwrap();
    for i in 0..COMMENTS {
        let key = format!("c{i}");
        e.on_event(w.owner, w.account, &key, &price_comment(&key))
            .await
            .unwrap();
    }
    // Worker A dies in the middle of its first batch.
    let a = tokio::spawn(drain(engine(&graph), "worker-a"));
    for _ in 0..5_000 {
        if graph.private_sent.lock().unwrap().len() >= 3 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(1)).await;
    }
    a.abort();
    let _ = a.await;
    let sent_before = graph.private_sent.lock().unwrap().len();
    assert!(
        sent_before > 0 && sent_before < COMMENTS,
        "killed mid-run: {sent_before}"
    );
    // Its leases run out; two workers take over side by side.
    w.clock.advance(e.policy().lease + Duration::seconds(1));
    let b = tokio::spawn(drain(engine(&graph), "worker-b"));
    let c = tokio::spawn(drain(engine(&graph), "worker-c"));
    b.await.unwrap();
    c.await.unwrap();

    let jobs = w
        .store
        .account_jobs(w.owner, w.account, 1_000)
        .await
        .unwrap();
    assert_eq!(jobs.len(), COMMENTS);
    assert!(
        jobs.iter().all(|j| j.state == JobState::Sent),
        "{:?}",
        jobs.iter().map(|j| j.state).collect::<Vec<_>>()
    );
    let public = graph.public.lock().unwrap();
    let private = graph.private_sent.lock().unwrap();
    for i in 0..COMMENTS {
        let key = format!("c{i}");
        assert_eq!(
            public.get(&key).map_or(0, Vec::len),
            1,
            "public replies to {key}"
        );
        assert_eq!(
            private.get(&key).copied(),
            Some(1),
            "private replies to {key}"
        );
    }
}
