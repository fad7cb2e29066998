//! `/accounts/{id}/ice-breakers`: up to four questions per locale tab
//! (default / Русский / Қазақша) with their answers, a phone preview,
//! "Publish to Instagram" and "Remove". A refused form comes back with
//! what was typed and every problem in words.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::ice_breakers::{
    IceBreaker, IceBreakerError, IceBreakerProblem, IceBreakerSet, Locale, MAX_ANSWER_BYTES,
    MAX_PER_LOCALE, MAX_QUESTION_CHARS,
};

use crate::http::ice_breakers_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// One row of a locale's form.
pub struct Row {
    pub n: usize,
    /// "Question 2".
    pub label: String,
    pub question: String,
    pub answer: String,
    pub errors: Vec<String>,
}

pub struct Panel {
    pub code: &'static str,
    pub name: String,
    pub lang: &'static str,
    pub rows: Vec<Row>,
    /// Show this tab first (the first with a problem, else default).
    pub selected: bool,
    pub has_problems: bool,
}

impl Panel {
    /// The questions the preview shows.
    pub fn preview(&self) -> Vec<&str> {
        self.rows
            .iter()
            .map(|r| r.question.trim())
            .filter(|q| !q.is_empty())
            .collect()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "ice_breakers.html")]
pub struct IceBreakersPage {
    l: Layout,
    notice: Option<Notice>,
    account_id: String,
    username: String,
    panels: Vec<Panel>,
    problems: Vec<String>,
    /// `ok` or `warn` (the badge) and the words.
    status_kind: &'static str,
    status_text: String,
    has_saved: bool,
    max_question: usize,
    /// "Questions: up to 80 characters; answers: up to 1,000 bytes."
    form_hint: String,
    /// The avatar's letter in the preview.
    initial: String,
}

/// Where the page stands against Instagram.
fn status(
    tr: &Tr,
    saved: &IceBreakerSet,
    published: &Option<Vec<socialflow_core::instagram::IceBreakerLocale>>,
) -> (&'static str, String) {
    match published {
        None => ("warn", tr.t("ice-breakers-status-unknown")),
        Some(list) if list.is_empty() && saved.is_empty() => {
            ("warn", tr.t("ice-breakers-status-none"))
        }
        Some(list) if list.is_empty() => ("warn", tr.t("ice-breakers-status-unpublished")),
        Some(list) if *list == saved.to_instagram() => ("ok", tr.t("ice-breakers-status-live")),
        Some(_) => ("warn", tr.t("ice-breakers-status-differs")),
    }
}

fn panels(tr: &Tr, set: &IceBreakerSet, problems: &[IceBreakerProblem]) -> Vec<Panel> {
    let first_bad = Locale::ALL
        .into_iter()
        .find(|l| problems.iter().any(|p| p.locale == *l))
        .unwrap_or(Locale::Default);
    Locale::ALL
        .into_iter()
        .map(|l| {
            let list = set.locale(l);
            let rows = (0..MAX_PER_LOCALE.max(list.len()))
                .map(|i| {
                    let b = list.get(i);
                    Row {
                        n: i + 1,
                        label: tr.t1("ice-breakers-question-n", "n", i + 1),
                        question: b.map(|b| b.question.clone()).unwrap_or_default(),
                        answer: b.map(|b| b.answer.clone()).unwrap_or_default(),
                        errors: problems
                            .iter()
                            .filter(|p| p.locale == l && p.index == Some(i))
                            .map(|p| ice_breakers_text::problem(tr, p))
                            .collect(),
                    }
                })
                .collect();
            Panel {
                code: l.as_str(),
                name: ice_breakers_text::locale_name(tr, l),
                lang: match l {
                    Locale::Default => "",
                    Locale::Ru => "ru",
                    Locale::Kk => "kk",
                },
                rows,
                selected: l == first_bad,
                has_problems: problems.iter().any(|p| p.locale == l),
            }
        })
        .collect()
}

/// What the page shows besides the saved state.
#[derive(Default)]
struct Shown {
    notice: Option<Notice>,
    /// A refused form: what was typed and why.
    refused: Option<(IceBreakerSet, Vec<IceBreakerProblem>)>,
}

async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    account: &Account,
    shown: Shown,
    status_code: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let saved = match state.ice_breakers.get(me.access.owner(), account.id).await {
        Ok(s) => s,
        Err(e) => return failed(state, req, me, csrf, e).await,
    };
    // What Instagram shows: read each time (one small call); a failure only
    // leaves the status unknown.
    let published = state
        .ice_breakers
        .published(me.access.owner(), account.id)
        .await
        .inspect_err(|e| tracing::info!(error = %e, "cannot read ice breakers from Instagram"))
        .ok();
    let (status_kind, status_text) = status(&tr, &saved, &published);
    let (shown_set, problems) = match &shown.refused {
        Some((set, p)) => (set.clone(), p.clone()),
        None => (saved.clone(), Vec::new()),
    };
    IceBreakersPage {
        notice: shown.notice,
        account_id: account.id.0.to_string(),
        username: account.profile.username.clone(),
        panels: panels(&tr, &shown_set, &problems),
        problems: problems
            .iter()
            .map(|p| ice_breakers_text::problem_in_place(&tr, p))
            .collect(),
        status_kind,
        status_text,
        has_saved: !saved.is_empty(),
        max_question: MAX_QUESTION_CHARS,
        form_hint: tr.t_args(
            "ice-breakers-form-hint",
            &[
                ("max", MAX_QUESTION_CHARS.into()),
                ("bytes", MAX_ANSWER_BYTES.into()),
            ],
        ),
        initial: account
            .profile
            .username
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default(),
        l: Layout::new(tr, "ice-breakers-title", Some(&me.user), csrf, "/accounts"),
    }
    .with_status(status_code)
    .into_response()
}

