use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use socialflow_core::audit::{AuditEvent, AuditFilter, AuditKind};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::password::PasswordHash;
use socialflow_core::session::Session;
use socialflow_core::storage::{
    ApiTokenRepo, AuditRepo, HealthRepo, LoginThrottleRepo, SessionRepo, StoreError, StoreResult,
    UserRepo,
};
use socialflow_core::throttle::{LoginAttemptId, ReservedAttempt, ThrottleKey};
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::user::Role;
use socialflow_core::{Language, TimeZone, User, UserId, Username};
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions, MySqlRow};
use sqlx::{MySql, MySqlPool, QueryBuilder, Row};
use time::{OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use crate::error::map;
use crate::rows::{corrupt, dt, from_dt};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/mariadb");

#[derive(Clone)]
pub struct MariaDbStore {
    pool: MySqlPool,
}

impl MariaDbStore {
    /// Connects to a `mysql://` URL (MariaDB 10.6 or later).
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = MySqlConnectOptions::from_str(url).map_err(map)?;
        let pool = MySqlPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(map)?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &MySqlPool {
        &self.pool
    }
}

fn user_from_row(row: &MySqlRow) -> Result<User, StoreError> {
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
        created_at: from_dt(row.try_get("created_at").map_err(map)?),
        updated_at: from_dt(row.try_get("updated_at").map_err(map)?),
    })
}

pub(crate) fn session_from_row(row: &MySqlRow) -> Result<Session, StoreError> {
    Ok(Session {
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        user_id: UserId(row.try_get("user_id").map_err(map)?),
        created_at: from_dt(row.try_get("created_at").map_err(map)?),
        last_seen_at: from_dt(row.try_get("last_seen_at").map_err(map)?),
        expires_at: from_dt(row.try_get("expires_at").map_err(map)?),
        ip: row.try_get("ip").map_err(map)?,
        user_agent: row.try_get("user_agent").map_err(map)?,
    })
}

fn token_from_row(row: &MySqlRow) -> Result<ApiToken, StoreError> {
    let last_used: Option<PrimitiveDateTime> = row.try_get("last_used_at").map_err(map)?;
    Ok(ApiToken {
        id: ApiTokenId(row.try_get("id").map_err(map)?),
        user_id: UserId(row.try_get("user_id").map_err(map)?),
        name: row.try_get("name").map_err(map)?,
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        created_at: from_dt(row.try_get("created_at").map_err(map)?),
        last_used_at: last_used.map(from_dt),
    })
}

pub(crate) fn audit_from_row(row: &MySqlRow) -> Result<AuditEvent, StoreError> {
    let kind: String = row.try_get("kind").map_err(map)?;
    let user_id: Option<Uuid> = row.try_get("user_id").map_err(map)?;
    Ok(AuditEvent {
        id: row.try_get("id").map_err(map)?,
        at: from_dt(row.try_get("at").map_err(map)?),
        user_id: user_id.map(UserId),
        kind: AuditKind::parse(&kind).ok_or_else(|| corrupt("audit kind", &kind))?,
        ip: row.try_get("ip").map_err(map)?,
        detail: row.try_get("detail").map_err(map)?,
    })
}

const USER_COLUMNS: &str =
    "id, username, password_hash, role, language, time_zone, created_at, updated_at";

