//! The publisher's outcomes as outgoing webhook events: `post.published`
//! with the permalink and media id, `post.failed` with the reason in the
//! owner's language next to Instagram's original words.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::json;
use socialflow_core::posts::{Post, PostOutcomeHook};
use socialflow_core::webhook_events::{EventKind, WebhookEvents};
use socialflow_core::{Language, UserRepo};
use time::format_description::well_known::Rfc3339;

use crate::i18n::Tr;

pub struct PostOutcomeEvents {
    events: WebhookEvents,
    users: Arc<dyn UserRepo>,
}

impl PostOutcomeEvents {
    pub fn new(events: WebhookEvents, users: Arc<dyn UserRepo>) -> Self {
        Self { events, users }
    }
}

fn at(t: Option<time::OffsetDateTime>) -> Option<String> {
    t.and_then(|t| t.format(&Rfc3339).ok())
}

fn post_data(post: &Post) -> serde_json::Map<String, serde_json::Value> {
    let mut data = serde_json::Map::new();
    data.insert("post_id".into(), json!(post.id.to_string()));
    data.insert(
        "account_id".into(),
        json!(post.content.account_id.0.to_string()),
    );
    data.insert("kind".into(), json!(post.content.kind.as_str()));
    data.insert("scheduled_at".into(), json!(at(post.content.scheduled_at)));
    data
}

#[async_trait]
impl PostOutcomeHook for PostOutcomeEvents {
    async fn post_published(&self, post: &Post) {
        let mut data = post_data(post);
        data.insert("media_id".into(), json!(post.ig_media_id));
        data.insert("permalink".into(), json!(post.permalink));
        data.insert("published_at".into(), json!(at(post.published_at)));
        self.events
            .emit(post.owner, EventKind::PostPublished, data.into())
            .await;
    }

    async fn post_failed(&self, post: &Post) {
        let original = post.reason.clone().unwrap_or_default();
        let language = match self.users.user_by_id(post.owner).await {
            Ok(Some(u)) => u.language,
            _ => Language::En,
        };
        let tr = Tr::new(language);
        let problem = socialflow_core::instagram::explain::explain(&original);
        let mut data = post_data(post);
        data.insert("reason_code".into(), json!(problem.as_str()));
        data.insert(
            "reason".into(),
            json!(tr.t(&format!("why-{}", problem.as_str()))),
        );
        data.insert(
            "fix".into(),
            json!(tr.t(&format!("fix-{}", problem.as_str()))),
        );
        data.insert("language".into(), json!(tr.code()));
        data.insert("instagram_message".into(), json!(original));
        self.events
            .emit(post.owner, EventKind::PostFailed, data.into())
            .await;
    }
}
