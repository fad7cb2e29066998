//! `/workspaces`: the caller's workspaces, their members and invitations,
//! and `/invitations/accept`. The workspace is named in the path; the use
//! case checks the caller's membership and role there (a workspace the
//! caller is not in answers 404, like one that does not exist).

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Tags};
use secrecy::ExposeSecret;
use socialflow_core::account::AccountId;
use socialflow_core::team::{DEFAULT_INVITATION_DAYS, NewInvitation, TeamError};
use socialflow_core::workspaces::{
    AccountScope, Invitation, InvitationId, Member, MemberRole, Workspace, WorkspaceId,
};
use socialflow_core::{Language, UserId};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Workspaces, their members and invitations.
    Workspaces,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[oai(rename_all = "lowercase")]
pub enum RoleDto {
    Owner,
    Admin,
    Editor,
    Contributor,
    Viewer,
    Client,
}

impl From<RoleDto> for MemberRole {
    fn from(r: RoleDto) -> Self {
        match r {
            RoleDto::Owner => MemberRole::Owner,
            RoleDto::Admin => MemberRole::Admin,
            RoleDto::Editor => MemberRole::Editor,
            RoleDto::Contributor => MemberRole::Contributor,
            RoleDto::Viewer => MemberRole::Viewer,
            RoleDto::Client => MemberRole::Client,
        }
    }
}

impl From<MemberRole> for RoleDto {
    fn from(r: MemberRole) -> Self {
        match r {
            MemberRole::Owner => RoleDto::Owner,
            MemberRole::Admin => RoleDto::Admin,
            MemberRole::Editor => RoleDto::Editor,
            MemberRole::Contributor => RoleDto::Contributor,
            MemberRole::Viewer => RoleDto::Viewer,
            MemberRole::Client => RoleDto::Client,
        }
    }
}

#[derive(Object)]
pub struct WorkspaceDto {
    pub id: uuid::Uuid,
    pub name: String,
    /// The caller's own workspace (its id is the caller's user id).
    pub personal: bool,
    /// The caller's role in it.
    pub role: RoleDto,
    pub created_at: OffsetDateTime,
}

fn workspace_dto(w: Workspace, role: MemberRole) -> WorkspaceDto {
    WorkspaceDto {
        id: w.id.0,
        name: w.name,
        personal: w.personal,
        role: role.into(),
        created_at: w.created_at,
    }
}

fn scope_ids(s: &AccountScope) -> Option<Vec<uuid::Uuid>> {
    match s {
        AccountScope::All => None,
        AccountScope::Only(ids) => Some(ids.iter().map(|a| a.0).collect()),
    }
}

fn scope_from(ids: Option<Vec<uuid::Uuid>>) -> AccountScope {
    match ids {
        None => AccountScope::All,
        Some(ids) => AccountScope::Only(ids.into_iter().map(AccountId).collect()),
    }
}

#[derive(Object)]
pub struct MemberDto {
    pub workspace_id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub username: String,
    pub role: RoleDto,
    /// The accounts the member is limited to; absent: every account.
    #[oai(nullable)]
    pub accounts: Option<Vec<uuid::Uuid>>,
    pub joined_at: OffsetDateTime,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> Self {
        MemberDto {
            workspace_id: m.workspace.0,
            user_id: m.user.0,
            accounts: scope_ids(&m.accounts),
            username: m.username,
            role: m.role.into(),
            joined_at: m.joined_at,
        }
    }
}

#[derive(Object)]
pub struct InvitationDto {
    pub id: uuid::Uuid,
    pub workspace_id: uuid::Uuid,
    pub role: RoleDto,
    #[oai(nullable)]
    pub accounts: Option<Vec<uuid::Uuid>>,
    /// Where the link was e-mailed, if it was.
    #[oai(nullable)]
    pub email: Option<String>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    #[oai(nullable)]
    pub used_at: Option<OffsetDateTime>,
    #[oai(nullable)]
    pub revoked_at: Option<OffsetDateTime>,
}

