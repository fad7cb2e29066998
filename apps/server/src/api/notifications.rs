//! `/notifications`: the notification centre (list, mark read, mark all
//! read) and the preferences (kinds in the app and by e-mail, address,
//! quiet hours).

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Tags};
use socialflow_core::Language;
use socialflow_core::notifications::{
    Notification, NotificationError, NotificationId, NotificationKind, NotificationPrefs,
    PrefsInput, format_minute,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::notifications_text::words;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// In-app notifications and notification preferences.
    Notifications,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "snake_case")]
pub enum KindDto {
    PostFailed,
    AccountReconnect,
    QuotaNearlyUsed,
    InboxDigest,
    WeeklySummary,
    WebhookDisabled,
    /// Automation replies wait for approval, or automation paused because
    /// Instagram refused the token.
    Automation,
    /// Approvals: a post waits for review, was approved, needs changes or
    /// expired unapproved, or a team note mentions you.
    Approval,
}

impl From<KindDto> for NotificationKind {
    fn from(k: KindDto) -> Self {
        match k {
            KindDto::PostFailed => NotificationKind::PostFailed,
            KindDto::AccountReconnect => NotificationKind::AccountReconnect,
            KindDto::QuotaNearlyUsed => NotificationKind::QuotaNearlyUsed,
            KindDto::InboxDigest => NotificationKind::InboxDigest,
            KindDto::WeeklySummary => NotificationKind::WeeklySummary,
            KindDto::WebhookDisabled => NotificationKind::WebhookDisabled,
            KindDto::Automation => NotificationKind::Automation,
            KindDto::Approval => NotificationKind::Approval,
        }
    }
}

impl From<NotificationKind> for KindDto {
    fn from(k: NotificationKind) -> Self {
        match k {
            NotificationKind::PostFailed => KindDto::PostFailed,
            NotificationKind::AccountReconnect => KindDto::AccountReconnect,
            NotificationKind::QuotaNearlyUsed => KindDto::QuotaNearlyUsed,
            NotificationKind::InboxDigest => KindDto::InboxDigest,
            NotificationKind::WeeklySummary => KindDto::WeeklySummary,
            NotificationKind::WebhookDisabled => KindDto::WebhookDisabled,
            NotificationKind::Automation => KindDto::Automation,
            NotificationKind::Approval => KindDto::Approval,
        }
    }
}

/// One notification: counts and a link, in your interface language.
#[derive(Object)]
pub struct NotificationDto {
    pub id: uuid::Uuid,
    pub kind: KindDto,
    /// The Instagram account it is about.
    #[oai(nullable)]
    pub account_id: Option<uuid::Uuid>,
    pub title: String,
    pub detail: String,
    /// A path in SocialFlow to open.
    pub link: String,
    pub created_at: OffsetDateTime,
    #[oai(nullable)]
    pub read_at: Option<OffsetDateTime>,
    /// `none`, `pending`, `sent` or `failed`.
    pub email: String,
}

fn dto(tr: &Tr, n: Notification) -> NotificationDto {
    let (title, detail) = words(tr, &n);
    NotificationDto {
        id: n.id.0,
        kind: n.kind.into(),
        account_id: n.account.map(|a| a.0),
        title,
        detail,
        link: n.link,
        created_at: n.created_at,
        read_at: n.read_at,
        email: n.email.state().to_string(),
    }
}

#[derive(Object)]
pub struct NotificationList {
    /// Unread notifications in all (not only in this page).
    pub unread: u32,
    /// Newest first.
    pub items: Vec<NotificationDto>,
}

#[derive(Object)]
pub struct MarkedAll {
    /// How many were unread.
    pub marked: u64,
}

/// Your preferences. Quiet hours are `HH:MM` on your clock (your time
/// zone); both or neither.
#[derive(Object)]
pub struct PreferencesDto {
    pub in_app: Vec<KindDto>,
    pub email: Vec<KindDto>,
    /// Where e-mails go; none for no e-mails.
    #[oai(nullable)]
    pub email_address: Option<String>,
    #[oai(nullable)]
    pub quiet_start: Option<String>,
    #[oai(nullable)]
    pub quiet_end: Option<String>,
    /// Whether this server can send e-mail at all.
    #[oai(read_only)]
    pub email_configured: bool,
}

