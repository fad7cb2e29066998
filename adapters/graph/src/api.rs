//! The port, call by call, in Instagram's wire format.

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use socialflow_core::instagram::*;
use time::{Duration, OffsetDateTime};

use crate::GraphClient;
use crate::convert::{self, data, next_cursor};

const PROFILE_FIELDS: &str = "id,user_id,username,name,biography,website,profile_picture_url,followers_count,follows_count,media_count,account_type";
const MEDIA_FIELDS: &str = "id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp,like_count,comments_count,children{id,media_type,media_url,thumbnail_url}";
const COMMENT_FIELDS: &str = "id,text,username,timestamp,like_count,hidden,parent_id,from{id,username},replies{id,text,username,timestamp,like_count,hidden,parent_id,from{id,username}}";
const CONVERSATION_FIELDS: &str = "id,updated_time,participants";
const MESSAGE_FIELDS: &str = "messages{id,created_time,from,to,message,attachments}";

fn unix(t: OffsetDateTime) -> String {
    t.unix_timestamp().to_string()
}

fn long_lived(v: &Value) -> IgResult<LongLivedToken> {
    let token = v
        .get("access_token")
        .and_then(Value::as_str)
        .ok_or_else(|| InstagramError::Invalid {
            code: 0,
            message: "no access_token in Instagram's answer".into(),
        })?;
    let expires_in = v
        .get("expires_in")
        .and_then(Value::as_i64)
        .unwrap_or(60 * 24 * 3600);
    Ok(LongLivedToken {
        token: SecretString::from(token.to_string()),
        expires_in: Duration::seconds(expires_in),
        permissions: convert::permissions(v),
    })
}

fn container_form(req: &ContainerRequest) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = Vec::new();
    let mut url = |k: &'static str, v: &Option<String>| {
        if let Some(v) = v {
            f.push((k, v.clone()));
        }
    };
    match &req.spec {
        ContainerSpec::Image {
            image_url,
            alt_text,
        } => {
            url("image_url", &Some(image_url.clone()));
            url("alt_text", alt_text);
        }
        ContainerSpec::Reel {
            video_url,
            share_to_feed,
            cover_url,
            thumb_offset_ms,
        } => {
            f.push(("media_type", "REELS".into()));
            if let Some(v) = video_url {
                f.push(("video_url", v.clone()));
            }
            f.push(("share_to_feed", share_to_feed.to_string()));
            if let Some(c) = cover_url {
                f.push(("cover_url", c.clone()));
            }
            if let Some(o) = thumb_offset_ms {
                f.push(("thumb_offset", o.to_string()));
            }
        }
        ContainerSpec::StoryImage { image_url } => {
            f.push(("media_type", "STORIES".into()));
            f.push(("image_url", image_url.clone()));
        }
        ContainerSpec::StoryVideo { video_url } => {
            f.push(("media_type", "STORIES".into()));
            if let Some(v) = video_url {
                f.push(("video_url", v.clone()));
            }
        }
        ContainerSpec::CarouselImage {
            image_url,
            alt_text,
        } => {
            f.push(("is_carousel_item", "true".into()));
            f.push(("image_url", image_url.clone()));
            if let Some(a) = alt_text {
                f.push(("alt_text", a.clone()));
            }
        }
        ContainerSpec::CarouselVideo { video_url } => {
            f.push(("media_type", "VIDEO".into()));
            f.push(("is_carousel_item", "true".into()));
            if let Some(v) = video_url {
                f.push(("video_url", v.clone()));
            }
        }
        ContainerSpec::Carousel { children } => {
            f.push(("media_type", "CAROUSEL".into()));
            f.push(("children", children.join(",")));
        }
    }
    if let Some(c) = &req.caption {
        f.push(("caption", c.clone()));
    }
    if !req.user_tags.is_empty() {
        let tags: Vec<Value> = req
            .user_tags
            .iter()
            .map(|t| {
                let mut o = json!({ "username": t.username });
                if let (Some(x), Some(y)) = (t.x, t.y) {
                    o["x"] = json!(x);
                    o["y"] = json!(y);
                }
                o
            })
            .collect();
        f.push(("user_tags", Value::Array(tags).to_string()));
    }
    if let Some(l) = &req.location_id {
        f.push(("location_id", l.clone()));
    }
    if !req.collaborators.is_empty() {
        f.push(("collaborators", json!(req.collaborators).to_string()));
    }
    if req.resumable {
        f.push(("upload_type", "resumable".into()));
    }
    f
}

