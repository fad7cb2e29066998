//! The moderation page and its forms. Every form works without script; a
//! refused list comes back with what was typed and each problem by line.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::Language;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::instagram::InstagramError;
use socialflow_core::moderation::{
    EntryId, Hit, ListKind, MAX_TEST_TEXT_CHARS, MAX_WORDS_PER_LIST, ModerationError,
};

use crate::http::moderation_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct Tab {
    pub id: String,
    pub username: String,
    pub active: bool,
}

pub struct ListCard {
    pub kind: &'static str,
    pub name: String,
    pub hint: String,
    pub enabled: bool,
    pub text: String,
    pub count: String,
    pub starter: bool,
    /// Problems of this list's refused save, in words.
    pub problems: Vec<String>,
}

pub struct LogRow {
    pub id: String,
    pub when: String,
    pub list: String,
    pub word: String,
    pub username: String,
    pub text: String,
    /// "Shown again 26.11.2026 14:05" once undone.
    pub undone: String,
}

pub struct TestResult {
    pub hidden: bool,
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "moderation.html")]
pub struct ModerationPage {
    l: Layout,
    notice: Option<Notice>,
    tabs: Vec<Tab>,
    account: String,
    username: String,
    lists: Vec<ListCard>,
    log: Vec<LogRow>,
    test_text: String,
    test_result: Option<TestResult>,
    max_test: usize,
}

/// A refused list save: the kind, what was typed and why.
struct Refused {
    kind: ListKind,
    enabled: bool,
    text: String,
    problems: Vec<String>,
}

#[derive(Default)]
struct Shown {
    notice: Option<Notice>,
    refused: Option<Refused>,
    test_text: String,
    test_result: Option<TestResult>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    account: String,
    notice: String,
    test: String,
}

async fn choose(
    state: &AppState,
    me: &WebUser,
    raw: &str,
) -> Result<(Vec<Tab>, Option<Account>), socialflow_core::StoreError> {
    let accounts = state.accounts.list_seen(&me.access).await?;
    let wanted = uuid::Uuid::parse_str(raw).ok().map(AccountId);
    let chosen = accounts
        .iter()
        .find(|a| Some(a.id) == wanted)
        .or(accounts.first())
        .cloned();
    let tabs = accounts
        .iter()
        .map(|a| Tab {
            id: a.id.to_string(),
            username: a.profile.username.clone(),
            active: chosen.as_ref().is_some_and(|c| c.id == a.id),
        })
        .collect();
    Ok((tabs, chosen))
}

fn when(me: &WebUser, t: time::OffsetDateTime) -> String {
    crate::web::shared::format::moment(me.user.language, &me.user.time_zone, t)
}

fn hit_text(tr: &Tr, hit: Option<&Hit>) -> TestResult {
    match hit {
        Some(h) => TestResult {
            hidden: true,
            text: tr.t_args(
                "moderation-test-hidden",
                &[
                    ("list", moderation_text::kind_name(tr, h.kind).into()),
                    ("word", h.word.as_str().into()),
                ],
            ),
        },
        None => TestResult {
            hidden: false,
            text: tr.t("moderation-test-clean"),
        },
    }
}

async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    raw_account: &str,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "cannot show the moderation page");
        internal_error(req, Some(&me.user))
    };
    let (tabs, chosen) = match choose(state, me, raw_account).await {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    let mut lists = Vec::new();
    let mut log = Vec::new();
    if let Some(a) = &chosen {
        let saved = match state.moderation.lists(me.access.owner(), a.id).await {
            Ok(l) => l,
            Err(e) => return failed(&e),
        };
        for l in saved {
            let refused = shown.refused.as_ref().filter(|r| r.kind == l.kind);
            let count = tr.t_args(
                "moderation-word-count",
                &[
                    ("count", l.words.len().into()),
                    ("max", MAX_WORDS_PER_LIST.into()),
                ],
            );
            lists.push(ListCard {
                kind: l.kind.as_str(),
                name: moderation_text::kind_name(&tr, l.kind),
                hint: tr.t(&format!("moderation-list-{}-hint", l.kind.as_str())),
                enabled: refused.map_or(l.enabled, |r| r.enabled),
                text: refused.map_or_else(|| l.text(), |r| r.text.clone()),
                count,
                starter: l.kind != ListKind::Custom,
                problems: refused.map(|r| r.problems.clone()).unwrap_or_default(),
            });
        }
        let entries = match state.moderation.log(me.access.owner(), a.id).await {
            Ok(l) => l,
            Err(e) => return failed(&e),
        };
        log = entries
            .into_iter()
            .map(|i| LogRow {
                id: i.entry.id.to_string(),
                when: when(me, i.entry.hidden_at),
                list: moderation_text::kind_name(&tr, i.entry.kind),
                word: i.entry.word,
                username: i.username.unwrap_or_default(),
                text: i.text.unwrap_or_else(|| tr.t("moderation-log-text-gone")),
                undone: i
                    .entry
                    .undone_at
                    .map(|t| tr.t1("moderation-log-undone", "when", when(me, t)))
                    .unwrap_or_default(),
            })
            .collect();
    }
    ModerationPage {
        notice: shown.notice,
        account: chosen
            .as_ref()
            .map(|a| a.id.to_string())
            .unwrap_or_default(),
        username: chosen
            .as_ref()
            .map(|a| a.profile.username.clone())
            .unwrap_or_default(),
        tabs,
        lists,
        log,
        test_text: shown.test_text,
        test_result: shown.test_result,
        max_test: MAX_TEST_TEXT_CHARS,
        l: Layout::new(tr, "moderation-title", Some(&me.user), csrf, "/inbox"),
    }
    .with_status(status)
    .into_response()
}

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<PageQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let mut shown = Shown {
        notice: match q.notice.as_str() {
            "saved" => Notice::ok(tr.t("moderation-saved")),
            "starter" => Notice::ok(tr.t("moderation-starter-added")),
            "undone" => Notice::ok(tr.t("moderation-undone")),
            _ => None,
        },
        ..Shown::default()
    };
    let mut status = StatusCode::OK;
    if !q.test.is_empty() {
        shown.test_text = q.test.chars().take(MAX_TEST_TEXT_CHARS + 1).collect();
        let account = choose(&state, &me, &q.account)
            .await
            .ok()
            .and_then(|(_, a)| a);
        if let Some(a) = account {
            match state
                .moderation
                .test(me.access.owner(), a.id, &q.test)
                .await
            {
                Ok(hit) => shown.test_result = Some(hit_text(&tr, hit.as_ref())),
                Err(ModerationError::InvalidText { max }) => {
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                    shown.notice = Notice::error(tr.t1("moderation-test-invalid", "max", max));
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot test a text");
                    return internal_error(req, Some(&me.user));
                }
            }
        }
    }
    render(&state, req, &me, &csrf.0, &q.account, shown, status).await
}

