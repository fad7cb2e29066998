//! Queue slots, the times an account's posts take, the unit of work's
//! free-slot check, and calendar feeds.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::posts::PostId;
use socialflow_core::queue::{
    CalendarFeed, CalendarFeedRepo, QueueRepo, QueueSlot, SlotTime, TAKING_STATES,
    weekday_from_number,
};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{db, get_time};
use crate::error::map;

/// `'scheduled', 'preparing', …`: the states that take a slot, from core's
/// list (fixed words, never user input).
fn taking_states() -> String {
    TAKING_STATES
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn slot_from_row(row: &db::Row) -> StoreResult<QueueSlot> {
    let day: i64 = row.try_get("weekday").map_err(map)?;
    let minute: i64 = row.try_get("minute").map_err(map)?;
    let bad = |what: String| StoreError::Corrupt {
        table: "queue_slots",
        id: format!("{day}/{minute}"),
        what,
    };
    let weekday = u8::try_from(day)
        .ok()
        .and_then(weekday_from_number)
        .ok_or_else(|| bad("weekday out of range".into()))?;
    let time = u16::try_from(minute)
        .ok()
        .and_then(SlotTime::from_minutes)
        .ok_or_else(|| bad("minute out of range".into()))?;
    Ok(QueueSlot::new(weekday, time))
}

fn feed_from_row(row: &db::Row) -> StoreResult<CalendarFeed> {
    Ok(CalendarFeed {
        owner: UserId(row.try_get("owner_id").map_err(map)?),
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        created_at: get_time(row, "created_at")?,
    })
}

async fn owns(conn: &mut db::Conn, owner: UserId, account: AccountId) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE id = ? AND owner_id = ?")
        .bind(account.0)
        .bind(owner.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(map)?;
    Ok(n > 0)
}

/// The unit of work's check that no post of the account other than
/// `except` takes `at`. The account's writers are serialised first
/// (`db::lock_account`), so of two units wanting one slot the second sees
/// the first's post and fails with `Conflict`.
pub(super) async fn require_free_slot(
    conn: &mut db::Conn,
    owner: UserId,
    account: AccountId,
    at: OffsetDateTime,
    except: PostId,
) -> StoreResult<()> {
    db::lock_account(conn, account.0).await?;
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM posts WHERE account_id = ? AND owner_id = ? AND scheduled_at = ? \
         AND id <> ? AND state IN ({})",
        taking_states()
    )))
    .bind(account.0)
    .bind(owner.0)
    .bind(db::time(at))
    .bind(except.0)
    .fetch_one(&mut *conn)
    .await
    .map_err(map)?;
    if n > 0 {
        Err(StoreError::Conflict)
    } else {
        Ok(())
    }
}

#[async_trait]
impl QueueRepo for db::Store {
    async fn queue_slots(&self, owner: UserId, account: AccountId) -> StoreResult<Vec<QueueSlot>> {
        let rows = sqlx::query(
            "SELECT weekday, minute FROM queue_slots WHERE account_id = ? AND owner_id = ? \
             ORDER BY weekday, minute",
        )
        .bind(account.0)
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(slot_from_row).collect()
    }

    async fn replace_queue_slots(
        &self,
        owner: UserId,
        account: AccountId,
        slots: &[QueueSlot],
    ) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        if !owns(&mut tx, owner, account).await? {
            return Ok(false);
        }
        sqlx::query("DELETE FROM queue_slots WHERE account_id = ?")
            .bind(account.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        for s in slots {
            sqlx::query(
                "INSERT INTO queue_slots (account_id, owner_id, weekday, minute) VALUES (?, ?, ?, ?)",
            )
            .bind(account.0)
            .bind(owner.0)
            .bind(i64::from(s.weekday.number_from_monday()))
            .bind(i64::from(s.time.minutes()))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        }
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn taken_times(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        to: OffsetDateTime,
        except: Option<PostId>,
        limit: u32,
    ) -> StoreResult<Vec<OffsetDateTime>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT scheduled_at FROM posts WHERE account_id = ? AND owner_id = ? \
             AND scheduled_at >= ? AND scheduled_at < ? AND id <> ? AND state IN ({}) \
             ORDER BY scheduled_at LIMIT ?",
            taking_states()
        )))
        .bind(account.0)
        .bind(owner.0)
        .bind(db::time(from))
        .bind(db::time(to))
        // No post has the nil id.
        .bind(except.map_or(Uuid::nil(), |p| p.0))
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(|r| get_time(r, "scheduled_at")).collect()
    }
}

const FEED_COLUMNS: &str = "account_id, owner_id, digest, created_at";

#[async_trait]
impl CalendarFeedRepo for db::Store {
    async fn calendar_feed(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<CalendarFeed>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {FEED_COLUMNS} FROM calendar_feeds WHERE account_id = ? AND owner_id = ?"
        )))
        .bind(account.0)
        .bind(owner.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        row.as_ref().map(feed_from_row).transpose()
    }

    async fn calendar_feed_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> StoreResult<Option<CalendarFeed>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {FEED_COLUMNS} FROM calendar_feeds WHERE digest = ?"
        )))
        .bind(&digest.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        row.as_ref().map(feed_from_row).transpose()
    }

    async fn put_calendar_feed(&self, feed: &CalendarFeed) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        if !owns(&mut tx, feed.owner, feed.account_id).await? {
            return Ok(false);
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO calendar_feeds ({FEED_COLUMNS}) VALUES (?, ?, ?, ?){}",
            db::upsert("account_id", &["digest", "created_at"])
        )))
        .bind(feed.account_id.0)
        .bind(feed.owner.0)
        .bind(&feed.digest.0)
        .bind(db::time(feed.created_at))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn delete_calendar_feed(&self, owner: UserId, account: AccountId) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM calendar_feeds WHERE account_id = ? AND owner_id = ?")
            .bind(account.0)
            .bind(owner.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}
