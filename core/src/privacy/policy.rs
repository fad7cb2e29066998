//! The privacy policy's version and users' acknowledgement of it. The
//! version is the policy's "last updated" date: the text ships with the code
//! (dated [`PolicyVersion::BUILT_IN`]); an operator who publishes changes
//! sets a later date, and every user sees a notice until they acknowledge.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex};

use time::Date;
use time::macros::format_description;

use crate::audit::{AuditEvent, AuditKind};
use crate::privacy::PolicyRepo;
use crate::store_error::StoreResult;
use crate::unit_of_work::{Change, UnitOfWork};
use crate::{Clock, RequestContext, UserId};

/// A policy version: the date it was last updated (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyVersion(Date);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("expected a date such as 2026-11-27, got {0:?}")]
pub struct PolicyVersionError(pub String);

impl PolicyVersion {
    /// The date of the policy text that ships with this version of the code.
    pub const BUILT_IN: &'static str = "2026-12-07";

    pub fn parse(raw: &str) -> Result<Self, PolicyVersionError> {
        Date::parse(raw.trim(), format_description!("[year]-[month]-[day]"))
            .map(PolicyVersion)
            .map_err(|_| PolicyVersionError(raw.to_string()))
    }

    pub fn built_in() -> Self {
        // A constant checked by a test below.
        Self::parse(Self::BUILT_IN).unwrap_or(PolicyVersion(Date::MIN))
    }

    pub fn date(self) -> Date {
        self.0
    }
}

impl fmt::Display for PolicyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = (self.0.year(), u8::from(self.0.month()), self.0.day());
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Default for PolicyVersion {
    fn default() -> Self {
        Self::built_in()
    }
}

/// How many users' "has acknowledged the current version" one process
/// remembers before starting over (a set of ids: about 1 MiB at most).
const ACKNOWLEDGED_MEMO_USERS: usize = 32_768;

#[derive(Clone)]
pub struct PolicyService {
    policy: Arc<dyn PolicyRepo>,
    units: Arc<dyn UnitOfWork<Change>>,
    clock: Arc<dyn Clock>,
    current: PolicyVersion,
    /// Users known to have acknowledged `current`. That stays true while
    /// this process runs (`current` changes only with a restart, and only an
    /// acknowledgement writes the row), so it needs no invalidation and
    /// spares every page a read (issue 20). Two rare ways round it, both
    /// ending at the next restart: `socialflow restore --force` under a
    /// running server, and a server still on an older policy recording that
    /// older version during a rolling upgrade.
    acknowledged: Arc<Mutex<HashSet<UserId>>>,
}

impl PolicyService {
    pub fn new(
        policy: Arc<dyn PolicyRepo>,
        units: Arc<dyn UnitOfWork<Change>>,
        clock: Arc<dyn Clock>,
        current: PolicyVersion,
    ) -> Self {
        Self {
            policy,
            units,
            clock,
            current,
            acknowledged: Arc::default(),
        }
    }

    fn known_acknowledged(&self, user: UserId) -> bool {
        self.acknowledged
            .lock()
            .is_ok_and(|set| set.contains(&user))
    }

    fn remember_acknowledged(&self, user: UserId) {
        if let Ok(mut set) = self.acknowledged.lock() {
            if set.len() >= ACKNOWLEDGED_MEMO_USERS {
                set.clear();
            }
            set.insert(user);
        }
    }

    pub fn current(&self) -> PolicyVersion {
        self.current
    }

    /// Whether the user has yet to acknowledge the current version: only
    /// users who accepted an earlier one. A user who never acknowledged any
    /// version joined under the current one (the sign-in page links it), so
    /// they see no "the policy has changed" notice; the current version is
    /// recorded as theirs, so a later change does reach them.
    pub async fn needs_notice(&self, user: UserId) -> StoreResult<bool> {
        if self.known_acknowledged(user) {
            return Ok(false);
        }
        let current = self.current.to_string();
        let needs = match self.policy.acknowledged_policy(user).await? {
            None => {
                self.policy
                    .acknowledge_policy(user, &current, self.clock.now())
                    .await?;
                false
            }
            Some(seen) => seen != current,
        };
        if !needs {
            self.remember_acknowledged(user);
        }
        Ok(needs)
    }

    pub async fn acknowledge(&self, user: UserId, ctx: &RequestContext) -> StoreResult<()> {
        let version = self.current.to_string();
        let now = self.clock.now();
        let event = AuditEvent::new(
            now,
            Some(user),
            AuditKind::PolicyAcknowledged,
            ctx,
            &version,
        );
        // The acknowledgement and its audit event: one unit.
        self.units
            .commit(vec![
                Change::AcknowledgePolicy {
                    user,
                    version,
                    at: now,
                },
                Change::InsertAudit(event),
            ])
            .await?;
        self.remember_acknowledged(user);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_dates() {
        assert_eq!(
            PolicyVersion::parse(PolicyVersion::BUILT_IN)
                .unwrap()
                .to_string(),
            PolicyVersion::BUILT_IN
        );
        assert_eq!(
            PolicyVersion::built_in().to_string(),
            PolicyVersion::BUILT_IN
        );
        assert!(PolicyVersion::parse("2026-13-01").is_err());
        assert!(PolicyVersion::parse("v2").is_err());
    }
}