async fn account_of(state: &AppState, me: &WebUser, id: &str) -> Option<Account> {
    let id = id.parse::<uuid::Uuid>().ok()?;
    state
        .accounts
        .get(me.access.owner(), AccountId(id))
        .await
        .ok()
}

fn not_found(req: &Request, me: &WebUser) -> Response {
    error_page(
        req,
        Some(&me.user),
        StatusCode::NOT_FOUND,
        "ice-breakers-no-account",
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let Some(account) = account_of(&state, &me, &id).await else {
        return not_found(req, &me);
    };
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "saved" => Notice::ok(tr.t("ice-breakers-saved")),
        "published" => Notice::ok(tr.t("ice-breakers-published")),
        "removed" => Notice::ok(tr.t("ice-breakers-removed")),
        _ => None,
    };
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    render(&state, req, &me, &csrf.0, &account, shown, StatusCode::OK).await
}

/// The form's fields `q-<locale>-<n>` and `a-<locale>-<n>` (n from 1).
fn read_form(form: &HashMap<String, String>) -> IceBreakerSet {
    let mut set = IceBreakerSet::default();
    for l in Locale::ALL {
        for n in 1..=MAX_PER_LOCALE {
            let get = |k: &str| {
                form.get(&format!("{k}-{}-{n}", l.as_str()))
                    .cloned()
                    .unwrap_or_default()
            };
            set.locale_mut(l).push(IceBreaker {
                question: get("q"),
                answer: get("a"),
            });
        }
    }
    set
}

#[handler]
pub async fn save(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Response {
    let Some(account) = account_of(&state, &me, &id).await else {
        return not_found(req, &me);
    };
    let typed = read_form(&form);
    match state
        .ice_breakers
        .replace(me.access.owner(), account.id, &typed)
        .await
    {
        Ok(_) => Redirect::see_other(format!(
            "/accounts/{}/ice-breakers?notice=saved",
            account.id.0
        ))
        .into_response(),
        Err(IceBreakerError::Invalid(problems)) => {
            let shown = Shown {
                refused: Some((typed, problems)),
                ..Shown::default()
            };
            render(
                &state,
                req,
                &me,
                &csrf.0,
                &account,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(IceBreakerError::TooManyRules { max }) => {
            let tr = Tr::new(me.user.language);
            let shown = Shown {
                notice: Notice::error(tr.t1("ice-breakers-too-many-rules", "max", max as usize)),
                refused: Some((typed, Vec::new())),
            };
            render(
                &state,
                req,
                &me,
                &csrf.0,
                &account,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failed(&state, req, &me, &csrf.0, e).await,
    }
}

#[handler]
pub async fn publish(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    let Some(account) = account_of(&state, &me, &id).await else {
        return not_found(req, &me);
    };
    match state
        .ice_breakers
        .publish(me.access.owner(), account.id)
        .await
    {
        Ok(_) => Redirect::see_other(format!(
            "/accounts/{}/ice-breakers?notice=published",
            account.id.0
        ))
        .into_response(),
        Err(e) => refused_action(&state, req, &me, &csrf.0, &account, e).await,
    }
}

#[handler]
pub async fn remove(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    let Some(account) = account_of(&state, &me, &id).await else {
        return not_found(req, &me);
    };
    match state
        .ice_breakers
        .remove(me.access.owner(), account.id)
        .await
    {
        Ok(()) => Redirect::see_other(format!(
            "/accounts/{}/ice-breakers?notice=removed",
            account.id.0
        ))
        .into_response(),
        Err(e) => refused_action(&state, req, &me, &csrf.0, &account, e).await,
    }
}

/// Publish or remove refused: the page with the reason on top.
async fn refused_action(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    account: &Account,
    e: IceBreakerError,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (text, code) = match &e {
        IceBreakerError::NothingToPublish => (
            tr.t("ice-breakers-nothing-to-publish"),
            StatusCode::CONFLICT,
        ),
        IceBreakerError::Invalid(problems) => (
            problems
                .iter()
                .map(|p| ice_breakers_text::problem_in_place(&tr, p))
                .collect::<Vec<_>>()
                .join(" "),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        IceBreakerError::Instagram(ie) => (
            tr.t1("ice-breakers-instagram-refused", "reason", ie.to_string()),
            StatusCode::BAD_GATEWAY,
        ),
        _ => return failed(state, req, me, csrf, e).await,
    };
    let shown = Shown {
        notice: Notice::error(text),
        ..Shown::default()
    };
    render(state, req, me, csrf, account, shown, code).await
}

async fn failed(
    _state: &AppState,
    req: &Request,
    me: &WebUser,
    _csrf: &str,
    e: IceBreakerError,
) -> Response {
    match e {
        IceBreakerError::NotFound => not_found(req, me),
        e => {
            tracing::error!(error = %e, "ice breakers failed");
            internal_error(req, Some(&me.user))
        }
    }
}
