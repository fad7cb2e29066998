//! "Delete my account": after the password is re-entered, the user and
//! everything they own go in one unit of work with the anonymous operator
//! trace (and the password check's own writes); files (media) are removed
//! after the commit, so a failed transaction never leaves rows that point
//! at deleted files.
//!
//! Features that keep files register a [`UserFiles`] holder: it lists the
//! user's files before the delete and removes them after.

use std::sync::Arc;

use async_trait::async_trait;
use secrecy::SecretString;

use crate::audit::{AuditEvent, AuditKind};
use crate::password_check::InternalError;
use crate::password_check::{CheckError, PasswordCheck};
use crate::store_error::StoreError;
use crate::unit_of_work::{Change, UnitOfWork};
use crate::workspaces::{Workspace, WorkspaceRepo};
use crate::{Clock, RequestContext, User, UserId, Username};

/// A file some holder keeps for a user, named as that holder names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef(pub String);

#[derive(Debug, thiserror::Error)]
#[error("file cleanup failed: {0}")]
pub struct FileError(pub String);

/// A place that keeps files belonging to users (e.g. the media store).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait UserFiles: Send + Sync {
    /// A short name for logs ("media").
    fn name(&self) -> &'static str;
    /// The user's files; read before the database delete.
    async fn files_of(&self, owner: UserId) -> Result<Vec<FileRef>, FileError>;
    /// Removes files; called only after the database delete committed.
    /// Returns how many were removed.
    async fn remove(&self, files: &[FileRef]) -> Result<u64, FileError>;
}

#[derive(Debug, thiserror::Error)]
pub enum ErasureError {
    /// The caller waits `delay` before answering (as for a login).
    #[error("the password is wrong")]
    WrongPassword { delay: time::Duration },
    /// Too many wrong passwords for this user or address lately; the
    /// password was not checked.
    #[error("too many failed attempts; try again later")]
    Throttled { retry_after: time::Duration },
    #[error(transparent)]
    Internal(#[from] InternalError),
    #[error(transparent)]
    Files(#[from] FileError),
    /// The user is the only owner of these shared workspaces, which have
    /// other members: they must transfer or delete them first.
    #[error("the only owner of workspaces with other members: {}", workspaces.join(", "))]
    SoleOwner { workspaces: Vec<String> },
}

impl From<StoreError> for ErasureError {
    fn from(e: StoreError) -> Self {
        ErasureError::Internal(e.into())
    }
}

/// What an erasure removed, for the operator log (counts only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErasureReport {
    pub files_removed: u64,
    /// Files whose removal failed after the commit (logged; the database
    /// no longer points at them).
    pub files_failed: u64,
}

#[derive(Clone)]
pub struct AccountEraser {
    units: Arc<dyn UnitOfWork<Change>>,
    check: PasswordCheck,
    clock: Arc<dyn Clock>,
    files: Vec<Arc<dyn UserFiles>>,
    workspaces: Option<Arc<dyn WorkspaceRepo>>,
}

impl AccountEraser {
    /// `check` is the login's throttled password check, so re-entered
    /// passwords count against the same limits.
    pub fn new(
        units: Arc<dyn UnitOfWork<Change>>,
        check: PasswordCheck,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            units,
            check,
            clock,
            files: Vec::new(),
            workspaces: None,
        }
    }

    /// Erasing a person also settles their shared workspaces: refused while
    /// they are the only owner of one that has other members; one where
    /// they are the only member is erased with them.
    pub fn with_workspaces(mut self, repo: Arc<dyn WorkspaceRepo>) -> Self {
        self.workspaces = Some(repo);
        self
    }

