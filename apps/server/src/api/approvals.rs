//! Approvals: send a post for review, approve it or ask for changes, the
//! team's notes on a post, and the approval queue (docs/approvals.md).

use poem::Request;
use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::approvals::{ApprovalError, NoteId, NoteProblem, PostNote, Reviewer};
use socialflow_core::posts::PostId;
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use super::posts::PostDto;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Review before publishing: submit, approve, request changes, team
    /// notes, the approval queue.
    Approvals,
}

impl From<ApprovalError> for ApiError {
    fn from(e: ApprovalError) -> Self {
        match e {
            ApprovalError::Forbidden(f) => ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!(
                    "Your role ({}) may not do this: it needs the `{}` capability.",
                    f.role.as_str(),
                    f.needs.as_str()
                ),
            ),
            ApprovalError::NotFound => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such post.")
            }
            ApprovalError::WrongState(s) => ApiError::new(
                StatusCode::CONFLICT,
                "wrong_review_state",
                format!(
                    "The post is {}: it cannot take this step. Nothing was changed.",
                    s.as_str()
                ),
            ),
            ApprovalError::NoTime => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "no_time",
                "Only a post with a time (`scheduled_at`) can be sent for review.",
            ),
            ApprovalError::Note(p) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_note",
                match p {
                    NoteProblem::Empty => "The note is empty.".to_string(),
                    NoteProblem::TooLong { max, actual } => {
                        format!("The note has {actual} characters; at most {max}.")
                    }
                    NoteProblem::Control => {
                        "The note holds control characters (newlines and tabs are fine)."
                            .to_string()
                    }
                },
            ),
            ApprovalError::TooManyNotes { max } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "too_many_notes",
                format!("The post has {max} notes, the most it may have; delete some first."),
            ),
            ApprovalError::Post(e) => e.into(),
            ApprovalError::Store(e) => ApiError::from_store(e),
        }
    }
}

/// A team note on a post: for the workspace only, never sent to Instagram.
#[derive(Object)]
pub struct NoteDto {
    pub id: uuid::Uuid,
    pub post_id: uuid::Uuid,
    /// The author's username (`null` once their account is deleted).
    #[oai(nullable)]
    pub author: Option<String>,
    pub body: String,
    pub created_at: OffsetDateTime,
}

impl From<PostNote> for NoteDto {
    fn from(n: PostNote) -> Self {
        NoteDto {
            id: n.id.0,
            post_id: n.post.0,
            author: n.author_name,
            body: n.body,
            created_at: n.created_at,
        }
    }
}

/// A note: 1–2,000 characters; `@username` mentions members of the
/// workspace, who are notified.
#[derive(Object)]
pub struct NoteBody {
    pub body: String,
}

/// What the author should change: 1–2,000 characters.
#[derive(Object)]
pub struct ChangesBody {
    pub note: String,
}

/// The approval queue.
#[derive(Object)]
pub struct ApprovalsDto {
    /// Posts waiting for review that you may decide on, by time.
    pub posts: Vec<PostDto>,
    /// Automation replies held for approval across the workspace's
    /// accounts you see (decide them under `/api/v1/automation`).
    pub held_replies: u32,
}

#[derive(ApiResponse)]
pub enum CreatedNote {
    #[oai(status = 201)]
    Created(Json<NoteDto>),
}

#[derive(ApiResponse)]
pub enum DeletedNote {
    /// Deleted.
    #[oai(status = 204)]
    NoContent,
}

fn post_id(raw: uuid::Uuid) -> PostId {
    PostId(raw)
}

pub struct ApprovalsApi;

