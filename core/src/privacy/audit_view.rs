//! The admin's view of every audit event, filtered by user and kind, paged.

use std::collections::HashMap;
use std::sync::Arc;

pub use crate::audit::AuditFilter;
use crate::audit::{AuditEvent, AuditRepo};
use crate::store_error::StoreError;
use crate::user::UserRepo;
use crate::{User, UserId, Username};

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
    audit: Arc<dyn AuditRepo>,
    users: Arc<dyn UserRepo>,
}

impl AuditView {
    pub const PAGE: u32 = AuditFilter::PAGE;
    pub const MAX_PAGE: u32 = 500;

    pub fn new(audit: Arc<dyn AuditRepo>, users: Arc<dyn UserRepo>) -> Self {
        Self { audit, users }
    }

    /// The latest `limit` events of the user's own account (settings page).
    pub async fn own_events(
        &self,
        owner: UserId,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        self.audit.audit_for_user(owner, limit).await
    }

    /// The user id for a username typed into the filter.
    pub async fn user_named(&self, name: &str) -> Result<UserId, AuditViewError> {
        let unknown = || AuditViewError::UnknownUser(name.to_string());
        let username = Username::parse(name).map_err(|_| unknown())?;
        self.users
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
        let mut events = self.audit.search_audit(&probe).await?;
        let has_more = events.len() > limit as usize;
        events.truncate(limit as usize);
        let mut usernames = HashMap::new();
        for id in events.iter().filter_map(|e| e.user_id) {
            if let std::collections::hash_map::Entry::Vacant(slot) = usernames.entry(id)
                && let Some(u) = self.users.user_by_id(id).await?
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
