//! Users.

use async_trait::async_trait;
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{StoreError, StoreResult, UserRepo};
use socialflow_core::throttle::ThrottleKey;
use socialflow_core::user::Role;
use socialflow_core::{Language, TimeZone, User, UserId, Username};
use sqlx::Row;
use time::OffsetDateTime;

use super::auth_epoch::write_auth_epoch_bump;
use super::{db, get_time};
use crate::error::{corrupt, map};

fn user_from_row(row: &db::Row) -> Result<User, StoreError> {
    let username: String = row.try_get("username").map_err(map)?;
    let role: String = row.try_get("role").map_err(map)?;
    let language: String = row.try_get("language").map_err(map)?;
    let time_zone: String = row.try_get("time_zone").map_err(map)?;
    let kind: String = row.try_get("kind").map_err(map)?;
    let role = match kind.as_str() {
        "person" => Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        "workspace" => Role::Workspace,
        _ => return Err(corrupt("user kind", &kind)),
    };
    Ok(User {
        id: UserId(row.try_get("id").map_err(map)?),
        username: Username::parse(&username).map_err(|_| corrupt("username", &username))?,
        password_hash: PasswordHash(row.try_get("password_hash").map_err(map)?),
        role,
        language: language
            .parse::<Language>()
            .map_err(|_| corrupt("language", &language))?,
        time_zone: TimeZone::parse(&time_zone).map_err(|_| corrupt("time zone", &time_zone))?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

const USER_COLUMNS: &str =
    "id, username, password_hash, role, kind, language, time_zone, created_at, updated_at";

#[async_trait]
impl UserRepo for db::Store {
    async fn erase_user(&self, user: UserId, username: &str) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        let erased = write_user_erasure(&mut tx, user, username).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(erased)
    }

    async fn insert_user(&self, u: &User) -> StoreResult<()> {
        let mut tx = db::begin_write(self.pool()).await?;
        write_new_user(&mut tx, u).await?;
        tx.commit().await.map_err(map)
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
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE kind = 'person'")
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
        let mut tx = db::begin_write(self.pool()).await?;
        let found = write_password(&mut tx, id, hash, at).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(found)
    }

    async fn set_language(
        &self,
        id: UserId,
        language: Language,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        let found = write_language(&mut tx, id, language, at).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(found)
    }

    async fn set_time_zone(
        &self,
        id: UserId,
        time_zone: &TimeZone,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        let found = write_time_zone(&mut tx, id, time_zone, at).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(found)
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        let found = write_user_delete(&mut tx, id).await?;
        write_auth_epoch_bump(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(found)
    }
}

// The writes, on a connection or in the caller's transaction (a unit of
// work); a bool says whether the row was there.

/// A person comes with their personal workspace (its id is theirs, they
/// own it); a shared workspace's principal row gets its workspace from
/// `create_workspace`.
pub(super) async fn write_new_user(conn: &mut db::Conn, u: &User) -> StoreResult<()> {
    let (role, kind) = match u.role {
        Role::Workspace => (Role::User, "workspace"),
        r => (r, "person"),
    };
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, role, kind, language, time_zone, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(u.id.0)
    .bind(u.username.as_str())
    .bind(&u.password_hash.0)
    .bind(role.as_str())
    .bind(kind)
    .bind(u.language.code())
    .bind(u.time_zone.name())
    .bind(db::time(u.created_at))
    .bind(db::time(u.updated_at))
    .execute(&mut *conn)
    .await
    .map_err(map)?;
    if !u.is_workspace() {
        super::memberships::write_personal_workspace(conn, u).await?;
    }
    Ok(())
}

/// The user and their throttle records (everything else that is theirs
/// references users(id) with ON DELETE CASCADE and goes with the row).
pub(super) async fn write_user_erasure(
    conn: &mut db::Conn,
    user: UserId,
    username: &str,
) -> StoreResult<bool> {
    sqlx::query("DELETE FROM login_failures WHERE `key` = ?")
        .bind(ThrottleKey::Username(username.to_string()).storage_key())
        .execute(&mut *conn)
        .await
        .map_err(map)?;
    write_user_delete(conn, user).await
}

pub(super) async fn write_password(
    conn: &mut db::Conn,
    id: UserId,
    hash: &PasswordHash,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")
        .bind(&hash.0)
        .bind(db::time(at))
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn write_language(
    conn: &mut db::Conn,
    id: UserId,
    language: Language,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE users SET language = ?, updated_at = ? WHERE id = ?")
        .bind(language.code())
        .bind(db::time(at))
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn write_time_zone(
    conn: &mut db::Conn,
    id: UserId,
    time_zone: &TimeZone,
    at: OffsetDateTime,
) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE users SET time_zone = ?, updated_at = ? WHERE id = ?")
        .bind(time_zone.name())
        .bind(db::time(at))
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

/// Sessions, tokens and audit events go by ON DELETE CASCADE, in the same
/// statement.
pub(super) async fn write_user_delete(conn: &mut db::Conn, id: UserId) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM users WHERE id = ?")
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}
