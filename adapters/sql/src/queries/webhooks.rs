//! Outgoing webhooks: endpoints (joined to their owner on every read a
//! person asks for), the outbox of events and the deliveries with their
//! leases (claimed like automation jobs: a conditional update per row).

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::crypto::EncryptedToken;
use socialflow_core::outgoing_webhooks::{
    Delivery, DeliveryId, DeliveryLogItem, DeliveryState, DueDelivery, Endpoint, EndpointId,
    WebhookRepo,
};
use socialflow_core::storage::StoreResult;
use socialflow_core::webhook_events::{EventId, EventKind, OutboxEvent, WebhookOutbox};
use sqlx::Row as _;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{db, get_opt_time, get_time};
use crate::deadlock;
use crate::error::{corrupt, map};

const ENDPOINT_COLUMNS: &str = "p.id, p.owner_id, p.url, p.description, p.events, p.secret, \
     p.enabled, p.failing_since, p.auto_disabled_at, p.created_at, p.updated_at";

const DELIVERY_COLUMNS: &str = "d.id, d.endpoint_id, d.event_id, d.state, d.attempts, \
     d.next_attempt_at, d.last_attempt_at, d.status_code, d.error, d.duration_ms, \
     d.response_snippet, d.created_at";

/// `,a,b,`: each name between commas, so `LIKE '%,a,%'` would match one.
fn events_column(events: &[EventKind]) -> String {
    let mut s = String::from(",");
    for e in events {
        s.push_str(e.as_str());
        s.push(',');
    }
    s
}

