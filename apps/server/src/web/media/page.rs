//! The Media library page: the list of files with their cards, and delete
//! with confirmation.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::media::{MediaError, MediaId};

use super::card::{MediaCard, card};
use super::text::bytes;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

#[derive(Template, WebTemplate)]
#[template(path = "media.html")]
pub struct MediaPage {
    l: Layout,
    notice: Option<Notice>,
    pad_checked: bool,
    limit: String,
    files: Vec<MediaCard>,
}

#[derive(Template, WebTemplate)]
#[template(path = "media_delete.html")]
pub struct DeletePage {
    l: Layout,
    id: String,
    name: String,
}

pub async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    notice: Option<Notice>,
    pad_checked: bool,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let files = match state.media.list(me.access.owner()).await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "cannot list media");
            return internal_error(req, Some(&me.user));
        }
    };
    let can = state.media.can_transcode().await;
    MediaPage {
        notice,
        pad_checked,
        limit: bytes(&tr, state.media.settings().max_upload_bytes),
        files: files
            .into_iter()
            .map(|f| card(state, &tr, f, can))
            .collect(),
        l: Layout::new(tr, "media-title", Some(&me.user), csrf, "/media"),
    }
    .with_status(status)
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MediaQuery {
    notice: String,
    name: String,
    /// `pad=1` ticks "Pad images" (the composer's fix for a wrong ratio).
    pad: String,
}

#[handler]
pub async fn list(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<MediaQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "uploaded" => Notice::ok(tr.t1("media-uploaded", "name", q.name.as_str())),
        "deleted" => Notice::ok(tr.t("media-deleted")),
        _ => None,
    };
    let pad = !q.pad.is_empty();
    render(&state, req, &me, &csrf.0, notice, pad, StatusCode::OK).await
}

fn parse_id(id: &str) -> Option<MediaId> {
    id.parse().ok()
}

#[handler]
pub async fn confirm_delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    match state.media.get(me.access.owner(), id).await {
        Ok(f) => DeletePage {
            id: f.id.to_string(),
            name: f.original_name,
            l: Layout::new(
                Tr::new(me.user.language),
                "media-delete-title",
                Some(&me.user),
                &csrf.0,
                "/media",
            ),
        }
        .into_response(),
        Err(MediaError::NotFound) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a media file");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    _form: CsrfForm<TokenOnly>,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = parse_id(&id) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    match state.media.delete(me.access.owner(), id).await {
        Ok(()) => Redirect::see_other("/media?notice=deleted").into_response(),
        Err(MediaError::NotFound) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot delete a media file");
            internal_error(req, Some(&me.user))
        }
    }
}
