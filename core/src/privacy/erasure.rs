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
use crate::{Clock, RequestContext, User, UserId};

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
        let mut pending = Vec::with_capacity(self.files.len());
        for holder in &self.files {
            pending.push((holder, holder.files_of(user.id).await?));
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
        unit.push(Change::EraseUser {
            user: user.id,
            username: user.username.as_str().to_string(),
        });
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
