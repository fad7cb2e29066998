//! Uploaded media files.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::media::{MediaFile, MediaId, MediaKind, MediaProbe, MediaRepo, MediaStatus};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::Row;
use time::OffsetDateTime;

use super::{db, get_time};
use crate::error::{corrupt, map};

const COLUMNS: &str = "id, owner_id, kind, content_type, byte_size, original_name, probe, status, \
     progress, status_detail, created_at, updated_at";

fn media_from_row(row: &db::Row) -> Result<MediaFile, StoreError> {
    let kind: String = row.try_get("kind").map_err(map)?;
    let probe: String = row.try_get("probe").map_err(map)?;
    let status: String = row.try_get("status").map_err(map)?;
    let progress: i64 = row.try_get::<i64, _>("progress").map_err(map)?;
    let detail: Option<String> = row.try_get("status_detail").map_err(map)?;
    let size: i64 = row.try_get::<i64, _>("byte_size").map_err(map)?;
    Ok(MediaFile {
        id: MediaId(row.try_get("id").map_err(map)?),
        owner: UserId(row.try_get("owner_id").map_err(map)?),
        kind: MediaKind::parse(&kind).ok_or_else(|| corrupt("media kind", &kind))?,
        content_type: row.try_get("content_type").map_err(map)?,
        byte_size: u64::try_from(size).map_err(|_| corrupt("byte size", &size.to_string()))?,
        original_name: row.try_get("original_name").map_err(map)?,
        probe: serde_json::from_str::<MediaProbe>(&probe)
            .map_err(|_| corrupt("media probe", &probe))?,
        status: MediaStatus::from_parts(&status, progress.clamp(0, 100) as u8, detail)
            .ok_or_else(|| corrupt("media status", &status))?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

fn probe_json(p: &MediaProbe) -> Result<String, StoreError> {
    serde_json::to_string(p).map_err(|e| StoreError::Other(e.to_string()))
}

fn size(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Other(format!("file size {n} out of range")))
}

#[async_trait]
impl MediaRepo for db::Store {
    async fn insert_media(&self, f: &MediaFile) -> StoreResult<()> {
        let sql = sqlx::AssertSqlSafe(format!(
            "INSERT INTO media_files ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ));
        sqlx::query(sql)
            .bind(f.id.0)
            .bind(f.owner.0)
            .bind(f.kind.as_str())
            .bind(&f.content_type)
            .bind(size(f.byte_size)?)
            .bind(&f.original_name)
            .bind(probe_json(&f.probe)?)
            .bind(f.status.as_str())
            .bind(i64::from(f.status.percent()))
            .bind(f.status.detail())
            .bind(db::time(f.created_at))
            .bind(db::time(f.updated_at))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn media_file(&self, owner: UserId, id: MediaId) -> StoreResult<Option<MediaFile>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_files WHERE id = ? AND owner_id = ?"
        ));
        let row = sqlx::query(sql)
            .bind(id.0)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(media_from_row).transpose()
    }

    async fn media_of(&self, owner: UserId) -> StoreResult<Vec<MediaFile>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_files WHERE owner_id = ? ORDER BY created_at DESC, id DESC"
        ));
        let rows = sqlx::query(sql)
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(media_from_row).collect()
    }

    async fn delete_media(&self, owner: UserId, id: MediaId) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM media_files WHERE id = ? AND owner_id = ?")
            .bind(id.0)
            .bind(owner.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(done.rows_affected() > 0)
    }

    async fn update_media(&self, f: &MediaFile) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE media_files SET kind = ?, content_type = ?, byte_size = ?, original_name = ?, probe = ?, \
             status = ?, progress = ?, status_detail = ?, updated_at = ? WHERE id = ? AND owner_id = ?",
        )
        .bind(f.kind.as_str())
        .bind(&f.content_type)
        .bind(size(f.byte_size)?)
        .bind(&f.original_name)
        .bind(probe_json(&f.probe)?)
        .bind(f.status.as_str())
        .bind(i64::from(f.status.percent()))
        .bind(f.status.detail())
        .bind(db::time(f.updated_at))
        .bind(f.id.0)
        .bind(f.owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_media_status(
        &self,
        id: MediaId,
        status: &MediaStatus,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE media_files SET status = ?, progress = ?, status_detail = ?, updated_at = ? WHERE id = ?",
        )
        .bind(status.as_str())
        .bind(i64::from(status.percent()))
        .bind(status.detail())
        .bind(db::time(at))
        .bind(id.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(done.rows_affected() > 0)
    }

    async fn media_needing_transcode(
        &self,
        stale_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<MediaFile>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM media_files WHERE status = 'needs_transcode' \
             OR (status = 'transcoding' AND updated_at < ?) ORDER BY updated_at, id LIMIT ?"
        ));
        let rows = sqlx::query(sql)
            .bind(db::time(stale_before))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(media_from_row).collect()
    }

    async fn claim_transcode(
        &self,
        id: MediaId,
        now: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE media_files SET status = 'transcoding', progress = 0, status_detail = NULL, updated_at = ? \
             WHERE id = ? AND (status = 'needs_transcode' OR (status = 'transcoding' AND updated_at < ?))",
        )
        .bind(db::time(now))
        .bind(id.0)
        .bind(db::time(stale_before))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(done.rows_affected() > 0)
    }
}
