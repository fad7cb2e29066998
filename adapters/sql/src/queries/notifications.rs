//! Notifications, their e-mail queue and the users' preferences.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::notifications::{
    EmailAddress, EmailDelivery, Figures, KindSet, Notification, NotificationId, NotificationKind,
    NotificationPrefs, NotificationRepo, QuietHours,
};
use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{db, get_opt_time, get_time};
use crate::deadlock;
use crate::error::{corrupt, map};

const COLUMNS: &str = "id, owner_id, account_id, kind, dedupe_key, subject, link, figures, \
     in_app, created_at, read_at, email_state, email_due_at, email_attempts, email_sent_at";

fn read(row: &db::Row) -> StoreResult<Notification> {
    let kind: String = row.try_get("kind").map_err(map)?;
    let figures: String = row.try_get("figures").map_err(map)?;
    let state: String = row.try_get("email_state").map_err(map)?;
    let attempts = db::from_count(
        row.try_get("email_attempts").map_err(map)?,
        "email_attempts",
    )?;
    let email = match state.as_str() {
        "none" => EmailDelivery::None,
        "pending" => EmailDelivery::Pending {
            due_at: get_opt_time(row, "email_due_at")?
                .ok_or_else(|| corrupt("email_due_at", "NULL"))?,
            attempts,
        },
        "sent" => EmailDelivery::Sent {
            at: get_opt_time(row, "email_sent_at")?
                .ok_or_else(|| corrupt("email_sent_at", "NULL"))?,
            attempts,
        },
        "failed" => EmailDelivery::Failed { attempts },
        other => return Err(corrupt("email_state", other)),
    };
    Ok(Notification {
        id: NotificationId(row.try_get::<Uuid, _>("id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        account: row
            .try_get::<Option<Uuid>, _>("account_id")
            .map_err(map)?
            .map(AccountId),
        kind: NotificationKind::parse(&kind).ok_or_else(|| corrupt("notification kind", &kind))?,
        dedupe_key: row.try_get("dedupe_key").map_err(map)?,
        subject: row.try_get("subject").map_err(map)?,
        link: row.try_get("link").map_err(map)?,
        figures: serde_json::from_str::<Figures>(&figures)
            .map_err(|_| corrupt("notification figures", &figures))?,
        in_app: db::from_flag(row.try_get("in_app").map_err(map)?),
        created_at: get_time(row, "created_at")?,
        read_at: get_opt_time(row, "read_at")?,
        email,
    })
}

/// (state, due_at, sent_at, attempts) columns of a delivery.
fn delivery_columns(e: EmailDelivery) -> (&'static str, Option<db::Time>, Option<db::Time>, i64) {
    match e {
        EmailDelivery::None => ("none", None, None, 0),
        EmailDelivery::Pending { due_at, attempts } => {
            ("pending", Some(db::time(due_at)), None, i64::from(attempts))
        }
        EmailDelivery::Sent { at, attempts } => {
            ("sent", None, Some(db::time(at)), i64::from(attempts))
        }
        EmailDelivery::Failed { attempts } => ("failed", None, None, i64::from(attempts)),
    }
}

fn read_prefs(row: &db::Row) -> StoreResult<NotificationPrefs> {
    let in_app = db::from_count(row.try_get("in_app_kinds").map_err(map)?, "in_app_kinds")?;
    let email = db::from_count(row.try_get("email_kinds").map_err(map)?, "email_kinds")?;
    let address: Option<String> = row.try_get("email_address").map_err(map)?;
    let start: Option<i16> = row.try_get("quiet_start").map_err(map)?;
    let end: Option<i16> = row.try_get("quiet_end").map_err(map)?;
    let quiet = match (start, end) {
        (Some(s), Some(e)) => Some(
            QuietHours::new(
                u16::try_from(s).map_err(|_| corrupt("quiet_start", &s.to_string()))?,
                u16::try_from(e).map_err(|_| corrupt("quiet_end", &e.to_string()))?,
            )
            .map_err(|_| corrupt("quiet hours", &format!("{s}-{e}")))?,
        ),
        _ => None,
    };
    Ok(NotificationPrefs {
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        in_app: KindSet::from_bits(in_app),
        email: KindSet::from_bits(email),
        address: address
            .map(|a| EmailAddress::parse(&a).ok_or_else(|| corrupt("email_address", &a)))
            .transpose()?,
        quiet,
        updated_at: get_time(row, "updated_at")?,
    })
}

#[async_trait]
impl NotificationRepo for db::Store {
    async fn insert_notification(&self, n: &Notification, cap: u32) -> StoreResult<bool> {
        let (state, due, sent, attempts) = delivery_columns(n.email);
        let figures = serde_json::to_string(&n.figures)
            .map_err(|e| socialflow_core::StoreError::Other(e.to_string()))?;
        let (pool, figures) = (self.pool(), &figures);
        // The worker notifies as posts fail; two inserts for one owner can
        // deadlock on MariaDB over the cap's DELETE: the victim runs again.
        deadlock::retry(|| async move {
            let mut tx = db::begin_write(pool).await?;
            let sql = format!(
                "{} INTO notifications ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                db::INSERT_IGNORE
            );
            let r = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(n.id.0)
                .bind(n.owner.0)
                .bind(n.account.map(|a| a.0))
                .bind(n.kind.as_str())
                .bind(&n.dedupe_key)
                .bind(&n.subject)
                .bind(&n.link)
                .bind(figures.as_str())
                .bind(db::flag(n.in_app))
                .bind(db::time(n.created_at))
                .bind(n.read_at.map(db::time))
                .bind(state)
                .bind(due)
                .bind(attempts)
                .bind(sent)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            if r.rows_affected() == 0 {
                return Ok(false);
            }
            // The cap: the owner's oldest beyond it go, unless an e-mail of
            // theirs still waits. Ids are UUIDv7, so id order is time order.
            let keep: Vec<Uuid> = sqlx::query_scalar(
                "SELECT id FROM notifications WHERE owner_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
            )
            .bind(n.owner.0)
            .bind(i64::from(cap))
            .fetch_all(&mut *tx)
            .await
            .map_err(map)?;
            if keep.len() as u64 >= u64::from(cap)
                && let Some(oldest_kept) = keep.last()
            {
                sqlx::query(
                    "DELETE FROM notifications WHERE owner_id = ? AND id < ? AND email_state <> 'pending'",
                )
                .bind(n.owner.0)
                .bind(*oldest_kept)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
            }
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
        .await
    }

    async fn notifications(&self, owner: UserId, limit: u32) -> StoreResult<Vec<Notification>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM notifications WHERE owner_id = ? AND in_app = ? \
             ORDER BY created_at DESC, id DESC LIMIT ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .bind(db::flag(true))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }

    async fn unread_notifications(&self, owner: UserId) -> StoreResult<u32> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE owner_id = ? AND in_app = ? AND read_at IS NULL",
        )
        .bind(owner.0)
        .bind(db::flag(true))
        .fetch_one(self.pool())
        .await
        .map_err(map)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn mark_notification_read(
        &self,
        owner: UserId,
        id: NotificationId,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE notifications SET read_at = ? WHERE id = ? AND owner_id = ? AND read_at IS NULL",
        )
        .bind(db::time(at))
        .bind(id.0)
        .bind(owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn mark_all_notifications_read(
        &self,
        owner: UserId,
        at: OffsetDateTime,
    ) -> StoreResult<u64> {
        let r = sqlx::query(
            "UPDATE notifications SET read_at = ? WHERE owner_id = ? AND read_at IS NULL",
        )
        .bind(db::time(at))
        .bind(owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected())
    }

    async fn notification_prefs(&self, owner: UserId) -> StoreResult<Option<NotificationPrefs>> {
        sqlx::query(
            "SELECT owner_id, in_app_kinds, email_kinds, email_address, quiet_start, quiet_end, updated_at \
             FROM notification_prefs WHERE owner_id = ?",
        )
        .bind(owner.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?
        .as_ref()
        .map(read_prefs)
        .transpose()
    }

    async fn save_notification_prefs(&self, p: &NotificationPrefs) -> StoreResult<()> {
        let sql = format!(
            "INSERT INTO notification_prefs (owner_id, in_app_kinds, email_kinds, email_address, \
             quiet_start, quiet_end, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?){}",
            db::upsert(
                "owner_id",
                &[
                    "in_app_kinds",
                    "email_kinds",
                    "email_address",
                    "quiet_start",
                    "quiet_end",
                    "updated_at"
                ]
            )
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(p.owner.0)
            .bind(i64::from(p.in_app.bits()))
            .bind(i64::from(p.email.bits()))
            .bind(p.address.as_ref().map(|a| a.as_str().to_string()))
            .bind(p.quiet.map(|q| i16::try_from(q.start()).unwrap_or(0)))
            .bind(p.quiet.map(|q| i16::try_from(q.end()).unwrap_or(0)))
            .bind(db::time(p.updated_at))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn claim_due_emails(
        &self,
        now: OffsetDateTime,
        worker: &str,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Notification>> {
        let candidates: Vec<Uuid> = sqlx::query_scalar(
            "SELECT id FROM notifications WHERE email_state = 'pending' AND email_due_at <= ? \
             AND (email_lease_until IS NULL OR email_lease_until <= ?) ORDER BY email_due_at, id LIMIT ?",
        )
        .bind(db::time(now))
        .bind(db::time(now))
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        let mut claimed = Vec::new();
        for id in candidates {
            // The conditional update is the claim: of two workers only one
            // sees its row change.
            let r = deadlock::retry(|| async move {
                sqlx::query(
                    "UPDATE notifications SET email_lease_owner = ?, email_lease_until = ? \
                     WHERE id = ? AND email_state = 'pending' \
                     AND (email_lease_until IS NULL OR email_lease_until <= ?)",
                )
                .bind(worker)
                .bind(db::time(lease_until))
                .bind(id)
                .bind(db::time(now))
                .execute(self.pool())
                .await
                .map_err(map)
            })
            .await?;
            if r.rows_affected() == 1 {
                let sql = format!("SELECT {COLUMNS} FROM notifications WHERE id = ?");
                if let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .fetch_optional(self.pool())
                    .await
                    .map_err(map)?
                {
                    claimed.push(read(&row)?);
                }
            }
        }
        Ok(claimed)
    }

    async fn finish_email(
        &self,
        id: NotificationId,
        worker: &str,
        outcome: EmailDelivery,
    ) -> StoreResult<bool> {
        let (state, due, sent, attempts) = delivery_columns(outcome);
        let r = deadlock::retry(|| async move {
            sqlx::query(
                "UPDATE notifications SET email_state = ?, email_due_at = ?, email_sent_at = ?, \
                 email_attempts = ?, email_lease_owner = NULL, email_lease_until = NULL \
                 WHERE id = ? AND email_lease_owner = ?",
            )
            .bind(state)
            .bind(due)
            .bind(sent)
            .bind(attempts)
            .bind(id.0)
            .bind(worker)
            .execute(self.pool())
            .await
            .map_err(map)
        })
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn purge_notifications(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query(
            "DELETE FROM notifications WHERE created_at < ? AND email_state <> 'pending'",
        )
        .bind(db::time(before))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected())
    }

    async fn accounts_to_reconnect(&self) -> StoreResult<Vec<(AccountId, UserId, String)>> {
        let rows = sqlx::query(
            "SELECT id, owner_id, username FROM accounts WHERE status = 'needs_reconnect' ORDER BY id",
        )
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter()
            .map(|r| {
                Ok((
                    AccountId(r.try_get("id").map_err(map)?),
                    UserId(r.try_get("owner_id").map_err(map)?),
                    r.try_get("username").map_err(map)?,
                ))
            })
            .collect()
    }
}
