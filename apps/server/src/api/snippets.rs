//! `/snippets`: saved captions and hashtag groups, inserted into posts
//! with one click in the composer.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Tags};
use socialflow_core::Language;
use socialflow_core::snippets::{Snippet, SnippetError, SnippetId, SnippetInput, SnippetKind};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::snippets_text;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Saved captions and hashtag groups.
    Snippets,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "lowercase")]
pub enum SnippetKindDto {
    /// Inserted into the caption.
    Caption,
    /// Added to the hashtags (normalised to `#a #b` when saved).
    Hashtags,
}

impl From<SnippetKindDto> for SnippetKind {
    fn from(k: SnippetKindDto) -> Self {
        match k {
            SnippetKindDto::Caption => SnippetKind::Caption,
            SnippetKindDto::Hashtags => SnippetKind::Hashtags,
        }
    }
}

impl From<SnippetKind> for SnippetKindDto {
    fn from(k: SnippetKind) -> Self {
        match k {
            SnippetKind::Caption => SnippetKindDto::Caption,
            SnippetKind::Hashtags => SnippetKindDto::Hashtags,
        }
    }
}

#[derive(Object)]
pub struct SnippetDto {
    pub id: uuid::Uuid,
    pub kind: SnippetKindDto,
    pub name: String,
    pub text: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl From<Snippet> for SnippetDto {
    fn from(s: Snippet) -> Self {
        SnippetDto {
            id: s.id.0,
            kind: s.kind.into(),
            name: s.name,
            text: s.text,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// A snippet to save: a name of 1–60 characters and a text of at most
/// 2,200 (a hashtag group needs at least one hashtag).
#[derive(Object)]
pub struct SnippetBody {
    pub kind: SnippetKindDto,
    pub name: String,
    pub text: String,
}

impl From<SnippetBody> for SnippetInput {
    fn from(b: SnippetBody) -> Self {
        SnippetInput {
            kind: b.kind.into(),
            name: b.name,
            text: b.text,
        }
    }
}

#[derive(ApiResponse)]
pub enum CreatedSnippet {
    #[oai(status = 201)]
    Created(Json<SnippetDto>),
}

#[derive(ApiResponse)]
pub enum DeletedSnippet {
    /// Deleted.
    #[oai(status = 204)]
    NoContent,
}

fn api_error(e: SnippetError) -> ApiError {
    match e {
        SnippetError::NotFound => {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such snippet.")
        }
        SnippetError::Invalid(problems) => {
            let tr = Tr::new(Language::En);
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_snippet",
                "The snippet was not saved; fix each problem listed.",
            );
            err.problems = problems
                .iter()
                .map(|p| {
                    let mut v = serde_json::to_value(p).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.insert(
                            "message".into(),
                            serde_json::Value::String(snippets_text::problem(&tr, p)),
                        );
                    }
                    v
                })
                .collect();
            err
        }
        SnippetError::TooMany { max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_snippets",
            format!("You can keep at most {max} snippets; delete one first."),
        ),
        SnippetError::Store(e) => ApiError::from_store(e),
    }
}

pub struct SnippetsApi;

#[OpenApi(tag = "Tag::Snippets")]
impl SnippetsApi {
    /// Your saved captions and hashtag groups, by kind then name.
    #[oai(path = "/snippets", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<SnippetDto>>, { AUTH }> {
        let all = state.snippets.list(auth.owner()).await.map_err(api_error)?;
        Ok(Json(all.into_iter().map(SnippetDto::from).collect()))
    }

    /// Saves a caption or hashtag group. 422 `invalid_snippet` lists each
    /// problem; 422 `too_many_snippets` when you already keep 200.
    #[oai(path = "/snippets", method = "post")]
    async fn create(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        body: Json<SnippetBody>,
    ) -> ApiResult<CreatedSnippet, { WRITE | JSON_BODY | E422 }> {
        let s = state
            .snippets
            .create(auth.owner(), &body.0.into())
            .await
            .map_err(api_error)?;
        Ok(CreatedSnippet::Created(Json(s.into())))
    }

    /// One snippet of yours.
    #[oai(path = "/snippets/:id", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<SnippetDto>, { AUTH | BY_ID }> {
        let s = state
            .snippets
            .get(auth.owner(), SnippetId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json(s.into()))
    }

    /// Replaces a snippet's kind, name and text.
    #[oai(path = "/snippets/:id", method = "put")]
    async fn update(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<SnippetBody>,
    ) -> ApiResult<Json<SnippetDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let s = state
            .snippets
            .update(auth.owner(), SnippetId(id.0), &body.0.into())
            .await
            .map_err(api_error)?;
        Ok(Json(s.into()))
    }

    /// Deletes a snippet.
    #[oai(path = "/snippets/:id", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<DeletedSnippet, { WRITE | BY_ID }> {
        state
            .snippets
            .delete(auth.owner(), SnippetId(id.0))
            .await
            .map_err(api_error)?;
        Ok(DeletedSnippet::NoContent)
    }
}
