//! Wire structs → the domain's types, and the public decoders that turn a
//! success body into them (used by the endpoints and by the fixture tests).
//!
//! Missing optional fields stay `None`; a metric Instagram did not return is
//! absent, never zero. Items of a page without an `id` are skipped.

use std::collections::BTreeMap;

use secrecy::SecretString;
use serde_json::Value;
use socialflow_core::instagram::*;
use time::{Duration, OffsetDateTime};

use crate::client::{decode, unreadable};
use crate::wire::*;

/// A long-lived token's lifetime when Instagram does not say (60 days).
const DEFAULT_LONG_LIVED: i64 = 60 * 24 * 3600;

fn required_time(t: When, what: &str, id: &str) -> OffsetDateTime {
    t.0.unwrap_or_else(|| {
        tracing::warn!(
            what,
            id,
            "Instagram sent no readable timestamp; using the Unix epoch"
        );
        OffsetDateTime::UNIX_EPOCH
    })
}

// ------------------------------------------------------------------ OAuth

pub(crate) fn short_lived_from(t: TokenAnswer) -> IgResult<ShortLivedToken> {
    let token = t
        .access_token
        .non_empty()
        .ok_or_else(|| InstagramError::OAuth {
            message: "Instagram's answer holds no access token".into(),
        })?;
    Ok(ShortLivedToken {
        token: SecretString::from(token),
        user_id: t.user_id.get().unwrap_or_default(),
        permissions: t.permissions.0,
    })
}

pub(crate) fn long_lived_from(t: TokenAnswer) -> IgResult<LongLivedToken> {
    let token = t
        .access_token
        .non_empty()
        .ok_or_else(|| unreadable("token", "no access_token"))?;
    Ok(LongLivedToken {
        token: SecretString::from(token),
        expires_in: Duration::seconds(
            t.expires_in
                .0
                .filter(|s| *s > 0)
                .unwrap_or(DEFAULT_LONG_LIVED),
        ),
        permissions: t.permissions.0,
    })
}

/// The code exchange's answer, flat or wrapped in `{"data":[…]}`.
pub fn short_lived_token(body: &str) -> IgResult<ShortLivedToken> {
    let FlatOrWrapped(t) = decode::<FlatOrWrapped<TokenAnswer>>("token", body)?;
    short_lived_from(t)
}

/// The long-lived exchange's or the refresh's answer.
pub fn long_lived_token(body: &str) -> IgResult<LongLivedToken> {
    let FlatOrWrapped(t) = decode::<FlatOrWrapped<TokenAnswer>>("token", body)?;
    long_lived_from(t)
}

// ------------------------------------------------------- profile and media

pub(crate) fn profile_from(p: ProfileWire) -> Profile {
    Profile {
        app_scoped_id: p.id.get().unwrap_or_default(),
        ig_user_id: p.user_id.get().unwrap_or_default(),
        username: p.username.get().unwrap_or_default(),
        name: p.name.non_empty(),
        biography: p.biography.non_empty(),
        website: p.website.non_empty(),
        profile_picture_url: p.profile_picture_url.non_empty(),
        followers_count: p.followers_count.0,
        follows_count: p.follows_count.0,
        media_count: p.media_count.0,
        // The docs write `Business`/`Media_Creator`; live answers upper-case.
        account_type: p.account_type.non_empty().map(|t| t.to_ascii_uppercase()),
    }
}

/// `GET /me`, flat (as live) or wrapped in `data` (as a docs sample).
pub fn profile(body: &str) -> IgResult<Profile> {
    let FlatOrWrapped(p) = decode::<FlatOrWrapped<ProfileWire>>("profile", body)?;
    Ok(profile_from(p))
}

fn media_type(s: Str) -> MediaType {
    MediaType::parse(&s.get().unwrap_or_default().to_ascii_uppercase())
}