fn read_endpoint(row: &db::Row) -> StoreResult<Endpoint> {
    let events: String = row.try_get("events").map_err(map)?;
    Ok(Endpoint {
        id: EndpointId(row.try_get::<Uuid, _>("id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        url: row.try_get("url").map_err(map)?,
        description: row.try_get("description").map_err(map)?,
        // A name this version does not know (written by a newer one) is
        // left out rather than failing the whole list.
        events: events.split(',').filter_map(EventKind::parse).collect(),
        secret: EncryptedToken(row.try_get("secret").map_err(map)?),
        enabled: db::from_flag(row.try_get("enabled").map_err(map)?),
        failing_since: get_opt_time(row, "failing_since")?,
        auto_disabled_at: get_opt_time(row, "auto_disabled_at")?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

fn kind(row: &db::Row) -> StoreResult<EventKind> {
    let k: String = row.try_get("kind").map_err(map)?;
    EventKind::parse(&k).ok_or_else(|| corrupt("webhook event kind", &k))
}

fn read_delivery(row: &db::Row) -> StoreResult<Delivery> {
    let state: String = row.try_get("state").map_err(map)?;
    let status: Option<i64> = row.try_get("status_code").map_err(map)?;
    let duration: Option<i64> = row.try_get("duration_ms").map_err(map)?;
    Ok(Delivery {
        id: DeliveryId(row.try_get::<Uuid, _>("id").map_err(map)?),
        endpoint: EndpointId(row.try_get::<Uuid, _>("endpoint_id").map_err(map)?),
        event: EventId(row.try_get::<Uuid, _>("event_id").map_err(map)?),
        state: DeliveryState::parse(&state)
            .ok_or_else(|| corrupt("webhook delivery state", &state))?,
        attempts: db::from_count(row.try_get("attempts").map_err(map)?, "delivery attempts")?,
        next_attempt_at: get_time(row, "next_attempt_at")?,
        last_attempt_at: get_opt_time(row, "last_attempt_at")?,
        status_code: status
            .map(|s| u16::try_from(s).map_err(|_| corrupt("webhook status", &s.to_string())))
            .transpose()?,
        error: row.try_get("error").map_err(map)?,
        duration_ms: duration.map(|d| u32::try_from(d).unwrap_or(u32::MAX)),
        response_snippet: row.try_get("response_snippet").map_err(map)?,
        created_at: get_time(row, "created_at")?,
    })
}

fn read_event(row: &db::Row) -> StoreResult<OutboxEvent> {
    Ok(OutboxEvent {
        id: EventId(row.try_get::<Uuid, _>("id").map_err(map)?),
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        kind: kind(row)?,
        body: row.try_get("body").map_err(map)?,
        created_at: get_time(row, "created_at")?,
        dedupe_key: row.try_get("dedupe_key").map_err(map)?,
    })
}

/// Inserts the event; false when its dedupe key is taken (kept as is).
async fn write_event(
    conn: &mut db::Conn,
    event: &OutboxEvent,
    fanned_at: Option<OffsetDateTime>,
) -> StoreResult<bool> {
    let sql = format!(
        "{} INTO webhook_events (id, owner_id, kind, body, created_at, fanned_at, dedupe_key) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        db::INSERT_IGNORE
    );
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(event.id.0)
        .bind(event.owner.0)
        .bind(event.kind.as_str())
        .bind(&event.body)
        .bind(db::time(event.created_at))
        .bind(fanned_at.map(db::time))
        .bind(&event.dedupe_key)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

/// Writes an event in a unit of work (`posts::Change::RecordWebhookEvent`).
pub(crate) async fn write_webhook_event(
    conn: &mut db::Conn,
    event: &OutboxEvent,
) -> StoreResult<()> {
    write_event(conn, event, None).await.map(|_| ())
}

async fn write_delivery(conn: &mut db::Conn, d: &Delivery) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, state, attempts, \
         next_attempt_at, last_attempt_at, status_code, error, duration_ms, response_snippet, \
         lease_owner, lease_until, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
    )
    .bind(d.id.0)
    .bind(d.endpoint.0)
    .bind(d.event.0)
    .bind(d.state.as_str())
    .bind(i64::from(d.attempts))
    .bind(db::time(d.next_attempt_at))
    .bind(d.last_attempt_at.map(db::time))
    .bind(d.status_code.map(i64::from))
    .bind(&d.error)
    .bind(d.duration_ms.map(i64::from))
    .bind(&d.response_snippet)
    .bind(db::time(d.created_at))
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(())
}

#[async_trait]
impl WebhookOutbox for db::Store {
    async fn insert_webhook_event(&self, event: &OutboxEvent) -> StoreResult<bool> {
        // The publisher's outcome hook records events from the worker.
        deadlock::retry(|| async move {
            let mut conn = self.conn().await?;
            write_event(&mut conn, event, None).await
        })
        .await
    }

    async fn webhook_subscribed(&self, owner: UserId, kind: EventKind) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM webhook_endpoints WHERE owner_id = ? AND enabled = ? AND events LIKE ? \
             LIMIT 1",
        )
        .bind(owner.0)
        .bind(db::flag(true))
        // Event names hold no LIKE wildcards but `_`, which matches itself too.
        .bind(format!("%,{},%", kind.as_str()))
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        Ok(found.is_some())
    }
}

#[async_trait]
impl WebhookRepo for db::Store {
    async fn insert_webhook_endpoint(&self, e: &Endpoint, max: u32) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Lock the owner's row first (a no-op write on both databases), so
        // parallel inserts of one user count one after the other.
        sqlx::query("UPDATE users SET id = id WHERE id = ?")
            .bind(e.owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM webhook_endpoints WHERE owner_id = ?")
                .bind(e.owner.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
        if count >= i64::from(max) {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO webhook_endpoints (id, owner_id, url, description, events, secret, \
             enabled, failing_since, auto_disabled_at, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(e.id.0)
        .bind(e.owner.0)
        .bind(&e.url)
        .bind(&e.description)
        .bind(events_column(&e.events))
        .bind(&e.secret.0)
        .bind(db::flag(e.enabled))
        .bind(e.failing_since.map(db::time))
        .bind(e.auto_disabled_at.map(db::time))
        .bind(db::time(e.created_at))
        .bind(db::time(e.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn webhook_endpoints(&self, owner: UserId) -> StoreResult<Vec<Endpoint>> {
        let sql = format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints p WHERE p.owner_id = ? \
             ORDER BY p.created_at, p.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read_endpoint)
            .collect()
    }

    async fn webhook_endpoint(
        &self,
        owner: UserId,
        id: EndpointId,
    ) -> StoreResult<Option<Endpoint>> {
        let sql = format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints p WHERE p.id = ? AND p.owner_id = ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?
            .as_ref()
            .map(read_endpoint)
            .transpose()
    }

    async fn update_webhook_endpoint(&self, e: &Endpoint) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, enabled = ?, \
             failing_since = ?, auto_disabled_at = ?, updated_at = ? \
             WHERE id = ? AND owner_id = ?",
        )
        .bind(&e.url)
        .bind(&e.description)
        .bind(events_column(&e.events))
        .bind(db::flag(e.enabled))
        .bind(e.failing_since.map(db::time))
        .bind(e.auto_disabled_at.map(db::time))
        .bind(db::time(e.updated_at))
        .bind(e.id.0)
        .bind(e.owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        // MariaDB counts changed rows only: an unchanged save still exists.
        if r.rows_affected() == 1 {
            return Ok(true);
        }
        Ok(self.webhook_endpoint(e.owner, e.id).await?.is_some())
    }

    async fn delete_webhook_endpoint(&self, owner: UserId, id: EndpointId) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM webhook_endpoints WHERE id = ? AND owner_id = ?")
            .bind(id.0)
            .bind(owner.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn unfanned_webhook_events(&self, limit: u32) -> StoreResult<Vec<OutboxEvent>> {
        sqlx::query(
            "SELECT id, owner_id, kind, body, created_at, dedupe_key FROM webhook_events \
             WHERE fanned_at IS NULL ORDER BY created_at, id LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(map)?
        .iter()
        .map(read_event)
        .collect()
    }

    async fn fan_out_webhook_event(
        &self,
        event: EventId,
        deliveries: &[Delivery],
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let pool = self.pool();
        deadlock::retry(|| async move {
            let mut tx = db::begin_write(pool).await?;
            let r = sqlx::query(
                "UPDATE webhook_events SET fanned_at = ? WHERE id = ? AND fanned_at IS NULL",
            )
            .bind(db::time(now))
            .bind(event.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            if r.rows_affected() != 1 {
                return Ok(false);
            }
            for d in deliveries {
                write_delivery(&mut tx, d).await?;
            }
            tx.commit().await.map_err(map)?;
            Ok(true)
        })
        .await
    }

    async fn insert_webhook_ping(
        &self,
        event: &OutboxEvent,
        delivery: &Delivery,
    ) -> StoreResult<()> {
        let mut tx = db::begin_write(self.pool()).await?;
        if !write_event(&mut tx, event, Some(event.created_at)).await? {
            return Err(socialflow_core::storage::StoreError::Conflict);
        }
        write_delivery(&mut tx, delivery).await?;
        tx.commit().await.map_err(map)
    }

    async fn insert_webhook_delivery(&self, delivery: &Delivery) -> StoreResult<()> {
        let mut conn = self.conn().await?;
        write_delivery(&mut conn, delivery).await
    }

    async fn claim_due_webhook_deliveries(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<DueDelivery>> {
        let candidates: Vec<Uuid> = sqlx::query_scalar(
            "SELECT d.id FROM webhook_deliveries d \
             JOIN webhook_endpoints p ON p.id = d.endpoint_id \
             WHERE d.state = 'pending' AND d.next_attempt_at <= ? \
             AND (d.lease_until IS NULL OR d.lease_until < ?) AND p.enabled = ? \
             ORDER BY d.next_attempt_at LIMIT ?",
        )
        .bind(db::time(now))
        .bind(db::time(now))
        .bind(db::flag(true))
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        let mut due = Vec::with_capacity(candidates.len());
        for id in candidates {
            // Of two workers racing for a delivery, exactly one changes it.
            let r = deadlock::retry(|| async move {
                sqlx::query(
                    "UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? \
                     WHERE id = ? AND state = 'pending' AND next_attempt_at <= ? \
                     AND (lease_until IS NULL OR lease_until < ?)",
                )
                .bind(worker)
                .bind(db::time(lease_until))
                .bind(id)
                .bind(db::time(now))
                .bind(db::time(now))
                .execute(self.pool())
                .await
                .map_err(map)
            })
            .await?;
            if r.rows_affected() != 1 {
                continue;
            }
            let sql = format!(
                "SELECT {DELIVERY_COLUMNS}, p.owner_id, p.url, p.secret, ev.kind, ev.body \
                 FROM webhook_deliveries d JOIN webhook_endpoints p ON p.id = d.endpoint_id \
                 JOIN webhook_events ev ON ev.id = d.event_id \
                 WHERE d.id = ? AND d.lease_owner = ?"
            );
            if let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .bind(worker)
                .fetch_optional(self.pool())
                .await
                .map_err(map)?
            {
                due.push(DueDelivery {
                    delivery: read_delivery(&row)?,
                    owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
                    url: row.try_get("url").map_err(map)?,
                    secret: EncryptedToken(row.try_get("secret").map_err(map)?),
                    kind: kind(&row)?,
                    body: row.try_get("body").map_err(map)?,
                });
            }
        }
        Ok(due)
    }

    async fn finish_webhook_delivery(&self, d: &Delivery, worker: &str) -> StoreResult<bool> {
        let r = deadlock::retry(|| async move {
            sqlx::query(
                "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, \
                 last_attempt_at = ?, status_code = ?, error = ?, duration_ms = ?, \
                 response_snippet = ?, lease_owner = NULL, lease_until = NULL \
                 WHERE id = ? AND lease_owner = ?",
            )
            .bind(d.state.as_str())
            .bind(i64::from(d.attempts))
            .bind(db::time(d.next_attempt_at))
            .bind(d.last_attempt_at.map(db::time))
            .bind(d.status_code.map(i64::from))
            .bind(&d.error)
            .bind(d.duration_ms.map(i64::from))
            .bind(&d.response_snippet)
            .bind(d.id.0)
            .bind(worker)
            .execute(self.pool())
            .await
            .map_err(map)
        })
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn record_webhook_endpoint_result(
        &self,
        endpoint: EndpointId,
        ok: bool,
        now: OffsetDateTime,
    ) -> StoreResult<Option<OffsetDateTime>> {
        if ok {
            sqlx::query("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?")
                .bind(endpoint.0)
                .execute(self.pool())
                .await
                .map_err(map)?;
            return Ok(None);
        }
        sqlx::query(
            "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?",
        )
        .bind(db::time(now))
        .bind(endpoint.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        let row = sqlx::query("SELECT failing_since FROM webhook_endpoints WHERE id = ?")
            .bind(endpoint.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        match row {
            Some(row) => get_opt_time(&row, "failing_since"),
            None => Ok(None),
        }
    }

    async fn auto_disable_webhook_endpoint(
        &self,
        endpoint: EndpointId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE webhook_endpoints SET enabled = ?, auto_disabled_at = ?, updated_at = ? \
             WHERE id = ? AND enabled = ?",
        )
        .bind(db::flag(false))
        .bind(db::time(now))
        .bind(db::time(now))
        .bind(endpoint.0)
        .bind(db::flag(true))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn webhook_deliveries(
        &self,
        owner: UserId,
        endpoint: EndpointId,
        limit: u32,
    ) -> StoreResult<Vec<DeliveryLogItem>> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS}, ev.kind FROM webhook_deliveries d \
             JOIN webhook_endpoints p ON p.id = d.endpoint_id \
             JOIN webhook_events ev ON ev.id = d.event_id \
             WHERE d.endpoint_id = ? AND p.owner_id = ? \
             ORDER BY d.created_at DESC, d.id DESC LIMIT ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(endpoint.0)
            .bind(owner.0)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(|row| {
                Ok(DeliveryLogItem {
                    delivery: read_delivery(row)?,
                    kind: kind(row)?,
                })
            })
            .collect()
    }

    async fn webhook_delivery(
        &self,
        owner: UserId,
        id: DeliveryId,
    ) -> StoreResult<Option<DeliveryLogItem>> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS}, ev.kind FROM webhook_deliveries d \
             JOIN webhook_endpoints p ON p.id = d.endpoint_id \
             JOIN webhook_events ev ON ev.id = d.event_id \
             WHERE d.id = ? AND p.owner_id = ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?
            .as_ref()
            .map(|row| {
                Ok(DeliveryLogItem {
                    delivery: read_delivery(row)?,
                    kind: kind(row)?,
                })
            })
            .transpose()
    }

    async fn purge_webhook_events(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM webhook_events WHERE created_at < ?")
            .bind(db::time(before))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}
