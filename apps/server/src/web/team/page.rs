//! `/team`: the workspace the browser works in. Everyone sees its name and
//! members; members managers (owner, admin) rename it, change roles and
//! account lists, remove members and invite; owners delete it. Anyone may
//! create another workspace, switch to one of theirs, or leave this one.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use secrecy::ExposeSecret;
use serde::Deserialize;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::team::{DEFAULT_INVITATION_DAYS, NewInvitation, TeamError};
use socialflow_core::workspaces::{
    AccountScope, Capability, InvitationId, MAX_INVITATION_DAYS, MemberRole,
};

use super::{problem, role_label, workspace_cookie};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct RoleOption {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

pub struct AccountChoice {
    pub id: String,
    pub name: String,
    pub checked: bool,
}

pub struct MemberRow {
    pub id: String,
    pub username: String,
    pub role: String,
    pub is_me: bool,
    /// The viewer may change this member (role, accounts, removal).
    pub editable: bool,
    pub roles: Vec<RoleOption>,
    pub accounts: Vec<AccountChoice>,
    /// "All accounts" or "2 accounts".
    pub scope: String,
    pub limited: bool,
    pub joined: String,
}

pub struct InvitationRow {
    pub id: String,
    pub role: String,
    pub state: String,
    pub open: bool,
    pub expires: String,
    pub email: String,
}

pub struct WorkspaceRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub current: bool,
}

/// What the user typed, kept when a form is refused.
#[derive(Default)]
pub struct Typed {
    pub create_name: String,
    pub rename: Option<String>,
    pub days: Option<String>,
    pub email: String,
    pub invite_role: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "team.html")]
pub struct TeamPage {
    l: Layout,
    notice: Option<Notice>,
    name: String,
    personal: bool,
    my_role: String,
    can_manage: bool,
    is_owner: bool,
    can_leave: bool,
    members: Vec<MemberRow>,
    invite_roles: Vec<RoleOption>,
    accounts: Vec<AccountChoice>,
    invitations: Vec<InvitationRow>,
    new_link: Option<String>,
    mail_enabled: bool,
    workspaces: Vec<WorkspaceRow>,
    typed: Typed,
    max_days: i64,
    field_error: Option<(&'static str, String)>,
}

impl TeamPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.field_error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
    }
}

/// What a handler adds to the page.
#[derive(Default)]
pub struct Extras {
    pub notice: Option<Notice>,
    pub new_link: Option<String>,
    pub field_error: Option<(&'static str, String)>,
    pub typed: Typed,
}

fn role_options(tr: &Tr, by: MemberRole, personal: bool, selected: MemberRole) -> Vec<RoleOption> {
    MemberRole::ALL
        .into_iter()
        .filter(|r| by.may_assign(*r) && !(personal && *r == MemberRole::Owner))
        .map(|r| RoleOption {
            value: r.as_str(),
            label: role_label(tr, r),
            selected: r == selected,
        })
        .collect()
}

pub async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    extras: Extras,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let access = &me.access;
    let team = &state.team;
    let loaded = async {
        let ws = team.workspace(access).await?;
        let members = team.members(access).await?;
        let invitations = if access.can(Capability::ManageMembers) {
            team.invitations(access).await?
        } else {
            Vec::new()
        };
        let mine = state.workspaces.workspaces_of(me.user.id).await?;
        let accounts = state.accounts.list(access.owner()).await?;
        Ok::<_, TeamError>((ws, members, invitations, mine, accounts))
    }
    .await;
    let (ws, members, invitations, mine, accounts) = match loaded {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, "cannot load the team page");
            return internal_error(req, Some(&me.user));
        }
    };
    let now = state.clock.now();
    let when = |t| crate::web::inbox::common::when(&me.user, t);
    let can_manage = access.can(Capability::ManageMembers);
    let owners = members
        .iter()
        .filter(|m| m.role == MemberRole::Owner)
        .count();
    let choices = |scope: &AccountScope| -> Vec<AccountChoice> {
        accounts
            .iter()
            .map(|a| AccountChoice {
                id: a.id.0.to_string(),
                name: format!("@{}", a.profile.username),
                checked: matches!(scope, AccountScope::Only(ids) if ids.contains(&a.id)),
            })
            .collect()
    };
    let members = members
        .iter()
        .map(|m| {
            let is_person = ws.personal && m.user.0 == ws.id.0;
            MemberRow {
                id: m.user.0.to_string(),
                username: m.username.clone(),
                role: role_label(&tr, m.role),
                is_me: m.user == me.user.id,
                editable: can_manage
                    && access.role.may_assign(m.role)
                    && !is_person
                    && m.user != me.user.id,
                roles: role_options(&tr, access.role, ws.personal, m.role),
                accounts: choices(&m.accounts),
                scope: match &m.accounts {
                    AccountScope::All => tr.t("team-accounts-all"),
                    AccountScope::Only(ids) => tr.t1("team-accounts-some", "count", ids.len()),
                },
                limited: matches!(m.accounts, AccountScope::Only(_)),
                joined: when(m.joined_at),
            }
        })
        .collect();
    let invitations = invitations
        .into_iter()
        .map(|i| {
            let open = i.is_open(now);
            let key = if i.revoked_at.is_some() {
                "team-invitation-revoked"
            } else if i.used_at.is_some() {
                "team-invitation-used"
            } else if open {
                "team-invitation-open"
            } else {
                "team-invitation-expired"
            };
            InvitationRow {
                id: i.id.0.to_string(),
                role: role_label(&tr, i.role),
                state: tr.t(key),
                open,
                expires: when(i.expires_at),
                email: i.email.unwrap_or_default(),
            }
        })
        .collect();
    let workspaces = mine
        .into_iter()
        .map(|(w, role)| WorkspaceRow {
            id: w.id.to_string(),
            current: w.id == access.workspace,
            name: w.name,
            role: role_label(&tr, role),
        })
        .collect();
    let invite_role = extras
        .typed
        .invite_role
        .as_deref()
        .and_then(MemberRole::parse)
        .unwrap_or(MemberRole::Editor);
    let personal_owner = ws.personal && access.is_personal();
    let mut resp = TeamPage {
        notice: extras.notice,
        personal: ws.personal,
        my_role: role_label(&tr, access.role),
        can_manage,
        is_owner: access.can(Capability::Own),
        can_leave: !(personal_owner || (access.role == MemberRole::Owner && owners <= 1)),
        members,
        invite_roles: role_options(&tr, access.role, ws.personal, invite_role),
        accounts: choices(&AccountScope::All),
        invitations,
        new_link: extras.new_link,
        mail_enabled: team.mail_enabled(),
        workspaces,
        typed: extras.typed,
        max_days: MAX_INVITATION_DAYS,
        field_error: extras.field_error,
        name: ws.name,
        l: Layout::new(tr, "team-title", Some(&me.user), csrf, "/settings"),
    }
    .with_status(status)
    .into_response();
    resp.headers_mut().insert(
        "cache-control",
        poem::http::HeaderValue::from_static("no-store"),
    );
    resp
}

