//! Profile and media: `GET /me`, `GET /{ig-user-id}/media`, `GET /{media-id}`.

use secrecy::SecretString;
use socialflow_core::instagram::{IgAccess, IgResult, MediaItem, Page, Profile};

use crate::GraphClient;
use crate::client::Ctx;
use crate::convert;

pub(crate) const PROFILE_FIELDS: &str = "id,user_id,username,name,biography,website,profile_picture_url,followers_count,follows_count,media_count,account_type";
pub(crate) const MEDIA_FIELDS: &str = "id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,timestamp,like_count,comments_count,children{id,media_type,media_url,thumbnail_url}";

/// The largest page Instagram is assumed to serve (the maximum `limit` is
/// not documented; 100 is the common assumption).
pub(crate) const MAX_PAGE: u32 = 100;

/// `limit` clamped to 1..=max.
pub(crate) fn page_limit(limit: u32, max: u32) -> String {
    limit.clamp(1, max).to_string()
}

impl GraphClient {
    #[tracing::instrument(name = "instagram.profile", skip_all)]
    pub async fn profile(&self, token: &SecretString) -> IgResult<Profile> {
        let body = self
            .get(
                self.graph_url("me"),
                &[("fields", PROFILE_FIELDS.into())],
                Ctx::graph("profile", None, token),
            )
            .await?;
        let profile = convert::profile(&body)?;
        Ok(profile)
    }

    /// One page of the account's media, newest first. `after` is the cursor
    /// of the previous page's `next`.
    #[tracing::instrument(name = "instagram.media_page", skip_all, fields(account = %a.ig_user_id))]
    pub async fn media_page(
        &self,
        a: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<MediaItem>> {
        let mut q = vec![
            ("fields", MEDIA_FIELDS.to_string()),
            ("limit", page_limit(limit, MAX_PAGE)),
        ];
        if let Some(c) = after {
            q.push(("after", c));
        }
        let body = self
            .get(
                self.graph_at(&[&a.ig_user_id, "media"]),
                &q,
                Ctx::graph("media_page", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::media_page(&body)
    }

    /// `GET /{ig-user-id}/stories`: live stories, one page (a day holds at
    /// most 100).
    #[tracing::instrument(name = "instagram.stories", skip_all, fields(account = %a.ig_user_id))]
    pub async fn stories(&self, a: &IgAccess) -> IgResult<Vec<MediaItem>> {
        let body = self
            .get(
                self.graph_at(&[&a.ig_user_id, "stories"]),
                &[
                    ("fields", MEDIA_FIELDS.to_string()),
                    ("limit", page_limit(100, MAX_PAGE)),
                ],
                Ctx::graph("stories", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        Ok(convert::media_page(&body)?.items)
    }

    #[tracing::instrument(name = "instagram.media_item", skip_all, fields(account = %a.ig_user_id, media = media_id))]
    pub async fn media_item(&self, a: &IgAccess, media_id: &str) -> IgResult<MediaItem> {
        let body = self
            .get(
                self.graph_at(&[media_id]),
                &[("fields", MEDIA_FIELDS.into())],
                Ctx::graph("media_item", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::media_item(&body)
    }
}
