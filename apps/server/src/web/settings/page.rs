//! Settings: language, password, personal API tokens and the user's own
//! security events.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::Language;
use time::OffsetDateTime;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::{client_context, language_cookie};
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::{CsrfForm, PublicForm};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: String,
}

pub struct EventRow {
    pub at: crate::web::shared::format::When,
    pub kind: String,
    pub ip: String,
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub struct SettingsPage {
    l: Layout,
    notice: Option<Notice>,
    username: String,
    role: String,
    languages: [Language; 3],
    time_zones: Vec<ZoneGroup>,
    tokens: Vec<TokenRow>,
    events: Vec<EventRow>,
    new_token: Option<String>,
    /// A form field's problem, shown under the field: (input id, text).
    field_error: Option<(&'static str, String)>,
}

impl SettingsPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.field_error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
    }
}

/// A region of the time-zone picker, with its zones as options.
pub struct ZoneGroup {
    pub label: String,
    pub zones: Vec<ZoneOption>,
}

pub struct ZoneOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Every zone grouped by region with its current offset, "(UTC+05:00)
/// Almaty"; a zone the user has that the picker leaves out (a legacy name)
/// is kept in its own group so saving other settings never changes it.
fn zone_groups(tr: &Tr, current: &str, now: OffsetDateTime) -> Vec<ZoneGroup> {
    use socialflow_core::timezone::{TimeZone, offset_label};
    let mut found = false;
    let mut groups: Vec<ZoneGroup> = TimeZone::picker(now)
        .into_iter()
        .map(|r| ZoneGroup {
            label: tr.t(&format!("tz-region-{}", r.region.to_lowercase())),
            zones: r
                .zones
                .into_iter()
                .map(|z| {
                    let selected = z.name == current;
                    found |= selected;
                    ZoneOption {
                        label: format!("({}) {}", offset_label(z.offset_seconds), z.city),
                        value: z.name,
                        selected,
                    }
                })
                .collect(),
        })
        .collect();
    if !found && let Ok(tz) = TimeZone::parse(current) {
        groups.push(ZoneGroup {
            label: tr.t("tz-region-other"),
            zones: vec![ZoneOption {
                label: format!("({}) {}", offset_label(tz.offset_seconds(now)), current),
                value: current.to_string(),
                selected: true,
            }],
        });
    }
    groups
}

pub async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    notice: Option<Notice>,
    new_token: Option<String>,
    status: StatusCode,
) -> Response {
    render_with(state, req, me, csrf, notice, new_token, None, status).await
}

// The page's parts, each distinct.
#[allow(clippy::too_many_arguments)]
pub async fn render_with(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    notice: Option<Notice>,
    new_token: Option<String>,
    field_error: Option<(&'static str, String)>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let now = state.clock.now();
    // Times on the user's clock, in their language's date format.
    let when = |t: OffsetDateTime| crate::web::inbox::common::when(&me.user, t);
    let (tokens, events) = match (
        state.auth.list_api_tokens(me.user.id).await,
        state.privacy.audit.own_events(me.user.id, 20).await,
    ) {
        (Ok(t), Ok(e)) => (t, e),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "cannot load settings");
            return internal_error(req, Some(&me.user));
        }
    };
    SettingsPage {
        notice,
        username: me.user.username.to_string(),
        role: tr.t(if me.user.is_admin() {
            "role-admin"
        } else {
            "role-user"
        }),
        languages: Language::ALL,
        time_zones: zone_groups(&tr, me.user.time_zone.name(), now),
        tokens: tokens
            .into_iter()
            .map(|t| TokenRow {
                id: t.id.0.to_string(),
                name: t.name,
                created_at: when(t.created_at),
                last_used_at: t
                    .last_used_at
                    .map(when)
                    .unwrap_or_else(|| tr.t("settings-token-never-used")),
            })
            .collect(),
        events: events
            .into_iter()
            .map(|e| EventRow {
                at: crate::web::shared::format::When::new(&tr, &me.user.time_zone, now, e.at),
                kind: tr.t(&format!("audit-{}", e.kind.as_str())),
                ip: e.ip,
                detail: super::admin_audit::detail_text(e.kind, e.detail),
            })
            .collect(),
        new_token,
        field_error,
        l: Layout::new(tr, "settings-title", Some(&me.user), csrf, "/settings"),
    }
    .with_status(status)
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingsQuery {
    notice: String,
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<SettingsQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "language" => Notice::ok(tr.t("settings-language-saved")),
        "time-zone" => Notice::ok(tr.t("settings-time-zone-saved")),
        "password" => Notice::ok(tr.t("settings-password-saved")),
        "revoked" => Notice::ok(tr.t("settings-token-revoked")),
        _ => None,
    };
    render(&state, req, &me, &csrf.0, notice, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LanguageForm {
    language: String,
}

#[handler]
pub async fn set_language(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Response {
    let Ok(lang) = form.language.parse::<Language>() else {
        let tr = Tr::new(me.user.language);
        return render_with(
            &state,
            req,
            &me,
            &csrf.0,
            None,
            None,
            Some(("language", tr.t("settings-language-invalid"))),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let ctx = client_context(req, &state.web);
    if let Err(e) = state.users.set_language(&me.user, lang, &ctx).await {
        tracing::error!(error = %e, "cannot save the language");
        return internal_error(req, Some(&me.user));
    }
    req.cookie().add(language_cookie(lang, &state));
    Redirect::see_other("/settings?notice=language").into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TimeZoneForm {
    time_zone: String,
}

#[handler]
pub async fn set_time_zone(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<TimeZoneForm>,
) -> Response {
    let Ok(zone) = socialflow_core::TimeZone::parse(&form.time_zone) else {
        let tr = Tr::new(me.user.language);
        return render_with(
            &state,
            req,
            &me,
            &csrf.0,
            None,
            None,
            Some(("time-zone", tr.t("settings-time-zone-invalid"))),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let ctx = client_context(req, &state.web);
    if let Err(e) = state.users.set_time_zone(&me.user, &zone, &ctx).await {
        tracing::error!(error = %e, "cannot save the time zone");
        return internal_error(req, Some(&me.user));
    }
    Redirect::see_other("/settings?notice=time-zone").into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ThemeForm {
    theme: String,
    next: String,
}

/// The colour theme (system, light, dark), kept in a cookie for this
/// browser; back to the page the switch was on.
#[handler]
pub async fn set_theme(
    req: &Request,
    state: Data<&AppState>,
    PublicForm(form): PublicForm<ThemeForm>,
) -> Response {
    let theme = crate::web::shared::page_context::Theme::parse(&form.theme).unwrap_or_default();
    let mut c = poem::web::cookie::Cookie::new_with_str(
        crate::web::shared::page_context::THEME_COOKIE,
        theme.as_str(),
    );
    c.set_http_only(true);
    c.set_same_site(poem::web::cookie::SameSite::Lax);
    c.set_secure(state.web.secure_cookies);
    c.set_path("/");
    c.set_max_age(std::time::Duration::from_secs(365 * 24 * 3600));
    req.cookie().add(c);
    Redirect::see_other(crate::web::request::safe_next(&form.next)).into_response()
}