/// The page again with a refusal's message next to its field (or above
/// the page), keeping what was typed.
async fn refused(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    e: TeamError,
    typed: Typed,
) -> Response {
    let tr = Tr::new(me.user.language);
    match problem(&tr, &e) {
        Some((status, field, message)) => {
            let (notice, field_error) = if field.is_empty() {
                (Notice::error(message), None)
            } else {
                (None, Some((field, message)))
            };
            let extras = Extras {
                notice,
                field_error,
                typed,
                ..Extras::default()
            };
            render(state, req, me, csrf, extras, status).await
        }
        None => {
            tracing::error!(error = %e, "a team action failed");
            internal_error(req, Some(&me.user))
        }
    }
}

fn done(notice: &str) -> Response {
    Redirect::see_other(format!("/team?notice={notice}")).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TeamQuery {
    notice: String,
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<TeamQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "created" | "renamed" | "member" | "removed" | "revoked" | "deleted" | "left"
        | "joined" => Notice::ok(tr.t(&format!("team-notice-{}", q.notice))),
        _ => None,
    };
    let extras = Extras {
        notice,
        ..Extras::default()
    };
    render(&state, req, &me, &csrf.0, extras, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NameForm {
    name: String,
}

#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match state.team.create(&me.user, &form.name, &ctx).await {
        Ok(ws) => {
            req.cookie().add(workspace_cookie(ws.id, &state));
            done("created")
        }
        Err(e) => {
            let typed = Typed {
                create_name: form.name,
                ..Typed::default()
            };
            refused(&state, req, &me, &csrf.0, e, typed).await
        }
    }
}

