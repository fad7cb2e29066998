//! The upload form: the token checked first by [`CsrfUpload`], the file
//! streamed to the media library, a refusal explained on the page.

use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::media::{MediaError, MediaStatus, UploadOptions};

use super::page::render;
use super::text::upload_error;
use crate::i18n::Tr;
use crate::media_upload::{FirstField, declared_too_large, read_upload};
use crate::state::AppState;
use crate::web::shared::errors::error_page;
use crate::web::shared::forms::CsrfUpload;
use crate::web::shared::layout::Notice;
use crate::web::shared::session::WebUser;

#[handler]
pub async fn upload(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfUpload(multipart): CsrfUpload,
    csrf: &CsrfToken,
) -> Response {
    let tr = Tr::new(me.user.language);
    let limit = state.media.settings().max_upload_bytes;
    if declared_too_large(req, limit) {
        let (status, text) = upload_error(&tr, &MediaError::TooLarge { limit });
        return render(
            &state,
            req,
            &me,
            &csrf.0,
            Notice::error(text),
            false,
            status,
        )
        .await;
    }
    // The token, the form's first field, was checked by `CsrfUpload`.
    let parts = match read_upload(multipart, FirstField::Any).await {
        Ok(p) => p,
        Err(e) => {
            tracing::info!(error = %e, "unreadable upload form");
            return error_page(
                req,
                Some(&me.user),
                StatusCode::BAD_REQUEST,
                "error-bad-request",
            );
        }
    };
    let pad = parts.field("pad").is_some();
    let Some((name, stream)) = parts.file else {
        let text = tr.t("media-error-no-file");
        return render(
            &state,
            req,
            &me,
            &csrf.0,
            Notice::error(text),
            pad,
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    let options = UploadOptions {
        pad_to_allowed_ratio: pad,
    };
    match state
        .media
        .upload(me.access.owner(), stream, &name, options)
        .await
    {
        Ok(up) => {
            if up.file.status == MediaStatus::NeedsTranscode {
                crate::media_serving::kick_transcoder(&state);
            }
            let q = serde_urlencoded::to_string([
                ("notice", "uploaded"),
                ("name", up.file.original_name.as_str()),
            ])
            .unwrap_or_default();
            Redirect::see_other(format!("/media?{q}")).into_response()
        }
        Err(e) => {
            if let MediaError::Internal(detail) = &e {
                tracing::error!(error = %detail, "upload failed");
            }
            let (status, text) = upload_error(&tr, &e);
            render(&state, req, &me, &csrf.0, Notice::error(text), pad, status).await
        }
    }
}
