//! Invitations: a one-time link (only its digest is stored; the secret is
//! shown once), valid 1–30 days, with the role and accounts the new member
//! gets; revocable; optionally e-mailed in the inviter's language.

use secrecy::{ExposeSecret, SecretString};
use time::Duration;
use uuid::Uuid;

use super::manage::{TeamError, WorkspaceAdmin};
use crate::audit::AuditKind;
use crate::notifications::{EmailAddress, OutgoingEmail};
use crate::workspaces::Accepted;
use crate::workspaces::{
    Access, AccountScope, Invitation, InvitationId, MAX_INVITATION_DAYS, MAX_MEMBERS,
    MAX_OPEN_INVITATIONS, Member, Workspace,
};
use crate::workspaces::{Capability, MemberRole};
use crate::{Language, RequestContext, User};

/// Days an invitation link works unless the inviter says otherwise.
pub const DEFAULT_INVITATION_DAYS: i64 = 7;

/// What an inviter asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub role: MemberRole,
    pub accounts: AccountScope,
    /// 1 to [`MAX_INVITATION_DAYS`].
    pub days: i64,
    /// Also e-mail the link here (only when e-mail is configured).
    pub email: Option<String>,
}

/// A created invitation with its secret, shown once.
#[derive(Debug)]
pub struct CreatedInvitation {
    pub invitation: Invitation,
    pub secret: SecretString,
    /// The e-mail went out (false when none was asked for, or it failed:
    /// the link still works and is shown).
    pub emailed: bool,
}

/// What the invitation page shows before the invitee accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationPreview {
    pub workspace: Workspace,
    pub role: MemberRole,
}

impl WorkspaceAdmin {
    /// Creates an invitation (members managers; they may invite only to
    /// roles they may give). The count of open invitations is checked in
    /// the same transaction as the insert.
    pub async fn invite(
        &self,
        by: &User,
        access: &Access,
        new: NewInvitation,
        ctx: &RequestContext,
    ) -> Result<CreatedInvitation, TeamError> {
        access.require(Capability::ManageMembers)?;
        let ws = self.workspace(access).await?;
        if !access.role.may_assign(new.role) {
            return Err(TeamError::MayNotAssign {
                by: access.role.as_str(),
                target: new.role.as_str(),
            });
        }
        if ws.personal && new.role == MemberRole::Owner {
            return Err(TeamError::Personal);
        }
        if !(1..=MAX_INVITATION_DAYS).contains(&new.days) {
            return Err(TeamError::Days {
                max: MAX_INVITATION_DAYS,
            });
        }
        let email = match new.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(EmailAddress::parse(raw).ok_or(TeamError::Email)?),
        };
        let accounts = self.checked_scope(ws.id, new.role, new.accounts).await?;
        let now = self.now();
        let secret = self.minter.mint();
        let invitation = Invitation {
            id: InvitationId(Uuid::now_v7()),
            workspace: ws.id,
            role: new.role,
            accounts,
            email: email.as_ref().map(|e| e.as_str().to_string()),
            digest: self.minter.digest(secret.expose_secret()),
            created_by: access.user,
            created_at: now,
            expires_at: now + Duration::days(new.days),
            used_at: None,
            used_by: None,
            revoked_at: None,
        };
        if !self
            .repo
            .insert_invitation(&invitation, MAX_OPEN_INVITATIONS, now)
            .await?
        {
            return Err(TeamError::TooManyInvitations {
                max: MAX_OPEN_INVITATIONS,
            });
        }
        let emailed = match (&email, &self.mail) {
            (Some(to), Some((mailer, base))) => {
                let content = invitation_email(
                    by.language,
                    by.username.as_str(),
                    &ws.name,
                    new.role,
                    &format!("{base}/invite/{}", secret.expose_secret()),
                    new.days,
                );
                let sent = mailer
                    .send(&OutgoingEmail {
                        to: to.clone(),
                        language: by.language,
                        subject: content.subject,
                        text: content.text,
                        html: content.html,
                    })
                    .await;
                match sent {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot e-mail an invitation");
                        false
                    }
                }
            }
            _ => false,
        };
        let detail = format!(
            "{}: {}, {} days{}",
            ws.name,
            new.role.as_str(),
            new.days,
            if emailed { ", by e-mail" } else { "" }
        );
        self.record(access.user, AuditKind::InvitationCreated, ctx, &detail)
            .await;
        Ok(CreatedInvitation {
            invitation,
            secret,
            emailed,
        })
    }

    /// The workspace's invitations, newest first (members managers).
    pub async fn invitations(&self, by: &Access) -> Result<Vec<Invitation>, TeamError> {
        by.require(Capability::ManageMembers)?;
        Ok(self.repo.invitations(by.workspace).await?)
    }

    /// Revokes an unused invitation.
    pub async fn revoke_invitation(
        &self,
        by: &Access,
        id: InvitationId,
        ctx: &RequestContext,
    ) -> Result<(), TeamError> {
        by.require(Capability::ManageMembers)?;
        let ws = self.workspace(by).await?;
        let found = self
            .repo
            .invitations(ws.id)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(TeamError::InvitationNotFound)?;
        if !by.role.may_assign(found.role) {
            return Err(TeamError::MayNotAssign {
                by: by.role.as_str(),
                target: found.role.as_str(),
            });
        }
        if !self.repo.revoke_invitation(ws.id, id, self.now()).await? {
            return Err(TeamError::InvitationNotFound);
        }
        let detail = format!("{}: {}", ws.name, found.role.as_str());
        self.record(by.user, AuditKind::InvitationRevoked, ctx, &detail)
            .await;
        Ok(())
    }

    /// What an open invitation offers; [`TeamError::InvitationInvalid`] for
    /// an unknown, used, revoked or expired link.
    pub async fn preview(&self, secret: &str) -> Result<InvitationPreview, TeamError> {
        let inv = self.open_invitation(secret).await?;
        let workspace = self
            .repo
            .workspace(inv.workspace)
            .await?
            .ok_or(TeamError::InvitationInvalid)?;
        Ok(InvitationPreview {
            workspace,
            role: inv.role,
        })
    }

    /// Uses the invitation for `user`: they become a member with its role
    /// and accounts (someone already a member keeps their role). Single
    /// use, checked in the transaction that adds the membership.
    pub async fn accept(
        &self,
        user: &User,
        secret: &str,
        ctx: &RequestContext,
    ) -> Result<Member, TeamError> {
        if !valid_secret(secret) {
            return Err(TeamError::InvitationInvalid);
        }
        let digest = self.minter.digest(secret);
        let now = self.now();
        match self
            .repo
            .accept_invitation(&digest, user.id, now, MAX_MEMBERS)
            .await?
        {
            Accepted::Joined(member) => {
                let name = self
                    .repo
                    .workspace(member.workspace)
                    .await?
                    .map(|w| w.name)
                    .unwrap_or_default();
                let detail = format!("{name} ({})", member.role.as_str());
                self.record(user.id, AuditKind::InvitationAccepted, ctx, &detail)
                    .await;
                Ok(member)
            }
            Accepted::Invalid => Err(TeamError::InvitationInvalid),
            Accepted::Full => Err(TeamError::WorkspaceFull),
        }
    }

    async fn open_invitation(&self, secret: &str) -> Result<Invitation, TeamError> {
        if !valid_secret(secret) {
            return Err(TeamError::InvitationInvalid);
        }
        let digest = self.minter.digest(secret);
        match self.repo.invitation_by_digest(&digest).await? {
            Some(inv) if inv.is_open(self.now()) => Ok(inv),
            _ => Err(TeamError::InvitationInvalid),
        }
    }
}

