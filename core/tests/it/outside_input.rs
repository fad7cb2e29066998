//! Property tests for the core's parsers of text from outside: Meta's
//! webhook deliveries and the caption/hashtag/mention rules. Whatever comes
//! in, they do not panic, and what they produce is bounded by what came in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use serde_json::{Value, json};
use socialflow_core::inbox::{MAX_ID_BYTES, MAX_MID_BYTES, WebhookEvent, parse_webhook};
use socialflow_core::posts::{CaptionLimits, check_caption};
use time::macros::datetime;

const NOW: time::OffsetDateTime = datetime!(2026-05-01 12:00 UTC);

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        "[0-9]{1,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("id".to_string()),
                        Just("text".to_string()),
                        Just("media".to_string()),
                        Just("media_id".to_string()),
                        Just("from".to_string()),
                        Just("username".to_string()),
                        Just("mid".to_string()),
                        Just("timestamp".to_string()),
                        "[a-z_]{1,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Ids as Meta sends them (digit strings, big numbers) and as it must not
/// (long strings, fractions).
fn any_id() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[0-9]{1,20}".prop_map(Value::String),
        any::<u64>().prop_map(|n| json!(n)),
        "[0-9]{60,100}".prop_map(Value::String),
        "\\PC{1,200}".prop_map(Value::String),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        any_json(),
    ]
}

fn any_text() -> impl Strategy<Value = Value> {
    prop_oneof![".{0,40}".prop_map(Value::String), any_json()]
}

/// Deliveries shaped like Meta's, with any values where the fields go.
fn delivery() -> impl Strategy<Value = Value> {
    let comment = (any_id(), any_id(), any_text(), any_text(), any_id()).prop_map(
        |(id, media, text, user, parent)| {
            json!({ "field": "comments", "value": {
                "id": id, "media": { "id": media }, "text": text,
                "from": { "username": user }, "parent_id": parent } })
        },
    );
    let mention = (any_id(), any_id(), any_text()).prop_map(|(c, m, t)| {
        json!({ "field": "mentions", "value": { "comment_id": c, "media_id": m, "text": t } })
    });
    let insights = (
        any_id(),
        prop::collection::btree_map("[a-z_]{1,10}", any_json(), 0..5),
    )
        .prop_map(|(m, rest)| {
            let mut v = serde_json::Map::new();
            v.insert("media_id".into(), m);
            v.extend(rest);
            json!({ "field": "story_insights", "value": v })
        });
    let other = (any_json(), any_json()).prop_map(|(f, v)| json!({ "field": f, "value": v }));
    let change = prop_oneof![comment, mention, insights, other];
    let attachment =
        (any_text(), any_text()).prop_map(|(t, u)| json!({ "type": t, "payload": { "url": u } }));
    let messaging = (
        any_id(),
        any_text(),
        prop::collection::vec(attachment, 0..3),
        any_id(),
        any_id(),
        any_json(),
    )
        .prop_map(|(mid, text, att, s, r, t)| {
            json!({ "message": { "mid": mid, "text": text, "attachments": att },
                    "sender": { "id": s }, "recipient": { "id": r }, "timestamp": t })
        });
    let entry = (
        any_id(),
        any_json(),
        prop::collection::vec(change, 0..5),
        prop::collection::vec(messaging, 0..4),
    )
        .prop_map(|(id, time, changes, messaging)| {
            json!({ "id": id, "time": time, "changes": changes, "messaging": messaging })
        });
    (
        prop_oneof![4 => Just(json!("instagram")), 1 => any_json()],
        prop::collection::vec(entry, 0..4),
    )
        .prop_map(|(object, entries)| json!({ "object": object, "entry": entries }))
}

