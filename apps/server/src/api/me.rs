use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{Enum, Object, OpenApi, Tags};
use socialflow_core::{Language, User};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// The signed-in user.
    Account,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "lowercase")]
pub enum LanguageDto {
    En,
    Ru,
    Kk,
}

impl From<Language> for LanguageDto {
    fn from(l: Language) -> Self {
        match l {
            Language::En => LanguageDto::En,
            Language::Ru => LanguageDto::Ru,
            Language::Kk => LanguageDto::Kk,
        }
    }
}

impl From<LanguageDto> for Language {
    fn from(l: LanguageDto) -> Self {
        match l {
            LanguageDto::En => Language::En,
            LanguageDto::Ru => Language::Ru,
            LanguageDto::Kk => Language::Kk,
        }
    }
}

/// The signed-in user.
#[derive(Object)]
pub struct Me {
    pub id: uuid::Uuid,
    pub username: String,
    /// `admin` or `user`.
    pub role: String,
    pub language: LanguageDto,
    /// IANA time zone name; scheduled times are shown in it.
    pub time_zone: String,
    pub created_at: OffsetDateTime,
}

impl From<&User> for Me {
    fn from(u: &User) -> Self {
        Me {
            id: u.id.0,
            username: u.username.to_string(),
            role: u.role.as_str().to_string(),
            language: u.language.into(),
            time_zone: u.time_zone.name().to_string(),
            created_at: u.created_at,
        }
    }
}

/// Fields of the signed-in user that can be changed.
#[derive(Object)]
pub struct MeUpdate {
    #[oai(nullable)]
    pub language: Option<LanguageDto>,
    /// An IANA time zone name such as `Asia/Almaty`.
    #[oai(nullable)]
    pub time_zone: Option<String>,
}

pub struct MeApi;

#[OpenApi(tag = "Tag::Account")]
impl MeApi {
    /// The signed-in user.
    #[oai(path = "/me", method = "get")]
    async fn me(&self, auth: ApiAuth) -> ApiResult<Json<Me>, AUTH> {
        Ok(Json(Me::from(auth.user())))
    }

    /// Changes the signed-in user's settings.
    #[oai(path = "/me", method = "patch")]
    async fn update_me(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        body: Json<MeUpdate>,
    ) -> ApiResult<Json<Me>, { WRITE | JSON_BODY | E422 }> {
        let mut user = auth.user().clone();
        let ctx = crate::http::client::client_context(req, &state.web);
        // Validate everything before saving anything.
        let zone = match body.0.time_zone.as_deref() {
            None => None,
            Some(name) => Some(socialflow_core::TimeZone::parse(name).map_err(|_| {
                ApiError::new(
                    poem::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_time_zone",
                    // The name is not echoed: it may be anything, of any length.
                    "Not a time zone; use an IANA name such as Asia/Almaty or UTC.",
                )
            })?),
        };
        if let Some(zone) = zone {
            state
                .users
                .set_time_zone(&user, &zone, &ctx)
                .await
                .map_err(|e| {
                    tracing::error!(error = %e, "cannot save the time zone");
                    ApiError::internal()
                })?;
            user.time_zone = zone;
        }
        if let Some(lang) = body.0.language {
            state
                .users
                .set_language(&user, lang.into(), &ctx)
                .await
                .map_err(|e| {
                    tracing::error!(error = %e, "cannot save the language");
                    ApiError::internal()
                })?;
            user.language = lang.into();
        }
        Ok(Json(Me::from(&user)))
    }

    /// Deletes the signed-in user's account and everything they own
    /// (accounts, tokens, sessions, events, files), after checking the
    /// password. Answers 403 `wrong_password` and deletes nothing otherwise;
    /// wrong passwords count like failed logins, and past the limit the
    /// answer is 429 `too_many_attempts` with `Retry-After`. 409
    /// `sole_owner` (nothing deleted) while the user is the only owner of a
    /// shared workspace that has other members; shared workspaces where
    /// the user is the only member are deleted with them.
    #[oai(path = "/me", method = "delete")]
    async fn delete_me(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        body: Json<super::privacy::DeleteMe>,
    ) -> ApiResult<super::privacy::AccountDeleted, { WRITE | JSON_BODY | E409 | E429 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        Ok(super::privacy::delete_me(&state, auth.user(), body.0.password, &ctx).await?)
    }
}
