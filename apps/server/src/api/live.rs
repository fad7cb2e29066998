//! Fresh inbox data for API clients: the events the web inbox's stream
//! sends (pointers, never text), to poll, and where each account's sync
//! stands.

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Fresh inbox data: what arrived, and syncs in progress.
    InboxEvents,
}

/// Something new in the inbox. Fetch the item through the inbox endpoints.
#[derive(Object)]
pub struct InboxEventDto {
    /// Place in your event sequence; ask for events after the last you saw.
    pub seq: u64,
    /// `comment`, `message` (a webhook delivered one) or `synced` (a sync
    /// of the account completed; anything may have changed).
    pub kind: String,
    pub account_id: uuid::Uuid,
    /// Instagram's id of the comment or message (none for `synced`).
    #[oai(nullable)]
    pub item_id: Option<String>,
    pub at: OffsetDateTime,
}

#[derive(Object)]
pub struct InboxEventsDto {
    /// Oldest first, at most 100; events are kept for 10 minutes.
    pub events: Vec<InboxEventDto>,
    /// The sequence number to pass as `after` next time.
    pub latest: u64,
}

#[derive(Object)]
pub struct SyncStatusDto {
    pub account_id: uuid::Uuid,
    /// The account's first full sync (after connecting) has not completed:
    /// counts are not complete yet.
    pub syncing: bool,
    /// The last complete sync, if any is known.
    #[oai(nullable)]
    pub last_synced_at: Option<OffsetDateTime>,
}

pub struct LiveApi;

#[OpenApi(tag = "Tag::InboxEvents")]
impl LiveApi {
    /// Inbox events after `after` (webhook arrivals and completed syncs of
    /// your accounts only). Without `after`, no events and the current
    /// `latest`: where to start polling.
    #[oai(path = "/inbox/events", method = "get")]
    async fn events(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        /// The last sequence number you saw.
        after: Query<Option<u64>>,
    ) -> ApiResult<Json<InboxEventsDto>, { AUTH | E400 }> {
        let user = auth.owner();
        let Some(after) = after.0 else {
            let latest = state
                .live
                .latest_seq(user)
                .await
                .map_err(ApiError::from_store)?;
            return Ok(Json(InboxEventsDto {
                events: Vec::new(),
                latest,
            }));
        };
        let events = state
            .live
            .events_after(user, after)
            .await
            .map_err(ApiError::from_store)?;
        let latest = events.last().map_or(after, |e| e.seq);
        Ok(Json(InboxEventsDto {
            events: events
                .into_iter()
                // A member limited to some accounts: theirs only.
                .filter(|e| auth.access().sees_account(e.account))
                .map(|e| InboxEventDto {
                    seq: e.seq,
                    kind: e.kind.as_str().to_string(),
                    account_id: e.account.0,
                    item_id: e.item,
                    at: e.at,
                })
                .collect(),
            latest,
        }))
    }

    /// Each of your accounts: whether its first sync is still running, and
    /// its last complete sync.
    #[oai(path = "/inbox/sync-status", method = "get")]
    async fn sync_status(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
    ) -> ApiResult<Json<Vec<SyncStatusDto>>, AUTH> {
        let user = auth.owner();
        let accounts = state
            .accounts
            .list_seen(auth.access())
            .await
            .map_err(ApiError::from_store)?;
        let states = state
            .live
            .states_of(user)
            .await
            .map_err(ApiError::from_store)?;
        Ok(Json(
            accounts
                .into_iter()
                .map(|a| {
                    let s = states.iter().find(|s| s.account == a.id);
                    SyncStatusDto {
                        account_id: a.id.0,
                        syncing: s.is_some_and(|s| s.requested_at.is_some()),
                        last_synced_at: s.and_then(|s| s.finished_at),
                    }
                })
                .collect(),
        ))
    }
}
