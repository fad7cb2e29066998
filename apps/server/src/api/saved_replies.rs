//! `/saved-replies`: answers a user keeps for any reply box, with
//! `{username}` and `{account}` filled in when inserted.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::Language;
use socialflow_core::saved_replies::{
    ReplyVariables, SavedReply, SavedReplyError, SavedReplyId, SavedReplyInput,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::saved_replies_text;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Saved replies with variables, for comment replies and direct messages.
    SavedReplies,
}

#[derive(Object)]
pub struct SavedReplyDto {
    pub id: uuid::Uuid,
    pub name: String,
    /// The text as saved, variables unexpanded.
    pub text: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl From<SavedReply> for SavedReplyDto {
    fn from(r: SavedReply) -> Self {
        SavedReplyDto {
            id: r.id.0,
            name: r.name,
            text: r.text,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A saved reply to keep: a name of 1–60 characters and a text of 1–1,000.
/// The text may use `{username}` (the person answered) and `{account}` (the
/// answering account's username); any other `{word}` is refused.
#[derive(Object)]
pub struct SavedReplyBody {
    pub name: String,
    pub text: String,
}

impl From<SavedReplyBody> for SavedReplyInput {
    fn from(b: SavedReplyBody) -> Self {
        SavedReplyInput {
            name: b.name,
            text: b.text,
        }
    }
}

/// The reply box to insert into and the values of the variables.
#[derive(Object)]
pub struct InsertBody {
    /// What the reply box holds now; the expanded reply replaces it when it
    /// is empty and is appended otherwise.
    #[oai(default)]
    pub draft: String,
    /// The person answered (without `@`).
    #[oai(nullable)]
    pub username: Option<String>,
    /// The answering account's username (without `@`).
    #[oai(nullable)]
    pub account: Option<String>,
}

#[derive(Object)]
pub struct InsertedDto {
    /// The reply box's new text.
    pub text: String,
}

#[derive(ApiResponse)]
pub enum CreatedSavedReply {
    #[oai(status = 201)]
    Created(Json<SavedReplyDto>),
}

#[derive(ApiResponse)]
pub enum DeletedSavedReply {
    /// Deleted.
    #[oai(status = 204)]
    NoContent,
}

/// Longest variable value taken (an Instagram username has at most 30
/// characters; the margin is for what Instagram may allow later).
const MAX_VARIABLE_CHARS: usize = 100;
/// Longest draft taken (more than any reply Instagram accepts).
const MAX_DRAFT_CHARS: usize = 2_200;

fn api_error(e: SavedReplyError) -> ApiError {
    match e {
        SavedReplyError::NotFound => {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such saved reply.")
        }
        SavedReplyError::Invalid(problems) => {
            let tr = Tr::new(Language::En);
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_saved_reply",
                "The saved reply was not kept; fix each problem listed.",
            );
            err.problems = problems
                .iter()
                .map(|p| {
                    let mut v = serde_json::to_value(p).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.insert(
                            "message".into(),
                            serde_json::Value::String(saved_replies_text::problem(&tr, p)),
                        );
                    }
                    v
                })
                .collect();
            err
        }
        SavedReplyError::TooMany { max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_saved_replies",
            format!("You can keep at most {max} saved replies; delete one first."),
        ),
        SavedReplyError::Store(e) => ApiError::from_store(e),
    }
}

fn too_long(field: &str, max: usize) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_insert",
        format!("`{field}` takes at most {max} characters."),
    )
}

pub struct SavedRepliesApi;

#[OpenApi(tag = "Tag::SavedReplies")]
impl SavedRepliesApi {
    /// Your saved replies, by name.
    #[oai(path = "/saved-replies", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<SavedReplyDto>>, { AUTH }> {
        let all = state
            .saved_replies
            .list(auth.owner())
            .await
            .map_err(api_error)?;
        Ok(Json(all.into_iter().map(SavedReplyDto::from).collect()))
    }

    /// Keeps a saved reply. 422 `invalid_saved_reply` lists each problem
    /// (an unknown variable is `unknown_variable` with its `name`); 422
    /// `too_many_saved_replies` when you already keep 100.
    #[oai(path = "/saved-replies", method = "post")]
    async fn create(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        body: Json<SavedReplyBody>,
    ) -> ApiResult<CreatedSavedReply, { WRITE | JSON_BODY | E422 }> {
        let r = state
            .saved_replies
            .create(auth.owner(), &body.0.into())
            .await
            .map_err(api_error)?;
        Ok(CreatedSavedReply::Created(Json(r.into())))
    }

    /// One saved reply of yours.
    #[oai(path = "/saved-replies/:id", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<SavedReplyDto>, { AUTH | BY_ID }> {
        let r = state
            .saved_replies
            .get(auth.owner(), SavedReplyId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json(r.into()))
    }

    /// Replaces a saved reply's name and text.
    #[oai(path = "/saved-replies/:id", method = "put")]
    async fn update(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<SavedReplyBody>,
    ) -> ApiResult<Json<SavedReplyDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let r = state
            .saved_replies
            .update(auth.owner(), SavedReplyId(id.0), &body.0.into())
            .await
            .map_err(api_error)?;
        Ok(Json(r.into()))
    }

    /// Deletes a saved reply.
    #[oai(path = "/saved-replies/:id", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<DeletedSavedReply, { WRITE | BY_ID }> {
        state
            .saved_replies
            .delete(auth.owner(), SavedReplyId(id.0))
            .await
            .map_err(api_error)?;
        Ok(DeletedSavedReply::NoContent)
    }

    /// The reply box's text after inserting this saved reply with its
    /// variables filled in (nothing is sent). 422 `invalid_insert` when a
    /// value is longer than 100 characters or the draft longer than 2,200.
    #[oai(path = "/saved-replies/:id/insert", method = "post")]
    async fn insert(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<InsertBody>,
    ) -> ApiResult<Json<InsertedDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let b = body.0;
        if b.draft.chars().count() > MAX_DRAFT_CHARS {
            return Err(too_long("draft", MAX_DRAFT_CHARS).into());
        }
        for (field, v) in [("username", &b.username), ("account", &b.account)] {
            if v.as_ref()
                .is_some_and(|v| v.chars().count() > MAX_VARIABLE_CHARS)
            {
                return Err(too_long(field, MAX_VARIABLE_CHARS).into());
            }
        }
        let vars = ReplyVariables {
            username: b.username,
            account: b.account,
        };
        let text = state
            .saved_replies
            .insert(auth.owner(), SavedReplyId(id.0), &b.draft, &vars)
            .await
            .map_err(api_error)?;
        Ok(Json(InsertedDto { text }))
    }
}
