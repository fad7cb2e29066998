//! Instagram's webhooks: a signature check behind a port (the crypto
//! adapter), parsing of the deliveries we subscribe to, and storing them in
//! the cache at once. A delivery is checked and parsed whole before anything
//! is stored: unsigned or malformed means nothing is stored.

use serde_json::Value;
use time::OffsetDateTime;

use super::live::{LiveKind, NewLiveEvent};
use super::service::{InboxError, InboxService};
use super::types::*;
use crate::instagram::Attachment;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("the X-Hub-Signature-256 header is missing")]
    Unsigned,
    #[error("the signature does not match the body")]
    BadSignature,
    #[error("the delivery is malformed: {0}")]
    Malformed(String),
    #[error("no Instagram app secret is configured")]
    NotConfigured,
}

/// Checks `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw
/// body with the app secret, in constant time.
pub trait WebhookVerifier: Send + Sync {
    fn verify(&self, body: &[u8], signature: Option<&str>) -> Result<(), WebhookError>;
}

/// One update of a delivery, for the account `ig_user_id` (the IG_ID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookEvent {
    Comment {
        ig_user_id: String,
        id: String,
        media_id: String,
        parent_id: Option<String>,
        text: String,
        username: Option<String>,
        at: OffsetDateTime,
    },
    /// The account was mentioned in a comment (on any post).
    Mention {
        ig_user_id: String,
        comment_id: String,
        media_id: String,
        text: Option<String>,
        username: Option<String>,
        at: OffsetDateTime,
    },
    Message {
        ig_user_id: String,
        mid: String,
        sender_id: String,
        recipient_id: String,
        text: Option<String>,
        attachments: Vec<Attachment>,
        at: OffsetDateTime,
        /// Sent by the account itself (from the app or another tool).
        echo: bool,
    },
    StoryInsights {
        ig_user_id: String,
        story_id: String,
        metrics: Vec<(String, i64)>,
        at: OffsetDateTime,
    },
    /// A tap on an ice breaker (`messaging_postbacks`): the inbox shows the
    /// tapped question (`title`) as the person's message; automation
    /// answers by `payload` (trigger `ice_breaker`).
    Postback {
        ig_user_id: String,
        mid: String,
        sender_id: String,
        recipient_id: String,
        title: Option<String>,
        payload: String,
        at: OffsetDateTime,
    },
}

/// The longest postback payload kept (Instagram allows 1,000 bytes).
pub const MAX_PAYLOAD_BYTES: usize = 1_000;

/// What one delivery stored (counts only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WebhookReport {
    pub comments: u32,
    pub messages: u32,
    pub story_metrics: u32,
    /// Updates for accounts not connected here, or of kinds we ignore.
    pub ignored: u32,
}

fn bad(what: &str) -> WebhookError {
    WebhookError::Malformed(what.to_string())
}

/// The longest id kept (the storage's id columns). An id longer than this
/// is no Instagram id, and copied into every event of an entry it would
/// multiply a delivery's size.
pub const MAX_ID_BYTES: usize = 64;
/// Message ids (`mid`) are long base64 strings.
pub const MAX_MID_BYTES: usize = 255;
/// The longest comment or message text kept; Instagram's own limits are far
/// lower (2,200 characters, 1,000 bytes).
pub const MAX_TEXT_BYTES: usize = 16 * 1024;
/// Longer usernames, attachment kinds and metric names are left out.
const MAX_NAME_BYTES: usize = 64;
const MAX_URL_BYTES: usize = 2048;
const MAX_ATTACHMENTS: usize = 10;

/// Ids arrive as strings, or as integers (above 2^53 in some payloads);
/// fractions, empty and over-long ids are none.
fn id_of(v: &Value) -> Option<String> {
    bounded_id(v, MAX_ID_BYTES)
}

fn bounded_id(v: &Value, max: usize) -> Option<String> {
    let id = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_u64() || n.is_i64() => n.to_string(),
        _ => return None,
    };
    (!id.is_empty() && id.len() <= max).then_some(id)
}

/// Seconds or milliseconds since the epoch (Meta uses both).
fn time_of(v: &Value) -> Option<OffsetDateTime> {
    let n = v.as_i64()?;
    let secs = if n > 100_000_000_000 { n / 1000 } else { n };
    OffsetDateTime::from_unix_timestamp(secs).ok()
}

/// A text field; present but longer than [`MAX_TEXT_BYTES`] is malformed.
fn text_of(v: &Value) -> Result<Option<String>, WebhookError> {
    match v.as_str() {
        Some(t) if t.len() > MAX_TEXT_BYTES => Err(bad("text too long")),
        t => Ok(t.map(str::to_string)),
    }
}

