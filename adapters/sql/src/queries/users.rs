//! Users, sessions, API tokens, the audit log, the login throttle and the
//! health check.

use async_trait::async_trait;
use socialflow_core::audit::{AuditEvent, AuditKind};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::password::PasswordHash;
use socialflow_core::session::Session;
use socialflow_core::storage::{
    ApiTokenRepo, AuditRepo, HealthRepo, LoginThrottleRepo, SessionRepo, StoreError, StoreResult,
    UserRepo,
};
use socialflow_core::throttle::{LoginAttemptId, ReservedAttempt};
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::user::Role;
use socialflow_core::{Language, TimeZone, User, UserId, Username};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{db, get_opt_time, get_time};
use crate::error::{corrupt, map};

fn user_from_row(row: &db::Row) -> Result<User, StoreError> {
    let username: String = row.try_get("username").map_err(map)?;
    let role: String = row.try_get("role").map_err(map)?;
    let language: String = row.try_get("language").map_err(map)?;
    let time_zone: String = row.try_get("time_zone").map_err(map)?;
    Ok(User {
        id: UserId(row.try_get("id").map_err(map)?),
        username: Username::parse(&username).map_err(|_| corrupt("username", &username))?,
        password_hash: PasswordHash(row.try_get("password_hash").map_err(map)?),
        role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        language: language
            .parse::<Language>()
            .map_err(|_| corrupt("language", &language))?,
        time_zone: TimeZone::parse(&time_zone).map_err(|_| corrupt("time zone", &time_zone))?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

pub(crate) fn session_from_row(row: &db::Row) -> Result<Session, StoreError> {
    Ok(Session {
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        user_id: UserId(row.try_get("user_id").map_err(map)?),
        created_at: get_time(row, "created_at")?,
        last_seen_at: get_time(row, "last_seen_at")?,
        expires_at: get_time(row, "expires_at")?,
        ip: row.try_get("ip").map_err(map)?,
        user_agent: row.try_get("user_agent").map_err(map)?,
    })
}

fn token_from_row(row: &db::Row) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: ApiTokenId(row.try_get("id").map_err(map)?),
        user_id: UserId(row.try_get("user_id").map_err(map)?),
        name: row.try_get("name").map_err(map)?,
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        created_at: get_time(row, "created_at")?,
        last_used_at: get_opt_time(row, "last_used_at")?,
    })
}