#[OpenApi(tag = "Tag::Approvals")]
impl ApprovalsApi {
    /// Sends a post with a time for review: it waits in `in_review`
    /// (nothing is published) until a member who may approve decides. Any
    /// role that may draft may send; a contributor's saves with a time do
    /// this by themselves. 403 `forbidden` for a role that may not draft;
    /// 409 `wrong_review_state` when already in review or past editing;
    /// 422 `no_time` for a post without `scheduled_at` (or `invalid_post`
    /// when its time has passed).
    #[oai(path = "/posts/:id/submit", method = "post")]
    async fn submit(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<PostDto>, { WRITE | BY_ID | E409 | E422 | E503 }> {
        let access = auth.access().clone();
        let ctx = crate::http::client::client_context(req, &state.web);
        let post = state
            .approvals()
            .submit(&access, post_id(id.0), &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Json(post.into()))
    }

    /// Approves a post in review: it becomes `scheduled` and is published
    /// at its time, or `expired` when that time has passed. The approver
    /// may be its author. 403 `forbidden` for a role without `approve`;
    /// 409 `wrong_review_state` unless the post is `in_review`.
    #[oai(path = "/posts/:id/approve", method = "post")]
    async fn approve(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<PostDto>, { WRITE | BY_ID | E409 | E503 }> {
        let access = auth.access().clone();
        let ctx = crate::http::client::client_context(req, &state.web);
        let post = state
            .approvals()
            .approve(&Reviewer::Member(access), post_id(id.0), &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Json(post.into()))
    }

    /// Sends a post in review back to its author with a note (its
    /// `reason` until edited): `changes_requested`. 403 `forbidden` for a
    /// role without `approve`; 409 `wrong_review_state` unless
    /// `in_review`; 422 `invalid_note` for an empty note, one over 2,000
    /// characters or with control characters.
    #[oai(path = "/posts/:id/request-changes", method = "post")]
    async fn request_changes(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &Request,
        id: Path<uuid::Uuid>,
        body: Json<ChangesBody>,
    ) -> ApiResult<Json<PostDto>, { WRITE | JSON_BODY | BY_ID | E409 | E422 | E503 }> {
        let access = auth.access().clone();
        let ctx = crate::http::client::client_context(req, &state.web);
        let post = state
            .approvals()
            .request_changes(&Reviewer::Member(access), post_id(id.0), &body.0.note, &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Json(post.into()))
    }

    /// The team's notes on a post, oldest first (clients: 403 `forbidden`).
    #[oai(path = "/posts/:id/notes", method = "get")]
    async fn notes(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<NoteDto>>, { AUTH | E403 | BY_ID }> {
        let access = auth.access().clone();
        let notes = state
            .approvals()
            .notes(&access, post_id(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(notes.into_iter().map(NoteDto::from).collect()))
    }

    /// Adds a note to a post (roles that may draft; else 403 `forbidden`).
    /// 422 `invalid_note` (empty, over 2,000 characters, control
    /// characters) or `too_many_notes` (500 a post).
    #[oai(path = "/posts/:id/notes", method = "post")]
    async fn add_note(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<NoteBody>,
    ) -> ApiResult<CreatedNote, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let access = auth.access().clone();
        let note = state
            .approvals()
            .add_note(&access, post_id(id.0), &body.0.body)
            .await
            .map_err(ApiError::from)?;
        let mut dto = NoteDto::from(note);
        dto.author = Some(auth.user().username.as_str().to_string());
        Ok(CreatedNote::Created(Json(dto)))
    }

    /// Deletes a note you wrote (404 for someone else's).
    #[oai(path = "/posts/:id/notes/:note", method = "delete")]
    async fn delete_note(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        note: Path<uuid::Uuid>,
    ) -> ApiResult<DeletedNote, { WRITE | BY_ID }> {
        let access = auth.access().clone();
        state
            .approvals()
            .delete_note(&access, post_id(id.0), NoteId(note.0))
            .await
            .map_err(ApiError::from)?;
        Ok(DeletedNote::NoContent)
    }

    /// The approval queue: posts in review you may decide on and how many
    /// automation replies wait for approval. 403 `forbidden` for a role
    /// without `approve`; 404 `workspace_not_found` for a workspace
    /// (`SocialFlow-Workspace` header) you are not a member of.
    #[oai(path = "/approvals", method = "get")]
    async fn queue(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<ApprovalsDto>, { AUTH | E403 | E404 }> {
        let access = auth.access().clone();
        let posts = state
            .approvals()
            .queue(&access)
            .await
            .map_err(ApiError::from)?;
        let held_replies = crate::web::approvals::held_count(&state, &access).await;
        Ok(Json(ApprovalsDto {
            posts: posts.into_iter().map(PostDto::from).collect(),
            held_replies,
        }))
    }
}