impl From<Invitation> for InvitationDto {
    fn from(i: Invitation) -> Self {
        InvitationDto {
            id: i.id.0,
            workspace_id: i.workspace.0,
            role: i.role.into(),
            accounts: scope_ids(&i.accounts),
            email: i.email,
            created_at: i.created_at,
            expires_at: i.expires_at,
            used_at: i.used_at,
            revoked_at: i.revoked_at,
        }
    }
}

/// A created invitation: the secret and link are in this answer only.
#[derive(Object)]
pub struct CreatedInvitationDto {
    pub invitation: InvitationDto,
    pub secret: String,
    pub link: String,
    /// The link was e-mailed to `invitation.email`.
    pub emailed: bool,
}

/// A workspace name: 1–80 characters after trimming.
#[derive(Object)]
pub struct NameBody {
    pub name: String,
}

/// Deleting a workspace: its exact name, to confirm.
#[derive(Object)]
pub struct ConfirmBody {
    pub confirm: String,
}

/// A member's new role and, optionally, the accounts they are limited to
/// (clients: required, at most 500).
#[derive(Object)]
pub struct MemberBody {
    pub role: RoleDto,
    #[oai(nullable)]
    pub accounts: Option<Vec<uuid::Uuid>>,
}

/// An invitation: the role, optional accounts (clients: required), days
/// the link works (1–30, default 7) and an optional e-mail address (sent
/// only when the server has SMTP configured).
#[derive(Object)]
pub struct InvitationBody {
    pub role: RoleDto,
    #[oai(nullable)]
    pub accounts: Option<Vec<uuid::Uuid>>,
    #[oai(nullable)]
    pub days: Option<i64>,
    #[oai(nullable)]
    pub email: Option<String>,
}

#[derive(Object)]
pub struct AcceptBody {
    /// The secret at the end of the invitation link.
    pub secret: String,
}

#[derive(ApiResponse)]
pub enum CreatedWorkspace {
    #[oai(status = 201)]
    Created(Json<WorkspaceDto>),
}

#[derive(ApiResponse)]
pub enum CreatedInvitationAnswer {
    #[oai(status = 201)]
    Created(Json<CreatedInvitationDto>),
}

#[derive(ApiResponse)]
pub enum Deleted {
    /// Done.
    #[oai(status = 204)]
    NoContent,
}

fn api_error(e: TeamError) -> ApiError {
    let tr = Tr::new(Language::En);
    let code = match &e {
        TeamError::NotMember => "not_found",
        TeamError::Forbidden(_) => "forbidden",
        TeamError::MayNotAssign { .. } => "may_not_assign",
        TeamError::Personal => "personal_workspace",
        TeamError::Name(_) => "invalid_name",
        TeamError::TooManyWorkspaces { .. } => "too_many_workspaces",
        TeamError::ConfirmationMismatch => "confirmation_mismatch",
        TeamError::MemberNotFound => "member_not_found",
        TeamError::LastOwner => "last_owner",
        TeamError::AccountsRequired => "accounts_required",
        TeamError::TooManyAccounts { .. } => "too_many_accounts",
        TeamError::UnknownAccount => "unknown_account",
        TeamError::Days { .. } => "invalid_days",
        TeamError::Email => "invalid_email",
        TeamError::TooManyInvitations { .. } => "too_many_invitations",
        TeamError::InvitationNotFound => "invitation_not_found",
        TeamError::InvitationInvalid => "gone",
        TeamError::WorkspaceFull => "workspace_full",
        TeamError::Store(_) | TeamError::Erasure(_) => "internal",
    };
    match crate::web::team::problem(&tr, &e) {
        Some((status, _, message)) => ApiError::new(status, code, message),
        None => {
            tracing::error!(error = %e, "a workspace operation failed");
            ApiError::internal()
        }
    }
}

