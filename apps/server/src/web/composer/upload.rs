//! Uploading from the composer: several files in one form (no script: back
//! to the composer with them chosen) or one per request with progress
//! (script: a JSON answer per file with its thumbnail and its problems for
//! the kind being composed).

use poem::http::StatusCode;
use poem::web::{Data, Json, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Serialize;
use socialflow_core::media::{ByteStream, MediaError, MediaId, MediaStatus, UploadOptions};
use socialflow_core::posts::{MediaClass, PostKind};

use super::choices::item_problems;
use super::form::ComposerForm;
use crate::i18n::Tr;
use crate::media_upload::{FIELD_LIMIT, MAX_FIELDS, declared_too_large, file_stream, read_prefix};
use crate::state::AppState;
use crate::web::media::text::upload_error;
use crate::web::shared::errors::error_page;
use crate::web::shared::forms::CsrfUpload;
use crate::web::shared::session::WebUser;

/// Files one form may carry.
pub const MAX_FILES: usize = 10;

#[derive(Serialize)]
struct FileProblem {
    text: String,
    class: &'static str,
}

#[derive(Serialize)]
struct Uploaded {
    id: String,
    label: String,
    thumb: Option<String>,
    video: Option<String>,
    is_video: bool,
    problems: Vec<FileProblem>,
}

#[derive(Serialize, Default)]
struct Answer {
    files: Vec<Uploaded>,
    /// `(file name, why)` of each file refused.
    errors: Vec<(String, String)>,
}

/// Where the no-script form goes back to: the new-post composer or a
/// post's edit page, nothing else.
fn back_path(raw: &str) -> String {
    let ok = raw == "/content/new"
        || raw
            .strip_prefix("/content/")
            .and_then(|r| r.strip_suffix("/edit"))
            .is_some_and(|id| id.parse::<uuid::Uuid>().is_ok());
    if ok {
        raw.to_string()
    } else {
        "/content/new".into()
    }
}

#[handler]
pub async fn upload(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfUpload(mut multipart): CsrfUpload,
) -> Response {
    let tr = Tr::new(me.user.language);
    let wants_json = req
        .header("accept")
        .is_some_and(|a| a.contains("application/json"));
    let limit = state.media.settings().max_upload_bytes;
    let mut answer = Answer::default();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut ids: Vec<MediaId> = Vec::new();
    let mut refused_status = StatusCode::BAD_REQUEST;
    if declared_too_large(req, limit.saturating_mul(MAX_FILES as u64)) {
        let (status, text) = upload_error(&tr, &MediaError::TooLarge { limit });
        answer.errors.push((String::new(), text));
        refused_status = status;
    } else {
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    tracing::info!(error = %e, "unreadable composer upload");
                    answer
                        .errors
                        .push((String::new(), tr.t("composer-upload-unreadable")));
                    break;
                }
            };
            let name = field.name().unwrap_or("").to_string();
            if let Some(file_name) = field.file_name().map(str::to_string) {
                if file_name.is_empty() {
                    continue; // an empty file input
                }
                if ids.len() + answer.errors.len() >= MAX_FILES {
                    answer.errors.push((
                        file_name,
                        tr.t1("composer-upload-too-many", "max", MAX_FILES),
                    ));
                    break;
                }
                let stream: ByteStream = file_stream(field);
                let options = UploadOptions {
                    pad_to_allowed_ratio: false,
                };
                match state
                    .media
                    .upload(me.access.owner(), stream, &file_name, options)
                    .await
                {
                    Ok(up) => {
                        if up.file.status == MediaStatus::NeedsTranscode {
                            crate::media_serving::kick_transcoder(&state);
                        }
                        ids.push(up.file.id);
                    }
                    Err(e) => {
                        if let MediaError::Internal(detail) = &e {
                            tracing::error!(error = %detail, "upload failed");
                        }
                        let (status, text) = upload_error(&tr, &e);
                        refused_status = status;
                        answer.errors.push((file_name, text));
                    }
                }
                continue;
            }
            if fields.len() >= MAX_FIELDS {
                break;
            }
            if let Ok(value) = read_prefix(field, FIELD_LIMIT).await {
                fields.push((name, String::from_utf8_lossy(&value).into_owned()));
            }
        }
    }
    let field = |n: &str| {
        fields
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let kind = PostKind::parse(&field("kind")).unwrap_or(PostKind::Post);
    if wants_json {
        let choices = state
            .post_media
            .choices(me.access.owner(), state.clock.now())
            .await
            .unwrap_or_default();
        for id in &ids {
            let Some(c) = choices.iter().find(|c| c.id == *id) else {
                continue;
            };
            let f = ComposerForm {
                kind: kind.as_str().into(),
                account_id: field("account"),
                media: vec![id.to_string()],
                ..ComposerForm::default()
            };
            let problems = item_problems(&state, &tr, &me, &f)
                .await
                .remove(&id.to_string())
                .unwrap_or_default()
                .into_iter()
                .map(|p| FileProblem {
                    text: p.text,
                    class: p.class,
                })
                .collect();
            answer.files.push(Uploaded {
                id: id.to_string(),
                label: c.label.clone(),
                thumb: c.thumbnail_url.clone(),
                video: c.video_url.clone(),
                is_video: c.class == MediaClass::Video,
                problems,
            });
        }
        let status = if answer.files.is_empty() && !answer.errors.is_empty() {
            refused_status
        } else {
            StatusCode::OK
        };
        return Json(answer).with_status(status).into_response();
    }
    if ids.is_empty() {
        // No script: the refusal on a page of its own, with the way back.
        let why = answer
            .errors
            .first()
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| tr.t("media-error-no-file"));
        tracing::info!(reason = %why, "composer upload refused");
        return error_page(
            req,
            Some(&me.user),
            refused_status,
            "composer-upload-failed",
        );
    }
    let mut q: Vec<(&str, String)> = vec![("kind", kind.as_str().into())];
    let account = field("account");
    if !account.is_empty() {
        q.push(("account", account));
    }
    for id in &ids {
        q.push(("media", id.to_string()));
    }
    let back = back_path(&field("back"));
    Redirect::see_other(format!(
        "{back}?{}",
        serde_urlencoded::to_string(&q).unwrap_or_default()
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_composer_is_a_way_back() {
        assert_eq!(back_path("/content/new"), "/content/new");
        let edit = format!("/content/{}/edit", uuid::Uuid::nil());
        assert_eq!(back_path(&edit), edit);
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/content/x/edit",
            "/settings",
            "",
        ] {
            assert_eq!(back_path(bad), "/content/new", "{bad}");
        }
    }
}
