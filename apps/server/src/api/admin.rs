//! Administration over the API: every user's security events.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};
use socialflow_core::audit::AuditKind;
use socialflow_core::privacy::{AuditFilter, AuditView, AuditViewError};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Administrators only.
    Admin,
}

/// A security-relevant event.
#[derive(Object)]
pub struct AuditEventDto {
    pub id: uuid::Uuid,
    pub at: OffsetDateTime,
    /// The user it belongs to; `null` for e.g. a failed login with an
    /// unknown name or the trace of a deleted account.
    #[oai(nullable)]
    pub user_id: Option<uuid::Uuid>,
    #[oai(nullable)]
    pub username: Option<String>,
    /// e.g. `login_succeeded`, `account_connected`, `data_exported`.
    pub kind: String,
    pub ip: String,
    pub detail: String,
}

#[derive(Object)]
pub struct AuditPageDto {
    pub events: Vec<AuditEventDto>,
    /// Whether more events follow (ask again with `offset + limit`).
    pub has_more: bool,
}

fn error(e: AuditViewError) -> ApiError {
    match e {
        AuditViewError::Forbidden => ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Only administrators may read every user's events.",
        ),
        AuditViewError::UnknownUser(name) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_user",
            format!("There is no user named {name:?}."),
        ),
        AuditViewError::Store(e) => ApiError::from_store(e),
    }
}

pub struct AdminApi;

#[OpenApi(tag = "Tag::Admin")]
impl AdminApi {
    /// Every user's security events, newest first (administrators only).
    #[oai(path = "/admin/audit", method = "get")]
    async fn audit(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        /// Only this user's events (a username).
        user: Query<Option<String>>,
        /// Only events of this kind, e.g. `login_failed`.
        kind: Query<Option<String>>,
        /// Events to skip.
        offset: Query<Option<u64>>,
        /// Events per page (1–500, default 50).
        limit: Query<Option<u32>>,
    ) -> ApiResult<Json<AuditPageDto>, { AUTH | E400 | E403 | E422 }> {
        let me = auth.user();
        if !me.is_admin() {
            return Err(error(AuditViewError::Forbidden).into());
        }
        let view = &state.privacy.audit;
        let user = match user.0.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(name) => Some(view.user_named(name).await.map_err(error)?),
            None => None,
        };
        let kind = match kind.0.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(k) => Some(AuditKind::parse(k).ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "unknown_kind",
                    format!("{k:?} is not an event kind."),
                )
            })?),
            None => None,
        };
        let filter = AuditFilter {
            user,
            kind,
            offset: offset.0.unwrap_or(0),
            limit: limit.0.unwrap_or(AuditView::PAGE),
        };
        let page = view.page(me, &filter).await.map_err(error)?;
        let events = page
            .events
            .into_iter()
            .map(|e| AuditEventDto {
                id: e.id,
                at: e.at,
                user_id: e.user_id.map(|u| u.0),
                username: e.user_id.and_then(|u| page.usernames.get(&u).cloned()),
                kind: e.kind.as_str().to_string(),
                ip: e.ip,
                detail: e.detail,
            })
            .collect();
        Ok(Json(AuditPageDto {
            events,
            has_more: page.has_more,
        }))
    }
}
