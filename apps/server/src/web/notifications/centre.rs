//! The notification centre: the newest notifications with read/unread,
//! one marked read (and followed) or all at once.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::notifications::{NotificationError, NotificationId};
use uuid::Uuid;

use crate::http::notifications_text::words;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::format::When;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// How many the page lists (the store keeps up to 200 per user).
const PAGE: u32 = 100;

pub struct Row {
    pub id: String,
    pub kind: &'static str,
    pub icon: &'static str,
    pub title: String,
    pub detail: String,
    pub link: String,
    pub when: When,
    pub unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub struct CentrePage {
    l: Layout,
    notice: Option<Notice>,
    rows: Vec<Row>,
    unread: u32,
    unread_text: String,
}

fn icon(kind: &str) -> &'static str {
    match kind {
        "post_failed" => "i-alert",
        "account_reconnect" => "i-user",
        "quota_nearly_used" => "i-clock",
        "inbox_digest" => "i-comment",
        "automation" => "i-send",
        _ => "i-chart",
    }
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
    let list = match state.notifications.list(me.user.id, PAGE).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot list notifications");
            return internal_error(req, Some(&me.user));
        }
    };
    let now = state.clock.now();
    let rows: Vec<Row> = list
        .iter()
        .map(|n| {
            let (title, detail) = words(&tr, n);
            Row {
                id: n.id.0.to_string(),
                kind: n.kind.as_str(),
                icon: icon(n.kind.as_str()),
                title,
                detail,
                link: n.link.clone(),
                when: When::new(&tr, &me.user.time_zone, now, n.created_at),
                unread: n.read_at.is_none(),
            }
        })
        .collect();
    let unread = u32::try_from(rows.iter().filter(|r| r.unread).count()).unwrap_or(u32::MAX);
    let notice = match q.notice.as_str() {
        "all-read" => Notice::ok(tr.t("notifications-all-read-done")),
        "gone" => Notice::error(tr.t("notifications-gone")),
        _ => None,
    };
    CentrePage {
        notice,
        rows,
        unread,
        unread_text: tr.t1("notifications-unread-count", "count", i64::from(unread)),
        l: Layout::new(
            tr,
            "notifications-title",
            Some(&me.user),
            &csrf.0,
            "/notifications",
        ),
    }
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Empty {}

/// Marks one read and goes where it points (a local path only).
#[handler]
pub async fn open(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    let Ok(uuid) = id.parse::<Uuid>() else {
        return Redirect::see_other("/notifications?notice=gone").into_response();
    };
    let id = NotificationId(uuid);
    let link = match state.notifications.list(me.user.id, PAGE).await {
        Ok(l) => l.into_iter().find(|n| n.id == id).map(|n| n.link),
        Err(e) => {
            tracing::error!(error = %e, "cannot list notifications");
            return internal_error(req, Some(&me.user));
        }
    };
    match state.notifications.mark_read(me.user.id, id).await {
        Ok(()) | Err(NotificationError::NotFound) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot mark a notification read");
            return internal_error(req, Some(&me.user));
        }
    }
    match link {
        // Links are written by SocialFlow; still, only ever a local path.
        Some(l) if l.starts_with('/') && !l.starts_with("//") && !l.contains('\\') => {
            Redirect::see_other(l).into_response()
        }
        Some(_) => Redirect::see_other("/notifications").into_response(),
        None => Redirect::see_other("/notifications?notice=gone").into_response(),
    }
}

#[handler]
pub async fn read_all(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    match state.notifications.mark_all_read(me.user.id).await {
        Ok(_) => Redirect::see_other("/notifications?notice=all-read").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot mark notifications read");
            internal_error(req, Some(&me.user))
        }
    }
}
