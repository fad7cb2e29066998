//! `/accounts/{id}/ice-breakers`: up to four questions per locale (default,
//! ru, kk) a person can tap to start a conversation, each with its
//! automatic answer (kept as an automation rule), published to Instagram
//! on request.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::account::AccountId;
use socialflow_core::ice_breakers::{IceBreaker, IceBreakerError, IceBreakerSet, Locale, payload};
use socialflow_core::instagram::IceBreakerLocale;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::ice_breakers_text;

#[derive(Tags)]
enum Tag {
    /// Ice breakers: the questions on the account's profile and their answers.
    IceBreakers,
}

/// One question and the automatic answer sent when someone taps it.
#[derive(Object)]
pub struct IceBreakerDto {
    /// 1–80 characters, one line.
    pub question: String,
    /// The direct message sent on a tap: 1–1,000 bytes; `{username}` is
    /// the person's username.
    pub answer: String,
    /// What Instagram sends back on a tap (`ib:<locale>:<n>`); the answer's
    /// automation rule is triggered by it.
    pub payload: String,
}

/// The saved ice breakers, per locale, in the order Instagram shows them.
#[derive(Object)]
pub struct IceBreakersDto {
    pub default: Vec<IceBreakerDto>,
    pub ru: Vec<IceBreakerDto>,
    pub kk: Vec<IceBreakerDto>,
}

impl From<&IceBreakerSet> for IceBreakersDto {
    fn from(set: &IceBreakerSet) -> Self {
        let list = |l: Locale| {
            set.locale(l)
                .iter()
                .enumerate()
                .map(|(i, b)| IceBreakerDto {
                    question: b.question.clone(),
                    answer: b.answer.clone(),
                    payload: payload(l, i + 1),
                })
                .collect()
        };
        IceBreakersDto {
            default: list(Locale::Default),
            ru: list(Locale::Ru),
            kk: list(Locale::Kk),
        }
    }
}

#[derive(Object)]
pub struct IceBreakerBody {
    pub question: String,
    pub answer: String,
}

/// Every locale's list replaces what is saved (a missing list: none for
/// that locale). At most 4 per locale; `default` is required when `ru` or
/// `kk` has questions.
#[derive(Object)]
pub struct IceBreakersBody {
    #[oai(default, validator(max_items = 20))]
    pub default: Vec<IceBreakerBody>,
    #[oai(default, validator(max_items = 20))]
    pub ru: Vec<IceBreakerBody>,
    #[oai(default, validator(max_items = 20))]
    pub kk: Vec<IceBreakerBody>,
}

impl From<IceBreakersBody> for IceBreakerSet {
    fn from(b: IceBreakersBody) -> Self {
        let conv = |v: Vec<IceBreakerBody>| {
            v.into_iter()
                .map(|x| IceBreaker {
                    question: x.question,
                    answer: x.answer,
                })
                .collect()
        };
        IceBreakerSet {
            default: conv(b.default),
            ru: conv(b.ru),
            kk: conv(b.kk),
        }
    }
}

#[derive(Object)]
pub struct PublishedQuestionDto {
    pub question: String,
    pub payload: String,
}

/// One locale as Instagram holds it (`default`, `ru_RU`, `kk_KZ`, …).
#[derive(Object)]
pub struct PublishedLocaleDto {
    pub locale: String,
    pub questions: Vec<PublishedQuestionDto>,
}

impl From<IceBreakerLocale> for PublishedLocaleDto {
    fn from(l: IceBreakerLocale) -> Self {
        PublishedLocaleDto {
            locale: l.locale,
            questions: l
                .questions
                .into_iter()
                .map(|q| PublishedQuestionDto {
                    question: q.question,
                    payload: q.payload,
                })
                .collect(),
        }
    }
}

#[derive(ApiResponse)]
pub enum Removed {
    /// Removed from Instagram, and their answers deleted.
    #[oai(status = 204)]
    NoContent,
}

fn api_error(e: IceBreakerError) -> ApiError {
    match e {
        IceBreakerError::NotFound => {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such account.")
        }
        IceBreakerError::Invalid(problems) => {
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_ice_breakers",
                "The ice breakers were not saved; fix each problem listed.",
            );
            err.problems = problems
                .iter()
                .map(ice_breakers_text::problem_json)
                .collect();
            err
        }
        IceBreakerError::TooManyRules { max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_rules",
            format!(
                "Each answer is an automation rule and the account may hold at most {max}; delete a rule first."
            ),
        ),
        IceBreakerError::NothingToPublish => ApiError::new(
            StatusCode::CONFLICT,
            "nothing_to_publish",
            "There are no ice breakers to publish; save some first.",
        ),
        IceBreakerError::Instagram(e) => e.into(),
        IceBreakerError::Account(e) => e.into(),
        IceBreakerError::Automation(e) => {
            tracing::error!(error = %e, "ice breakers: automation rules failed");
            ApiError::internal()
        }
    }
}

pub struct IceBreakersApi;

#[OpenApi(tag = "Tag::IceBreakers")]
impl IceBreakersApi {
    /// The account's saved ice breakers (empty lists when none).
    #[oai(path = "/accounts/:id/ice-breakers", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<IceBreakersDto>, { AUTH | BY_ID }> {
        let set = state
            .ice_breakers
            .get(auth.owner(), AccountId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json((&set).into()))
    }

    /// Replaces the saved ice breakers and their answers (Instagram is not
    /// called: publish them next). Texts are trimmed and empty rows
    /// dropped. 422 `invalid_ice_breakers` lists each problem with its
    /// `locale` and `index`; 422 `too_many_rules` when the answers would
    /// pass the account's rule cap.
    #[oai(path = "/accounts/:id/ice-breakers", method = "put")]
    async fn put(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<IceBreakersBody>,
    ) -> ApiResult<Json<IceBreakersDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let set = state
            .ice_breakers
            .replace(auth.owner(), AccountId(id.0), &body.0.into())
            .await
            .map_err(api_error)?;
        Ok(Json((&set).into()))
    }

    /// Removes the ice breakers from Instagram, then deletes their answers.
    #[oai(path = "/accounts/:id/ice-breakers", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Removed, { WRITE | BY_ID | INSTAGRAM }> {
        state
            .ice_breakers
            .remove(auth.owner(), AccountId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Removed::NoContent)
    }

    /// Publishes the saved questions to Instagram (every locale at once).
    /// 409 `nothing_to_publish` when none are saved; 422
    /// `invalid_ice_breakers` when a managed rule was edited into
    /// something Instagram would refuse.
    #[oai(path = "/accounts/:id/ice-breakers/publish", method = "post")]
    async fn publish(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<IceBreakersDto>, { WRITE | BY_ID | INSTAGRAM }> {
        let set = state
            .ice_breakers
            .publish(auth.owner(), AccountId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json((&set).into()))
    }

    /// What Instagram shows now, read from Instagram.
    #[oai(path = "/accounts/:id/ice-breakers/published", method = "get")]
    async fn published(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<PublishedLocaleDto>>, { AUTH | BY_ID | INSTAGRAM }> {
        let list = state
            .ice_breakers
            .published(auth.owner(), AccountId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json(
            list.into_iter().map(PublishedLocaleDto::from).collect(),
        ))
    }
}

use crate::state::AppState;