/// A short optional name (username, kind): left out when too long.
fn name_of(v: &Value) -> Option<String> {
    v.as_str()
        .filter(|s| s.len() <= MAX_NAME_BYTES)
        .map(str::to_string)
}

/// Parses a delivery. Unknown fields are ignored; a known field missing
/// what it needs makes the whole delivery malformed.
pub fn parse_webhook(
    body: &[u8],
    received_at: OffsetDateTime,
) -> Result<Vec<WebhookEvent>, WebhookError> {
    let root: Value = serde_json::from_slice(body).map_err(|_| bad("not JSON"))?;
    if root["object"].as_str() != Some("instagram") {
        return Err(bad("object is not instagram"));
    }
    let entries = root["entry"]
        .as_array()
        .ok_or_else(|| bad("no entry list"))?;
    let mut out = Vec::new();
    for entry in entries {
        let ig = id_of(&entry["id"]).ok_or_else(|| bad("entry without id"))?;
        let at = time_of(&entry["time"]).unwrap_or(received_at);
        let mut changes: Vec<(&str, &Value)> = Vec::new();
        if let Some(list) = entry["changes"].as_array() {
            for c in list {
                changes.push((c["field"].as_str().unwrap_or(""), &c["value"]));
            }
        } else if let Some(field) = entry["field"].as_str() {
            changes.push((field, &entry["value"]));
        }
        for (field, value) in changes {
            if let Some(event) = parse_change(&ig, field, value, at)? {
                out.push(event);
            }
        }
        if let Some(list) = entry["messaging"].as_array() {
            for m in list {
                if let Some(event) = parse_messaging(&ig, m, at)? {
                    out.push(event);
                }
            }
        }
    }
    Ok(out)
}

fn parse_change(
    ig: &str,
    field: &str,
    v: &Value,
    at: OffsetDateTime,
) -> Result<Option<WebhookEvent>, WebhookError> {
    Ok(Some(match field {
        "comments" | "live_comments" => WebhookEvent::Comment {
            ig_user_id: ig.to_string(),
            id: id_of(&v["id"])
                .or_else(|| id_of(&v["comment_id"]))
                .ok_or_else(|| bad("comment without id"))?,
            media_id: id_of(&v["media"]["id"])
                .or_else(|| id_of(&v["media_id"]))
                .ok_or_else(|| bad("comment without media"))?,
            parent_id: match &v["parent_id"] {
                Value::Null => None,
                p => Some(id_of(p).ok_or_else(|| bad("comment with a bad parent_id"))?),
            },
            text: text_of(&v["text"])?.ok_or_else(|| bad("comment without text"))?,
            username: name_of(&v["from"]["username"]),
            at,
        },
        "mentions" => WebhookEvent::Mention {
            ig_user_id: ig.to_string(),
            comment_id: id_of(&v["comment_id"])
                .or_else(|| id_of(&v["id"]))
                .ok_or_else(|| bad("mention without comment"))?,
            media_id: id_of(&v["media_id"])
                .or_else(|| id_of(&v["media"]["id"]))
                .ok_or_else(|| bad("mention without media"))?,
            text: text_of(&v["text"])?,
            username: name_of(&v["from"]["username"]),
            at,
        },
        "story_insights" => {
            let story_id =
                id_of(&v["media_id"]).ok_or_else(|| bad("story insights without media_id"))?;
            let metrics = v
                .as_object()
                .ok_or_else(|| bad("story insights without values"))?
                .iter()
                .filter(|(k, _)| k.as_str() != "media_id" && k.len() <= MAX_NAME_BYTES)
                .filter_map(|(k, x)| x.as_i64().map(|n| (k.clone(), n)))
                .collect();
            WebhookEvent::StoryInsights {
                ig_user_id: ig.to_string(),
                story_id,
                metrics,
                at,
            }
        }
        _ => return Ok(None),
    }))
}

