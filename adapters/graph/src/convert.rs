//! Instagram's JSON → the domain's types. Tolerant of what the reference
//! says varies: missing optional fields, ids as numbers, nested `data`.

use std::collections::BTreeMap;

use serde_json::Value;
use socialflow_core::instagram::*;
use time::OffsetDateTime;

use crate::time_format::parse_timestamp;

fn s(v: &Value, k: &str) -> Option<String> {
    match v.get(k)? {
        Value::String(x) => Some(x.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn u(v: &Value, k: &str) -> Option<u64> {
    v.get(k).and_then(|x| {
        x.as_u64()
            .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
    })
}

fn when(v: &Value, k: &str) -> OffsetDateTime {
    s(v, k)
        .and_then(|t| parse_timestamp(&t))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Items of an edge, whether returned as `{"data":[…]}` or a bare array.
pub(crate) fn data(v: &Value) -> &[Value] {
    v.get("data")
        .and_then(Value::as_array)
        .or_else(|| v.as_array())
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The `after` cursor, only when Instagram says there is a next page.
pub(crate) fn next_cursor(v: &Value) -> Option<String> {
    let paging = v.get("paging")?;
    paging.get("next")?;
    paging
        .get("cursors")?
        .get("after")?
        .as_str()
        .map(str::to_string)
}

pub fn profile(v: &Value) -> Profile {
    Profile {
        app_scoped_id: s(v, "id").unwrap_or_default(),
        ig_user_id: s(v, "user_id").unwrap_or_default(),
        username: s(v, "username").unwrap_or_default(),
        name: s(v, "name"),
        biography: s(v, "biography"),
        website: s(v, "website"),
        profile_picture_url: s(v, "profile_picture_url"),
        followers_count: u(v, "followers_count"),
        follows_count: u(v, "follows_count"),
        media_count: u(v, "media_count"),
        account_type: s(v, "account_type").map(|t| t.to_ascii_uppercase()),
    }
}

pub fn media_item(v: &Value) -> MediaItem {
    MediaItem {
        id: s(v, "id").unwrap_or_default(),
        caption: s(v, "caption"),
        media_type: MediaType::parse(&s(v, "media_type").unwrap_or_default()),
        media_product_type: s(v, "media_product_type"),
        media_url: s(v, "media_url"),
        thumbnail_url: s(v, "thumbnail_url"),
        permalink: s(v, "permalink"),
        timestamp: when(v, "timestamp"),
        like_count: u(v, "like_count"),
        comments_count: u(v, "comments_count"),
        children: v
            .get("children")
            .map(data)
            .unwrap_or(&[])
            .iter()
            .map(|c| MediaChild {
                id: s(c, "id").unwrap_or_default(),
                media_type: MediaType::parse(&s(c, "media_type").unwrap_or_default()),
                media_url: s(c, "media_url"),
                thumbnail_url: s(c, "thumbnail_url"),
            })
            .collect(),
    }
}

pub fn comment(v: &Value) -> Comment {
    let from = v.get("from");
    Comment {
        id: s(v, "id").unwrap_or_default(),
        text: s(v, "text").unwrap_or_default(),
        username: s(v, "username").or_else(|| from.and_then(|f| s(f, "username"))),
        from_id: from.and_then(|f| s(f, "id")),
        timestamp: when(v, "timestamp"),
        like_count: u(v, "like_count"),
        hidden: v.get("hidden").and_then(Value::as_bool).unwrap_or(false),
        parent_id: s(v, "parent_id"),
        replies: v
            .get("replies")
            .map(data)
            .unwrap_or(&[])
            .iter()
            .map(comment)
            .collect(),
    }
}

fn participant(v: &Value) -> Participant {
    Participant {
        id: s(v, "id").unwrap_or_default(),
        username: s(v, "username"),
    }
}

pub fn conversation(v: &Value) -> Conversation {
    Conversation {
        id: s(v, "id").unwrap_or_default(),
        updated_time: s(v, "updated_time").and_then(|t| parse_timestamp(&t)),
        participants: v
            .get("participants")
            .map(data)
            .unwrap_or(&[])
            .iter()
            .map(participant)
            .collect(),
    }
}

pub fn message(v: &Value) -> Message {
    Message {
        id: s(v, "id").unwrap_or_default(),
        created_time: when(v, "created_time"),
        from: v.get("from").map(participant).unwrap_or(Participant {
            id: String::new(),
            username: None,
        }),
        to: v
            .get("to")
            .map(data)
            .unwrap_or(&[])
            .iter()
            .map(participant)
            .collect(),
        text: s(v, "message").filter(|t| !t.is_empty()),
        attachments: v
            .get("attachments")
            .map(data)
            .unwrap_or(&[])
            .iter()
            .map(|a| Attachment {
                kind: s(a, "type")
                    .or_else(|| s(a, "mime_type"))
                    .unwrap_or_else(|| "file".into()),
                url: a
                    .get("payload")
                    .and_then(|p| s(p, "url"))
                    .or_else(|| a.get("image_data").and_then(|i| s(i, "url")))
                    .or_else(|| a.get("video_data").and_then(|i| s(i, "url")))
                    .or_else(|| s(a, "file_url")),
            })
            .collect(),
    }
}

fn metric_value(v: &Value) -> Option<MetricValue> {
    match v {
        Value::Number(n) => n.as_i64().map(MetricValue::Number),
        Value::Object(map) => Some(MetricValue::Map(
            map.iter()
                .filter_map(|(k, x)| x.as_i64().map(|n| (k.clone(), n)))
                .collect::<BTreeMap<_, _>>(),
        )),
        _ => None,
    }
}

/// An insights answer (`data[]` of metrics). Metrics Instagram left out are
/// simply absent: never zeros.
pub fn insights(v: &Value) -> Vec<Insight> {
    data(v)
        .iter()
        .map(|m| Insight {
            name: s(m, "name").unwrap_or_default(),
            period: s(m, "period").unwrap_or_default(),
            values: m
                .get("values")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .filter_map(|x| {
                    Some(InsightValue {
                        value: metric_value(x.get("value")?)?,
                        end_time: s(x, "end_time").and_then(|t| parse_timestamp(&t)),
                    })
                })
                .collect(),
            total: m.get("total_value").map(|t| TotalValue {
                value: t.get("value").and_then(Value::as_i64).unwrap_or(0),
                breakdowns: t
                    .get("breakdowns")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                    .iter()
                    .map(|b| Breakdown {
                        dimension_keys: strings(b.get("dimension_keys")),
                        results: b
                            .get("results")
                            .and_then(Value::as_array)
                            .map(Vec::as_slice)
                            .unwrap_or(&[])
                            .iter()
                            .map(|r| BreakdownResult {
                                dimension_values: strings(r.get("dimension_values")),
                                value: r.get("value").and_then(Value::as_i64).unwrap_or(0),
                            })
                            .collect(),
                    })
                    .collect(),
            }),
        })
        .collect()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// `permissions` as a comma string, an array, or absent.
pub(crate) fn permissions(v: &Value) -> Option<Vec<String>> {
    match v.get("permissions")? {
        Value::String(s) => Some(
            s.split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
        ),
        Value::Array(a) => Some(
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
        ),
        _ => None,
    }
}

/// The token exchange's answer, flat or wrapped in `data`.
pub(crate) fn token_object(v: &Value) -> &Value {
    v.get("data")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .unwrap_or(v)
}

/// An id that may be a JSON number larger than 2^53 or a string.
pub(crate) fn id_text(v: &Value, k: &str) -> Option<String> {
    s(v, k)
}
