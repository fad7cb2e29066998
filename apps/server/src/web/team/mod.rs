//! Team: the workspace the browser works in (name, members, invitations),
//! creating another workspace, leaving and deleting one; and the
//! invitation link `/invite/<secret>`.

pub mod invite;
pub mod page;

use poem::http::StatusCode;
use socialflow_core::team::TeamError;
use socialflow_core::workspaces::MemberRole;

use crate::i18n::Tr;

/// The translated name of a role.
pub fn role_label(tr: &Tr, role: MemberRole) -> String {
    tr.t(&format!("team-role-{}", role.as_str()))
}

/// The status, the form field it belongs to ("" for the page) and the
/// translated message of a refusal; `None` for a failure of the server.
pub fn problem(tr: &Tr, e: &TeamError) -> Option<(StatusCode, &'static str, String)> {
    use StatusCode as S;
    let unprocessable = |field, key: &str| Some((S::UNPROCESSABLE_ENTITY, field, tr.t(key)));
    match e {
        TeamError::NotMember => Some((S::NOT_FOUND, "", tr.t("team-error-not-member"))),
        TeamError::Forbidden(_) | TeamError::MayNotAssign { .. } => {
            Some((S::FORBIDDEN, "", tr.t("team-error-forbidden")))
        }
        TeamError::Personal => Some((S::CONFLICT, "", tr.t("team-error-personal"))),
        TeamError::Name(p) => {
            use socialflow_core::workspaces::NameProblem;
            match p {
                NameProblem::Empty => unprocessable("name", "team-error-name-empty"),
                NameProblem::TooLong { max } => Some((
                    S::UNPROCESSABLE_ENTITY,
                    "name",
                    tr.t1("team-error-name-long", "max", *max as i64),
                )),
                NameProblem::Control => unprocessable("name", "team-error-name-control"),
            }
        }
        TeamError::TooManyWorkspaces { max } => Some((
            S::CONFLICT,
            "name",
            tr.t1("team-error-too-many-workspaces", "max", i64::from(*max)),
        )),
        TeamError::ConfirmationMismatch => unprocessable("confirm", "team-error-confirm"),
        TeamError::MemberNotFound => Some((S::NOT_FOUND, "", tr.t("team-error-member-not-found"))),
        TeamError::LastOwner => Some((S::CONFLICT, "", tr.t("team-error-last-owner"))),
        TeamError::AccountsRequired => unprocessable("accounts", "team-error-accounts-required"),
        TeamError::TooManyAccounts { max } => Some((
            S::UNPROCESSABLE_ENTITY,
            "accounts",
            tr.t1("team-error-too-many-accounts", "max", *max as i64),
        )),
        TeamError::UnknownAccount => unprocessable("accounts", "team-error-unknown-account"),
        TeamError::Days { max } => Some((
            S::UNPROCESSABLE_ENTITY,
            "days",
            tr.t1("team-error-days", "max", *max),
        )),
        TeamError::Email => unprocessable("email", "team-error-email"),
        TeamError::TooManyInvitations { max } => Some((
            S::CONFLICT,
            "",
            tr.t1("team-error-too-many-invitations", "max", i64::from(*max)),
        )),
        TeamError::InvitationNotFound => {
            Some((S::NOT_FOUND, "", tr.t("team-error-invitation-not-found")))
        }
        TeamError::InvitationInvalid => Some((S::GONE, "", tr.t("team-invite-invalid"))),
        TeamError::WorkspaceFull => Some((S::CONFLICT, "", tr.t("team-error-full"))),
        TeamError::Store(_) | TeamError::Erasure(_) => None,
    }
}

/// The cookie that makes the browser work in `workspace` (the switcher's).
pub fn workspace_cookie(
    workspace: socialflow_core::workspaces::WorkspaceId,
    state: &crate::state::AppState,
) -> poem::web::cookie::Cookie {
    crate::web::workspaces::workspace_cookie(workspace, state.web.secure_cookies)
}
