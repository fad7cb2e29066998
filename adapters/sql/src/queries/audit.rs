//! The audit log.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::audit::{AuditEvent, AuditFilter, AuditKind};
use socialflow_core::storage::{AuditRepo, StoreError, StoreResult};
use sqlx::{QueryBuilder, Row};
use uuid::Uuid;

use super::{db, get_time};
use crate::error::{corrupt, map};

pub(super) fn audit_from_row(row: &db::Row) -> Result<AuditEvent, StoreError> {
    let kind: String = row.try_get("kind").map_err(map)?;
    let user_id: Option<Uuid> = row.try_get("user_id").map_err(map)?;
    Ok(AuditEvent {
        id: row.try_get("id").map_err(map)?,
        at: get_time(row, "at")?,
        user_id: user_id.map(UserId),
        kind: AuditKind::parse(&kind).ok_or_else(|| corrupt("audit kind", &kind))?,
        ip: row.try_get("ip").map_err(map)?,
        detail: row.try_get("detail").map_err(map)?,
    })
}

/// Records an audit event on `conn` (the pool's or a transaction's).
pub(super) async fn write_audit(conn: &mut db::Conn, e: &AuditEvent) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_events (id, at, user_id, kind, ip, detail) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(e.id)
    .bind(db::time(e.at))
    .bind(e.user_id.map(|u| u.0))
    .bind(e.kind.as_str())
    .bind(&e.ip)
    .bind(&e.detail)
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(())
}

#[async_trait]
impl AuditRepo for db::Store {
    async fn search_audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEvent>> {
        let mut q: QueryBuilder<db::Db> = QueryBuilder::new(
            "SELECT id, at, user_id, kind, ip, detail FROM audit_events WHERE 1 = 1",
        );
        if let Some(user) = f.user {
            q.push(" AND user_id = ").push_bind(user.0);
        }
        if let Some(kind) = f.kind {
            q.push(" AND kind = ").push_bind(kind.as_str());
        }
        q.push(" ORDER BY at DESC, id DESC LIMIT ")
            .push_bind(i64::from(f.limit))
            .push(" OFFSET ")
            .push_bind(i64::try_from(f.offset).unwrap_or(i64::MAX));
        let rows = q.build().fetch_all(self.pool()).await.map_err(map)?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn insert_audit(&self, e: &AuditEvent) -> StoreResult<()> {
        // The publisher records steps here too.
        crate::deadlock::retry(|| async move {
            let mut conn = self.pool().acquire().await.map_err(map)?;
            write_audit(&mut conn, e).await
        })
        .await
    }

    async fn audit_for_user(&self, owner: UserId, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT id, at, user_id, kind, ip, detail FROM audit_events WHERE user_id = ? \
             ORDER BY at DESC, id DESC LIMIT ?",
        )
        .bind(owner.0)
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn audit_all(&self, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT id, at, user_id, kind, ip, detail FROM audit_events ORDER BY at DESC, id DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(audit_from_row).collect()
    }
}
