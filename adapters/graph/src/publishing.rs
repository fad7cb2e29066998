//! Content publishing: create a container, poll it, publish it, read the
//! 24-hour quota.

use serde_json::{Value, json};
use socialflow_core::instagram::{
    ContainerRequest, ContainerSpec, ContainerStatus, CreatedContainer, IgAccess, IgResult,
    PublishingLimit,
};
use time::{Duration, OffsetDateTime};

use crate::GraphClient;
use crate::client::Ctx;
use crate::convert;

/// The form of `POST /{ig-user-id}/media` for a container request. Arrays
/// (`user_tags`, `collaborators`) are JSON-encoded strings; `children` is a
/// comma-separated list. Everything the request carries is sent: Instagram
/// ignores what does not apply and refuses what is not allowed (e.g.
/// collaborators on a story), which is better surfaced than hidden.
pub(crate) fn container_form(req: &ContainerRequest) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = Vec::new();
    let opt = |f: &mut Vec<(&'static str, String)>, k: &'static str, v: &Option<String>| {
        if let Some(v) = v {
            f.push((k, v.clone()));
        }
    };
    match &req.spec {
        // A single image: no media_type (IMAGE is the default).
        ContainerSpec::Image {
            image_url,
            alt_text,
        } => {
            f.push(("image_url", image_url.clone()));
            opt(&mut f, "alt_text", alt_text);
        }
        ContainerSpec::Reel {
            video_url,
            share_to_feed,
            cover_url,
            thumb_offset_ms,
        } => {
            f.push(("media_type", "REELS".into()));
            opt(&mut f, "video_url", video_url);
            f.push(("share_to_feed", share_to_feed.to_string()));
            opt(&mut f, "cover_url", cover_url);
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
            opt(&mut f, "video_url", video_url);
        }
        ContainerSpec::CarouselImage {
            image_url,
            alt_text,
        } => {
            f.push(("is_carousel_item", "true".into()));
            f.push(("image_url", image_url.clone()));
            opt(&mut f, "alt_text", alt_text);
        }
        ContainerSpec::CarouselVideo { video_url } => {
            f.push(("media_type", "VIDEO".into()));
            f.push(("is_carousel_item", "true".into()));
            opt(&mut f, "video_url", video_url);
        }
        ContainerSpec::Carousel { children } => {
            f.push(("media_type", "CAROUSEL".into()));
            f.push(("children", children.join(",")));
        }
    }
    opt(&mut f, "caption", &req.caption);
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
    opt(&mut f, "location_id", &req.location_id);
    if !req.collaborators.is_empty() {
        f.push(("collaborators", json!(req.collaborators).to_string()));
    }
    opt(&mut f, "audio_name", &req.audio_name);
    if let Some(strategy) = &req.trial_graduation {
        f.push((
            "trial_params",
            json!({ "graduation_strategy": strategy }).to_string(),
        ));
    }
    if req.is_ai_generated {
        f.push(("is_ai_generated", "true".into()));
    }
    if req.resumable {
        f.push(("upload_type", "resumable".into()));
    }
    f
}

