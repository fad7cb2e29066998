//! `/settings/notifications`: which kinds appear in the app and which are
//! e-mailed, the address, quiet hours on the user's clock, and "send me a
//! test e-mail". A refused form comes back as typed, with every problem.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::notifications::{
    MailError, NotificationError, NotificationKind, PrefsInput, PrefsProblem,
};

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct KindRow {
    pub key: &'static str,
    pub label: String,
    pub hint: String,
    pub in_app: bool,
    pub email: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications_settings.html")]
pub struct PrefsPage {
    l: Layout,
    notice: Option<Notice>,
    kinds: Vec<KindRow>,
    address: String,
    quiet_start: String,
    quiet_end: String,
    /// (input id, text) of each problem.
    problems: Vec<(&'static str, String)>,
    email_configured: bool,
    zone: String,
}

impl PrefsPage {
    pub fn errors(&self, field: &str) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// The problem's field and words.
fn problem_text(tr: &Tr, p: PrefsProblem) -> (&'static str, String) {
    match p {
        PrefsProblem::Address => ("notify-address", tr.t("notifications-problem-address")),
        PrefsProblem::QuietTime => ("quiet-start", tr.t("notifications-problem-time")),
        PrefsProblem::QuietHalf => ("quiet-start", tr.t("notifications-problem-half")),
        PrefsProblem::Quiet(_) => ("quiet-end", tr.t("notifications-problem-same")),
    }
}

fn render(
    me: &WebUser,
    csrf: &str,
    state: &AppState,
    input: &PrefsInput,
    notice: Option<Notice>,
    problems: Vec<(&'static str, String)>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let kinds = NotificationKind::ALL
        .into_iter()
        .map(|k| KindRow {
            key: k.as_str(),
            label: tr.t(&format!("notifications-kind-{}", k.as_str())),
            hint: tr.t(&format!("notifications-kind-{}-hint", k.as_str())),
            in_app: input.in_app.contains(&k),
            email: input.email.contains(&k),
        })
        .collect();
    PrefsPage {
        notice,
        kinds,
        address: input.address.clone(),
        quiet_start: input.quiet_start.clone(),
        quiet_end: input.quiet_end.clone(),
        problems,
        email_configured: state.notifications.email_configured(),
        zone: me.user.time_zone.name().to_string(),
        l: Layout::new(
            tr,
            "notifications-settings-title",
            Some(&me.user),
            csrf,
            "/settings",
        ),
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
    let prefs = match state.notifications.preferences(me.user.id).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot read notification preferences");
            return internal_error(req, Some(&me.user));
        }
    };
    let notice = match q.notice.as_str() {
        "saved" => Notice::ok(tr.t("notifications-saved")),
        "test-sent" => Notice::ok(tr.t("notifications-test-sent")),
        _ => None,
    };
    render(
        &me,
        &csrf.0,
        &state,
        &PrefsInput::from_prefs(&prefs),
        notice,
        Vec::new(),
        StatusCode::OK,
    )
}

/// The form's fields: `app_<kind>` and `email_<kind>` checkboxes, the
/// address, `quiet_start`, `quiet_end`, and which button (`action`).
fn input_of(form: &HashMap<String, String>) -> PrefsInput {
    let on = |prefix: &str| {
        NotificationKind::ALL
            .into_iter()
            .filter(|k| form.contains_key(&format!("{prefix}_{}", k.as_str())))
            .collect()
    };
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    PrefsInput {
        in_app: on("app"),
        email: on("email"),
        address: field("address"),
        quiet_start: field("quiet_start"),
        quiet_end: field("quiet_end"),
    }
}

#[handler]
pub async fn save(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let input = input_of(&form);
    let test = form.get("action").is_some_and(|a| a == "test");
    match state
        .notifications
        .save_preferences(me.user.id, &input)
        .await
    {
        Ok(_) if !test => {
            Redirect::see_other("/settings/notifications?notice=saved").into_response()
        }
        Ok(_) => match state.notifications.send_test_email(me.user.id).await {
            Ok(()) => {
                Redirect::see_other("/settings/notifications?notice=test-sent").into_response()
            }
            Err(e) => {
                let key = match &e {
                    NotificationError::NoMailer => "notifications-test-no-smtp",
                    NotificationError::NoAddress => "notifications-test-no-address",
                    NotificationError::Mail(MailError::Rejected(_)) => {
                        "notifications-test-rejected"
                    }
                    _ => "notifications-test-failed",
                };
                tracing::warn!(error = %e, "test e-mail not sent");
                render(
                    &me,
                    &csrf.0,
                    &state,
                    &input,
                    Notice::error(tr.t(key)),
                    Vec::new(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            }
        },
        Err(NotificationError::Invalid(problems)) => {
            let problems = problems.into_iter().map(|p| problem_text(&tr, p)).collect();
            render(
                &me,
                &csrf.0,
                &state,
                &input,
                None,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot save notification preferences");
            internal_error(req, Some(&me.user))
        }
    }
}