fn prefs_dto(p: NotificationPrefs, configured: bool) -> PreferencesDto {
    PreferencesDto {
        in_app: p.in_app.kinds().into_iter().map(KindDto::from).collect(),
        email: p.email.kinds().into_iter().map(KindDto::from).collect(),
        email_address: p.address.map(|a| a.as_str().to_string()),
        quiet_start: p.quiet.map(|q| format_minute(q.start())),
        quiet_end: p.quiet.map(|q| format_minute(q.end())),
        email_configured: configured,
    }
}

#[derive(ApiResponse)]
pub enum MarkedRead {
    /// Marked as read.
    #[oai(status = 204)]
    NoContent,
}

fn api_error(e: NotificationError) -> ApiError {
    match e {
        NotificationError::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "No such unread notification.",
        ),
        NotificationError::Invalid(problems) => {
            let tr = Tr::new(Language::En);
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_preferences",
                "The preferences were not saved; fix each problem listed.",
            );
            err.problems = problems
                .iter()
                .map(|p| {
                    let (code, key) = match p {
                        socialflow_core::notifications::PrefsProblem::Address => {
                            ("email_address", "notifications-problem-address")
                        }
                        socialflow_core::notifications::PrefsProblem::QuietTime => {
                            ("quiet_time", "notifications-problem-time")
                        }
                        socialflow_core::notifications::PrefsProblem::QuietHalf => {
                            ("quiet_half", "notifications-problem-half")
                        }
                        socialflow_core::notifications::PrefsProblem::Quiet(_) => {
                            ("quiet_empty", "notifications-problem-same")
                        }
                    };
                    serde_json::json!({ "code": code, "message": tr.t(key) })
                })
                .collect();
            err
        }
        NotificationError::Store(e) => ApiError::from_store(e),
        e => {
            tracing::error!(error = %e, "notification request failed");
            ApiError::internal()
        }
    }
}

pub struct NotificationsApi;

#[OpenApi(tag = "Tag::Notifications")]
impl NotificationsApi {
    /// Your notifications, newest first (`limit` 1–100, default 50), and
    /// how many are unread.
    #[oai(path = "/notifications", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        limit: Query<Option<u32>>,
    ) -> ApiResult<Json<NotificationList>, { AUTH | E400 }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let limit = limit.0.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_limit",
                "limit must be between 1 and 100.",
            )
            .into());
        }
        let items = state
            .notifications
            .list(user.id, limit)
            .await
            .map_err(ApiError::from_store)?;
        let unread = state
            .notifications
            .unread_count(user.id)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(NotificationList {
            unread,
            items: items.into_iter().map(|n| dto(&tr, n)).collect(),
        }))
    }

    /// Marks one notification as read; 404 when you have no such unread
    /// notification.
    #[oai(path = "/notifications/:id/read", method = "post")]
    async fn mark_read(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<MarkedRead, { WRITE | BY_ID }> {
        state
            .notifications
            .mark_read(auth.user().id, NotificationId(id.0))
            .await
            .map_err(api_error)?;
        Ok(MarkedRead::NoContent)
    }

    /// Marks every notification of yours as read.
    #[oai(path = "/notifications/read-all", method = "post")]
    async fn mark_all_read(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<MarkedAll>, { WRITE }> {
        let marked = state
            .notifications
            .mark_all_read(auth.user().id)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(MarkedAll { marked }))
    }

    /// Your notification preferences (the defaults until you save).
    #[oai(path = "/notifications/preferences", method = "get")]
    async fn preferences(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<PreferencesDto>, { AUTH }> {
        let p = state
            .notifications
            .preferences(auth.user().id)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(prefs_dto(p, state.notifications.email_configured())))
    }

    /// Replaces your notification preferences. 422 `invalid_preferences`
    /// lists each problem (address, quiet hours).
    #[oai(path = "/notifications/preferences", method = "put")]
    async fn save_preferences(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        body: Json<PreferencesDto>,
    ) -> ApiResult<Json<PreferencesDto>, { WRITE | JSON_BODY | E422 }> {
        let b = body.0;
        let input = PrefsInput {
            in_app: b.in_app.into_iter().map(NotificationKind::from).collect(),
            email: b.email.into_iter().map(NotificationKind::from).collect(),
            address: b.email_address.unwrap_or_default(),
            quiet_start: b.quiet_start.unwrap_or_default(),
            quiet_end: b.quiet_end.unwrap_or_default(),
        };
        let p = state
            .notifications
            .save_preferences(auth.user().id, &input)
            .await
            .map_err(api_error)?;
        Ok(Json(prefs_dto(p, state.notifications.email_configured())))
    }
}
