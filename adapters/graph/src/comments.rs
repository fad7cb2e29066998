//! Comments: list (top level, replies nested), reply, comment, hide/unhide,
//! delete.

use socialflow_core::instagram::{Comment, IgAccess, IgResult, Page};

use crate::GraphClient;
use crate::client::Ctx;
use crate::convert;

pub(crate) const COMMENT_FIELDS: &str = "id,text,username,timestamp,like_count,hidden,parent_id,from{id,username},replies{id,text,username,timestamp,like_count,hidden,parent_id,from{id,username}}";

/// Instagram serves at most 50 comments per page.
const MAX_COMMENTS_PAGE: u32 = 50;

impl GraphClient {
    /// `GET /{media-id}/comments`: top-level comments, newest first, each
    /// with its replies.
    #[tracing::instrument(name = "instagram.comments_page", skip_all, fields(account = %a.ig_user_id, media = media_id))]
    pub async fn comments_page(
        &self,
        a: &IgAccess,
        media_id: &str,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Comment>> {
        let mut q = vec![
            ("fields", COMMENT_FIELDS.to_string()),
            ("limit", crate::media::page_limit(limit, MAX_COMMENTS_PAGE)),
        ];
        if let Some(c) = after {
            q.push(("after", c));
        }
        let body = self
            .get(
                self.graph_at(&[media_id, "comments"]),
                &q,
                Ctx::graph("comments_page", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::comments_page(&body)
    }

    /// `POST /{comment-id}/replies?message=…` → the reply's id.
    #[tracing::instrument(name = "instagram.reply_to_comment", skip_all, fields(account = %a.ig_user_id, comment = comment_id))]
    pub async fn reply_to_comment(
        &self,
        a: &IgAccess,
        comment_id: &str,
        message: &str,
    ) -> IgResult<String> {
        let body = self
            .post_form(
                self.graph_at(&[comment_id, "replies"]),
                &[("message", message.into())],
                Ctx::graph("reply_to_comment", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::created_id(&body)
    }

    /// `POST /{media-id}/comments?message=…` → the comment's id.
    #[tracing::instrument(name = "instagram.comment_on_media", skip_all, fields(account = %a.ig_user_id, media = media_id))]
    pub async fn comment_on_media(
        &self,
        a: &IgAccess,
        media_id: &str,
        message: &str,
    ) -> IgResult<String> {
        let body = self
            .post_form(
                self.graph_at(&[media_id, "comments"]),
                &[("message", message.into())],
                Ctx::graph("comment_on_media", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::created_id(&body)
    }

    /// `POST /{comment-id}?hide=true|false`.
    #[tracing::instrument(name = "instagram.set_comment_hidden", skip_all, fields(account = %a.ig_user_id, comment = comment_id, hidden))]
    pub async fn set_comment_hidden(
        &self,
        a: &IgAccess,
        comment_id: &str,
        hidden: bool,
    ) -> IgResult<()> {
        let body = self
            .post_form(
                self.graph_at(&[comment_id]),
                &[("hide", hidden.to_string())],
                Ctx::graph("set_comment_hidden", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::success(&body)
    }

    /// `DELETE /{comment-id}`.
    #[tracing::instrument(name = "instagram.delete_comment", skip_all, fields(account = %a.ig_user_id, comment = comment_id))]
    pub async fn delete_comment(&self, a: &IgAccess, comment_id: &str) -> IgResult<()> {
        let body = self
            .delete(
                self.graph_at(&[comment_id]),
                Ctx::graph("delete_comment", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::success(&body)
    }
}