fn back(account: &str, notice: &str) -> Response {
    let account: String = uuid::Uuid::parse_str(account)
        .map(|u| u.to_string())
        .unwrap_or_default();
    Redirect::see_other(format!(
        "/inbox/moderation?account={account}&notice={notice}"
    ))
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListForm {
    account: String,
    enabled: Option<String>,
    words: String,
}

#[handler]
pub async fn save(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(kind): Path<String>,
    CsrfForm(form): CsrfForm<ListForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (Some(kind), Ok(account)) = (ListKind::parse(&kind), uuid::Uuid::parse_str(&form.account))
    else {
        return gone(&state, req, &me, &csrf.0, &form.account).await;
    };
    let enabled = form.enabled.is_some();
    match state
        .moderation
        .save(
            me.access.owner(),
            AccountId(account),
            kind,
            enabled,
            &form.words,
        )
        .await
    {
        Ok(_) => back(&form.account, "saved"),
        Err(ModerationError::Invalid(problems)) => {
            let shown = Shown {
                notice: Notice::error(tr.t("moderation-not-saved")),
                refused: Some(Refused {
                    kind,
                    enabled,
                    // Kept as typed, only cut at the size a list may have.
                    text: form
                        .words
                        .chars()
                        .take(socialflow_core::moderation::MAX_LIST_TEXT_BYTES)
                        .collect(),
                    problems: problems
                        .iter()
                        .map(|p| moderation_text::problem(&tr, p))
                        .collect(),
                }),
                ..Shown::default()
            };
            render(
                &state,
                req,
                &me,
                &csrf.0,
                &form.account,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(ModerationError::NotFound) => gone(&state, req, &me, &csrf.0, &form.account).await,
        Err(e) => {
            tracing::error!(error = %e, "cannot save a moderation list");
            internal_error(req, Some(&me.user))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StarterForm {
    account: String,
    kind: String,
    lang: String,
}

#[handler]
pub async fn starter(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<StarterForm>,
) -> Response {
    let lang = Language::ALL.into_iter().find(|l| l.code() == form.lang);
    let (Some(kind), Some(lang), Ok(account)) = (
        ListKind::parse(&form.kind),
        lang,
        uuid::Uuid::parse_str(&form.account),
    ) else {
        return gone(&state, req, &me, &csrf.0, &form.account).await;
    };
    match state
        .moderation
        .add_starter(me.access.owner(), AccountId(account), kind, lang)
        .await
    {
        Ok(_) => back(&form.account, "starter"),
        Err(ModerationError::NotFound | ModerationError::NoStarter) => {
            gone(&state, req, &me, &csrf.0, &form.account).await
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot add a starter list");
            internal_error(req, Some(&me.user))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UndoForm {
    account: String,
}

#[handler]
pub async fn undo(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<UndoForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let Some(id) = EntryId::parse(&id) else {
        return gone(&state, req, &me, &csrf.0, &form.account).await;
    };
    let refused = |key: &str| Shown {
        notice: Notice::error(tr.t(key)),
        ..Shown::default()
    };
    let (shown, status) = match state.moderation.undo(me.access.owner(), id).await {
        Ok(_) => return back(&form.account, "undone"),
        Err(ModerationError::NotFound) => {
            return gone(&state, req, &me, &csrf.0, &form.account).await;
        }
        Err(ModerationError::AlreadyUndone) => {
            (refused("moderation-already-undone"), StatusCode::CONFLICT)
        }
        Err(
            ModerationError::NoAccess
            | ModerationError::Instagram(InstagramError::TokenInvalid { .. }),
        ) => (refused("moderation-reconnect"), StatusCode::CONFLICT),
        Err(ModerationError::Instagram(e)) => {
            tracing::warn!(error = %e, "Instagram refused to show a comment again");
            (
                refused("moderation-instagram-failed"),
                StatusCode::BAD_GATEWAY,
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot undo a moderation entry");
            return internal_error(req, Some(&me.user));
        }
    };
    render(&state, req, &me, &csrf.0, &form.account, shown, status).await
}

/// Another user's or a vanished account or entry: 404 with the page.
async fn gone(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    account: &str,
) -> Response {
    let tr = Tr::new(me.user.language);
    let shown = Shown {
        notice: Notice::error(tr.t("moderation-gone")),
        ..Shown::default()
    };
    render(state, req, me, csrf, account, shown, StatusCode::NOT_FOUND).await
}