#[async_trait]
impl InstagramApi for GraphClient {
    fn authorize_url(&self, state: &str, scopes: &[Scope]) -> String {
        let scope = scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let q = serde_urlencoded::to_string([
            ("client_id", self.config.app_id.as_str()),
            ("redirect_uri", self.config.redirect_uri.as_str()),
            ("response_type", "code"),
            ("scope", scope.as_str()),
            ("state", state),
        ])
        .unwrap_or_default();
        format!("{}?{q}", self.oauth_url("oauth/authorize"))
    }

    async fn exchange_code(&self, code: &str) -> IgResult<ShortLivedToken> {
        let form = [
            ("client_id", self.config.app_id.clone()),
            (
                "client_secret",
                self.config.app_secret.expose_secret().to_string(),
            ),
            ("grant_type", "authorization_code".to_string()),
            ("redirect_uri", self.config.redirect_uri.clone()),
            ("code", code.trim_end_matches("#_").to_string()),
        ];
        let v = self
            .send(
                self.http
                    .post(self.oauth_url("oauth/access_token"))
                    .form(&form),
                None,
            )
            .await?;
        let t = convert::token_object(&v);
        let token = t
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| InstagramError::OAuth {
                message: "no access_token in the answer".into(),
            })?;
        Ok(ShortLivedToken {
            token: SecretString::from(token.to_string()),
            user_id: convert::id_text(t, "user_id").unwrap_or_default(),
            permissions: convert::permissions(t),
        })
    }

    async fn exchange_long_lived(&self, short: &SecretString) -> IgResult<LongLivedToken> {
        let q = [
            ("grant_type", "ig_exchange_token".to_string()),
            (
                "client_secret",
                self.config.app_secret.expose_secret().to_string(),
            ),
        ];
        let v = self
            .get(self.unversioned_url("access_token"), short, &q, None)
            .await?;
        long_lived(&v)
    }

    async fn refresh_token(&self, token: &SecretString) -> IgResult<LongLivedToken> {
        let q = [("grant_type", "ig_refresh_token".to_string())];
        let v = self
            .get(
                self.unversioned_url("refresh_access_token"),
                token,
                &q,
                None,
            )
            .await?;
        long_lived(&v)
    }

    async fn profile(&self, token: &SecretString) -> IgResult<Profile> {
        let v = self
            .get(
                self.graph_url("me"),
                token,
                &[("fields", PROFILE_FIELDS.into())],
                None,
            )
            .await?;
        Ok(convert::profile(&v))
    }

    async fn media_page(
        &self,
        a: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<MediaItem>> {
        let mut q = vec![
            ("fields", MEDIA_FIELDS.to_string()),
            ("limit", limit.to_string()),
        ];
        if let Some(c) = after {
            q.push(("after", c));
        }
        let v = self
            .get(
                self.graph_url(&format!("{}/media", a.ig_user_id)),
                &a.token,
                &q,
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(Page {
            items: data(&v).iter().map(convert::media_item).collect(),
            next: next_cursor(&v),
        })
    }

    async fn media_item(&self, a: &IgAccess, media_id: &str) -> IgResult<MediaItem> {
        let v = self
            .get(
                self.graph_url(media_id),
                &a.token,
                &[("fields", MEDIA_FIELDS.into())],
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(convert::media_item(&v))
    }

    async fn comments_page(
        &self,
        a: &IgAccess,
        media_id: &str,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Comment>> {
        let mut q = vec![
            ("fields", COMMENT_FIELDS.to_string()),
            ("limit", limit.min(50).to_string()),
        ];
        if let Some(c) = after {
            q.push(("after", c));
        }
        let v = self
            .get(
                self.graph_url(&format!("{media_id}/comments")),
                &a.token,
                &q,
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(Page {
            items: data(&v).iter().map(convert::comment).collect(),
            next: next_cursor(&v),
        })
    }

    async fn reply_to_comment(
        &self,
        a: &IgAccess,
        comment_id: &str,
        message: &str,
    ) -> IgResult<String> {
        let v = self
            .post_form(
                self.graph_url(&format!("{comment_id}/replies")),
                &a.token,
                &[("message", message.into())],
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(convert::id_text(&v, "id").unwrap_or_default())
    }

    async fn comment_on_media(
        &self,
        a: &IgAccess,
        media_id: &str,
        message: &str,
    ) -> IgResult<String> {
        let v = self
            .post_form(
                self.graph_url(&format!("{media_id}/comments")),
                &a.token,
                &[("message", message.into())],
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(convert::id_text(&v, "id").unwrap_or_default())
    }

    async fn set_comment_hidden(
        &self,
        a: &IgAccess,
        comment_id: &str,
        hidden: bool,
    ) -> IgResult<()> {
        self.post_form(
            self.graph_url(comment_id),
            &a.token,
            &[("hide", hidden.to_string())],
            Some(&a.ig_user_id),
        )
        .await?;
        Ok(())
    }

    async fn delete_comment(&self, a: &IgAccess, comment_id: &str) -> IgResult<()> {
        self.delete(self.graph_url(comment_id), &a.token, Some(&a.ig_user_id))
            .await?;
        Ok(())
    }

    async fn conversations_page(
        &self,
        a: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Conversation>> {
        let mut q = vec![
            ("platform", "instagram".to_string()),
            ("fields", CONVERSATION_FIELDS.to_string()),
            ("limit", limit.to_string()),
        ];
        if let Some(c) = after {
            q.push(("after", c));
        }
        let v = self
            .get(
                self.graph_url("me/conversations"),
                &a.token,
                &q,
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(Page {
            items: data(&v).iter().map(convert::conversation).collect(),
            next: next_cursor(&v),
        })
    }

    async fn conversation_messages(
        &self,
        a: &IgAccess,
        conversation_id: &str,
    ) -> IgResult<Vec<Message>> {
        let v = self
            .get(
                self.graph_url(conversation_id),
                &a.token,
                &[("fields", MESSAGE_FIELDS.into())],
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(v.get("messages")
            .map(data)
            .unwrap_or(&[])
            .iter()
            .map(convert::message)
            .collect())
    }

    async fn send_message(
        &self,
        a: &IgAccess,
        recipient_id: &str,
        text: &str,
        tag: MessageTag,
    ) -> IgResult<SentMessage> {
        let mut body = json!({ "recipient": { "id": recipient_id }, "message": { "text": text } });
        match tag {
            MessageTag::Response => body["messaging_type"] = json!("RESPONSE"),
            MessageTag::HumanAgent => {
                body["messaging_type"] = json!("MESSAGE_TAG");
                body["tag"] = json!("HUMAN_AGENT");
            }
        }
        let v = self
            .post_json(
                self.graph_url("me/messages"),
                &a.token,
                &body,
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(SentMessage {
            recipient_id: convert::id_text(&v, "recipient_id").unwrap_or_default(),
            message_id: convert::id_text(&v, "message_id").unwrap_or_default(),
        })
    }

    async fn account_insights(
        &self,
        a: &IgAccess,
        query: &InsightsQuery,
    ) -> IgResult<Vec<Insight>> {
        let mut q = vec![
            ("metric", query.metrics.join(",")),
            ("period", query.period.clone()),
        ];
        if let Some(t) = query.metric_type {
            q.push((
                "metric_type",
                match t {
                    MetricType::TotalValue => "total_value".into(),
                    MetricType::TimeSeries => "time_series".into(),
                },
            ));
        }
        if let Some(b) = &query.breakdown {
            q.push(("breakdown", b.clone()));
        }
        if let Some(t) = &query.timeframe {
            q.push(("timeframe", t.clone()));
        }
        if let Some(s) = query.since {
            q.push(("since", unix(s)));
        }
        if let Some(u) = query.until {
            q.push(("until", unix(u)));
        }
        let v = self
            .get(
                self.graph_url(&format!("{}/insights", a.ig_user_id)),
                &a.token,
                &q,
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(convert::insights(&v))
    }

    async fn media_insights(
        &self,
        a: &IgAccess,
        media_id: &str,
        metrics: &[String],
    ) -> IgResult<Vec<Insight>> {
        let v = self
            .get(
                self.graph_url(&format!("{media_id}/insights")),
                &a.token,
                &[("metric", metrics.join(","))],
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(convert::insights(&v))
    }

    async fn create_container(
        &self,
        a: &IgAccess,
        request: &ContainerRequest,
    ) -> IgResult<CreatedContainer> {
        let v = self
            .post_form(
                self.graph_url(&format!("{}/media", a.ig_user_id)),
                &a.token,
                &container_form(request),
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(CreatedContainer {
            id: convert::id_text(&v, "id").unwrap_or_default(),
            upload_uri: v.get("uri").and_then(Value::as_str).map(str::to_string),
        })
    }

    async fn container_status(
        &self,
        a: &IgAccess,
        container_id: &str,
    ) -> IgResult<ContainerStatus> {
        let v = self
            .get(
                self.graph_url(container_id),
                &a.token,
                &[("fields", "status_code,status".into())],
                Some(&a.ig_user_id),
            )
            .await?;
        let code = v.get("status_code").and_then(Value::as_str).unwrap_or("");
        Ok(match code {
            "IN_PROGRESS" => ContainerStatus::InProgress,
            "FINISHED" => ContainerStatus::Finished,
            "PUBLISHED" => ContainerStatus::Published,
            "EXPIRED" => ContainerStatus::Expired,
            "ERROR" => ContainerStatus::Error(
                v.get("status")
                    .and_then(Value::as_str)
                    .unwrap_or("ERROR")
                    .to_string(),
            ),
            other => ContainerStatus::Unknown(other.to_string()),
        })
    }

    async fn publish_container(&self, a: &IgAccess, container_id: &str) -> IgResult<String> {
        let v = self
            .post_form(
                self.graph_url(&format!("{}/media_publish", a.ig_user_id)),
                &a.token,
                &[("creation_id", container_id.into())],
                Some(&a.ig_user_id),
            )
            .await?;
        Ok(convert::id_text(&v, "id").unwrap_or_default())
    }

    async fn publishing_limit(&self, a: &IgAccess) -> IgResult<PublishingLimit> {
        let since = OffsetDateTime::now_utc() - Duration::hours(24);
        let q = [
            ("fields", "quota_usage,config".to_string()),
            ("since", unix(since)),
        ];
        let v = self
            .get(
                self.graph_url(&format!("{}/content_publishing_limit", a.ig_user_id)),
                &a.token,
                &q,
                Some(&a.ig_user_id),
            )
            .await?;
        let item = data(&v).first().cloned().unwrap_or(Value::Null);
        let config = item.get("config");
        Ok(PublishingLimit {
            quota_usage: item.get("quota_usage").and_then(Value::as_u64).unwrap_or(0) as u32,
            quota_total: config
                .and_then(|c| c.get("quota_total"))
                .and_then(Value::as_u64)
                .map(|n| n as u32),
            quota_duration: config
                .and_then(|c| c.get("quota_duration"))
                .and_then(Value::as_i64)
                .map(Duration::seconds),
        })
    }

    async fn upload_video(
        &self,
        a: &IgAccess,
        container: &CreatedContainer,
        source: &UploadSource,
    ) -> IgResult<()> {
        let url = container.upload_uri.clone().unwrap_or_else(|| {
            // Instagram answers with the upload URI; build the documented
            // one if it did not.
            format!(
                "https://rupload.facebook.com/ig-api-upload/{}/{}",
                self.config.api_version, container.id
            )
        });
        let auth = format!("OAuth {}", a.token.expose_secret());
        let req = self.http.post(url).header("authorization", auth);
        let req = match source {
            UploadSource::HostedUrl(u) => req.header("file_url", u.as_str()),
            UploadSource::File { path, size } => {
                let file =
                    tokio::fs::File::open(path)
                        .await
                        .map_err(|e| InstagramError::Invalid {
                            code: 0,
                            message: format!("cannot read the video to upload: {e}"),
                        })?;
                // Streamed from disk, never whole in memory.
                let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file));
                req.header("offset", "0")
                    .header("file_size", size.to_string())
                    .header("content-type", "application/octet-stream")
                    .body(body)
            }
        };
        self.send(req, Some(&a.ig_user_id)).await?;
        Ok(())
    }

    fn last_usage(&self, ig_user_id: &str) -> Option<RateUsage> {
        self.usage_of(ig_user_id)
    }
}
