//! The wire format: what Instagram's hosts send, as serde structs.
//!
//! Everything is tolerant of the variations the reference documents: every
//! field may be missing (`#[serde(default)]`), ids and counts come as strings
//! or numbers (ids above 2^53 included: numbers are read through
//! `serde_json::Value`, which keeps integers exact), `permissions` is a comma
//! string or an array, edges are `{"data":[…],"paging":…}` or bare arrays,
//! and an element of an unexpected type is skipped rather than failing the
//! whole answer.

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_json::Value;
use time::OffsetDateTime;

use crate::time_format::{from_unix, parse_timestamp};

// ------------------------------------------------------------ lenient scalars

/// Text sent as a string or a number (`"1784…"` or `27281358591558845`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Str(pub Option<String>);

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Str(match Value::deserialize(d)? {
            Value::String(s) => Some(s),
            // `Number`'s Display is exact for u64/i64 (no f64 round trip).
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }))
    }
}

impl Str {
    pub fn get(self) -> Option<String> {
        self.0
    }
    /// Present and not empty.
    pub fn non_empty(self) -> Option<String> {
        self.0.filter(|s| !s.is_empty())
    }
}

/// A non-negative count: a number (float truncated) or a numeric string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count(pub Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        Ok(Count(match &v {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && *f >= 0.0)
                    .map(|f| f as u64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }))
    }
}

/// A signed integer: a number (float rounded) or a numeric string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Int(pub Option<i64>);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Int(int_of(&Value::deserialize(d)?)))
    }
}

pub fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.2e18)
                .map(|f| f.round() as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean: `true`, `"true"`, `1`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flag(pub Option<bool>);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Flag(match Value::deserialize(d)? {
            Value::Bool(b) => Some(b),
            Value::String(s) => match s.trim() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            Value::Number(n) => n.as_i64().map(|n| n != 0),
            _ => None,
        }))
    }
}

impl Flag {
    pub fn is_true(self) -> bool {
        self.0 == Some(true)
    }
}

/// A timestamp: `2019-09-26T22:36:43+0000`, RFC 3339, or Unix time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct When(pub Option<OffsetDateTime>);

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(When(match Value::deserialize(d)? {
            Value::String(s) => parse_timestamp(&s),
            v @ Value::Number(_) => int_of(&v).and_then(from_unix),
            _ => None,
        }))
    }
}

/// Granted scopes: `"a,b"`, `["a","b"]`, or absent (`None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permissions(pub Option<Vec<String>>);

impl<'de> Deserialize<'de> for Permissions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let split = |s: &str| -> Vec<String> {
            s.split([',', ' '])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        };
        Ok(Permissions(match Value::deserialize(d)? {
            Value::String(s) => Some(split(&s)),
            Value::Array(a) => Some(a.iter().filter_map(Value::as_str).flat_map(split).collect()),
            _ => None,
        }))
    }
}

/// A list of strings; non-strings are skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Strings(pub Vec<String>);

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Strings(match Value::deserialize(d)? {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|v| Str::deserialize(v).ok().and_then(Str::get))
                .collect(),
            _ => Vec::new(),
        }))
    }
}

// ------------------------------------------------------ lenient containers

/// A nested object that may be missing, null or of another type (`None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt<T>(pub Option<T>);

impl<T> Default for Opt<T> {
    fn default() -> Self {
        Opt(None)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Opt<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Opt(match Value::deserialize(d)? {
            Value::Null => None,
            v => T::deserialize(v).ok(),
        }))
    }
}

/// An array whose unreadable elements are skipped; missing or not an array
/// means empty.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

fn lenient_items<T: DeserializeOwned>(v: Value) -> Vec<T> {
    match v {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| match T::deserialize(item) {
                Ok(t) => Some(t),
                Err(e) => {
                    tracing::warn!(error = %e, "skipped an unreadable item in Instagram's answer");
                    None
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(List(lenient_items(Value::deserialize(d)?)))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct Cursors {
    pub before: Str,
    pub after: Str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct Paging {
    pub cursors: Opt<Cursors>,
    /// Present only when another page exists. Never followed: it embeds the
    /// access token.
    pub next: Str,
}

impl Paging {
    /// The `after` cursor, only when Instagram says a next page exists.
    pub fn next_cursor(self) -> Option<String> {
        self.next.non_empty()?;
        self.cursors.0?.after.non_empty()
    }
}

/// An edge: `{"data":[…],"paging":{…}}`, or a bare array.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge<T> {
    pub data: Vec<T>,
    pub paging: Paging,
}

impl<T> Default for Edge<T> {
    fn default() -> Self {
        Edge {
            data: Vec::new(),
            paging: Paging::default(),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Edge<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Object(mut o) => Edge {
                data: lenient_items(o.remove("data").unwrap_or(Value::Null)),
                paging: o
                    .remove("paging")
                    .and_then(|p| Paging::deserialize(p).ok())
                    .unwrap_or_default(),
            },
            v @ Value::Array(_) => Edge {
                data: lenient_items(v),
                paging: Paging::default(),
            },
            _ => Edge::default(),
        })
    }
}

/// An object returned flat, or (as some docs samples show) wrapped in
/// `{"data":[{…}]}`: the first element is taken.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatOrWrapped<T>(pub T);

impl<'de, T: DeserializeOwned + Default> Deserialize<'de> for FlatOrWrapped<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let inner = match v {
            Value::Object(mut o) if !o.contains_key("id") && !o.contains_key("access_token") => {
                match o.remove("data") {
                    Some(Value::Array(mut a)) if !a.is_empty() => a.swap_remove(0),
                    Some(other) => {
                        o.insert("data".into(), other);
                        Value::Object(o)
                    }
                    None => Value::Object(o),
                }
            }
            other => other,
        };
        T::deserialize(inner)
            .map(FlatOrWrapped)
            .map_err(serde::de::Error::custom)
    }
}

// ------------------------------------------------------------------ OAuth

/// `POST api.instagram.com/oauth/access_token`, `GET /access_token`,
/// `GET /refresh_access_token`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct TokenAnswer {
    pub access_token: Str,
    pub user_id: Str,
    pub permissions: Permissions,
    pub token_type: Str,
    pub expires_in: Int,
}