pub(crate) fn media_from(m: MediaWire) -> Option<MediaItem> {
    let id = m.id.non_empty()?;
    Some(MediaItem {
        timestamp: required_time(m.timestamp, "media", &id),
        id,
        caption: m.caption.non_empty(),
        media_type: media_type(m.media_type),
        media_product_type: m.media_product_type.non_empty(),
        media_url: m.media_url.non_empty(),
        thumbnail_url: m.thumbnail_url.non_empty(),
        permalink: m.permalink.non_empty(),
        like_count: m.like_count.0,
        comments_count: m.comments_count.0,
        children: m
            .children
            .data
            .into_iter()
            .filter_map(|c| {
                Some(MediaChild {
                    id: c.id.non_empty()?,
                    media_type: media_type(c.media_type),
                    media_url: c.media_url.non_empty(),
                    thumbnail_url: c.thumbnail_url.non_empty(),
                })
            })
            .collect(),
    })
}

/// A page of `GET /{ig-user-id}/media`.
pub fn media_page(body: &str) -> IgResult<Page<MediaItem>> {
    let e = decode::<Edge<MediaWire>>("media", body)?;
    Ok(Page {
        items: e.data.into_iter().filter_map(media_from).collect(),
        next: e.paging.next_cursor(),
    })
}

/// `GET /{media-id}`.
pub fn media_item(body: &str) -> IgResult<MediaItem> {
    media_from(decode::<MediaWire>("media", body)?).ok_or_else(|| unreadable("media", "no id"))
}

// --------------------------------------------------------------- comments

pub(crate) fn comment_from(c: CommentWire) -> Option<Comment> {
    let id = c.id.non_empty()?;
    let from = c.from.0.unwrap_or_default();
    let from_username = from.username.non_empty();
    Some(Comment {
        timestamp: required_time(c.timestamp, "comment", &id),
        text: c.text.get().unwrap_or_default(),
        username: c.username.non_empty().or(from_username),
        from_id: from.id.non_empty(),
        like_count: c.like_count.0,
        hidden: c.hidden.is_true(),
        parent_id: c.parent_id.non_empty(),
        replies: c
            .replies
            .data
            .into_iter()
            .filter_map(comment_from)
            .collect(),
        id,
    })
}

/// A page of `GET /{media-id}/comments` (top level, replies nested).
pub fn comments_page(body: &str) -> IgResult<Page<Comment>> {
    let e = decode::<Edge<CommentWire>>("comments", body)?;
    Ok(Page {
        items: e.data.into_iter().filter_map(comment_from).collect(),
        next: e.paging.next_cursor(),
    })
}

/// `{"id": …}` of a new comment, reply, container or post.
pub fn created_id(body: &str) -> IgResult<String> {
    decode::<CreatedWire>("id", body)?
        .id
        .non_empty()
        .ok_or_else(|| unreadable("id", "no id"))
}

// -------------------------------------------------------------- messaging

fn participant(u: UserRef) -> Option<Participant> {
    Some(Participant {
        id: u.id.non_empty()?,
        username: u.username.non_empty(),
    })
}

pub(crate) fn conversation_from(c: ConversationWire) -> Option<Conversation> {
    Some(Conversation {
        id: c.id.non_empty()?,
        updated_time: c.updated_time.0,
        participants: c
            .participants
            .data
            .into_iter()
            .filter_map(participant)
            .collect(),
    })
}

/// A page of `GET /me/conversations`.
pub fn conversations_page(body: &str) -> IgResult<Page<Conversation>> {
    let e = decode::<Edge<ConversationWire>>("conversations", body)?;
    Ok(Page {
        items: e.data.into_iter().filter_map(conversation_from).collect(),
        next: e.paging.next_cursor(),
    })
}

