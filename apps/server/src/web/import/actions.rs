//! The import page's requests: the page, the preview (a multipart upload
//! whose token `CsrfUpload` checks first), the confirm step (the same CSV
//! posted back; every row is checked again and all are saved or none) and
//! the schedule's export.

use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::posts::import::{ImportError, ImportPreview, UploadedFile};

use super::page::{ImportPage, preview_view};
use crate::http::client::client_context;
use crate::http::import_form::{ImportFormError, parse_uploaded, read_import_form};
use crate::http::import_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::media::text::upload_error;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::{CsrfForm, CsrfUpload};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

fn page(state: &AppState, me: &WebUser, csrf: &str, notice: Option<Notice>) -> ImportPage {
    let tr = Tr::new(me.user.language);
    let limits = state.import.limits();
    ImportPage {
        l: Layout::new(tr, "import-title", Some(&me.user), csrf, "/content"),
        notice,
        limits_hint: tr.t_args(
            "import-file-hint",
            &[
                ("rows", limits.max_rows.into()),
                ("kib", (limits.max_bytes / 1024).into()),
            ],
        ),
        time_hint: tr.t1("import-format-time", "zone", me.user.time_zone.name()),
        preview: None,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    /// Set after a commit: how many posts were imported.
    imported: Option<u32>,
}

#[handler]
pub async fn show(
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ShowQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = q
        .imported
        .and_then(|n| Notice::ok(tr.t1("import-done", "count", i64::from(n))));
    page(&state, &me, &csrf.0, notice).respond(StatusCode::OK)
}

/// Renders a checked file: the table, and the confirm form when every row
/// can be imported.
fn with_preview(
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    preview: &ImportPreview,
    csv: &[u8],
    uploaded: &[UploadedFile],
    refused: bool,
) -> Response {
    let tr = Tr::new(me.user.language);
    let bad = preview.bad_rows().count();
    let notice = if bad > 0 {
        Notice::error(tr.t_args(
            "import-has-problems",
            &[("bad", bad.into()), ("total", preview.rows.len().into())],
        ))
    } else {
        Notice::ok(tr.t1("import-ready", "count", preview.rows.len()))
    };
    let mut p = page(state, me, csrf, notice);
    p.preview = Some(preview_view(
        &tr,
        &me.workspace_user.time_zone,
        preview,
        csv,
        uploaded,
    ));
    p.respond(if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    })
}

fn form_error_text(tr: &Tr, e: &ImportFormError) -> (StatusCode, String) {
    match e {
        ImportFormError::CsvTooLarge(limit) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            import_text::table_error(
                tr,
                &socialflow_core::posts::import::TableError::TooLarge { max_bytes: *limit },
            ),
        ),
        ImportFormError::Upload { name, error } => {
            let (status, text) = upload_error(tr, error);
            (status, format!("{name}: {text}"))
        }
        ImportFormError::NoCsv => (StatusCode::BAD_REQUEST, tr.t("import-no-file")),
        ImportFormError::TooManyFiles => (
            StatusCode::BAD_REQUEST,
            tr.t1(
                "import-too-many-files",
                "max",
                crate::http::import_form::MAX_FILES,
            ),
        ),
        ImportFormError::Multipart(_) | ImportFormError::TooManyFields => {
            (StatusCode::BAD_REQUEST, tr.t("import-unreadable-form"))
        }
    }
}

/// The answer to an import that failed as a whole (an unreadable file):
/// the page again, with the reason and nothing saved.
fn refusal(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    e: ImportError,
    csv: &[u8],
    uploaded: &[UploadedFile],
) -> Response {
    let tr = Tr::new(me.user.language);
    match e {
        ImportError::Table(t) => {
            let status = match t {
                socialflow_core::posts::import::TableError::TooLarge { .. } => {
                    StatusCode::PAYLOAD_TOO_LARGE
                }
                _ => StatusCode::BAD_REQUEST,
            };
            let text = format!(
                "{} {}",
                import_text::table_error(&tr, &t),
                tr.t("import-nothing-saved")
            );
            page(state, me, csrf, Notice::error(text)).respond(status)
        }
        ImportError::Invalid(preview) => {
            with_preview(state, me, csrf, &preview, csv, uploaded, true)
        }
        ImportError::Post(e) => {
            tracing::error!(error = %e, "import failed");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn check(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfUpload(multipart): CsrfUpload,
    csrf: &CsrfToken,
) -> Response {
    let tr = Tr::new(me.user.language);
    let max = state.import.limits().max_bytes;
    let parts = match read_import_form(multipart, &state, me.access.owner(), max).await {
        Ok(p) => p,
        Err(e) => {
            let (status, text) = form_error_text(&tr, &e);
            let text = format!("{text} {}", tr.t("import-nothing-saved"));
            return page(&state, &me, &csrf.0, Notice::error(text)).respond(status);
        }
    };
    match state
        .import
        .preview(
            me.access.owner(),
            &me.workspace_user.time_zone,
            &parts.csv,
            &parts.uploaded,
        )
        .await
    {
        Ok(preview) => with_preview(
            &state,
            &me,
            &csrf.0,
            &preview,
            &parts.csv,
            &parts.uploaded,
            false,
        ),
        Err(e) => refusal(&state, req, &me, &csrf.0, e, &parts.csv, &parts.uploaded),
    }
}

/// The confirm step's fields: the CSV the preview checked, and the files
/// it uploaded (`id name`).
pub struct ConfirmForm {
    csv: String,
    uploaded: Vec<String>,
}

#[handler]
pub async fn commit(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
    csrf: &CsrfToken,
) -> Response {
    let form = confirm_fields(form);
    let uploaded: Vec<UploadedFile> = form
        .uploaded
        .iter()
        .filter_map(|u| parse_uploaded(u))
        .take(crate::http::import_form::MAX_FILES)
        .collect();
    let csv = form.csv.as_bytes();
    let ctx = client_context(req, &state.web);
    match state
        .import
        .commit(
            me.access.owner(),
            &me.workspace_user.time_zone,
            csv,
            &uploaded,
            &ctx,
        )
        .await
    {
        Ok(posts) => {
            Redirect::see_other(format!("/content/import?imported={}", posts.len())).into_response()
        }
        Err(e) => refusal(&state, req, &me, &csrf.0, e, csv, &uploaded),
    }
}

/// The form's pairs as [`ConfirmForm`] (`uploaded` repeats, which a plain
/// urlencoded struct cannot take).
fn confirm_fields(pairs: Vec<(String, String)>) -> ConfirmForm {
    let mut form = ConfirmForm {
        csv: String::new(),
        uploaded: Vec::new(),
    };
    for (k, v) in pairs {
        match k.as_str() {
            "csv" => form.csv = v,
            "uploaded" => form.uploaded.push(v),
            _ => {}
        }
    }
    form
}

/// The schedule as CSV, in the import's columns.
#[handler]
pub async fn export(req: &Request, state: Data<&AppState>, me: WebUser) -> Response {
    match state
        .import
        .export(&me.access, &me.workspace_user.time_zone)
        .await
    {
        Ok(bytes) => bytes
            .with_content_type("text/csv; charset=utf-8")
            .with_header(
                "content-disposition",
                "attachment; filename=\"schedule.csv\"",
            )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot export the schedule");
            internal_error(req, Some(&me.user))
        }
    }
}