/// Secrets are URL-safe and short; anything else is not one of ours.
fn valid_secret(secret: &str) -> bool {
    !secret.is_empty()
        && secret.len() <= 128
        && secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn role_name(lang: Language, role: MemberRole) -> &'static str {
    use MemberRole::*;
    match (lang, role) {
        (Language::En, Owner) => "owner",
        (Language::En, Admin) => "administrator",
        (Language::En, Editor) => "editor",
        (Language::En, Contributor) => "contributor",
        (Language::En, Viewer) => "viewer",
        (Language::En, Client) => "client",
        (Language::Ru, Owner) => "владелец",
        (Language::Ru, Admin) => "администратор",
        (Language::Ru, Editor) => "редактор",
        (Language::Ru, Contributor) => "автор",
        (Language::Ru, Viewer) => "наблюдатель",
        (Language::Ru, Client) => "клиент",
        (Language::Kk, Owner) => "иесі",
        (Language::Kk, Admin) => "әкімші",
        (Language::Kk, Editor) => "редактор",
        (Language::Kk, Contributor) => "автор",
        (Language::Kk, Viewer) => "бақылаушы",
        (Language::Kk, Client) => "клиент",
    }
}

/// The invitation e-mail in the inviter's language.
pub fn invitation_email(
    lang: Language,
    inviter: &str,
    workspace: &str,
    role: MemberRole,
    url: &str,
    days: i64,
) -> crate::notifications::EmailContent {
    let role = role_name(lang, role);
    let (subject, lines) = match lang {
        Language::En => (
            format!("Join “{workspace}” on SocialFlow"),
            vec![
                format!("{inviter} invites you to the workspace “{workspace}” as {role}."),
                format!(
                    "The link works once, for {days} days. Sign in (or ask for an account) to accept."
                ),
            ],
        ),
        Language::Ru => (
            format!("Приглашение в «{workspace}» в SocialFlow"),
            vec![
                format!(
                    "{inviter} приглашает вас в рабочее пространство «{workspace}», роль: {role}."
                ),
                format!(
                    "Ссылка одноразовая и действует {days} дн. Войдите (или попросите учётную запись), чтобы принять."
                ),
            ],
        ),
        Language::Kk => (
            format!("SocialFlow: «{workspace}» кеңістігіне шақыру"),
            vec![
                format!("{inviter} сізді «{workspace}» жұмыс кеңістігіне шақырады, рөлі: {role}."),
                format!(
                    "Сілтеме бір рет жұмыс істейді, {days} күн жарамды. Қабылдау үшін кіріңіз (немесе тіркелгі сұраңыз)."
                ),
            ],
        ),
    };
    crate::notifications::render_custom_email(lang, subject, lines, url)
}
