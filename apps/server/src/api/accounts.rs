use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::account::{Account, AccountId, AccountStatus};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Connected Instagram accounts.
    Accounts,
}

/// A connected Instagram account. The access token is never returned.
#[derive(Object)]
pub struct AccountDto {
    pub id: uuid::Uuid,
    /// Instagram's professional account id (IG_ID).
    pub ig_user_id: String,
    pub username: String,
    #[oai(nullable)]
    pub name: Option<String>,
    #[oai(nullable)]
    pub biography: Option<String>,
    #[oai(nullable)]
    pub website: Option<String>,
    #[oai(nullable)]
    pub profile_picture_url: Option<String>,
    /// `null` when Instagram did not report it.
    #[oai(nullable)]
    pub followers_count: Option<i64>,
    #[oai(nullable)]
    pub follows_count: Option<i64>,
    #[oai(nullable)]
    pub media_count: Option<i64>,
    #[oai(nullable)]
    pub account_type: Option<String>,
    /// `active`, or `needs_reconnect` when Instagram refused the token.
    pub status: String,
    /// Instagram's reason when the account needs reconnecting.
    #[oai(nullable)]
    pub status_detail: Option<String>,
    pub token_expires_at: OffsetDateTime,
    /// Permissions Instagram granted.
    pub scopes: Vec<String>,
    pub connected_at: OffsetDateTime,
    pub profile_fetched_at: OffsetDateTime,
}

impl From<Account> for AccountDto {
    fn from(a: Account) -> Self {
        AccountDto {
            id: a.id.0,
            ig_user_id: a.ig_user_id,
            username: a.profile.username,
            name: a.profile.name,
            biography: a.profile.biography,
            website: a.profile.website,
            profile_picture_url: a.profile.profile_picture_url,
            followers_count: a.profile.followers_count,
            follows_count: a.profile.follows_count,
            media_count: a.profile.media_count,
            account_type: a.profile.account_type,
            status: a.status.as_str().to_string(),
            status_detail: a
                .status_detail
                .filter(|_| a.status == AccountStatus::NeedsReconnect),
            token_expires_at: a.token.expires_at,
            scopes: a.token.scopes,
            connected_at: a.connected_at,
            profile_fetched_at: a.profile_fetched_at,
        }
    }
}

#[derive(ApiResponse)]
pub enum Deleted {
    /// Disconnected: the token and the account's cached data are deleted.
    #[oai(status = 204)]
    NoContent,
}

pub struct AccountsApi;

#[OpenApi(tag = "Tag::Accounts")]
impl AccountsApi {
    /// The workspace's connected accounts (those you are limited to, if
    /// your membership names some).
    #[oai(path = "/accounts", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<AccountDto>>, AUTH> {
        let accounts = state
            .accounts
            .list_seen(auth.access())
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(accounts.into_iter().map(AccountDto::from).collect()))
    }

    /// One of the signed-in user's accounts.
    #[oai(path = "/accounts/:id", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<AccountDto>, { AUTH | BY_ID }> {
        let account = state
            .accounts
            .get(auth.owner(), AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        Ok(Json(account.into()))
    }

    /// Disconnects the account: its token and cached data are deleted now.
    #[oai(path = "/accounts/:id", method = "delete")]
    async fn disconnect(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Deleted, { WRITE | BY_ID }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        state
            .accounts
            .disconnect(auth.owner(), AccountId(id.0), &ctx)
            .await
            .map_err(ApiError::from)?;
        Ok(Deleted::NoContent)
    }

    /// Fetches from Instagram now what the worker would fetch next: the
    /// profile, the recent posts with their comments, and the conversations.
    /// profile, today's follower snapshot, account and post insights.
    #[oai(path = "/accounts/:id/refresh", method = "post")]
    async fn refresh(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<AccountDto>, { WRITE | BY_ID | INSTAGRAM }> {
        let (account, _) = state
            .analytics
            .refresh(&auth.workspace_user(&state).await?, AccountId(id.0))
            .await
            .map_err(ApiError::from)?;
        let report = state
            .inbox
            .refresh(auth.owner(), account.id)
            .await
            .map_err(ApiError::from)?;
        if report.deferred {
            return Err(
                ApiError::from(socialflow_core::instagram::InstagramError::RateLimited {
                    retry_after: report.retry_after,
                })
                .into(),
            );
        }
        Ok(Json(account.into()))
    }
}