// ------------------------------------------------------- profile and media

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct ProfileWire {
    pub id: Str,
    pub user_id: Str,
    pub username: Str,
    pub name: Str,
    pub biography: Str,
    pub website: Str,
    pub profile_picture_url: Str,
    pub followers_count: Count,
    pub follows_count: Count,
    pub media_count: Count,
    pub account_type: Str,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct MediaChildWire {
    pub id: Str,
    pub media_type: Str,
    pub media_url: Str,
    pub thumbnail_url: Str,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct MediaWire {
    pub id: Str,
    pub caption: Str,
    pub media_type: Str,
    pub media_product_type: Str,
    pub media_url: Str,
    pub thumbnail_url: Str,
    pub permalink: Str,
    pub timestamp: When,
    pub like_count: Count,
    pub comments_count: Count,
    pub children: Edge<MediaChildWire>,
}

// --------------------------------------------------------------- comments

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct UserRef {
    pub id: Str,
    pub username: Str,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct CommentWire {
    pub id: Str,
    pub text: Str,
    pub username: Str,
    pub from: Opt<UserRef>,
    pub timestamp: When,
    pub like_count: Count,
    pub hidden: Flag,
    pub parent_id: Str,
    pub replies: Edge<CommentWire>,
}

// -------------------------------------------------------------- messaging

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct ConversationWire {
    pub id: Str,
    pub updated_time: When,
    pub participants: Edge<UserRef>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct UrlHolder {
    pub url: Str,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct AttachmentWire {
    #[serde(rename = "type")]
    pub kind: Str,
    pub mime_type: Str,
    pub payload: Opt<UrlHolder>,
    pub image_data: Opt<UrlHolder>,
    pub video_data: Opt<UrlHolder>,
    pub file_url: Str,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct MessageWire {
    pub id: Str,
    pub created_time: When,
    pub from: Opt<UserRef>,
    pub to: Edge<UserRef>,
    pub message: Str,
    pub attachments: Edge<AttachmentWire>,
}

/// `GET /{conversation-id}?fields=messages{…}`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct ConversationMessagesWire {
    pub id: Str,
    pub messages: Edge<MessageWire>,
}

/// `POST /{ig-id}/messages`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct SentWire {
    pub recipient_id: Str,
    pub message_id: Str,
}

// --------------------------------------------------------------- insights

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct InsightValueWire {
    /// A number, or a map (e.g. `online_followers` by hour).
    pub value: Value,
    pub end_time: When,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct BreakdownResultWire {
    pub dimension_values: Strings,
    pub value: Int,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct BreakdownWire {
    pub dimension_keys: Strings,
    pub results: List<BreakdownResultWire>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct TotalValueWire {
    pub value: Int,
    pub breakdowns: List<BreakdownWire>,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct InsightWire {
    pub name: Str,
    pub period: Str,
    pub values: List<InsightValueWire>,
    pub total_value: Opt<TotalValueWire>,
}

// ------------------------------------------------------------- publishing

/// `{"id": …}` with, for resumable containers, `uri`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct CreatedWire {
    pub id: Str,
    pub uri: Str,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct ContainerStatusWire {
    pub id: Str,
    pub status_code: Str,
    pub status: Str,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct LimitConfigWire {
    pub quota_total: Count,
    pub quota_duration: Int,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct LimitWire {
    pub quota_usage: Count,
    pub config: Opt<LimitConfigWire>,
}

/// `{"success": true}` of updates and deletes, and of rupload.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct SuccessWire {
    pub success: Flag,
    pub message: Str,
    pub debug_info: Opt<DebugInfoWire>,
}

// ----------------------------------------------------------------- errors

/// graph.instagram.com's error envelope: `{"error":{…}}`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct GraphErrorWire {
    pub message: Str,
    #[serde(rename = "type")]
    pub kind: Str,
    pub code: Int,
    pub error_subcode: Int,
    pub is_transient: Flag,
    pub error_user_title: Str,
    pub error_user_msg: Str,
    pub fbtrace_id: Str,
}

/// api.instagram.com's own shape:
/// `{"error_type":"OAuthException","code":400,"error_message":"…"}`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct OAuthErrorWire {
    pub error_type: Str,
    pub code: Int,
    pub error_message: Str,
}

/// rupload's failure: `{"debug_info":{"retriable","type","message"}}`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct DebugInfoWire {
    pub retriable: Flag,
    #[serde(rename = "type")]
    pub kind: Str,
    pub message: Str,
}

/// Any of the three error shapes, whichever the body holds.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    pub error: Opt<GraphErrorWire>,
    #[serde(flatten)]
    pub oauth: OAuthErrorWire,
    pub debug_info: Opt<DebugInfoWire>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ids_above_two_to_the_53_stay_exact() {
        let t: TokenAnswer =
            serde_json::from_str(r#"{"access_token":"IGAA","user_id":27281358591558845}"#).unwrap();
        assert_eq!(t.user_id.get().as_deref(), Some("27281358591558845"));
        let t: TokenAnswer = serde_json::from_str(r#"{"user_id":18446744073709551615}"#).unwrap();
        assert_eq!(t.user_id.get().as_deref(), Some("18446744073709551615"));
        let t: FlatOrWrapped<TokenAnswer> = serde_json::from_str(
            r#"{"data":[{"access_token":"IGAA","user_id":27281358591558845}]}"#,
        )
        .unwrap();
        assert_eq!(t.0.user_id.get().as_deref(), Some("27281358591558845"));
    }

    #[test]
    fn permissions_as_string_array_or_absent() {
        let p = |s: &str| {
            serde_json::from_str::<TokenAnswer>(s)
                .unwrap()
                .permissions
                .0
        };
        let both = Some(vec![
            "instagram_business_basic".to_string(),
            "instagram_business_content_publish".to_string(),
        ]);
        assert_eq!(
            p(r#"{"permissions":"instagram_business_basic,instagram_business_content_publish"}"#),
            both
        );
        assert_eq!(
            p(
                r#"{"permissions":["instagram_business_basic","instagram_business_content_publish"]}"#
            ),
            both
        );
        assert_eq!(p(r#"{}"#), None);
        assert_eq!(p(r#"{"permissions":null}"#), None);
    }

    #[test]
    fn odd_types_are_tolerated() {
        let m: MediaWire = serde_json::from_str(
            r#"{"id":17887987407566524,"like_count":"94","comments_count":3.0,
                "timestamp":"2026-06-22T10:45:00+0000","children":[{"id":"1"},null,"x"],
                "media_url":null}"#,
        )
        .unwrap();
        assert_eq!(m.id.get().as_deref(), Some("17887987407566524"));
        assert_eq!(m.like_count.0, Some(94));
        assert_eq!(m.comments_count.0, Some(3));
        assert_eq!(m.children.data.len(), 1, "unreadable children skipped");
        assert_eq!(m.media_url.0, None);
        let c: CommentWire =
            serde_json::from_str(r#"{"id":"1","hidden":"true","from":"someone"}"#).unwrap();
        assert!(c.hidden.is_true());
        assert_eq!(c.from.0, None);
    }

    #[test]
    fn next_cursor_only_when_next_exists() {
        let e: Edge<UserRef> =
            serde_json::from_str(r#"{"data":[],"paging":{"cursors":{"before":"A","after":"B"}}}"#)
                .unwrap();
        assert_eq!(e.paging.next_cursor(), None);
        let e: Edge<UserRef> = serde_json::from_str(
            r#"{"data":[],"paging":{"cursors":{"after":"B"},"next":"https://graph.instagram.com/v26.0/x?access_token=T&after=B"}}"#,
        )
        .unwrap();
        assert_eq!(e.paging.next_cursor().as_deref(), Some("B"));
    }

    #[test]
    fn error_shapes() {
        let b: ErrorBody = serde_json::from_str(
            r#"{"error":{"message":"m","type":"OAuthException","code":190,"error_subcode":463}}"#,
        )
        .unwrap();
        let e = b.error.0.unwrap();
        assert_eq!((e.code.0, e.error_subcode.0), (Some(190), Some(463)));
        let b: ErrorBody = serde_json::from_str(
            r#"{"error_type":"OAuthException","code":400,"error_message":"Invalid authorization code"}"#,
        )
        .unwrap();
        assert!(b.error.0.is_none());
        assert_eq!(b.oauth.code.0, Some(400));
        assert_eq!(
            b.oauth.error_message.get().as_deref(),
            Some("Invalid authorization code")
        );
    }
}