/// Every string an event holds, to measure what a delivery produces.
fn strings(e: &WebhookEvent) -> Vec<&str> {
    match e {
        WebhookEvent::Comment {
            ig_user_id,
            id,
            media_id,
            parent_id,
            text,
            username,
            ..
        } => [
            Some(ig_user_id),
            Some(id),
            Some(media_id),
            parent_id.as_ref(),
            Some(text),
            username.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect(),
        WebhookEvent::Mention {
            ig_user_id,
            comment_id,
            media_id,
            text,
            username,
            ..
        } => [
            Some(ig_user_id),
            Some(comment_id),
            Some(media_id),
            text.as_ref(),
            username.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect(),
        WebhookEvent::Message {
            ig_user_id,
            mid,
            sender_id,
            recipient_id,
            text,
            attachments,
            ..
        } => {
            let mut v: Vec<&str> = [
                Some(ig_user_id),
                Some(mid),
                Some(sender_id),
                Some(recipient_id),
                text.as_ref(),
            ]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
            for a in attachments {
                v.push(&a.kind);
                v.extend(a.url.as_deref());
            }
            v
        }
        WebhookEvent::StoryInsights {
            ig_user_id,
            story_id,
            metrics,
            ..
        } => {
            let mut v = vec![ig_user_id.as_str(), story_id.as_str()];
            v.extend(metrics.iter().map(|(k, _)| k.as_str()));
            v
        }
        WebhookEvent::Postback {
            ig_user_id,
            mid,
            sender_id,
            recipient_id,
            title,
            payload,
            ..
        } => [
            Some(ig_user_id),
            Some(mid),
            Some(sender_id),
            Some(recipient_id),
            title.as_ref(),
            Some(payload),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect(),
    }
}

/// Each id of an event with the longest it may be: no longer than the
/// storage's columns (an id repeated in every event of an entry must not
/// multiply a long string either).
fn short<'a>(v: &[&'a String]) -> Vec<(&'a str, usize)> {
    v.iter().map(|s| (s.as_str(), MAX_ID_BYTES)).collect()
}

fn ids(e: &WebhookEvent) -> Vec<(&str, usize)> {
    match e {
        WebhookEvent::Comment {
            ig_user_id,
            id,
            media_id,
            parent_id,
            ..
        } => {
            let mut v = short(&[ig_user_id, id, media_id]);
            v.extend(parent_id.iter().map(|p| (p.as_str(), MAX_ID_BYTES)));
            v
        }
        WebhookEvent::Mention {
            ig_user_id,
            comment_id,
            media_id,
            ..
        } => short(&[ig_user_id, comment_id, media_id]),
        WebhookEvent::Message {
            ig_user_id,
            mid,
            sender_id,
            recipient_id,
            ..
        } => {
            let mut v = short(&[ig_user_id, sender_id, recipient_id]);
            v.push((mid.as_str(), MAX_MID_BYTES));
            v
        }
        WebhookEvent::StoryInsights {
            ig_user_id,
            story_id,
            ..
        } => short(&[ig_user_id, story_id]),
        WebhookEvent::Postback {
            ig_user_id,
            mid,
            sender_id,
            recipient_id,
            ..
        } => {
            let mut v = short(&[ig_user_id, sender_id, recipient_id]);
            v.push((mid.as_str(), MAX_MID_BYTES));
            v
        }
    }
}

fn check_delivery(body: &[u8]) -> Result<(), TestCaseError> {
    let Ok(events) = parse_webhook(body, NOW) else {
        return Ok(());
    };
    let produced: usize = events.iter().flat_map(strings).map(str::len).sum();
    prop_assert!(events.len() <= body.len() / 8, "{} events", events.len());
    prop_assert!(
        produced <= body.len() + MAX_ID_BYTES * events.len(),
        "{produced} bytes out of {}",
        body.len()
    );
    for e in &events {
        for (id, max) in ids(e) {
            prop_assert!(!id.is_empty() && id.len() <= max, "{id:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn webhook_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512)) {
        check_delivery(&body)?;
    }

    #[test]
    fn webhook_shaped_deliveries_are_bounded(d in delivery()) {
        check_delivery(&serde_json::to_vec(&d).unwrap())?;
    }

    #[test]
    fn captions_are_bounded_by_their_input(
        caption in "\\PC{0,300}|[#@ a-z_\\n]{0,300}",
        hashtags in "[#, a-zа-я0-9_\\t]{0,200}|\\PC{0,100}",
        first_comment in proptest::option::of("\\PC{0,50}"),
    ) {
        let limits = CaptionLimits::INSTAGRAM;
        let r = check_caption(&caption, &hashtags, first_comment.as_deref(), &limits);
        prop_assert_eq!(r.chars, r.text.chars().count());
        // Each hashtag gains at most "#" and a separator.
        prop_assert!(r.text.len() <= caption.len() + 2 + 2 * hashtags.len());
        // A counted tag is a marker and a word character at least.
        prop_assert!(r.hashtags * 2 <= r.chars && r.mentions * 2 <= r.chars);
        prop_assert!(r.problems.len() <= 5);
        prop_assert_eq!(
            r.errors().any(|p| matches!(p, socialflow_core::posts::CaptionProblem::TooLong { .. })),
            r.chars > limits.max_chars
        );
        // Checking the final text again finds the same counts (hashtags
        // already normalised stay as they are).
        let again = check_caption(&r.text, "", None, &limits);
        prop_assert_eq!(again.text, r.text.trim());
        prop_assert_eq!((again.hashtags, again.mentions), (r.hashtags, r.mentions));
    }
}
