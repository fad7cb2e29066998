//! Client review links over REST: a signed, expiring, revocable read-only
//! link to a set of posts where a client approves or asks for changes
//! without an account (docs/client-review.md).

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Tags};
use secrecy::ExposeSecret;
use socialflow_core::client_review::{
    ClientReviewError, Decision, LinkSummary, ReviewLink, ReviewLinkId, ReviewLinkProblem, Verdict,
};
use socialflow_core::posts::PostId;
use socialflow_core::workspaces::Access;
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Links that show posts to a client for approval, without an account.
    ClientReview,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "snake_case")]
pub enum VerdictDto {
    Approved,
    ChangesRequested,
}

/// The latest decision made through the link about one of its posts.
#[derive(Object)]
pub struct DecisionDto {
    pub post_id: uuid::Uuid,
    pub verdict: VerdictDto,
    /// What to change (with `changes_requested`).
    #[oai(nullable)]
    pub note: Option<String>,
    pub decided_at: OffsetDateTime,
}

fn decision_dto(d: &Decision) -> DecisionDto {
    DecisionDto {
        post_id: d.post.0,
        verdict: match d.verdict {
            Verdict::Approved => VerdictDto::Approved,
            Verdict::ChangesRequested => VerdictDto::ChangesRequested,
        },
        note: d.note.clone(),
        decided_at: d.decided_at,
    }
}

#[derive(Object)]
pub struct ReviewLinkDto {
    pub id: uuid::Uuid,
    /// Whom the link is for; it signs the decisions.
    pub label: String,
    /// The posts it shows, in order (deleted posts drop out).
    pub post_ids: Vec<uuid::Uuid>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    #[oai(nullable)]
    pub revoked_at: Option<OffsetDateTime>,
    /// Not revoked and not expired.
    pub working: bool,
    pub decisions: Vec<DecisionDto>,
}

fn link_dto(l: &ReviewLink, decisions: &[Decision], now: OffsetDateTime) -> ReviewLinkDto {
    ReviewLinkDto {
        id: l.id.0,
        label: l.label.clone(),
        post_ids: l.posts.iter().map(|p| p.0).collect(),
        created_at: l.created_at,
        expires_at: l.expires_at,
        revoked_at: l.revoked_at,
        working: l.works(now),
        decisions: decisions.iter().map(decision_dto).collect(),
    }
}

/// A new link: `url` opens it without an account; it is returned only here
/// (only its digest is stored).
#[derive(Object)]
pub struct NewReviewLinkDto {
    pub link: ReviewLinkDto,
    pub url: String,
    /// How many of its posts now wait for review (with `hold_for_review`).
    pub held_for_review: u32,
}

/// What to share: 1–50 of your drafts or scheduled posts, whom for (1–80
/// characters), and how many days the link works (1–30, default 7).
#[derive(Object)]
pub struct ReviewLinkBody {
    pub label: String,
    pub post_ids: Vec<uuid::Uuid>,
    #[oai(nullable)]
    pub valid_days: Option<i64>,
    /// Also send each post with a time for review, so that it is published
    /// only once approved (default false: the posts keep their state, and
    /// only those already in review take the client's decision).
    #[oai(default)]
    pub hold_for_review: bool,
}

#[derive(ApiResponse)]
pub enum CreatedReviewLink {
    #[oai(status = 201)]
    Created(Json<NewReviewLinkDto>),
}

#[derive(ApiResponse)]
pub enum RevokedReviewLink {
    /// Revoked: the link stops working at once (it stays in the list).
    #[oai(status = 204)]
    NoContent,
}