impl GraphClient {
    /// `POST /{ig-user-id}/media`. A container id does not mean success:
    /// poll [`Self::container_status`] until `Finished`.
    #[tracing::instrument(name = "instagram.create_container", skip_all, fields(account = %a.ig_user_id))]
    pub async fn create_container(
        &self,
        a: &IgAccess,
        request: &ContainerRequest,
    ) -> IgResult<CreatedContainer> {
        let body = self
            .post_form(
                self.graph_at(&[&a.ig_user_id, "media"]),
                &container_form(request),
                Ctx::graph("create_container", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::created_container(&body)
    }

    /// `GET /{container-id}?fields=status_code,status`.
    #[tracing::instrument(name = "instagram.container_status", skip_all, fields(account = %a.ig_user_id, container = container_id))]
    pub async fn container_status(
        &self,
        a: &IgAccess,
        container_id: &str,
    ) -> IgResult<ContainerStatus> {
        let body = self
            .get(
                self.graph_at(&[container_id]),
                &[("fields", "status_code,status".into())],
                Ctx::graph("container_status", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::container_status(&body)
    }

    /// `POST /{ig-user-id}/media_publish?creation_id=…` → the new media id.
    /// Before `Finished`: `ContainerNotReady`; past the quota: `QuotaReached`.
    #[tracing::instrument(name = "instagram.publish_container", skip_all, fields(account = %a.ig_user_id, container = container_id))]
    pub async fn publish_container(&self, a: &IgAccess, container_id: &str) -> IgResult<String> {
        let body = self
            .post_form(
                self.graph_at(&[&a.ig_user_id, "media_publish"]),
                &[("creation_id", container_id.into())],
                Ctx::graph("publish_container", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::created_id(&body)
    }

    /// `GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config&since=…`
    /// over the last 24 hours. `quota_total` is read, never assumed (the
    /// docs say 50 in one place and 100 in another).
    #[tracing::instrument(name = "instagram.publishing_limit", skip_all, fields(account = %a.ig_user_id))]
    pub async fn publishing_limit(&self, a: &IgAccess) -> IgResult<PublishingLimit> {
        let since = OffsetDateTime::now_utc() - Duration::hours(24);
        let q = [
            ("fields", "quota_usage,config".to_string()),
            ("since", since.unix_timestamp().to_string()),
        ];
        let body = self
            .get(
                self.graph_at(&[&a.ig_user_id, "content_publishing_limit"]),
                &q,
                Ctx::graph("publishing_limit", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::publishing_limit(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use socialflow_core::instagram::UserTag;

    fn form(req: &ContainerRequest) -> Vec<(&'static str, String)> {
        container_form(req)
    }

    #[test]
    fn image_reel_story_and_carousel_forms() {
        let mut image = ContainerRequest::new(ContainerSpec::Image {
            image_url: "https://m.example/a.jpg".into(),
            alt_text: Some("a cup".into()),
        });
        image.caption = Some("Morning".into());
        image.user_tags = vec![
            UserTag {
                username: "bob".into(),
                x: Some(0.5),
                y: Some(0.25),
            },
            UserTag {
                username: "eve".into(),
                x: None,
                y: None,
            },
        ];
        image.collaborators = vec!["ann".into()];
        image.location_id = Some("123".into());
        assert_eq!(
            form(&image),
            vec![
                ("image_url", "https://m.example/a.jpg".to_string()),
                ("alt_text", "a cup".into()),
                ("caption", "Morning".into()),
                (
                    "user_tags",
                    r#"[{"username":"bob","x":0.5,"y":0.25},{"username":"eve"}]"#.into()
                ),
                ("location_id", "123".into()),
                ("collaborators", r#"["ann"]"#.into()),
            ]
        );
        let mut reel = ContainerRequest::new(ContainerSpec::Reel {
            video_url: None,
            share_to_feed: false,
            cover_url: None,
            thumb_offset_ms: Some(1500),
        });
        reel.resumable = true;
        assert_eq!(
            form(&reel),
            vec![
                ("media_type", "REELS".to_string()),
                ("share_to_feed", "false".into()),
                ("thumb_offset", "1500".into()),
                ("upload_type", "resumable".into()),
            ]
        );
        assert_eq!(
            form(&ContainerRequest::new(ContainerSpec::StoryImage {
                image_url: "u".into()
            })),
            vec![
                ("media_type", "STORIES".to_string()),
                ("image_url", "u".into())
            ]
        );
        assert_eq!(
            form(&ContainerRequest::new(ContainerSpec::CarouselVideo {
                video_url: Some("v".into())
            })),
            vec![
                ("media_type", "VIDEO".to_string()),
                ("is_carousel_item", "true".into()),
                ("video_url", "v".into())
            ]
        );
        assert_eq!(
            form(&ContainerRequest::new(ContainerSpec::Carousel {
                children: vec!["1".into(), "2".into()]
            })),
            vec![
                ("media_type", "CAROUSEL".to_string()),
                ("children", "1,2".into())
            ]
        );
    }
}
