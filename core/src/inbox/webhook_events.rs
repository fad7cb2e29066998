//! `comment.received` and `message.received` for outgoing webhooks, from
//! the one place both the webhook receiver and the sync store comments and
//! messages. Each is recorded once (dedupe key per account and id), and
//! only when recent: the first sync of an account brings months of old
//! comments, which are not news.

use serde_json::json;
use time::{Duration, OffsetDateTime};

use super::types::{CachedComment, CachedMessage};
use crate::account::Account;
use crate::webhook_events::{EventKind, WebhookEvents};

/// Older comments and messages are history, not events.
const RECENT: Duration = Duration::days(1);

fn at(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub(super) async fn comments_received(
    events: &WebhookEvents,
    account: &Account,
    comments: &[CachedComment],
    now: OffsetDateTime,
) {
    let own = account.profile.username.as_str();
    for c in comments {
        // The account's own replies are not received comments.
        if c.timestamp < now - RECENT || c.username.as_deref() == Some(own) {
            continue;
        }
        events
            .emit_once(
                account.owner,
                EventKind::CommentReceived,
                format!("comment:{}:{}", account.id.0, c.id),
                || {
                    json!({
                        "account_id": account.id.0.to_string(),
                        "account_username": own,
                        "comment_id": c.id,
                        "media_id": c.media_id,
                        "parent_id": c.parent_id,
                        "username": c.username,
                        "text": c.text,
                        "timestamp": at(c.timestamp),
                    })
                },
            )
            .await;
    }
}

pub(super) async fn messages_received(
    events: &WebhookEvents,
    account: &Account,
    messages: &[CachedMessage],
    now: OffsetDateTime,
) {
    for m in messages {
        if !m.inbound || m.created_at < now - RECENT {
            continue;
        }
        events
            .emit_once(
                account.owner,
                EventKind::MessageReceived,
                format!("message:{}:{}", account.id.0, m.id),
                || {
                    json!({
                        "account_id": account.id.0.to_string(),
                        "account_username": account.profile.username,
                        "message_id": m.id,
                        "conversation_id": m.conversation_id,
                        "sender_id": m.sender_id,
                        "sender_username": m.sender_username,
                        "text": m.text,
                        "attachments": m.attachments.len(),
                        "created_at": at(m.created_at),
                    })
                },
            )
            .await;
    }
}
