//! Fresh inbox data: the per-user event sequence and each account's sync
//! state.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::{LiveEvent, LiveKind, LiveRepo, NewLiveEvent, SyncState};
use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{db, get_opt_time, get_time};
use crate::error::{corrupt, map};

const EVENT_COLUMNS: &str = "seq, owner_id, account_id, kind, item_id, created_at";
const STATE_COLUMNS: &str = "s.account_id, s.requested_at, s.started_at, s.finished_at";

fn read_event(row: &db::Row) -> StoreResult<LiveEvent> {
    let kind: String = row.try_get("kind").map_err(map)?;
    let seq: i64 = row.try_get("seq").map_err(map)?;
    Ok(LiveEvent {
        seq: u64::try_from(seq).map_err(|_| corrupt("event sequence", &seq.to_string()))?,
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        account: AccountId(row.try_get::<Uuid, _>("account_id").map_err(map)?),
        kind: LiveKind::parse(&kind).ok_or_else(|| corrupt("event kind", &kind))?,
        item: row.try_get("item_id").map_err(map)?,
        at: get_time(row, "created_at")?,
    })
}

fn read_state(row: &db::Row) -> StoreResult<SyncState> {
    Ok(SyncState {
        account: AccountId(row.try_get::<Uuid, _>("account_id").map_err(map)?),
        requested_at: get_opt_time(row, "requested_at")?,
        started_at: get_opt_time(row, "started_at")?,
        finished_at: get_opt_time(row, "finished_at")?,
    })
}

#[async_trait]
impl LiveRepo for db::Store {
    async fn insert_live_event(&self, e: &NewLiveEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO inbox_events (owner_id, account_id, kind, item_id, created_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(e.owner.0)
        .bind(e.account.0)
        .bind(e.kind.as_str())
        .bind(e.item.as_deref())
        .bind(db::time(e.at))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn live_events_after(
        &self,
        owner: UserId,
        after: u64,
        limit: u32,
    ) -> StoreResult<Vec<LiveEvent>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM inbox_events WHERE owner_id = ? AND seq > ? \
             ORDER BY seq LIMIT ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .bind(i64::try_from(after).unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read_event)
            .collect()
    }

    async fn latest_live_seq(&self, owner: UserId) -> StoreResult<u64> {
        let seq: Option<i64> = sqlx::query_scalar(
            "SELECT seq FROM inbox_events WHERE owner_id = ? ORDER BY seq DESC LIMIT 1",
        )
        .bind(owner.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        Ok(seq.map_or(0, |s| u64::try_from(s).unwrap_or(0)))
    }

    async fn purge_live_events(&self, before: OffsetDateTime) -> StoreResult<u64> {
        Ok(sqlx::query("DELETE FROM inbox_events WHERE created_at < ?")
            .bind(db::time(before))
            .execute(self.pool())
            .await
            .map_err(map)?
            .rows_affected())
    }

    async fn request_inbox_sync(&self, account: AccountId, at: OffsetDateTime) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO inbox_sync_state (account_id, requested_at) VALUES (?, ?){}",
            db::upsert("account_id", &["requested_at"])
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account.0)
            .bind(db::time(at))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn claim_inbox_sync(
        &self,
        account: AccountId,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<bool> {
        let sql = format!(
            "INSERT INTO inbox_sync_state (account_id) VALUES (?){}",
            db::keep_existing("account_id", "account_id")
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        // One conditional UPDATE: of two processes claiming at once, one
        // changes the row and the other finds the claim fresh.
        let claimed = sqlx::query(
            "UPDATE inbox_sync_state SET started_at = ? \
             WHERE account_id = ? AND (started_at IS NULL OR started_at < ?)",
        )
        .bind(db::time(now))
        .bind(account.0)
        .bind(db::time(stale_before))
        .execute(self.pool())
        .await
        .map_err(map)?
        .rows_affected();
        Ok(claimed == 1)
    }

    async fn finish_inbox_sync(
        &self,
        account: AccountId,
        now: OffsetDateTime,
        complete: bool,
    ) -> StoreResult<()> {
        if complete {
            sqlx::query(
                "UPDATE inbox_sync_state SET started_at = NULL, requested_at = NULL, \
                 finished_at = ? WHERE account_id = ?",
            )
            .bind(db::time(now))
            .bind(account.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        } else {
            sqlx::query("UPDATE inbox_sync_state SET started_at = NULL WHERE account_id = ?")
                .bind(account.0)
                .execute(self.pool())
                .await
                .map_err(map)?;
        }
        Ok(())
    }

    async fn inbox_sync_states(&self, owner: UserId) -> StoreResult<Vec<SyncState>> {
        let sql = format!(
            "SELECT {STATE_COLUMNS} FROM inbox_sync_state s \
             JOIN accounts a ON a.id = s.account_id WHERE a.owner_id = ? ORDER BY s.account_id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read_state)
            .collect()
    }

    async fn all_inbox_sync_states(&self) -> StoreResult<Vec<SyncState>> {
        let sql = format!(
            "SELECT {STATE_COLUMNS} FROM inbox_sync_state s ORDER BY s.account_id LIMIT 100000"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read_state)
            .collect()
    }
}
