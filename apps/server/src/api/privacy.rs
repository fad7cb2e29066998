//! Users' data rights over the API: export (`GET /me/export`) and account
//! deletion (`DELETE /me`, routed in [`super::me`] because the path is
//! shared); the admin's audit log is in [`super::admin`].

use poem::Body;
use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::payload::{Attachment, AttachmentType};
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use secrecy::SecretString;
use socialflow_core::User;
use socialflow_core::privacy::ErasureError;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::client::client_context;
use crate::http::export::export_archive;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Your data: export it or delete your account.
    Privacy,
}

/// Confirms the deletion of the signed-in user's account.
#[derive(Object)]
pub struct DeleteMe {
    /// The account's current password.
    pub password: String,
}

#[derive(ApiResponse)]
pub enum AccountDeleted {
    /// The user and everything they owned are deleted; their sessions and
    /// API tokens no longer work.
    #[oai(status = 204)]
    NoContent,
}

/// Deletes `user`'s account after checking the password (throttled like a
/// login: wrong passwords are slowed down, and past the limit refused).
pub async fn delete_me(
    state: &AppState,
    user: &User,
    password: String,
    ctx: &socialflow_core::RequestContext,
) -> poem::Result<AccountDeleted> {
    let password = SecretString::from(password);
    match state
        .privacy
        .eraser
        .delete_own_account(user, &password, ctx)
        .await
    {
        Ok(_) => Ok(AccountDeleted::NoContent),
        Err(ErasureError::WrongPassword { delay }) => {
            crate::http::throttle::wait_out(delay).await;
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "wrong_password",
                "The password is wrong; nothing was deleted.",
            )
            .into())
        }
        Err(ErasureError::SoleOwner { workspaces }) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "sole_owner",
            format!(
                "You are the only owner of workspaces that have other members: {}. Make another member owner, or delete those workspaces, first; nothing was deleted.",
                workspaces.join(", ")
            ),
        )
        .into()),
        Err(ErasureError::Throttled { retry_after }) => {
            let secs = retry_after.whole_seconds().max(1);
            Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                format!(
                    "Too many wrong passwords for this account or address; nothing was deleted. Try again in {secs} seconds."
                ),
            )
            .with_retry_after(secs)
            .into())
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot delete an account");
            Err(ApiError::internal().into())
        }
    }
}

pub struct PrivacyApi;

#[OpenApi(tag = "Tag::Privacy")]
impl PrivacyApi {
    /// Everything SocialFlow stores about the signed-in user and their
    /// connected accounts, as a zip of JSON files (plus uploaded media).
    /// Secrets are left out: the password hash, Instagram access tokens,
    /// session and API token digests. With the session cookie the request
    /// must come from SocialFlow's own pages (`Sec-Fetch-Site: same-origin`
    /// or our `Origin`), else 403 `cross_origin`; tokens are not restricted.
    #[oai(path = "/me/export", method = "get")]
    async fn export(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
    ) -> ApiResult<Attachment<Body>, { AUTH | E403 }> {
        auth.require_own_pages(req)?;
        let user = auth.user();
        let ctx = client_context(req, &state.web);
        let (file, name) = export_archive(&state, user, &ctx)
            .await
            .map_err(|_| ApiError::internal())?;
        Ok(Attachment::new(Body::from_async_read(file))
            .attachment_type(AttachmentType::Attachment)
            .filename(name))
    }
}
