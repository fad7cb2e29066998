//! Managing users: creating them (command line, tests, demo), resetting a
//! password as an operator, deleting, and the settings a user edits.

use std::sync::Arc;

use secrecy::SecretString;

use crate::audit::{AuditEvent, AuditKind};
use crate::password::{NewPassword, PasswordHasher, PasswordPolicyError};
use crate::password_check::InternalError;
use crate::store_error::StoreError;
use crate::unit_of_work::{Change, UnitOfWork};
use crate::user::UserRepo;
use crate::user::{Role, UsernameError};
use crate::{Clock, Language, RequestContext, User, UserId, Username};

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error(transparent)]
    Username(#[from] UsernameError),
    #[error(transparent)]
    Password(#[from] PasswordPolicyError),
    #[error("the username {0} is already taken")]
    UsernameTaken(String),
    #[error("no user named {0}")]
    NotFound(String),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl From<StoreError> for UserError {
    fn from(e: StoreError) -> Self {
        UserError::Internal(e.into())
    }
}

/// Every write of a use case here is one unit of work with its audit event.
#[derive(Clone)]
pub struct UserService {
    users: Arc<dyn UserRepo>,
    units: Arc<dyn UnitOfWork<Change>>,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
}

impl UserService {
    pub fn new(
        users: Arc<dyn UserRepo>,
        units: Arc<dyn UnitOfWork<Change>>,
        hasher: Arc<dyn PasswordHasher>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            users,
            units,
            hasher,
            clock,
        }
    }

    fn audit(
        &self,
        user: Option<UserId>,
        kind: AuditKind,
        ctx: &RequestContext,
        detail: &str,
    ) -> Change {
        Change::InsertAudit(AuditEvent::new(self.clock.now(), user, kind, ctx, detail))
    }

    pub async fn create_user(
        &self,
        username: &str,
        password: SecretString,
        role: Role,
        language: Language,
        ctx: &RequestContext,
    ) -> Result<User, UserError> {
        let username = Username::parse_for_person(username)?;
        let password = NewPassword::parse(password)?;
        if self.users.user_by_username(&username).await?.is_some() {
            return Err(UserError::UsernameTaken(username.to_string()));
        }
        let hash = self
            .hasher
            .hash(password.secret())
            .await
            .map_err(InternalError::from)?;
        let now = self.clock.now();
        let user = User {
            id: UserId::new(),
            username: username.clone(),
            password_hash: hash,
            role,
            language,
            time_zone: crate::TimeZone::default(),
            created_at: now,
            updated_at: now,
        };
        let audit = self.audit(
            Some(user.id),
            AuditKind::UserCreated,
            ctx,
            user.role.as_str(),
        );
        match self
            .units
            .commit(vec![Change::InsertUser(user.clone()), audit])
            .await
        {
            Ok(()) => Ok(user),
            // Lost a race with another insert of the same name.
            Err(StoreError::Conflict) => Err(UserError::UsernameTaken(username.to_string())),
            Err(e) => Err(e.into()),
        }
    }

    /// The user a workspace's data is kept for: the person themself in
    /// their personal workspace (no query), else the workspace's principal
    /// row, whose time zone and language are the workspace's (queue slots,
    /// best times, day boundaries of a shared workspace).
    pub async fn workspace_user(
        &self,
        access: &crate::workspaces::Access,
        me: &User,
    ) -> Result<User, StoreError> {
        if access.owner() == me.id {
            return Ok(me.clone());
        }
        self.users
            .user_by_id(access.owner())
            .await?
            .ok_or_else(|| StoreError::Other("the workspace's principal row is missing".into()))
    }

    pub async fn find(&self, username: &str) -> Result<User, UserError> {
        let name = Username::parse(username)?;
        self.users
            .user_by_username(&name)
            .await?
            .ok_or_else(|| UserError::NotFound(name.to_string()))
    }

    /// Operator password reset: sets the password and ends every session.
    pub async fn reset_password(
        &self,
        username: &str,
        password: SecretString,
        ctx: &RequestContext,
    ) -> Result<(), UserError> {
        let user = self.find(username).await?;
        let password = NewPassword::parse(password)?;
        let hash = self
            .hasher
            .hash(password.secret())
            .await
            .map_err(InternalError::from)?;
        // One unit: a new password never leaves the old sessions open.
        self.units
            .commit(vec![
                Change::SetPassword {
                    user: user.id,
                    hash,
                    at: self.clock.now(),
                },
                Change::DeleteUserSessions {
                    user: user.id,
                    keep: None,
                },
                self.audit(
                    Some(user.id),
                    AuditKind::PasswordChanged,
                    ctx,
                    "reset by operator",
                ),
            ])
            .await?;
        Ok(())
    }

    /// Deletes a user and everything they own.
    pub async fn delete_user(&self, username: &str, ctx: &RequestContext) -> Result<(), UserError> {
        let user = self.find(username).await?;
        // The user's own events go with them; the operator trace names no
        // one (the id is meaningless once the row is gone) and is written
        // in the same unit, so no delete goes unrecorded.
        match self
            .units
            .commit(vec![
                Change::DeleteUser(user.id),
                self.audit(None, AuditKind::UserDeleted, ctx, &user.id.to_string()),
            ])
            .await
        {
            Ok(()) => Ok(()),
            // Deleted by someone else in the meantime.
            Err(StoreError::Conflict) => Err(UserError::NotFound(user.username.to_string())),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn set_language(
        &self,
        user: &User,
        language: Language,
        ctx: &RequestContext,
    ) -> Result<(), UserError> {
        if user.language != language {
            self.units
                .commit(vec![
                    Change::SetLanguage {
                        user: user.id,
                        language,
                        at: self.clock.now(),
                    },
                    self.audit(
                        Some(user.id),
                        AuditKind::LanguageChanged,
                        ctx,
                        language.code(),
                    ),
                ])
                .await?;
        }
        Ok(())
    }

    pub async fn set_time_zone(
        &self,
        user: &User,
        time_zone: &crate::TimeZone,
        ctx: &RequestContext,
    ) -> Result<(), UserError> {
        if &user.time_zone != time_zone {
            self.units
                .commit(vec![
                    Change::SetTimeZone {
                        user: user.id,
                        time_zone: time_zone.clone(),
                        at: self.clock.now(),
                    },
                    self.audit(
                        Some(user.id),
                        AuditKind::TimeZoneChanged,
                        ctx,
                        time_zone.name(),
                    ),
                ])
                .await?;
        }
        Ok(())
    }

    pub async fn count(&self) -> Result<u64, UserError> {
        Ok(self.users.count_users().await?)
    }
}
