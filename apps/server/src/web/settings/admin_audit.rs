//! `/admin/audit`: every user's security events for administrators,
//! filtered by user and kind, fifty to a page.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::audit::AuditKind;
use socialflow_core::privacy::{AuditFilter, AuditView, AuditViewError};

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct Row {
    pub at: crate::web::shared::format::When,
    pub user: String,
    pub kind: String,
    pub ip: String,
    pub detail: String,
}

pub struct KindOption {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_audit.html")]
pub struct AuditPage {
    l: Layout,
    notice: Option<Notice>,
    user: String,
    kinds: Vec<KindOption>,
    rows: Vec<Row>,
    page: u64,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    user: String,
    kind: String,
    page: u64,
}

/// An event's detail as people read it: a language by its name, not its
/// code; everything else as recorded.
pub fn detail_text(kind: AuditKind, detail: String) -> String {
    match kind {
        AuditKind::LanguageChanged => detail
            .parse::<socialflow_core::Language>()
            .map(|l| l.native_name().to_string())
            .unwrap_or(detail),
        _ => detail,
    }
}

fn page_link(q: &AuditQuery, page: u64) -> String {
    let query = serde_urlencoded::to_string([
        ("user", q.user.as_str()),
        ("kind", q.kind.as_str()),
        ("page", &page.to_string()),
    ])
    .unwrap_or_default();
    format!("/admin/audit?{query}")
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<AuditQuery>,
) -> Response {
    if !me.user.is_admin() {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::FORBIDDEN,
            "privacy-admin-forbidden",
        );
    }
    let tr = Tr::new(me.user.language);
    let view = &state.privacy.audit;
    let page = q.page.max(1);
    let kind = AuditKind::parse(q.kind.trim());
    let mut notice = None;
    let user = match q.user.trim() {
        "" => Ok(None),
        name => match view.user_named(name).await {
            Ok(id) => Ok(Some(id)),
            Err(AuditViewError::UnknownUser(_)) => Err(()),
            Err(e) => {
                tracing::error!(error = %e, "cannot look up a user");
                return internal_error(req, Some(&me.user));
            }
        },
    };
    let (rows, has_more) = match user {
        Err(()) => {
            notice = Notice::error(tr.t1("privacy-admin-unknown-user", "username", q.user.trim()));
            (Vec::new(), false)
        }
        Ok(user) => {
            let filter = AuditFilter {
                user,
                kind,
                offset: (page - 1) * u64::from(AuditView::PAGE),
                limit: AuditView::PAGE,
            };
            match view.page(&me.user, &filter).await {
                Ok(p) => {
                    let now = state.clock.now();
                    let rows = p
                        .events
                        .iter()
                        .map(|e| Row {
                            at: crate::web::shared::format::When::new(
                                &tr,
                                &me.user.time_zone,
                                now,
                                e.at,
                            ),
                            user: e
                                .user_id
                                .and_then(|u| p.usernames.get(&u).cloned())
                                .unwrap_or_else(|| "—".into()),
                            kind: tr.t(&format!("audit-{}", e.kind.as_str())),
                            ip: e.ip.clone(),
                            detail: detail_text(e.kind, e.detail.clone()),
                        })
                        .collect();
                    (rows, p.has_more)
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot list audit events");
                    return internal_error(req, Some(&me.user));
                }
            }
        }
    };
    let kinds = AuditKind::ALL
        .iter()
        .map(|k| KindOption {
            value: k.as_str(),
            label: tr.t(&format!("audit-{}", k.as_str())),
            selected: kind == Some(*k),
        })
        .collect();
    AuditPage {
        l: Layout::new(
            tr,
            "privacy-admin-title",
            Some(&me.user),
            &csrf.0,
            "/settings",
        ),
        notice,
        user: q.user.clone(),
        kinds,
        rows,
        page,
        prev: (page > 1).then(|| page_link(&q, page - 1)),
        next: has_more.then(|| page_link(&q, page + 1)),
    }
    .into_response()
}
