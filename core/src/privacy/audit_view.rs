//! The admin's view of every audit event, filtered by user and kind, paged.

use std::collections::HashMap;
use std::sync::Arc;

use crate::audit::{AuditEvent, AuditKind};
use crate::storage::{Store, StoreError};
use crate::{User, UserId, Username};

/// Which events to list: newest first, `limit` of them after skipping
/// `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    pub user: Option<UserId>,
    pub kind: Option<AuditKind>,
    pub offset: u64,
    pub limit: u32,
}

impl Default for AuditFilter {
    fn default() -> Self {
        Self {
            user: None,
            kind: None,
            offset: 0,
            limit: AuditView::PAGE,
        }
    }
}

/// One page of events, with the usernames of the users they belong to
/// (a deleted user's events are gone with them).
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    pub usernames: HashMap<UserId, String>,
    pub has_more: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditViewError {
    #[error("only administrators may see every user's events")]
    Forbidden,
    #[error("no user named {0}")]
    UnknownUser(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Clone)]
pub struct AuditView {
    store: Arc<dyn Store>,
}

impl AuditView {
    pub const PAGE: u32 = 50;
    pub const MAX_PAGE: u32 = 500;

    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// The latest `limit` events of the user's own account (settings page).
    pub async fn own_events(
        &self,
        owner: UserId,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        self.store.audit_for_user(owner, limit).await
    }

    /// The user id for a username typed into the filter.
    pub async fn user_named(&self, name: &str) -> Result<UserId, AuditViewError> {
        let unknown = || AuditViewError::UnknownUser(name.to_string());
        let username = Username::parse(name).map_err(|_| unknown())?;
        self.store
            .user_by_username(&username)
            .await?
            .map(|u| u.id)
            .ok_or_else(unknown)
    }

    pub async fn page(
        &self,
        viewer: &User,
        filter: &AuditFilter,
    ) -> Result<AuditPage, AuditViewError> {
        if !viewer.is_admin() {
            return Err(AuditViewError::Forbidden);
        }
        let limit = filter.limit.clamp(1, Self::MAX_PAGE);
        // One more than asked tells whether a next page exists.
        let probe = AuditFilter {
            limit: limit + 1,
            ..filter.clone()
        };
        let mut events = self.store.search_audit(&probe).await?;
        let has_more = events.len() > limit as usize;
        events.truncate(limit as usize);
        let mut usernames = HashMap::new();
        for id in events.iter().filter_map(|e| e.user_id) {
            if let std::collections::hash_map::Entry::Vacant(slot) = usernames.entry(id)
                && let Some(u) = self.store.user_by_id(id).await?
            {
                slot.insert(u.username.to_string());
            }
        }
        Ok(AuditPage {
            events,
            usernames,
            has_more,
        })
    }
}