#[async_trait]
impl UserRepo for MariaDbStore {
    async fn erase_user(&self, user: UserId, username: &str) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        sqlx::query("DELETE FROM login_failures WHERE `key` = ?")
            .bind(ThrottleKey::Username(username.to_string()).storage_key())
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        // Everything else that is the user's references users(id) with
        // ON DELETE CASCADE and goes in this statement.
        let r = sqlx::query("DELETE FROM users WHERE id = ?")
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

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
        .bind(dt(u.created_at))
        .bind(dt(u.updated_at))
        .execute(&self.pool)
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn user_by_id(&self, id: UserId) -> StoreResult<Option<User>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(&self.pool)
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
            .fetch_optional(&self.pool)
            .await
            .map_err(map)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn count_users(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
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
            .bind(dt(at))
            .bind(id.0)
            .execute(&self.pool)
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
            .bind(dt(at))
            .bind(id.0)
            .execute(&self.pool)
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
            .bind(at)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        // Sessions, tokens and audit events go by ON DELETE CASCADE, in the
        // same statement's transaction.
        let r = sqlx::query("DELETE FROM users WHERE id = ?")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}

#[async_trait]
impl SessionRepo for MariaDbStore {
    async fn sessions_of(&self, user: UserId) -> StoreResult<Vec<Session>> {
        let rows = sqlx::query(
            "SELECT digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions \
             WHERE user_id = ? ORDER BY created_at DESC, digest",
        )
        .bind(user.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter().map(session_from_row).collect()
    }

    async fn insert_session(&self, s: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.digest.0)
        .bind(s.user_id.0)
        .bind(dt(s.created_at))
        .bind(dt(s.last_seen_at))
        .bind(dt(s.expires_at))
        .bind(&s.ip)
        .bind(s.user_agent.as_deref())
        .execute(&self.pool)
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn session_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Session>> {
        let row = sqlx::query(
            "SELECT digest, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions WHERE digest = ?",
        )
        .bind(&digest.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(map)?;
        row.as_ref().map(session_from_row).transpose()
    }

    async fn touch_session(&self, digest: &TokenDigest, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE digest = ?")
            .bind(dt(at))
            .bind(&digest.0)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn delete_session(&self, digest: &TokenDigest) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM sessions WHERE digest = ?")
            .bind(&digest.0)
            .execute(&self.pool)
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
            .execute(&self.pool)
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
            .bind(dt(expired_before))
            .bind(dt(idle_before))
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}

#[async_trait]
impl ApiTokenRepo for MariaDbStore {
    async fn insert_api_token(&self, t: &ApiToken) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, digest, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(t.id.0)
        .bind(t.user_id.0)
        .bind(&t.name)
        .bind(&t.digest.0)
        .bind(dt(t.created_at))
        .bind(t.last_used_at.map(dt))
        .execute(&self.pool)
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn api_token_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<ApiToken>> {
        let row = sqlx::query(
            "SELECT id, user_id, name, digest, created_at, last_used_at FROM api_tokens WHERE digest = ?",
        )
        .bind(&digest.0)
        .fetch_optional(&self.pool)
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
        .fetch_all(&self.pool)
        .await
        .map_err(map)?;
        rows.iter().map(token_from_row).collect()
    }

    async fn touch_api_token(&self, id: ApiTokenId, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
            .bind(dt(at))
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn delete_api_token(&self, owner: UserId, id: ApiTokenId) -> StoreResult<bool> {
        let r = sqlx::query("DELETE FROM api_tokens WHERE id = ? AND user_id = ?")
            .bind(id.0)
            .bind(owner.0)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}

#[async_trait]
impl AuditRepo for MariaDbStore {
    async fn search_audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEvent>> {
        let mut q: QueryBuilder<MySql> = QueryBuilder::new(
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
        sqlx::query("INSERT INTO audit_events (id, at, user_id, kind, ip, detail) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(e.id)
            .bind(dt(e.at))
            .bind(e.user_id.map(|u| u.0))
            .bind(e.kind.as_str())
            .bind(&e.ip)
            .bind(&e.detail)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn audit_for_user(&self, owner: UserId, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT id, at, user_id, kind, ip, detail FROM audit_events WHERE user_id = ? \
             ORDER BY at DESC, id DESC LIMIT ?",
        )
        .bind(owner.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map)?;
        rows.iter().map(audit_from_row).collect()
    }

    async fn audit_all(&self, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT id, at, user_id, kind, ip, detail FROM audit_events ORDER BY at DESC, id DESC LIMIT ?",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map)?;
        rows.iter().map(audit_from_row).collect()
    }
}

/// The named lock serialising one throttle key's reservations. Lock names
/// are server-wide, so the database name is part of it; hashed to fit the
/// 64-character limit.
macro_rules! throttle_lock {
    () => {
        "CONCAT('sf_login_', SHA1(CONCAT(DATABASE(), '/', ?)))"
    };
}

/// Inserts an attempt and counts the key's attempts while holding the key's
/// named lock, so reservations of one key happen one after another and the
/// k-th counts exactly k. (Without the lock, concurrent inserts followed by
/// counts would all see each other and all be refused.)
async fn reserve_serialised(
    pool: &sqlx::MySqlPool,
    key: &str,
    at: PrimitiveDateTime,
    since: PrimitiveDateTime,
) -> StoreResult<ReservedAttempt> {
    let mut conn = pool.acquire().await.map_err(map)?;
    let got: Option<i64> = sqlx::query_scalar(concat!(
        "SELECT CAST(GET_LOCK(",
        throttle_lock!(),
        ", 10) AS SIGNED)"
    ))
    .bind(key)
    .fetch_one(&mut *conn)
    .await
    .map_err(map)?;
    if got != Some(1) {
        return Err(StoreError::Unavailable(
            "timed out waiting for the login throttle lock".into(),
        ));
    }
    let reserved = async {
        let id = sqlx::query("INSERT INTO login_failures (`key`, at) VALUES (?, ?)")
            .bind(key)
            .bind(at)
            .execute(&mut *conn)
            .await
            .map_err(map)?
            .last_insert_id();
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE `key` = ? AND at > ?")
                .bind(key)
                .bind(since)
                .fetch_one(&mut *conn)
                .await
                .map_err(map)?;
        Ok::<_, StoreError>(ReservedAttempt {
            id: LoginAttemptId(
                i64::try_from(id)
                    .map_err(|_| StoreError::Other("login attempt id out of range".into()))?,
            ),
            count: u64::try_from(count).unwrap_or(0),
        })
    }
    .await;
    let released = sqlx::query(concat!("DO RELEASE_LOCK(", throttle_lock!(), ")"))
        .bind(key)
        .execute(&mut *conn)
        .await;
    if released.is_err() || reserved.is_err() {
        // Closing the session is what surely frees a lock it may hold.
        let _ = sqlx::Connection::close(conn.detach()).await;
    }
    reserved
}

#[async_trait]
impl LoginThrottleRepo for MariaDbStore {
    async fn record_login_failure(&self, key: &str, at: OffsetDateTime) -> StoreResult<()> {
        sqlx::query("INSERT INTO login_failures (`key`, at) VALUES (?, ?)")
            .bind(key)
            .bind(dt(at))
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn login_failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<OffsetDateTime>> {
        let rows: Vec<PrimitiveDateTime> = sqlx::query_scalar(
            "SELECT at FROM login_failures WHERE `key` = ? AND at > ? ORDER BY at",
        )
        .bind(key)
        .bind(dt(since))
        .fetch_all(&self.pool)
        .await
        .map_err(map)?;
        Ok(rows.into_iter().map(from_dt).collect())
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE `key` = ?")
            .bind(key)
            .execute(&self.pool)
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
        // A task of its own: a caller that goes away (the client hung up)
        // cannot stop it between taking the lock and giving it back.
        let pool = self.pool.clone();
        let key = key.to_string();
        tokio::spawn(async move { reserve_serialised(&pool, &key, dt(at), dt(since)).await })
            .await
            .map_err(|e| StoreError::Other(format!("login attempt reservation: {e}")))?
    }

    async fn release_login_attempt(&self, id: LoginAttemptId) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE id = ?")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn purge_login_failures(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM login_failures WHERE at < ?")
            .bind(dt(before))
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}

#[async_trait]
impl HealthRepo for MariaDbStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")))
    }
}