pub(crate) fn message_from(m: MessageWire) -> Option<Message> {
    let id = m.id.non_empty()?;
    Some(Message {
        created_time: required_time(m.created_time, "message", &id),
        from: m.from.0.and_then(participant).unwrap_or(Participant {
            id: String::new(),
            username: None,
        }),
        to: m.to.data.into_iter().filter_map(participant).collect(),
        text: m.message.non_empty(),
        attachments: m
            .attachments
            .data
            .into_iter()
            .map(|a| {
                let url = a
                    .payload
                    .0
                    .and_then(|p| p.url.non_empty())
                    .or_else(|| a.image_data.0.and_then(|i| i.url.non_empty()))
                    .or_else(|| a.video_data.0.and_then(|v| v.url.non_empty()))
                    .or_else(|| a.file_url.non_empty());
                Attachment {
                    kind: a
                        .kind
                        .non_empty()
                        .or_else(|| a.mime_type.non_empty())
                        .unwrap_or_else(|| "file".into()),
                    url,
                }
            })
            .collect(),
        id,
    })
}

/// `GET /{conversation-id}?fields=messages{…}`: newest first.
pub fn conversation_messages(body: &str) -> IgResult<Vec<Message>> {
    let c = decode::<ConversationMessagesWire>("messages", body)?;
    Ok(c.messages
        .data
        .into_iter()
        .filter_map(message_from)
        .collect())
}

/// `POST /{ig-id}/messages`.
pub fn sent_message(body: &str) -> IgResult<SentMessage> {
    let s = decode::<SentWire>("sent message", body)?;
    Ok(SentMessage {
        message_id: s
            .message_id
            .non_empty()
            .ok_or_else(|| unreadable("sent message", "no message_id"))?,
        recipient_id: s.recipient_id.get().unwrap_or_default(),
    })
}

// --------------------------------------------------------------- insights

fn metric_value(v: &Value) -> Option<MetricValue> {
    match v {
        Value::Object(map) => Some(MetricValue::Map(
            map.iter()
                .filter_map(|(k, x)| int_of(x).map(|n| (k.clone(), n)))
                .collect::<BTreeMap<_, _>>(),
        )),
        other => int_of(other).map(MetricValue::Number),
    }
}

pub(crate) fn insight_from(m: InsightWire) -> Option<Insight> {
    Some(Insight {
        name: m.name.non_empty()?,
        period: m.period.get().unwrap_or_default(),
        values: m
            .values
            .0
            .into_iter()
            .filter_map(|x| {
                Some(InsightValue {
                    value: metric_value(&x.value)?,
                    end_time: x.end_time.0,
                })
            })
            .collect(),
        total: m.total_value.0.and_then(total_from),
    })
}

/// A `total_value`. Demographics (`follower_demographics`,
/// `engaged_audience_demographics`) come with breakdowns only, no `value`:
/// the total is then the sum of the first breakdown's buckets (what
/// Instagram counted in its top 45). Without either, the metric is absent.
fn total_from(t: TotalValueWire) -> Option<TotalValue> {
    let breakdowns: Vec<Breakdown> = t
        .breakdowns
        .0
        .into_iter()
        .map(|b| Breakdown {
            dimension_keys: b.dimension_keys.0,
            results: b
                .results
                .0
                .into_iter()
                .filter_map(|r| {
                    Some(BreakdownResult {
                        dimension_values: r.dimension_values.0,
                        value: r.value.0?,
                    })
                })
                .collect(),
        })
        .collect();
    let value = match t.value.0 {
        Some(v) => v,
        None => breakdowns
            .first()
            .map(|b| b.results.iter().map(|r| r.value).sum())?,
    };
    Some(TotalValue { value, breakdowns })
}

/// An insights answer (`data[]` of metrics), account or media.
pub fn insights(body: &str) -> IgResult<Vec<Insight>> {
    let e = decode::<Edge<InsightWire>>("insights", body)?;
    Ok(e.data.into_iter().filter_map(insight_from).collect())
}

// ------------------------------------------------------------- publishing