    /// The shared workspaces erased with `user` (they are its only member),
    /// or [`ErasureError::SoleOwner`] naming those that keep other members
    /// without another owner.
    pub async fn workspaces_going_with(
        &self,
        user: UserId,
    ) -> Result<Vec<Workspace>, ErasureError> {
        let Some(repo) = &self.workspaces else {
            return Ok(Vec::new());
        };
        let mut going = Vec::new();
        let mut blocking = Vec::new();
        for ws in repo.sole_owned_workspaces(user).await? {
            let members = repo.members(ws.id).await?;
            if members.iter().any(|m| m.user != user) {
                blocking.push(ws.name);
            } else {
                going.push(ws);
            }
        }
        if blocking.is_empty() {
            Ok(going)
        } else {
            Err(ErasureError::SoleOwner {
                workspaces: blocking,
            })
        }
    }

    /// Adds a holder whose files of the user are removed after the commit.
    pub fn with_files(mut self, holder: Arc<dyn UserFiles>) -> Self {
        self.files.push(holder);
        self
    }

    /// Deletes the user's account after checking their password (throttled
    /// like a login, from the client address in `ctx`).
    pub async fn delete_own_account(
        &self,
        user: &User,
        password: &SecretString,
        ctx: &RequestContext,
    ) -> Result<ErasureReport, ErasureError> {
        // Refused before the password is checked: no attempt is spent.
        self.workspaces_going_with(user.id).await?;
        let verified = match self
            .check
            .verify(
                user.username.as_str(),
                &ctx.ip,
                password,
                &user.password_hash,
            )
            .await
        {
            Ok(v) => v,
            Err(CheckError::Wrong { delay }) => return Err(ErasureError::WrongPassword { delay }),
            Err(CheckError::Throttled { retry_after }) => {
                return Err(ErasureError::Throttled { retry_after });
            }
            Err(CheckError::Internal(e)) => return Err(ErasureError::Internal(e)),
        };
        self.erase_with(user, "self-service", verified.into_changes())
            .await
    }

    /// Deletes the user and everything they own, without a password check
    /// (`origin` says who asked: "self-service", "operator").
    pub async fn erase(&self, user: &User, origin: &str) -> Result<ErasureReport, ErasureError> {
        self.erase_with(user, origin, Vec::new()).await
    }

    async fn erase_with(
        &self,
        user: &User,
        origin: &str,
        mut unit: Vec<Change>,
    ) -> Result<ErasureReport, ErasureError> {
        // Shared workspaces only this user is in go in the same unit.
        let mut owners = vec![(user.id, user.username.as_str().to_string())];
        for ws in self.workspaces_going_with(user.id).await? {
            owners.push((ws.id.owner(), Username::for_workspace(ws.id.0).to_string()));
        }
        let mut pending = Vec::with_capacity(self.files.len());
        for holder in &self.files {
            let mut files = Vec::new();
            for (owner, _) in &owners {
                files.extend(holder.files_of(*owner).await?);
            }
            pending.push((holder, files));
        }
        let listed: usize = pending.iter().map(|(_, files)| files.len()).sum();
        // The user's own events go with them. The operator trace names no
        // one (no username, no id, no address) and commits with the
        // erasure, so no erasure goes unrecorded; it counts the files the
        // erasure let go (their removal follows and is logged).
        let trace = AuditEvent::new(
            self.clock.now(),
            None,
            AuditKind::UserDeleted,
            &RequestContext::new("-", None),
            format!("{origin}; files to remove: {listed}"),
        );
        // The workspaces first: the user's own erasure must not find them
        // ownerless half-way.
        for (owner, username) in owners.into_iter().rev() {
            unit.push(Change::EraseUser {
                user: owner,
                username,
            });
        }
        unit.push(Change::InsertAudit(trace));
        self.units.commit(unit).await?;
        let mut report = ErasureReport::default();
        for (holder, files) in pending {
            match holder.remove(&files).await {
                Ok(n) => report.files_removed += n,
                Err(e) => {
                    report.files_failed += files.len() as u64;
                    tracing::error!(holder = holder.name(), error = %e, "files of a deleted user remain");
                }
            }
        }
        tracing::info!(
            files_removed = report.files_removed,
            files_failed = report.files_failed,
            "a user deleted their account"
        );
        Ok(report)
    }
}
