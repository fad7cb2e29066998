//! `/accounts/{id}/moderation`: an account's word lists (spam, profanity,
//! custom) that hide matching comments on Instagram as they arrive, trying a
//! text against them, the log of hidden comments, and undo.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Enum, Object, OpenApi, Tags};
use socialflow_core::Language;
use socialflow_core::account::AccountId;
use socialflow_core::moderation::{
    EntryId, Hit, ListKind, LogItem, ModerationEntry, ModerationError, ModerationList,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::moderation_text;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Word lists that hide comments automatically, with a log and undo.
    Moderation,
}

/// Which list.
#[derive(Enum, Clone, Copy)]
#[oai(rename_all = "snake_case")]
pub enum ListKindDto {
    Spam,
    Profanity,
    Custom,
}

impl From<ListKindDto> for ListKind {
    fn from(k: ListKindDto) -> Self {
        match k {
            ListKindDto::Spam => ListKind::Spam,
            ListKindDto::Profanity => ListKind::Profanity,
            ListKindDto::Custom => ListKind::Custom,
        }
    }
}

impl From<ListKind> for ListKindDto {
    fn from(k: ListKind) -> Self {
        match k {
            ListKind::Spam => ListKindDto::Spam,
            ListKind::Profanity => ListKindDto::Profanity,
            ListKind::Custom => ListKindDto::Custom,
        }
    }
}

/// A starter list's language.
#[derive(Enum, Clone, Copy)]
#[oai(rename_all = "snake_case")]
pub enum StarterLanguage {
    Ru,
    Kk,
    En,
}

impl From<StarterLanguage> for Language {
    fn from(l: StarterLanguage) -> Self {
        match l {
            StarterLanguage::Ru => Language::Ru,
            StarterLanguage::Kk => Language::Kk,
            StarterLanguage::En => Language::En,
        }
    }
}

#[derive(Object)]
pub struct ModerationListDto {
    pub kind: ListKindDto,
    /// Only an enabled list hides comments.
    pub enabled: bool,
    /// Words and phrases (a trailing `*` matches the start of a word).
    pub words: Vec<String>,
    pub updated_at: OffsetDateTime,
}

impl From<ModerationList> for ModerationListDto {
    fn from(l: ModerationList) -> Self {
        Self {
            kind: l.kind.into(),
            enabled: l.enabled,
            words: l.words,
            updated_at: l.updated_at,
        }
    }
}

/// A list as it should be: on or off and its words (at most 500, each at
/// most 100 characters; a word folding the same as an earlier one is kept
/// once).
#[derive(Object)]
pub struct ModerationListBody {
    pub enabled: bool,
    #[oai(validator(max_items = 2000))]
    pub words: Vec<String>,
}

#[derive(Object)]
pub struct StarterBody {
    pub language: StarterLanguage,
}

#[derive(Object)]
pub struct TestBody {
    /// The text to try (1–2,200 characters).
    pub text: String,
}

#[derive(Object)]
pub struct TestResultDto {
    /// Whether an enabled list would hide a comment with this text.
    pub hidden: bool,
    /// The list that would hide it.
    #[oai(nullable)]
    pub list: Option<ListKindDto>,
    /// The list's word or phrase that matched.
    #[oai(nullable)]
    pub word: Option<String>,
}

impl From<Option<Hit>> for TestResultDto {
    fn from(h: Option<Hit>) -> Self {
        Self {
            hidden: h.is_some(),
            list: h.as_ref().map(|h| h.kind.into()),
            word: h.map(|h| h.word),
        }
    }
}

#[derive(Object)]
pub struct ModerationEntryDto {
    pub id: uuid::Uuid,
    pub comment_id: String,
    pub media_id: String,
    pub list: ListKindDto,
    pub word: String,
    pub hidden_at: OffsetDateTime,
    /// When a person undid it (the comment is shown again and never hidden
    /// by the lists again).
    #[oai(nullable)]
    pub undone_at: Option<OffsetDateTime>,
    /// The comment's text while the inbox still caches it (24 hours).
    #[oai(nullable)]
    pub text: Option<String>,
    #[oai(nullable)]
    pub username: Option<String>,
}

impl ModerationEntryDto {
    fn of(e: ModerationEntry, text: Option<String>, username: Option<String>) -> Self {
        Self {
            id: e.id.0,
            comment_id: e.comment_id,
            media_id: e.media_id,
            list: e.kind.into(),
            word: e.word,
            hidden_at: e.hidden_at,
            undone_at: e.undone_at,
            text,
            username,
        }
    }
}

impl From<LogItem> for ModerationEntryDto {
    fn from(i: LogItem) -> Self {
        Self::of(i.entry, i.text, i.username)
    }
}