/// `POST /{ig-user-id}/media`: the container id, and `uri` when resumable.
pub fn created_container(body: &str) -> IgResult<CreatedContainer> {
    let c = decode::<CreatedWire>("container", body)?;
    Ok(CreatedContainer {
        id: c
            .id
            .non_empty()
            .ok_or_else(|| unreadable("container", "no id"))?,
        upload_uri: c.uri.non_empty(),
    })
}

/// `GET /{container-id}?fields=status_code,status`.
pub fn container_status(body: &str) -> IgResult<ContainerStatus> {
    let s = decode::<ContainerStatusWire>("container status", body)?;
    let code = s.status_code.get().unwrap_or_default();
    Ok(match code.to_ascii_uppercase().as_str() {
        "IN_PROGRESS" => ContainerStatus::InProgress,
        "FINISHED" => ContainerStatus::Finished,
        "PUBLISHED" => ContainerStatus::Published,
        "EXPIRED" => ContainerStatus::Expired,
        // Free text, e.g. "Error: Media upload has failed with error code 2207082".
        "ERROR" => ContainerStatus::Error(s.status.non_empty().unwrap_or_else(|| "ERROR".into())),
        _ => ContainerStatus::Unknown(code),
    })
}

/// `GET /{ig-user-id}/content_publishing_limit`.
pub fn publishing_limit(body: &str) -> IgResult<PublishingLimit> {
    let e = decode::<Edge<LimitWire>>("publishing limit", body)?;
    let item = e.data.into_iter().next().unwrap_or_default();
    let config = item.config.0.unwrap_or_default();
    let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(PublishingLimit {
        quota_usage: item.quota_usage.0.map(small).unwrap_or(0),
        quota_total: config.quota_total.0.map(small),
        quota_duration: config
            .quota_duration
            .0
            .filter(|s| *s > 0)
            .map(Duration::seconds),
    })
}