#[handler]
pub async fn rename(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<NameForm>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match state.team.rename(&me.access, &form.name, &ctx).await {
        Ok(_) => done("renamed"),
        Err(TeamError::Name(p)) => {
            // The rename field has its own id on the page.
            let tr = Tr::new(me.user.language);
            let message = problem(&tr, &TeamError::Name(p))
                .map(|(_, _, m)| m)
                .unwrap_or_default();
            let extras = Extras {
                field_error: Some(("rename", message)),
                typed: Typed {
                    rename: Some(form.name),
                    ..Typed::default()
                },
                ..Extras::default()
            };
            render(
                &state,
                req,
                &me,
                &csrf.0,
                extras,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => refused(&state, req, &me, &csrf.0, e, Typed::default()).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    confirm: String,
}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match state.team.delete(&me.access, &form.confirm, &ctx).await {
        Ok(_) => {
            crate::web::shared::session::drop_workspace_cookie(req);
            done("deleted")
        }
        Err(e) => refused(&state, req, &me, &csrf.0, e, Typed::default()).await,
    }
}

#[handler]
pub async fn leave(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match state.team.leave(&me.access, &ctx).await {
        Ok(()) => {
            crate::web::shared::session::drop_workspace_cookie(req);
            done("left")
        }
        Err(e) => refused(&state, req, &me, &csrf.0, e, Typed::default()).await,
    }
}

/// Reads `role`, `accounts` (repeated) and the other fields of a form.
fn fields(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// The account scope a form asks for: a client (or "limit to these
/// accounts") gets the ticked ones; otherwise every account.
fn scope_of(pairs: &[(String, String)], role: MemberRole) -> Result<AccountScope, TeamError> {
    let limited = role.needs_account_list() || fields(pairs, "limit").is_some();
    if !limited {
        return Ok(AccountScope::All);
    }
    let mut ids = Vec::new();
    for (k, v) in pairs {
        if k == "accounts" {
            let id = uuid::Uuid::parse_str(v).map_err(|_| TeamError::UnknownAccount)?;
            ids.push(AccountId(id));
        }
    }
    if ids.is_empty() && role.needs_account_list() {
        return Err(TeamError::AccountsRequired);
    }
    Ok(AccountScope::Only(ids))
}

fn parse_role(pairs: &[(String, String)]) -> Option<MemberRole> {
    fields(pairs, "role").and_then(|r| MemberRole::parse(r.trim()))
}

#[handler]
pub async fn change_member(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(user): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let ctx = client_context(req, &state.web);
    let Ok(user) = uuid::Uuid::parse_str(&user) else {
        return refused(
            &state,
            req,
            &me,
            &csrf.0,
            TeamError::MemberNotFound,
            Typed::default(),
        )
        .await;
    };
    let Some(role) = parse_role(&pairs) else {
        return refused(
            &state,
            req,
            &me,
            &csrf.0,
            TeamError::MemberNotFound,
            Typed::default(),
        )
        .await;
    };
    let result = match scope_of(&pairs, role) {
        Ok(scope) => {
            state
                .team
                .change_member(&me.access, UserId(user), role, scope, &ctx)
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => done("member"),
        Err(e) => refused(&state, req, &me, &csrf.0, e, Typed::default()).await,
    }
}

#[handler]
pub async fn remove_member(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(user): Path<String>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    let ctx = client_context(req, &state.web);
    let Ok(user) = uuid::Uuid::parse_str(&user) else {
        return refused(
            &state,
            req,
            &me,
            &csrf.0,
            TeamError::MemberNotFound,
            Typed::default(),
        )
        .await;
    };
    match state
        .team
        .remove_member(&me.access, UserId(user), &ctx)
        .await
    {
        Ok(()) if UserId(user) == me.user.id => {
            crate::web::shared::session::drop_workspace_cookie(req);
            done("left")
        }
        Ok(()) => done("removed"),
        Err(e) => refused(&state, req, &me, &csrf.0, e, Typed::default()).await,
    }
}

#[handler]
pub async fn invite(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let ctx = client_context(req, &state.web);
    let typed = Typed {
        days: fields(&pairs, "days"),
        email: fields(&pairs, "email").unwrap_or_default(),
        invite_role: fields(&pairs, "role"),
        ..Typed::default()
    };
    let Some(role) = parse_role(&pairs) else {
        let e = TeamError::MayNotAssign {
            by: me.access.role.as_str(),
            target: "?",
        };
        return refused(&state, req, &me, &csrf.0, e, typed).await;
    };
    let days = match typed.days.as_deref().map(str::trim) {
        None | Some("") => Ok(DEFAULT_INVITATION_DAYS),
        Some(d) => d.parse::<i64>().map_err(|_| TeamError::Days {
            max: MAX_INVITATION_DAYS,
        }),
    };
    let result = match (days, scope_of(&pairs, role)) {
        (Ok(days), Ok(accounts)) => {
            let new = NewInvitation {
                role,
                accounts,
                days,
                email: Some(typed.email.clone()).filter(|e| !e.trim().is_empty()),
            };
            state.team.invite(&me.user, &me.access, new, &ctx).await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match result {
        Ok(created) => {
            let link = format!(
                "{}/invite/{}",
                state.web.public_url.trim_end_matches('/'),
                created.secret.expose_secret()
            );
            let tr = Tr::new(me.user.language);
            let notice = if created.emailed {
                Notice::ok(tr.t("team-invite-emailed"))
            } else {
                None
            };
            let extras = Extras {
                notice,
                new_link: Some(link),
                ..Extras::default()
            };
            // The link is in this response only.
            render(&state, req, &me, &csrf.0, extras, StatusCode::OK).await
        }
        Err(e) => refused(&state, req, &me, &csrf.0, e, typed).await,
    }
}

#[handler]
pub async fn revoke(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    let ctx = client_context(req, &state.web);
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return refused(
            &state,
            req,
            &me,
            &csrf.0,
            TeamError::InvitationNotFound,
            Typed::default(),
        )
        .await;
    };
    match state
        .team
        .revoke_invitation(&me.access, InvitationId(id), &ctx)
        .await
    {
        Ok(()) => done("revoked"),
        Err(e) => refused(&state, req, &me, &csrf.0, e, Typed::default()).await,
    }
}
