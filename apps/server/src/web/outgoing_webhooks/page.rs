//! The endpoints page. A refused form comes back with what was typed and
//! why; a new endpoint's secret is shown on the answer to its form only
//! (never in a URL, never again).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use secrecy::ExposeSecret;
use serde::Deserialize;
use socialflow_core::outgoing_webhooks::{
    Endpoint, EndpointId, EndpointInput, MAX_DESCRIPTION_CHARS, MAX_ENDPOINTS_PER_USER,
    MAX_URL_CHARS, WebhookError,
};
use socialflow_core::webhook_events::EventKind;

use crate::http::outgoing_webhooks_text as text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct EventBox {
    pub name: &'static str,
    pub label: String,
    pub checked: bool,
}

/// An endpoint's form as shown (stored values, or what was typed).
pub struct FormView {
    pub url: String,
    pub description: String,
    pub enabled: bool,
    pub events: Vec<EventBox>,
    pub problems: Vec<(&'static str, String)>,
}

impl FormView {
    pub fn errors(&self, field: &str) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

pub struct Row {
    pub id: String,
    pub url: String,
    pub description: String,
    pub enabled: bool,
    /// "Disabled after three days of failed deliveries", when so.
    pub status: String,
    /// The status badge's class: `ok`, `warn` or `error`.
    pub tone: &'static str,
    pub events: String,
    pub form: FormView,
    pub open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "webhooks.html")]
pub struct WebhooksPage {
    l: Layout,
    notice: Option<Notice>,
    rows: Vec<Row>,
    new: FormView,
    /// The new endpoint's secret, on the answer to its form only.
    secret: Option<String>,
    count_text: String,
    max_url: usize,
    max_description: usize,
    http_allowed: bool,
}

fn boxes(tr: &Tr, checked: &[EventKind]) -> Vec<EventBox> {
    EventKind::SUBSCRIBABLE
        .into_iter()
        .map(|k| EventBox {
            name: k.as_str(),
            label: text::event_label(tr, k),
            checked: checked.contains(&k),
        })
        .collect()
}

/// The form's fields: `url`, `description`, `enabled` and one `ev_<event>`
/// checkbox per event type.
fn input_of(form: &HashMap<String, String>) -> EndpointInput {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    EndpointInput {
        url: field("url"),
        description: field("description"),
        events: EventKind::SUBSCRIBABLE
            .into_iter()
            .filter(|k| form.contains_key(&format!("ev_{}", k.as_str())))
            .map(|k| k.as_str().to_string())
            .collect(),
        enabled: form.contains_key("enabled"),
    }
}

fn typed(tr: &Tr, input: &EndpointInput, problems: Vec<(&'static str, String)>) -> FormView {
    let kinds: Vec<EventKind> = input
        .events
        .iter()
        .filter_map(|e| EventKind::parse(e))
        .collect();
    FormView {
        url: input.url.clone(),
        description: input.description.clone(),
        enabled: input.enabled,
        events: boxes(tr, &kinds),
        problems,
    }
}

fn stored(tr: &Tr, e: &Endpoint) -> FormView {
    FormView {
        url: e.url.clone(),
        description: e.description.clone(),
        enabled: e.enabled,
        events: boxes(tr, &e.events),
        problems: Vec::new(),
    }
}

/// The problems of a refused form, or None when it was not a refusal.
fn refusal(tr: &Tr, e: &WebhookError) -> Option<Vec<(&'static str, String)>> {
    match e {
        WebhookError::Invalid(problems) => Some(
            problems
                .iter()
                .map(|p| (text::problem_field(p), text::problem(tr, p)))
                .collect(),
        ),
        WebhookError::TooMany { max } => Some(vec![(
            "url",
            tr.t1("webhooks-too-many", "max", *max as usize),
        )]),
        _ => None,
    }
}

/// A form field's name and what is wrong with it, translated.
type Problems = Vec<(&'static str, String)>;

#[derive(Default)]
struct Shown {
    notice: Option<Notice>,
    new: Option<EndpointInput>,
    new_problems: Problems,
    /// A refused edit: the endpoint, what was typed and why.
    refused: Option<(EndpointId, EndpointInput, Problems)>,
    secret: Option<String>,
}

async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let all = match state.outgoing.list(me.access.owner()).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list webhook endpoints");
            return internal_error(req, Some(&me.user));
        }
    };
    let count = all.len();
    let rows = all
        .iter()
        .map(|e| {
            let (form, open) = match &shown.refused {
                Some((id, input, problems)) if *id == e.id => {
                    (typed(&tr, input, problems.clone()), true)
                }
                _ => (stored(&tr, e), false),
            };
            let (status, tone) = if e.enabled {
                match e.failing_since {
                    Some(_) => (tr.t("webhooks-status-failing"), "warn"),
                    None => (tr.t("webhooks-status-enabled"), "ok"),
                }
            } else if e.auto_disabled_at.is_some() {
                (tr.t("webhooks-status-auto-disabled"), "error")
            } else {
                (tr.t("webhooks-status-disabled"), "warn")
            };
            Row {
                id: e.id.to_string(),
                url: e.url.clone(),
                description: e.description.clone(),
                enabled: e.enabled,
                status,
                tone,
                events: e
                    .events
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                form,
                open,
            }
        })
        .collect();
    let new = match &shown.new {
        Some(input) => typed(&tr, input, shown.new_problems.clone()),
        None => FormView {
            url: String::new(),
            description: String::new(),
            enabled: true,
            events: boxes(&tr, &[EventKind::PostPublished, EventKind::PostFailed]),
            problems: Vec::new(),
        },
    };
    WebhooksPage {
        notice: shown.notice,
        rows,
        new,
        secret: shown.secret,
        count_text: tr.t_args(
            "webhooks-count",
            &[
                ("count", count.into()),
                ("max", (MAX_ENDPOINTS_PER_USER as usize).into()),
            ],
        ),
        max_url: MAX_URL_CHARS,
        max_description: MAX_DESCRIPTION_CHARS,
        http_allowed: state.outgoing.policy().allow_http,
        l: Layout::new(tr, "webhooks-title", Some(&me.user), csrf, "/settings"),
    }
    .with_status(status)
    .into_response()
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
    Query(q): Query<NoticeQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "saved" => Notice::ok(tr.t("webhooks-saved")),
        "deleted" => Notice::ok(tr.t("webhooks-deleted")),
        "test" => Notice::ok(tr.t("webhooks-test-queued")),
        "enabled" => Notice::ok(tr.t("webhooks-enabled-notice")),
        "disabled" => Notice::ok(tr.t("webhooks-disabled-notice")),
        _ => None,
    };
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    render(&state, req, &me, &csrf.0, shown, StatusCode::OK).await
}