async fn access(
    state: &AppState,
    user: UserId,
    id: uuid::Uuid,
) -> Result<socialflow_core::workspaces::Access, ApiError> {
    state
        .team
        .access_to(user, WorkspaceId(id))
        .await
        .map_err(api_error)
}

pub struct WorkspacesApi;

#[OpenApi(tag = "Tag::Workspaces")]
impl WorkspacesApi {
    /// The workspaces you belong to with your role, personal first.
    #[oai(path = "/workspaces", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<WorkspaceDto>>, { AUTH }> {
        let all = state
            .workspaces
            .workspaces_of(auth.user().id)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(
            all.into_iter().map(|(w, r)| workspace_dto(w, r)).collect(),
        ))
    }

    /// Creates a shared workspace; you are its owner. 422 `invalid_name`;
    /// 409 `too_many_workspaces` past 20 created.
    #[oai(path = "/workspaces", method = "post")]
    async fn create(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        body: Json<NameBody>,
    ) -> ApiResult<CreatedWorkspace, { WRITE | JSON_BODY | E409 | E422 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let ws = state
            .team
            .create(auth.user(), &body.0.name, &ctx)
            .await
            .map_err(api_error)?;
        Ok(CreatedWorkspace::Created(Json(workspace_dto(
            ws,
            MemberRole::Owner,
        ))))
    }

    /// One of your workspaces with your role in it.
    #[oai(path = "/workspaces/:id", method = "get")]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<WorkspaceDto>, { AUTH | BY_ID }> {
        let a = access(&state, auth.user().id, id.0).await?;
        let ws = state.team.workspace(&a).await.map_err(api_error)?;
        Ok(Json(workspace_dto(ws, a.role)))
    }

    /// Renames a workspace (owners and admins; 403 `forbidden` otherwise).
    #[oai(path = "/workspaces/:id", method = "patch")]
    async fn rename(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        body: Json<NameBody>,
    ) -> ApiResult<Json<WorkspaceDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let a = access(&state, auth.user().id, id.0).await?;
        let ws = state
            .team
            .rename(&a, &body.0.name, &ctx)
            .await
            .map_err(api_error)?;
        Ok(Json(workspace_dto(ws, a.role)))
    }

    /// Deletes a shared workspace and everything it holds (its Instagram
    /// accounts are disconnected, its media files deleted), owners only,
    /// with its exact name as `confirm` (422 `confirmation_mismatch`). 409
    /// `personal_workspace`: a personal workspace goes only with its
    /// account (`DELETE /me`).
    #[oai(path = "/workspaces/:id", method = "delete")]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        body: Json<ConfirmBody>,
    ) -> ApiResult<Deleted, { WRITE | JSON_BODY | BY_ID | E409 | E422 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let a = access(&state, auth.user().id, id.0).await?;
        state
            .team
            .delete(&a, &body.0.confirm, &ctx)
            .await
            .map_err(api_error)?;
        Ok(Deleted::NoContent)
    }

    /// The workspace's members, owners first.
    #[oai(path = "/workspaces/:id/members", method = "get")]
    async fn members(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<MemberDto>>, { AUTH | BY_ID }> {
        let a = access(&state, auth.user().id, id.0).await?;
        let all = state.team.members(&a).await.map_err(api_error)?;
        Ok(Json(all.into_iter().map(MemberDto::from).collect()))
    }

    /// Changes a member's role and accounts. 403 `forbidden` or
    /// `may_not_assign` (admins cannot touch or make owners); 404
    /// `member_not_found`; 409 `last_owner` or `personal_workspace`; 422
    /// `accounts_required`, `too_many_accounts`, `unknown_account`.
    #[oai(path = "/workspaces/:id/members/:user", method = "put")]
    async fn change_member(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        user: Path<uuid::Uuid>,
        body: Json<MemberBody>,
    ) -> ApiResult<Json<MemberDto>, { WRITE | JSON_BODY | BY_ID | E409 | E422 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let a = access(&state, auth.user().id, id.0).await?;
        let m = state
            .team
            .change_member(
                &a,
                UserId(user.0),
                body.0.role.into(),
                scope_from(body.0.accounts),
                &ctx,
            )
            .await
            .map_err(api_error)?;
        Ok(Json(m.into()))
    }

    /// Removes a member; your own id means leaving. 409 `last_owner` when
    /// no other owner would remain.
    #[oai(path = "/workspaces/:id/members/:user", method = "delete")]
    async fn remove_member(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        user: Path<uuid::Uuid>,
    ) -> ApiResult<Deleted, { WRITE | BY_ID | E409 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let a = access(&state, auth.user().id, id.0).await?;
        state
            .team
            .remove_member(&a, UserId(user.0), &ctx)
            .await
            .map_err(api_error)?;
        Ok(Deleted::NoContent)
    }

    /// The workspace's invitations, newest first (owners and admins).
    #[oai(path = "/workspaces/:id/invitations", method = "get")]
    async fn invitations(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<InvitationDto>>, { AUTH | BY_ID | E403 }> {
        let a = access(&state, auth.user().id, id.0).await?;
        let all = state.team.invitations(&a).await.map_err(api_error)?;
        Ok(Json(all.into_iter().map(InvitationDto::from).collect()))
    }

    /// Creates a one-time invitation link; the secret is in this answer
    /// only. 409 `too_many_invitations` past 50 open ones; 422
    /// `invalid_days`, `invalid_email`, `accounts_required`.
    #[oai(path = "/workspaces/:id/invitations", method = "post")]
    async fn invite(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        body: Json<InvitationBody>,
    ) -> ApiResult<CreatedInvitationAnswer, { WRITE | JSON_BODY | BY_ID | E409 | E422 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let a = access(&state, auth.user().id, id.0).await?;
        let b = body.0;
        let new = NewInvitation {
            role: b.role.into(),
            accounts: scope_from(b.accounts),
            days: b.days.unwrap_or(DEFAULT_INVITATION_DAYS),
            email: b.email,
        };
        let created = state
            .team
            .invite(auth.user(), &a, new, &ctx)
            .await
            .map_err(api_error)?;
        let secret = created.secret.expose_secret().to_string();
        Ok(CreatedInvitationAnswer::Created(Json(
            CreatedInvitationDto {
                link: format!(
                    "{}/invite/{secret}",
                    state.web.public_url.trim_end_matches('/')
                ),
                secret,
                emailed: created.emailed,
                invitation: created.invitation.into(),
            },
        )))
    }

    /// Revokes an unused invitation (404 `invitation_not_found` otherwise).
    #[oai(path = "/workspaces/:id/invitations/:invitation", method = "delete")]
    async fn revoke(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        id: Path<uuid::Uuid>,
        invitation: Path<uuid::Uuid>,
    ) -> ApiResult<Deleted, { WRITE | BY_ID }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let a = access(&state, auth.user().id, id.0).await?;
        state
            .team
            .revoke_invitation(&a, InvitationId(invitation.0), &ctx)
            .await
            .map_err(api_error)?;
        Ok(Deleted::NoContent)
    }

    /// Joins a workspace with an invitation's secret. 410 `gone` when the
    /// link is unknown, used, revoked or expired (nothing changes); 409
    /// `workspace_full`.
    #[oai(path = "/invitations/accept", method = "post")]
    async fn accept(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        req: &poem::Request,
        body: Json<AcceptBody>,
    ) -> ApiResult<Json<MemberDto>, { WRITE | JSON_BODY | E409 | E410 }> {
        let ctx = crate::http::client::client_context(req, &state.web);
        let m = state
            .team
            .accept(auth.user(), body.0.secret.trim(), &ctx)
            .await
            .map_err(api_error)?;
        Ok(Json(m.into()))
    }
}
