//! What the Comments and Messages pages share: choosing the account,
//! formatting times, and Instagram's refusals in the user's language.

use poem::Response;
use poem::http::StatusCode;
use socialflow_core::User;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::inbox::InboxError;
use socialflow_core::instagram::InstagramError;
use time::OffsetDateTime;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::session::WebUser;

pub struct AccountTab {
    pub id: String,
    pub username: String,
    pub active: bool,
}

/// A moment in the user's time zone and date format ("Nov 26, 2026 14:05";
/// "26.11.2026 14:05" in ru/kk).
pub fn when(user: &User, t: OffsetDateTime) -> String {
    crate::web::shared::format::moment(user.language, &user.time_zone, t)
}

/// Marks the onboarding step "open the inbox" as done (once).
pub async fn opened(state: &AppState, user: &User) {
    use socialflow_core::onboarding::Milestone;
    if let Err(e) = state
        .onboarding
        .reach(user.id, Milestone::InboxOpened)
        .await
    {
        tracing::warn!(error = %e, "cannot record that the inbox was opened");
    }
}

/// The accounts the member sees as tabs, and the chosen one (the `account`
/// query parameter if it is one of them, else the first).
pub async fn choose_account(
    state: &AppState,
    access: &socialflow_core::workspaces::Access,
    raw: &str,
) -> Result<(Vec<AccountTab>, Option<Account>), socialflow_core::StoreError> {
    let accounts = state.accounts.list_seen(access).await?;
    let wanted = uuid::Uuid::parse_str(raw).ok().map(AccountId);
    let chosen = accounts
        .iter()
        .find(|a| Some(a.id) == wanted)
        .or(accounts.first())
        .cloned();
    let tabs = accounts
        .iter()
        .map(|a| AccountTab {
            id: a.id.to_string(),
            username: a.profile.username.clone(),
            active: chosen.as_ref().is_some_and(|c| c.id == a.id),
        })
        .collect();
    Ok((tabs, chosen))
}

/// "Last refreshed …" for the account, or "never".
pub async fn refreshed_text(
    state: &AppState,
    tr: &Tr,
    user: &User,
    account: Option<&Account>,
) -> String {
    let Some(a) = account else {
        return String::new();
    };
    if crate::web::live::syncing::syncing_accounts(state, a.owner)
        .await
        .contains(&a.id)
    {
        return tr.t("live-fetching");
    }
    match state.inbox.refreshed_at(a.owner, a.id).await {
        Ok(Some(t)) => tr.t1("inbox-last-refreshed", "time", when(user, t)),
        Ok(None) => tr.t("inbox-never-refreshed"),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the inbox refresh time");
            String::new()
        }
    }
}

/// What Instagram's refusal means and what to do, in the user's language.
pub fn instagram_text(tr: &Tr, e: &InstagramError) -> (StatusCode, String) {
    match e {
        InstagramError::TokenInvalid { .. } => (StatusCode::CONFLICT, tr.t("inbox-error-token")),
        InstagramError::RateLimited { .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            tr.t("inbox-error-rate-limited"),
        ),
        InstagramError::Transient { .. } => {
            (StatusCode::BAD_GATEWAY, tr.t("inbox-error-unavailable"))
        }
        InstagramError::PermissionMissing { .. } => {
            (StatusCode::FORBIDDEN, tr.t("inbox-error-permission"))
        }
        InstagramError::NotFound { .. } => (StatusCode::NOT_FOUND, tr.t("inbox-error-gone")),
        InstagramError::OutsideMessagingWindow => {
            (StatusCode::CONFLICT, tr.t("inbox-error-window"))
        }
        InstagramError::RecipientUnavailable => {
            (StatusCode::CONFLICT, tr.t("inbox-error-recipient"))
        }
        InstagramError::MediaRejected { message, .. }
        | InstagramError::OAuth { message }
        | InstagramError::Invalid { message, .. } => (
            StatusCode::BAD_GATEWAY,
            tr.t1("inbox-error-refused", "detail", message.as_str()),
        ),
        other => (
            StatusCode::BAD_GATEWAY,
            tr.t1("inbox-error-refused", "detail", other.to_string()),
        ),
    }
}

/// The notice for a failed inbox action, or `Err` with the page to show
/// for internal failures and missing objects. The page is built once per
/// failed request, so its size on the error path does not matter.
#[allow(clippy::result_large_err)]
pub fn error_text(
    tr: &Tr,
    e: &InboxError,
    fail: impl FnOnce(StatusCode) -> Response,
) -> Result<(StatusCode, String), Box<Response>> {
    match e {
        InboxError::NotFound => Err(Box::new(fail(StatusCode::NOT_FOUND))),
        InboxError::InvalidText { max } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t1("inbox-error-text", "max", *max as i64),
        )),
        InboxError::ControlCharacters => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            tr.t("inbox-error-control"),
        )),
        InboxError::WindowClosed => Ok((StatusCode::CONFLICT, tr.t("inbox-error-window"))),
        InboxError::OwnComment => Ok((StatusCode::CONFLICT, tr.t("inbox-error-own-comment"))),
        InboxError::Instagram(e) => Ok(instagram_text(tr, e)),
        InboxError::Internal(err) => {
            tracing::error!(error = %err, "inbox action failed");
            Err(Box::new(fail(StatusCode::INTERNAL_SERVER_ERROR)))
        }
    }
}

/// Percent-encodes a path segment (Instagram's ids are opaque text).
pub fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Syncs one of the user's accounts now (Comments and Messages pages).
pub async fn refresh_account(
    state: &AppState,
    me: &WebUser,
    raw_account: &str,
) -> Result<(), socialflow_core::inbox::InboxError> {
    let id = uuid::Uuid::parse_str(raw_account)
        .map(socialflow_core::account::AccountId)
        .map_err(|_| socialflow_core::inbox::InboxError::NotFound)?;
    let report = state.inbox.refresh(me.access.owner(), id).await?;
    if report.deferred {
        return Err(socialflow_core::instagram::InstagramError::RateLimited {
            retry_after: report.retry_after,
        }
        .into());
    }
    Ok(())
}