pub(crate) fn audit_from_row(row: &db::Row) -> Result<AuditEvent, StoreError> {
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

const USER_COLUMNS: &str =
    "id, username, password_hash, role, language, time_zone, created_at, updated_at";

#[async_trait]
impl UserRepo for db::Store {
    async fn insert_user(&self, u: &User) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO users (id, username, password_hash, role, language, time_zone, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(u.id.0)
        .bind(u.username.as_str())
        .bind(&u.password_hash.0)
        .bind(u.role.as_str())
        .bind(u.language.code())
        .bind(u.time_zone.name())
        .bind(db::time(u.created_at))
        .bind(db::time(u.updated_at))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn user_by_username(&self, username: &Username) -> StoreResult<Option<User>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = ?"
        ));
        let row = sqlx::query(sql)
            .bind(username.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn count_users(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(self.pool())
            .await
            .map_err(map)?;
        Ok(n as u64)
    }

    async fn set_password(
        &self,
        id: UserId,
        hash: &PasswordHash,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")
            .bind(&hash.0)
            .bind(db::time(at))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn set_language(
        &self,
        id: UserId,
        language: Language,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE users SET language = ?, updated_at = ? WHERE id = ?")
            .bind(language.code())
            .bind(db::time(at))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn set_time_zone(
        &self,
        id: UserId,
        time_zone: &TimeZone,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE users SET time_zone = ?, updated_at = ? WHERE id = ?")
            .bind(time_zone.name())
            .bind(db::time(at))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        // Sessions, tokens and audit events go by ON DELETE CASCADE, in the
        // same statement's transaction.
        let r = sqlx::query("DELETE FROM users WHERE id = ?")
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}

#[async_trait]
impl SessionRepo for db::Store {
    async fn insert_session(&self, s: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.digest.0)
        .bind(s.user_id.0)
        .bind(db::time(s.created_at))
        .bind(db::time(s.last_seen_at))
        .bind(db::time(s.expires_at))
        .bind(&s.ip)
        .bind(s.user_agent.as_deref())
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn session_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Session>> {
        let row = sqlx::query(
            "SELECT digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions WHERE digest = ?",
        )
        .bind(&digest.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        row.as_ref().map(session_from_row).transpose()
    }

    async fn touch_session(&self, digest: &TokenDigest, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE digest = ?")
            .bind(db::time(at))
            .bind(&digest.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn delete_session(&self, digest: &TokenDigest) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM sessions WHERE digest = ?")
            .bind(&digest.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn delete_user_sessions(
        &self,
        user: UserId,
        keep: Option<TokenDigest>,
    ) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE user_id = ? AND digest <> COALESCE(?, '')")
            .bind(user.0)
            .bind(keep.map(|d| d.0))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }

    async fn purge_sessions(
        &self,
        expired_before: OffsetDateTime,
        idle_before: OffsetDateTime,
    ) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?")
            .bind(db::time(expired_before))
            .bind(db::time(idle_before))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}

#[async_trait]
impl ApiTokenRepo for db::Store {
    async fn insert_api_token(&self, t: &ApiToken) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, digest, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(t.id.0)
        .bind(t.user_id.0)
        .bind(&t.name)
        .bind(&t.digest.0)
        .bind(db::time(t.created_at))
        .bind(t.last_used_at.map(db::time))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn api_token_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ApiToken>> {
        let row = sqlx::query(
            "SELECT id, user_id, name, digest, created_at, last_used_at FROM api_tokens WHERE digest = ?",
        )
        .bind(&digest.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        row.as_ref().map(token_from_row).transpose()
    }

    async fn list_api_tokens(&self, owner: UserId) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT id, user_id, name, digest, created_at, last_used_at FROM api_tokens \
             WHERE user_id = ? ORDER BY created_at, id",
        )
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(token_from_row).collect()
    }

    async fn touch_api_token(&self, id: ApiTokenId, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
            .bind(db::time(at))
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn delete_api_token(&self, owner: UserId, id: ApiTokenId) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM api_tokens WHERE id = ? AND user_id = ?")
            .bind(id.0)
            .bind(owner.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}

#[async_trait]
impl AuditRepo for db::Store {
    async fn insert_audit(&self, e: &AuditEvent) -> StoreResult<()> {
        let mut conn = self.pool().acquire().await.map_err(map)?;
        write_audit(&mut conn, e).await
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

#[async_trait]
impl LoginThrottleRepo for db::Store {
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("INSERT INTO login_failures (`key`, at) VALUES (?, ?)")
            .bind(key)
            .bind(db::time(at))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn login_failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<OffsetDateTime>> {
        let rows: Vec<db::Time> = sqlx::query_scalar(
            "SELECT at FROM login_failures WHERE `key` = ? AND at > ? ORDER BY at",
        )
        .bind(key)
        .bind(db::time(since))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.into_iter().map(db::from_time).collect()
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE `key` = ?")
            .bind(key)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn reserve_login_attempt(
        &self,
        key: &str,
        at: OffsetDateTime,
        since: OffsetDateTime,
    ) -> StoreResult<ReservedAttempt> {
        db::reserve_login_attempt(self.pool(), key, db::time(at), db::time(since)).await
    }

    async fn release_login_attempt(&self, id: LoginAttemptId) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE id = ?")
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn purge_login_failures(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM login_failures WHERE at < ?")
            .bind(db::time(before))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}

#[async_trait]
impl HealthRepo for db::Store {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        db::MIGRATOR
            .run(self.pool())
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")))
    }
}
