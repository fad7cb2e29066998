//! Which of a user's accounts are still on their first sync, for the pages
//! that would otherwise show a wrong 0.

use std::collections::HashSet;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;

use crate::state::AppState;

/// The user's accounts whose first full sync has not completed. A read
/// failure counts as "none syncing": the pages then show their counts.
pub async fn syncing_accounts(state: &AppState, user: UserId) -> HashSet<AccountId> {
    match state.live.syncing(user).await {
        Ok(ids) => ids.into_iter().collect(),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the inbox sync states");
            HashSet::new()
        }
    }
}