fn parse_messaging(
    ig: &str,
    m: &Value,
    at: OffsetDateTime,
) -> Result<Option<WebhookEvent>, WebhookError> {
    let message = &m["message"];
    if m["postback"].is_object() {
        return parse_postback(ig, m, at).map(Some);
    }
    if !message.is_object() {
        // Reactions, reads: not cached.
        return Ok(None);
    }
    if message["is_deleted"].as_bool() == Some(true) {
        return Ok(None);
    }
    let attachments = message["attachments"]
        .as_array()
        .map(|list| {
            list.iter()
                .take(MAX_ATTACHMENTS)
                .map(|a| Attachment {
                    kind: name_of(&a["type"]).unwrap_or_else(|| "file".to_string()),
                    url: a["payload"]["url"]
                        .as_str()
                        .filter(|u| u.len() <= MAX_URL_BYTES)
                        .map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(WebhookEvent::Message {
        ig_user_id: ig.to_string(),
        mid: bounded_id(&message["mid"], MAX_MID_BYTES)
            .ok_or_else(|| bad("message without mid"))?,
        sender_id: id_of(&m["sender"]["id"]).ok_or_else(|| bad("message without sender"))?,
        recipient_id: id_of(&m["recipient"]["id"])
            .ok_or_else(|| bad("message without recipient"))?,
        text: text_of(&message["text"])?,
        attachments,
        at: time_of(&m["timestamp"]).unwrap_or(at),
        echo: message["is_echo"].as_bool() == Some(true),
    }))
}

/// `{"sender","recipient","timestamp","postback":{"mid","title","payload"}}`.
fn parse_postback(ig: &str, m: &Value, at: OffsetDateTime) -> Result<WebhookEvent, WebhookError> {
    let p = &m["postback"];
    let payload = match p["payload"].as_str() {
        Some(s) if !s.is_empty() && s.len() <= MAX_PAYLOAD_BYTES => s.to_string(),
        _ => return Err(bad("postback without a payload")),
    };
    Ok(WebhookEvent::Postback {
        ig_user_id: ig.to_string(),
        mid: bounded_id(&p["mid"], MAX_MID_BYTES).ok_or_else(|| bad("postback without mid"))?,
        sender_id: id_of(&m["sender"]["id"]).ok_or_else(|| bad("postback without sender"))?,
        recipient_id: id_of(&m["recipient"]["id"])
            .ok_or_else(|| bad("postback without recipient"))?,
        title: text_of(&p["title"])?,
        payload,
        at: time_of(&m["timestamp"]).unwrap_or(at),
    })
}

impl InboxService {
    /// Verifies, parses and stores a delivery. Any refusal stores nothing.
    pub async fn handle_webhook(
        &self,
        verifier: &dyn WebhookVerifier,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<WebhookReport, WebhookHandlingError> {
        verifier.verify(body, signature)?;
        let now = self.clock.now();
        let events = parse_webhook(body, now)?;
        let mut report = WebhookReport::default();
        for event in events {
            self.apply(event, now, &mut report).await?;
        }
        Ok(report)
    }

    async fn apply(
        &self,
        event: WebhookEvent,
        now: OffsetDateTime,
        report: &mut WebhookReport,
    ) -> Result<(), InboxError> {
        let ig = match &event {
            WebhookEvent::Comment { ig_user_id, .. }
            | WebhookEvent::Mention { ig_user_id, .. }
            | WebhookEvent::Message { ig_user_id, .. }
            | WebhookEvent::StoryInsights { ig_user_id, .. }
            | WebhookEvent::Postback { ig_user_id, .. } => ig_user_id.clone(),
        };
        let Some(account) = self.storage.accounts.account_by_ig_user_id(&ig).await? else {
            report.ignored += 1;
            return Ok(());
        };
        match event {
            WebhookEvent::Comment {
                id,
                media_id,
                parent_id,
                text,
                username,
                at,
                ..
            } => {
                let stored = [CachedComment {
                    account_id: account.id,
                    id: id.clone(),
                    media_id,
                    parent_id,
                    text,
                    username,
                    timestamp: at,
                    hidden: false,
                    like_count: None,
                    fetched_at: now,
                }];
                self.storage.comments.upsert_comments(&stored).await?;
                self.comments_stored(&account, &stored).await?;
                report.comments += 1;
                self.tell(&account, LiveKind::Comment, Some(id), now)
                    .await?;
            }
            WebhookEvent::Mention {
                comment_id,
                media_id,
                text,
                username,
                at,
                ..
            } => {
                // Without the text there is nothing to show; sync fetches it.
                let Some(text) = text else {
                    report.ignored += 1;
                    return Ok(());
                };
                self.storage
                    .comments
                    .upsert_comments(&[CachedComment {
                        account_id: account.id,
                        id: comment_id.clone(),
                        media_id,
                        parent_id: None,
                        text,
                        username,
                        timestamp: at,
                        hidden: false,
                        like_count: None,
                        fetched_at: now,
                    }])
                    .await?;
                report.comments += 1;
                self.tell(&account, LiveKind::Comment, Some(comment_id), now)
                    .await?;
            }
            WebhookEvent::Message {
                mid,
                sender_id,
                recipient_id,
                text,
                attachments,
                at,
                echo,
                ..
            } => {
                let inbound = !echo && sender_id != account.ig_user_id;
                self.store_message(
                    &account,
                    CachedMessage {
                        account_id: account.id,
                        id: mid,
                        conversation_id: String::new(),
                        sender_id,
                        sender_username: None,
                        recipient_id,
                        recipient_username: None,
                        text,
                        attachments,
                        created_at: at,
                        inbound,
                        fetched_at: now,
                    },
                    now,
                )
                .await?;
                report.messages += 1;
            }
            WebhookEvent::Postback {
                mid,
                sender_id,
                recipient_id,
                title,
                at,
                ..
            } => {
                // The tapped question reads as the person's message.
                self.store_message(
                    &account,
                    CachedMessage {
                        account_id: account.id,
                        id: mid,
                        conversation_id: String::new(),
                        sender_id,
                        sender_username: None,
                        recipient_id,
                        recipient_username: None,
                        text: title,
                        attachments: Vec::new(),
                        created_at: at,
                        inbound: true,
                        fetched_at: now,
                    },
                    now,
                )
                .await?;
                report.messages += 1;
            }
            WebhookEvent::StoryInsights {
                story_id, metrics, ..
            } => {
                let values: Vec<StoryInsightValue> = metrics
                    .into_iter()
                    .map(|(metric, value)| StoryInsightValue {
                        account_id: account.id,
                        story_id: story_id.clone(),
                        metric,
                        value,
                        received_at: now,
                    })
                    .collect();
                report.story_metrics += values.len() as u32;
                self.storage.stories.insert_story_insights(&values).await?;
            }
        }
        Ok(())
    }
}

impl InboxService {
    /// Stores a message in its conversation (`message.conversation_id` is
    /// filled in here) and tells open inbox pages.
    async fn store_message(
        &self,
        account: &crate::account::Account,
        mut message: CachedMessage,
        now: OffsetDateTime,
    ) -> Result<(), InboxError> {
        let inbound = message.inbound;
        let at = message.created_at;
        let peer = if inbound {
            message.sender_id.clone()
        } else {
            message.recipient_id.clone()
        };
        let existing = self
            .storage
            .conversations
            .conversation_with(account.id, &peer)
            .await?
            .into_iter()
            .max_by_key(|c| c.last_message_at);
        // Until sync learns the conversation's id, the message waits
        // in a conversation named after the person.
        let mut conv = existing.unwrap_or_else(|| CachedConversation {
            account_id: account.id,
            id: format!("igsid:{peer}"),
            participant_id: peer.clone(),
            participant_username: None,
            last_message_at: None,
            last_inbound_at: None,
            read_at: None,
            fetched_at: now,
        });
        conv.last_message_at = conv.last_message_at.max(Some(at));
        if inbound {
            conv.last_inbound_at = conv.last_inbound_at.max(Some(at));
        }
        self.storage
            .conversations
            .upsert_conversations(&[conv.clone()])
            .await?;
        message.conversation_id = conv.id.clone();
        let mid = message.id.clone();
        let stored = [message];
        self.storage.conversations.upsert_messages(&stored).await?;
        self.messages_stored(account, &stored).await;
        self.tell(account, LiveKind::Message, Some(mid), now).await
    }

    /// Tells the owner's open inbox pages (a pointer, never the text).
    async fn tell(
        &self,
        account: &crate::account::Account,
        kind: LiveKind,
        item: Option<String>,
        at: OffsetDateTime,
    ) -> Result<(), InboxError> {
        self.storage
            .live
            .insert_live_event(&NewLiveEvent {
                owner: account.owner,
                account: account.id,
                kind,
                item,
                at,
            })
            .await?;
        Ok(())
    }
}

/// Why a delivery was refused or not stored.
#[derive(Debug, thiserror::Error)]
pub enum WebhookHandlingError {
    #[error(transparent)]
    Refused(#[from] WebhookError),
    #[error(transparent)]
    Internal(#[from] InboxError),
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-01-01 0:00 UTC);

    #[test]
    fn parses_comments_messages_mentions_and_story_insights() {
        let body = br#"{"object":"instagram","entry":[
          {"id":"1784","time":1718000000,"changes":[
            {"field":"comments","value":{"id":"c1","text":"<b>hi</b>","parent_id":"c0",
              "from":{"id":"9","username":"someone"},"media":{"id":"m1","media_product_type":"FEED"}}},
            {"field":"mentions","value":{"comment_id":"c2","media_id":"m9"}},
            {"field":"story_insights","value":{"media_id":"s1","impressions":44,"reach":40,"exits":3}},
            {"field":"message_reactions","value":{}}]},
          {"id":"1784","time":1569262486134,"messaging":[
            {"sender":{"id":"9"},"recipient":{"id":"1784"},"timestamp":1569262485349,
             "message":{"mid":"m-1","text":"hello","attachments":[{"type":"image","payload":{"url":"https://x/i.jpg"}}]}},
            {"sender":{"id":"9"},"recipient":{"id":"1784"},"read":{"mid":"m-1"}}]}]}"#;
        let events = parse_webhook(body, NOW).expect("parsed");
        assert_eq!(events.len(), 4);
        assert!(
            matches!(&events[0], WebhookEvent::Comment { parent_id: Some(p), text, .. } if p == "c0" && text == "<b>hi</b>")
        );
        assert!(matches!(
            &events[1],
            WebhookEvent::Mention { text: None, .. }
        ));
        assert!(
            matches!(&events[2], WebhookEvent::StoryInsights { metrics, .. } if metrics.len() == 3)
        );
        assert!(
            matches!(&events[3], WebhookEvent::Message { attachments, echo: false, .. } if attachments.len() == 1)
        );
    }

    #[test]
    fn an_ice_breaker_tap_is_a_postback_with_its_question_and_payload() {
        let body = r#"{"object":"instagram","entry":[{"id":"1784","time":1569262486134,"messaging":[
            {"sender":{"id":"9"},"recipient":{"id":"1784"},"timestamp":1569262485349,
             "postback":{"mid":"m-7","title":"Сколько стоит?","payload":"ib:ru:1"}}]}]}"#;
        let events = parse_webhook(body.as_bytes(), NOW).expect("parsed");
        assert_eq!(events.len(), 1);
        match &events[0] {
            WebhookEvent::Postback {
                mid,
                sender_id,
                title,
                payload,
                ..
            } => {
                assert_eq!(mid, "m-7");
                assert_eq!(sender_id, "9");
                assert_eq!(title.as_deref(), Some("Сколько стоит?"));
                assert_eq!(payload, "ib:ru:1");
            }
            other => panic!("not a postback: {other:?}"),
        }
        let no_payload = br#"{"object":"instagram","entry":[{"id":"1784","messaging":[
            {"sender":{"id":"9"},"recipient":{"id":"1784"},"postback":{"mid":"m-7","title":"x"}}]}]}"#;
        assert!(matches!(
            parse_webhook(no_payload, NOW),
            Err(WebhookError::Malformed(_))
        ));
    }

    #[test]
    fn malformed_deliveries_are_refused_whole() {
        for body in [
            &b"not json"[..],
            br#"{"object":"page","entry":[]}"#,
            br#"{"object":"instagram"}"#,
            br#"{"object":"instagram","entry":[{"id":"1","changes":[{"field":"comments","value":{"text":"x"}}]}]}"#,
        ] {
            assert!(matches!(
                parse_webhook(body, NOW),
                Err(WebhookError::Malformed(_))
            ));
        }
    }

    fn comment(entry_id: &str, id: &str, text: &str) -> Vec<u8> {
        format!(
            r#"{{"object":"instagram","entry":[{{"id":{entry_id},"changes":[
              {{"field":"comments","value":{{"id":{id},"media":{{"id":"m1"}},"text":{text}}}}}]}}]}}"#
        )
        .into_bytes()
    }

    /// Found by the property tests: an over-long entry id was copied into
    /// every event (a 1 MB id times 50,000 changes), and ids longer than
    /// the storage's columns or fractional ids were accepted.
    #[test]
    fn ids_are_integers_or_short_strings_and_texts_are_bounded() {
        let long = format!("\"{}\"", "1".repeat(MAX_ID_BYTES + 1));
        let ok = format!("\"{}\"", "1".repeat(MAX_ID_BYTES));
        let huge_text = format!("\"{}\"", "x".repeat(MAX_TEXT_BYTES + 1));
        assert!(parse_webhook(&comment(&ok, "17", "\"hi\""), NOW).is_ok());
        assert!(
            parse_webhook(
                &comment("17841457215396811", "18000000000000001", "\"hi\""),
                NOW
            )
            .is_ok()
        );
        for body in [
            comment(&long, "\"c1\"", "\"hi\""),
            comment("\"1784\"", &long, "\"hi\""),
            comment("1.5e3", "\"c1\"", "\"hi\""),
            comment("\"1784\"", "12.0", "\"hi\""),
            comment("\"1784\"", "\"c1\"", &huge_text),
        ] {
            assert!(matches!(
                parse_webhook(&body, NOW),
                Err(WebhookError::Malformed(_))
            ));
        }
    }
}