fn review_error(e: ClientReviewError) -> ApiError {
    let unprocessable = |code, p: ReviewLinkProblem| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, p.to_string())
    };
    match e {
        ClientReviewError::Forbidden(f) => {
            ApiError::new(StatusCode::FORBIDDEN, "forbidden", f.to_string())
        }
        ClientReviewError::NotFound | ClientReviewError::Gone => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No such review link or post.",
        ),
        ClientReviewError::Invalid(
            p @ (ReviewLinkProblem::LabelEmpty
            | ReviewLinkProblem::LabelTooLong { .. }
            | ReviewLinkProblem::LabelControl),
        ) => unprocessable("invalid_label", p),
        ClientReviewError::Invalid(p @ ReviewLinkProblem::ValidDays { .. }) => {
            unprocessable("invalid_valid_days", p)
        }
        ClientReviewError::Invalid(
            p @ (ReviewLinkProblem::NoPosts | ReviewLinkProblem::TooManyPosts { .. }),
        ) => unprocessable("invalid_posts", p),
        ClientReviewError::Invalid(p @ ReviewLinkProblem::TooManyLinks { .. }) => {
            unprocessable("too_many_links", p)
        }
        ClientReviewError::Invalid(p) => unprocessable("invalid_note", p),
        ClientReviewError::RateLimited => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many decisions.",
        ),
        ClientReviewError::WrongState => ApiError::new(
            StatusCode::CONFLICT,
            "post_not_reviewable",
            "The post cannot be reviewed in its state.",
        ),
        ClientReviewError::Failed(s) => {
            tracing::error!(error = %s, "client review failed");
            ApiError::internal()
        }
        ClientReviewError::Store(e) => ApiError::from_store(e),
    }
}

/// The caller's access in the workspace the request works in.
fn access(auth: &ApiAuth) -> Access {
    auth.access().clone()
}

fn summary(s: &LinkSummary, now: OffsetDateTime) -> ReviewLinkDto {
    link_dto(&s.link, &s.decisions, now)
}

pub struct ClientReviewApi;

#[OpenApi(tag = "Tag::ClientReview")]
impl ClientReviewApi {
    /// The workspace's review links, newest first (revoked and expired ones
    /// included), with the decisions made through each. 403 `forbidden`
    /// for a role without `publish`.
    #[oai(path = "/review-links", method = "get")]
    async fn list_review_links(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<ReviewLinkDto>>, { AUTH | E403 }> {
        let links = state
            .client_review
            .list(&access(&auth))
            .await
            .map_err(review_error)?;
        let now = state.clock.now();
        Ok(Json(links.iter().map(|s| summary(s, now)).collect()))
    }

    /// Creates a review link to posts of the workspace. 404 when a post is
    /// not found; 422 `invalid_label`, `invalid_posts` (none, or over 50),
    /// `invalid_valid_days` (outside 1–30) or `too_many_links` (100
    /// working links per workspace).
    #[oai(path = "/review-links", method = "post")]
    async fn create_review_link(
        &self,
        req: &poem::Request,
        auth: ApiAuth,
        state: Data<&AppState>,
        body: Json<ReviewLinkBody>,
    ) -> ApiResult<CreatedReviewLink, { WRITE | JSON_BODY | E404 | E422 }> {
        let posts: Vec<PostId> = body.0.post_ids.iter().map(|id| PostId(*id)).collect();
        let ctx = crate::http::client::client_context(req, &state.web);
        let new = state
            .client_review
            .create(
                &access(&auth),
                &posts,
                &body.0.label,
                body.0.valid_days.unwrap_or(7),
                body.0.hold_for_review,
                &ctx,
            )
            .await
            .map_err(review_error)?;
        let url = format!(
            "{}/r/{}",
            state.web.public_url.trim_end_matches('/'),
            new.secret.expose_secret()
        );
        Ok(CreatedReviewLink::Created(Json(NewReviewLinkDto {
            link: link_dto(&new.link, &[], state.clock.now()),
            url,
            held_for_review: u32::try_from(new.held).unwrap_or(u32::MAX),
        })))
    }

    /// Revokes a review link: it stops working at once.
    #[oai(path = "/review-links/:id", method = "delete")]
    async fn revoke_review_link(
        &self,
        req: &poem::Request,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<RevokedReviewLink, { WRITE | BY_ID }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        state
            .client_review
            .revoke(&access(&auth), ReviewLinkId(id.0), &ctx)
            .await
            .map_err(review_error)?;
        Ok(RevokedReviewLink::NoContent)
    }
}
