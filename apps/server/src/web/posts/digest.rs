//! The dashboard's view of publishing: what goes out next, and failures
//! the user has not acknowledged yet.

use socialflow_core::User;
use socialflow_core::posts::{PostFilter, PostState};
use socialflow_core::workspaces::Access;

use super::rows::{Lookup, PostRow};
use crate::i18n::Tr;
use crate::state::AppState;

/// The dashboard's view of publishing: what goes out next, and failures the
/// user has not acknowledged yet.
#[derive(Default)]
pub struct Digest {
    pub upcoming: Vec<PostRow>,
    pub failed: Vec<PostRow>,
}

/// `accounts`: the user's accounts (id, username), which the dashboard has
/// already read.
pub async fn digest(
    state: &AppState,
    user: &User,
    access: &Access,
    tr: &Tr,
    accounts: Vec<(socialflow_core::account::AccountId, String)>,
) -> Result<Digest, String> {
    let lookup = Lookup::with_accounts(state, user, accounts).await?;
    let upcoming = state
        .posts
        .list_seen(
            access,
            &PostFilter {
                states: vec![
                    PostState::Scheduled,
                    PostState::Preparing,
                    PostState::Ready,
                    PostState::Publishing,
                ],
                limit: 5,
                ..PostFilter::default()
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    let failed = state
        .posts
        .list_seen(
            access,
            &PostFilter {
                states: vec![PostState::Failed],
                limit: 200,
                ..PostFilter::default()
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(Digest {
        upcoming: upcoming.iter().map(|p| lookup.row(tr, p)).collect(),
        failed: failed
            .iter()
            .filter(|p| !p.failure_acknowledged)
            .map(|p| lookup.row(tr, p))
            .collect(),
    })
}