#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let input = input_of(&form);
    match state.outgoing.create(me.access.owner(), &input).await {
        Ok(created) => {
            let shown = Shown {
                notice: Notice::ok(tr.t("webhooks-created")),
                secret: Some(created.secret.expose_secret().to_string()),
                ..Shown::default()
            };
            render(&state, req, &me, &csrf.0, shown, StatusCode::OK).await
        }
        Err(e) => match refusal(&tr, &e) {
            Some(problems) => {
                let shown = Shown {
                    new: Some(input),
                    new_problems: problems,
                    ..Shown::default()
                };
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                render(&state, req, &me, &csrf.0, shown, status).await
            }
            None => failed(&state, req, &me, &csrf.0, e).await,
        },
    }
}

#[handler]
pub async fn update(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<uuid::Uuid>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let input = input_of(&form);
    let id = EndpointId(id);
    match state.outgoing.update(me.access.owner(), id, &input).await {
        Ok(_) => Redirect::see_other("/settings/webhooks?notice=saved").into_response(),
        Err(e) => match refusal(&tr, &e) {
            Some(problems) => {
                let shown = Shown {
                    refused: Some((id, input, problems)),
                    ..Shown::default()
                };
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                render(&state, req, &me, &csrf.0, shown, status).await
            }
            None => failed(&state, req, &me, &csrf.0, e).await,
        },
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ToggleForm {
    /// `on` or `off`.
    to: String,
}

#[handler]
pub async fn toggle(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<uuid::Uuid>,
    CsrfForm(form): CsrfForm<ToggleForm>,
) -> Response {
    let on = form.to == "on";
    match state
        .outgoing
        .set_enabled(me.access.owner(), EndpointId(id), on)
        .await
    {
        Ok(_) => {
            let notice = if on { "enabled" } else { "disabled" };
            Redirect::see_other(format!("/settings/webhooks?notice={notice}")).into_response()
        }
        Err(e) => failed(&state, req, &me, &csrf.0, e).await,
    }
}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<uuid::Uuid>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    match state
        .outgoing
        .delete(me.access.owner(), EndpointId(id))
        .await
    {
        Ok(()) => Redirect::see_other("/settings/webhooks?notice=deleted").into_response(),
        Err(e) => failed(&state, req, &me, &csrf.0, e).await,
    }
}

#[handler]
pub async fn test(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<uuid::Uuid>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    match state
        .outgoing
        .send_test(me.access.owner(), EndpointId(id))
        .await
    {
        Ok(_) => {
            Redirect::see_other(format!("/settings/webhooks/{id}?notice=test")).into_response()
        }
        Err(e) => failed(&state, req, &me, &csrf.0, e).await,
    }
}

/// Another user's or a vanished endpoint (404 with the list), a disabled
/// one (409), or a failure.
pub(super) async fn failed(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    e: WebhookError,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (key, status) = match e {
        WebhookError::NotFound => ("webhooks-gone", StatusCode::NOT_FOUND),
        WebhookError::Disabled => ("webhooks-is-disabled", StatusCode::CONFLICT),
        e => {
            tracing::error!(error = %e, "webhook change failed");
            return internal_error(req, Some(&me.user));
        }
    };
    let shown = Shown {
        notice: Notice::error(tr.t(key)),
        ..Shown::default()
    };
    render(state, req, me, csrf, shown, status).await
}
