//! Meta's callbacks (data deletion, deauthorize) and the public page that
//! explains deletion and shows a request's status by confirmation code.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{Data, Form, Json, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use serde_json::json;
use socialflow_core::meta::{CallbackError, SignedRequestError};
use time::macros::format_description;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::{client_context, language};
use crate::web::shared::layout::Layout;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignedForm {
    signed_request: String,
}

/// Refusals are logged (without the payload) and answered without detail.
fn refused(e: &CallbackError, what: &str) -> Response {
    match e {
        CallbackError::Signed(s) => {
            tracing::warn!(reason = %s, "refused a Meta {what} callback");
            let status = match s {
                SignedRequestError::NotConfigured => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_REQUEST,
            };
            (status, Json(json!({ "error": s.to_string() }))).into_response()
        }
        CallbackError::Store(err) => {
            tracing::error!(error = %err, "Meta {what} callback failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "error": "internal error; retry later" })),
            )
                .into_response()
        }
    }
}

/// `POST /meta/data-deletion`: deletes the Instagram user's data at once and
/// answers with the status page URL and a confirmation code.
#[handler]
pub async fn data_deletion(
    req: &Request,
    state: Data<&AppState>,
    form: poem::Result<Form<SignedForm>>,
) -> Response {
    let raw = form.map(|Form(f)| f.signed_request).unwrap_or_default();
    let ctx = client_context(req, &state.web);
    match state.meta.data_deletion(&raw, &ctx).await {
        Ok(record) => {
            tracing::info!(
                accounts = record.accounts_deleted,
                "deleted data at Meta's request"
            );
            Json(json!({
                "url": format!("{}/data-deletion?code={}", state.web.public_url, record.code),
                "confirmation_code": record.code,
            }))
            .into_response()
        }
        Err(e) => refused(&e, "data deletion"),
    }
}

/// `POST /meta/deauthorize`: the user removed the app; disconnect.
#[handler]
pub async fn deauthorize(
    req: &Request,
    state: Data<&AppState>,
    form: poem::Result<Form<SignedForm>>,
) -> Response {
    let raw = form.map(|Form(f)| f.signed_request).unwrap_or_default();
    let ctx = client_context(req, &state.web);
    match state.meta.deauthorize(&raw, &ctx).await {
        Ok(n) => {
            tracing::info!(accounts = n, "disconnected at Meta's request");
            Json(json!({ "success": true })).into_response()
        }
        Err(e) => refused(&e, "deauthorize"),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "data_deletion.html")]
pub struct DeletionPage {
    l: Layout,
    status: Option<String>,
    unknown_code: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CodeQuery {
    code: String,
}

/// `GET /data-deletion[?code=…]`: public, no login.
#[handler]
pub async fn page(req: &Request, state: Data<&AppState>, Query(q): Query<CodeQuery>) -> Response {
    let tr = Tr::new(language(req, None));
    let when = |t: time::OffsetDateTime| {
        t.format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default()
    };
    let (status, unknown_code) = if q.code.is_empty() {
        (None, false)
    } else {
        match state.meta.status(&q.code).await {
            Ok(Some(r)) => (Some(fill(&tr, &r, &when)), false),
            Ok(None) => (None, true),
            Err(e) => {
                tracing::error!(error = %e, "cannot read a deletion request");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    };
    DeletionPage {
        l: Layout::new(tr, "deletion-title", None, "", ""),
        status,
        unknown_code,
    }
    .into_response()
}

fn fill(
    tr: &Tr,
    r: &socialflow_core::meta::DeletionRequest,
    when: &dyn Fn(time::OffsetDateTime) -> String,
) -> String {
    tr.t_args(
        "deletion-status-done",
        &[
            ("requested", when(r.requested_at).into()),
            (
                "completed",
                r.completed_at.map(when).unwrap_or_default().into(),
            ),
            ("count", (r.accounts_deleted as i64).into()),
        ],
    )
}