/// `{"success": true}` of updates, deletes and uploads.
pub fn success(body: &str) -> IgResult<()> {
    // An empty or non-JSON success answer is still a success (HTTP said so);
    // `"success": false` is caught as an error before this.
    let _ = serde_json::from_str::<SuccessWire>(body);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn token_answers_flat_wrapped_and_sparse() {
        let t =
            short_lived_token(r#"{"access_token":"IGAA1","user_id":27281358591558845}"#).unwrap();
        assert_eq!(t.user_id, "27281358591558845");
        assert_eq!(t.permissions, None);
        let t = short_lived_token(
            r#"{"data":[{"access_token":"IGAA1","user_id":"1020","permissions":"instagram_business_basic"}]}"#,
        )
        .unwrap();
        assert_eq!(t.user_id, "1020");
        assert_eq!(t.permissions, Some(vec!["instagram_business_basic".into()]));
        assert!(matches!(
            short_lived_token(r#"{"user_id":1}"#),
            Err(InstagramError::OAuth { .. })
        ));
        let l = long_lived_token(r#"{"access_token":"IGAA2","token_type":"bearer"}"#).unwrap();
        assert_eq!(l.expires_in, Duration::days(60));
        let l = long_lived_token(r#"{"access_token":"IGAA2","expires_in":5183944}"#).unwrap();
        assert_eq!(l.expires_in, Duration::seconds(5_183_944));
    }

    #[test]
    fn profile_flat_or_wrapped_and_upper_cased() {
        let p = profile(r#"{"data":[{"id":"1","user_id":"1784","username":"acme","account_type":"Media_Creator"}]}"#)
            .unwrap();
        assert_eq!(
            (p.app_scoped_id.as_str(), p.ig_user_id.as_str()),
            ("1", "1784")
        );
        assert_eq!(p.account_type.as_deref(), Some("MEDIA_CREATOR"));
        assert_eq!(p.followers_count, None);
    }

    #[test]
    fn container_statuses() {
        let s = |b: &str| container_status(b).unwrap();
        assert_eq!(
            s(r#"{"status_code":"FINISHED","id":"1"}"#),
            ContainerStatus::Finished
        );
        assert_eq!(
            s(r#"{"status_code":"IN_PROGRESS"}"#),
            ContainerStatus::InProgress
        );
        assert_eq!(
            s(r#"{"status_code":"PUBLISHED"}"#),
            ContainerStatus::Published
        );
        assert_eq!(s(r#"{"status_code":"EXPIRED"}"#), ContainerStatus::Expired);
        assert_eq!(
            s(
                r#"{"status_code":"ERROR","status":"Error: Media upload has failed with error code 2207082"}"#
            ),
            ContainerStatus::Error("Error: Media upload has failed with error code 2207082".into())
        );
        assert_eq!(
            s(r#"{"status_code":"PAUSED"}"#),
            ContainerStatus::Unknown("PAUSED".into())
        );
    }

    #[test]
    fn publishing_limit_with_and_without_config() {
        let l = publishing_limit(
            r#"{"data":[{"quota_usage":2,"config":{"quota_total":50,"quota_duration":86400}}]}"#,
        )
        .unwrap();
        assert_eq!(l.quota_usage, 2);
        assert_eq!(l.quota_total, Some(50));
        assert_eq!(l.quota_duration, Some(Duration::days(1)));
        let l = publishing_limit(r#"{"data":[{"quota_usage":0}]}"#).unwrap();
        assert_eq!(
            (l.quota_usage, l.quota_total, l.quota_duration),
            (0, None, None)
        );
    }

    #[test]
    fn messages_with_attachments() {
        let m = conversation_messages(
            r#"{"id":"c1","messages":{"data":[
                {"id":"m1","created_time":"2022-07-12T19:11:07+0000","from":{"username":"customer","id":"9"},
                 "to":{"data":[{"username":"acme","id":"1784"}]},"message":"Hi Kitty!"},
                {"id":"m2","created_time":"2022-07-12T19:10:00+0000","from":{"id":"9"},"message":"",
                 "attachments":{"data":[{"mime_type":"image/jpeg","image_data":{"url":"https://cdn/x.jpg"}}]}}]}}"#,
        )
        .unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].text.as_deref(), Some("Hi Kitty!"));
        assert_eq!(m[0].to[0].username.as_deref(), Some("acme"));
        assert_eq!(m[1].text, None);
        assert_eq!(m[1].attachments[0].kind, "image/jpeg");
        assert_eq!(
            m[1].attachments[0].url.as_deref(),
            Some("https://cdn/x.jpg")
        );
    }

    #[test]
    fn demographics_without_a_total_value() {
        let i = insights(
            r#"{"data":[{"name":"follower_demographics","period":"lifetime",
                "total_value":{"breakdowns":[{"dimension_keys":["timeframe","country"],
                "results":[{"dimension_values":["THIS_MONTH","US"],"value":30},
                           {"dimension_values":["THIS_MONTH","DE"],"value":12}]}]}}]}"#,
        )
        .unwrap();
        let t = i[0].total.as_ref().unwrap();
        assert_eq!(t.value, 42);
        assert_eq!(t.breakdowns[0].results.len(), 2);
        let none =
            insights(r#"{"data":[{"name":"reach","period":"day","total_value":{}}]}"#).unwrap();
        assert_eq!(none[0].total, None);
    }

    #[test]
    fn online_followers_map_values() {
        let i = insights(
            r#"{"data":[{"name":"online_followers","period":"lifetime",
                "values":[{"value":{"0":12,"1":9.6},"end_time":"2026-06-22T07:00:00+0000"}]}]}"#,
        )
        .unwrap();
        let MetricValue::Map(m) = &i[0].values[0].value else {
            panic!("a map")
        };
        assert_eq!(m.get("1"), Some(&10));
        assert_eq!(insights(r#"{"data":[]}"#).unwrap(), vec![]);
    }
}