fn api_error(e: ModerationError) -> ApiError {
    match e {
        ModerationError::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No such account or log entry.",
        ),
        ModerationError::Invalid(problems) => {
            let tr = Tr::new(Language::En);
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_list",
                "The list was not saved; fix each problem listed.",
            );
            err.problems = problems
                .iter()
                .map(|p| moderation_text::problem_json(&tr, p))
                .collect();
            err
        }
        ModerationError::InvalidText { max } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_text",
            format!("The text must have 1 to {max} characters."),
        ),
        ModerationError::NoStarter => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_starter_list",
            "The custom list has no starter words; use spam or profanity.",
        ),
        ModerationError::AlreadyUndone => ApiError::new(
            StatusCode::CONFLICT,
            "already_undone",
            "This comment was already shown again.",
        ),
        ModerationError::NoAccess => ApiError::new(
            StatusCode::CONFLICT,
            "account_needs_reconnect",
            "The account must be reconnected before its comments can be changed.",
        ),
        ModerationError::Instagram(e) => e.into(),
        ModerationError::Store(e) => ApiError::from_store(e),
    }
}

pub struct ModerationApi;

#[OpenApi(tag = "Tag::Moderation")]
impl ModerationApi {
    /// The account's three lists: spam, profanity and custom (a list never
    /// saved is empty and off).
    #[oai(path = "/accounts/:id/moderation/lists", method = "get")]
    async fn lists(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<ModerationListDto>>, { AUTH | BY_ID }> {
        let lists = state
            .moderation
            .lists(auth.owner(), AccountId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json(lists.into_iter().map(Into::into).collect()))
    }

    /// Replaces a list: on or off and its words. 422 `invalid_list` lists
    /// each problem (`too_many_words`, `word_too_long`, `nothing_to_match`,
    /// `control_characters`, with the `line` counted from 1); nothing is
    /// saved then.
    #[oai(path = "/accounts/:id/moderation/lists/:kind", method = "put")]
    async fn save(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        kind: Path<ListKindDto>,
        body: Json<ModerationListBody>,
    ) -> ApiResult<Json<ModerationListDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        // One word a line: a word holding a line end would be two.
        let words: Vec<String> = body
            .0
            .words
            .iter()
            .map(|w| w.replace(['\n', '\r'], " "))
            .collect();
        let list = state
            .moderation
            .save(
                auth.owner(),
                AccountId(id.0),
                kind.0.into(),
                body.0.enabled,
                &words.join("\n"),
            )
            .await
            .map_err(api_error)?;
        Ok(Json(list.into()))
    }

    /// Adds a starter list's words (Russian, Kazakh or English) to the spam
    /// or profanity list and switches it on; words it has are kept once.
    /// 422 `no_starter_list` for the custom list.
    #[oai(path = "/accounts/:id/moderation/lists/:kind/starter", method = "post")]
    async fn starter(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        kind: Path<ListKindDto>,
        body: Json<StarterBody>,
    ) -> ApiResult<Json<ModerationListDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let list = state
            .moderation
            .add_starter(
                auth.owner(),
                AccountId(id.0),
                kind.0.into(),
                body.0.language.into(),
            )
            .await
            .map_err(api_error)?;
        Ok(Json(list.into()))
    }

    /// Which enabled list and word would hide a comment with this text
    /// (nothing is hidden). 422 `invalid_text` when empty or longer than
    /// 2,200 characters.
    #[oai(path = "/accounts/:id/moderation/test", method = "post")]
    async fn test(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
        body: Json<TestBody>,
    ) -> ApiResult<Json<TestResultDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let hit = state
            .moderation
            .test(auth.owner(), AccountId(id.0), &body.0.text)
            .await
            .map_err(api_error)?;
        Ok(Json(hit.into()))
    }

    /// The comments the lists hid, newest first (at most 200).
    #[oai(path = "/accounts/:id/moderation/log", method = "get")]
    async fn log(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<ModerationEntryDto>>, { AUTH | BY_ID }> {
        let log = state
            .moderation
            .log(auth.owner(), AccountId(id.0))
            .await
            .map_err(api_error)?;
        Ok(Json(log.into_iter().map(Into::into).collect()))
    }

    /// Shows a hidden comment again on Instagram and marks the entry undone;
    /// the lists never hide that comment again. 409 `already_undone`; the
    /// Instagram errors as for any call (409 `account_needs_reconnect`, 429,
    /// 502…).
    #[oai(path = "/moderation/log/:entry/undo", method = "post")]
    async fn undo(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        entry: Path<uuid::Uuid>,
    ) -> ApiResult<Json<ModerationEntryDto>, { WRITE | BY_ID | E409 | INSTAGRAM }> {
        let e = state
            .moderation
            .undo(auth.owner(), EntryId(entry.0))
            .await
            .map_err(api_error)?;
        Ok(Json(ModerationEntryDto::of(e, None, None)))
    }
}
