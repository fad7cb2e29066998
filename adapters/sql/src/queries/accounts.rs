//! Connected accounts, pending OAuth states and Meta deletion requests.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken, OAuthState,
};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::meta::DeletionRequest;
use socialflow_core::storage::{
    AccountRepo, AccountTokenRepo, DeletionRequestRepo, OAuthStateRepo, StoreError, StoreResult,
};
use sqlx::Row;
use time::OffsetDateTime;

use super::{db, get_opt_time, get_time};
use crate::error::{corrupt, map};

pub(super) const ACCOUNT_COLUMNS: &str = "id, owner_id, ig_user_id, app_scoped_id, username, name, biography, website, \
     profile_picture_url, followers_count, follows_count, media_count, account_type, token_ciphertext, \
     token_expires_at, token_refreshed_at, scopes, status, status_detail, connected_at, profile_fetched_at";

/// [`ACCOUNT_COLUMNS`] of the table aliased `a`, for reads that join
/// another table with columns of the same names (a test keeps the two lists
/// the same).
pub(super) const ACCOUNT_COLUMNS_OF_A: &str = "a.id, a.owner_id, a.ig_user_id, a.app_scoped_id, a.username, \
     a.name, a.biography, a.website, a.profile_picture_url, a.followers_count, a.follows_count, \
     a.media_count, a.account_type, a.token_ciphertext, a.token_expires_at, a.token_refreshed_at, \
     a.scopes, a.status, a.status_detail, a.connected_at, a.profile_fetched_at";

pub(super) fn account_from_row(row: &db::Row) -> Result<Account, StoreError> {
    let status: String = row.try_get("status").map_err(map)?;
    let scopes: String = row.try_get("scopes").map_err(map)?;
    Ok(Account {
        id: AccountId(row.try_get("id").map_err(map)?),
        owner: UserId(row.try_get("owner_id").map_err(map)?),
        ig_user_id: row.try_get("ig_user_id").map_err(map)?,
        app_scoped_id: row.try_get("app_scoped_id").map_err(map)?,
        profile: AccountProfile {
            username: row.try_get("username").map_err(map)?,
            name: row.try_get("name").map_err(map)?,
            biography: row.try_get("biography").map_err(map)?,
            website: row.try_get("website").map_err(map)?,
            profile_picture_url: row.try_get("profile_picture_url").map_err(map)?,
            followers_count: row.try_get("followers_count").map_err(map)?,
            follows_count: row.try_get("follows_count").map_err(map)?,
            media_count: row.try_get("media_count").map_err(map)?,
            account_type: row.try_get("account_type").map_err(map)?,
        },
        token: AccountToken {
            ciphertext: EncryptedToken(row.try_get("token_ciphertext").map_err(map)?),
            expires_at: get_time(row, "token_expires_at")?,
            refreshed_at: get_time(row, "token_refreshed_at")?,
            scopes: split_scopes(&scopes),
        },
        status: AccountStatus::parse(&status).ok_or_else(|| corrupt("account status", &status))?,
        status_detail: row.try_get("status_detail").map_err(map)?,
        connected_at: get_time(row, "connected_at")?,
        profile_fetched_at: get_time(row, "profile_fetched_at")?,
    })
}

fn split_scopes(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

#[async_trait]
impl AccountRepo for db::Store {
    async fn insert_account(&self, a: &Account) -> StoreResult<()> {
        write_new_account(&mut *self.conn().await?, a).await
    }

    async fn account(&self, owner: UserId, id: AccountId) -> StoreResult<Option<Account>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ? AND owner_id = ?"
        ));
        let row = sqlx::query(sql)
            .bind(id.0)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn accounts_of(&self, owner: UserId) -> StoreResult<Vec<Account>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE owner_id = ? ORDER BY username, id"
        ));
        let rows = sqlx::query(sql)
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(account_from_row).collect()
    }

    async fn account_by_ig_user_id(&self, ig_user_id: &str) -> StoreResult<Option<Account>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE ig_user_id = ?"
        ));
        let row = sqlx::query(sql)
            .bind(ig_user_id)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(account_from_row).transpose()
    }

    async fn accounts_by_app_scoped_id(&self, app_scoped_id: &str) -> StoreResult<Vec<Account>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE app_scoped_id = ? ORDER BY connected_at, id"
        ));
        let rows = sqlx::query(sql)
            .bind(app_scoped_id)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(account_from_row).collect()
    }

    async fn update_account_profile(
        &self,
        id: AccountId,
        p: &AccountProfile,
        fetched_at: OffsetDateTime,
    ) -> StoreResult<bool> {
        write_account_profile(&mut *self.conn().await?, id, p, fetched_at).await
    }

    async fn set_account_status(
        &self,
        id: AccountId,
        status: AccountStatus,
        detail: Option<String>,
    ) -> StoreResult<bool> {
        write_account_status(&mut *self.conn().await?, id, status, detail).await
    }

    async fn delete_account(&self, owner: UserId, id: AccountId) -> StoreResult<bool> {
        write_account_delete(&mut *self.conn().await?, owner, id).await
    }

    async fn delete_accounts_by_app_scoped_id(
        &self,
        app_scoped_id: &str,
    ) -> StoreResult<Vec<(AccountId, UserId, String)>> {
        // One transaction: the rows reported are exactly the rows deleted.
        let mut tx = self.pool().begin().await.map_err(map)?;
        let rows = sqlx::query(
            "SELECT id, owner_id, username FROM accounts WHERE app_scoped_id = ? ORDER BY id",
        )
        .bind(app_scoped_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(map)?;
        let removed = rows
            .iter()
            .map(|r| {
                Ok((
                    AccountId(r.try_get("id").map_err(map)?),
                    UserId(r.try_get("owner_id").map_err(map)?),
                    r.try_get("username").map_err(map)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        write_accounts_by_app_scoped_id_delete(&mut tx, app_scoped_id).await?;
        tx.commit().await.map_err(map)?;
        Ok(removed)
    }

    async fn count_accounts_by_status(&self) -> StoreResult<Vec<(AccountStatus, u64)>> {
        let rows = sqlx::query(
            "SELECT status, COUNT(*) AS n FROM accounts GROUP BY status ORDER BY status",
        )
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter()
            .map(|r| {
                let status: String = r.try_get("status").map_err(map)?;
                let n: i64 = r.try_get("n").map_err(map)?;
                let status = AccountStatus::parse(&status)
                    .ok_or_else(|| corrupt("account status", &status))?;
                Ok((status, n as u64))
            })
            .collect()
    }

    async fn active_account_ids(&self) -> StoreResult<Vec<(AccountId, UserId)>> {
        let rows =
            sqlx::query("SELECT id, owner_id FROM accounts WHERE status = 'active' ORDER BY id")
                .fetch_all(self.pool())
                .await
                .map_err(map)?;
        rows.iter()
            .map(|r| {
                Ok((
                    AccountId(r.try_get("id").map_err(map)?),
                    UserId(r.try_get("owner_id").map_err(map)?),
                ))
            })
            .collect()
    }
}

#[async_trait]
impl AccountTokenRepo for db::Store {
    async fn update_account_token(&self, id: AccountId, t: &AccountToken) -> StoreResult<bool> {
        write_account_token(&mut *self.conn().await?, id, t).await
    }

    async fn erase_expired_tokens(&self, now: OffsetDateTime, detail: &str) -> StoreResult<u64> {
        let r = sqlx::query(
            "UPDATE accounts SET token_ciphertext = X'', status = 'needs_reconnect', status_detail = ? \
             WHERE token_expires_at < ? AND LENGTH(token_ciphertext) > 0",
        )
        .bind(detail)
        .bind(db::time(now))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected())
    }

    async fn accounts_due_for_refresh(
        &self,
        expires_before: OffsetDateTime,
        refreshed_before: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Account>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE status = 'active' AND token_expires_at < ? \
             AND token_refreshed_at < ? ORDER BY token_expires_at, id LIMIT ?"
        ));
        let rows = sqlx::query(sql)
            .bind(db::time(expires_before))
            .bind(db::time(refreshed_before))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(account_from_row).collect()
    }

    async fn all_account_tokens(&self) -> StoreResult<Vec<(AccountId, EncryptedToken)>> {
        let rows = sqlx::query("SELECT id, token_ciphertext FROM accounts ORDER BY id")
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter()
            .map(|r| {
                Ok((
                    AccountId(r.try_get("id").map_err(map)?),
                    EncryptedToken(r.try_get("token_ciphertext").map_err(map)?),
                ))
            })
            .collect()
    }

    async fn replace_token_ciphertext(
        &self,
        id: AccountId,
        old: &EncryptedToken,
        new: &EncryptedToken,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE accounts SET token_ciphertext = ? WHERE id = ? AND token_ciphertext = ?",
        )
        .bind(&new.0)
        .bind(id.0)
        .bind(&old.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}

fn state_from_row(row: &db::Row) -> Result<OAuthState, StoreError> {
    Ok(OAuthState {
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        user_id: UserId(row.try_get("user_id").map_err(map)?),
        session_digest: TokenDigest(row.try_get("session_digest").map_err(map)?),
        created_at: get_time(row, "created_at")?,
        expires_at: get_time(row, "expires_at")?,
    })
}

#[async_trait]
impl OAuthStateRepo for db::Store {
    async fn insert_oauth_state(&self, s: &OAuthState) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO oauth_states (digest, user_id, session_digest, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&s.digest.0)
        .bind(s.user_id.0)
        .bind(&s.session_digest.0)
        .bind(db::time(s.created_at))
        .bind(db::time(s.expires_at))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn take_oauth_state(&self, digest: &TokenDigest) -> StoreResult<Option<OAuthState>> {
        let row = sqlx::query(
            "SELECT digest, user_id, session_digest, created_at, expires_at FROM oauth_states WHERE digest = ?",
        )
        .bind(&digest.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        let Some(state) = row.as_ref().map(state_from_row).transpose()? else {
            return Ok(None);
        };
        // Whoever deletes the row owns the state; a racing second request
        // deletes nothing and gets nothing.
        let r = sqlx::query("DELETE FROM oauth_states WHERE digest = ?")
            .bind(&digest.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok((r.rows_affected() == 1).then_some(state))
    }

    async fn purge_oauth_states(&self, expired_before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM oauth_states WHERE expires_at < ?")
            .bind(db::time(expired_before))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected())
    }
}

#[async_trait]
impl DeletionRequestRepo for db::Store {
    async fn insert_deletion_request(&self, r: &DeletionRequest) -> StoreResult<()> {
        write_new_deletion_request(&mut *self.conn().await?, r).await
    }

    async fn deletion_request(&self, code: &str) -> StoreResult<Option<DeletionRequest>> {
        let row = sqlx::query(
            "SELECT code, subject_digest, requested_at, completed_at, accounts_deleted FROM deletion_requests WHERE code = ?",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let n: i64 = row.try_get("accounts_deleted").map_err(map)?;
        Ok(Some(DeletionRequest {
            code: row.try_get("code").map_err(map)?,
            subject_digest: row.try_get("subject_digest").map_err(map)?,
            requested_at: get_time(&row, "requested_at")?,
            completed_at: get_opt_time(&row, "completed_at")?,
            accounts_deleted: n as u64,
        }))
    }
}

pub(super) async fn write_new_account(conn: &mut db::Conn, a: &Account) -> StoreResult<()> {
    let sql = sqlx::AssertSqlSafe(format!(
        "INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ));
    sqlx::query(sql)
        .bind(a.id.0)
        .bind(a.owner.0)
        .bind(&a.ig_user_id)
        .bind(&a.app_scoped_id)
        .bind(&a.profile.username)
        .bind(&a.profile.name)
        .bind(&a.profile.biography)
        .bind(&a.profile.website)
        .bind(&a.profile.profile_picture_url)
        .bind(a.profile.followers_count)
        .bind(a.profile.follows_count)
        .bind(a.profile.media_count)
        .bind(&a.profile.account_type)
        .bind(&a.token.ciphertext.0)
        .bind(db::time(a.token.expires_at))
        .bind(db::time(a.token.refreshed_at))
        .bind(a.token.scopes.join(","))
        .bind(a.status.as_str())
        .bind(&a.status_detail)
        .bind(db::time(a.connected_at))
        .bind(db::time(a.profile_fetched_at))
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(())
}

pub(super) async fn write_account_profile(
    conn: &mut db::Conn,
    id: AccountId,
    p: &AccountProfile,
    fetched_at: OffsetDateTime,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE accounts SET username = ?, name = ?, biography = ?, website = ?, profile_picture_url = ?, \
         followers_count = ?, follows_count = ?, media_count = ?, account_type = ?, profile_fetched_at = ? \
         WHERE id = ?",
    )
    .bind(&p.username)
    .bind(&p.name)
    .bind(&p.biography)
    .bind(&p.website)
    .bind(&p.profile_picture_url)
    .bind(p.followers_count)
    .bind(p.follows_count)
    .bind(p.media_count)
    .bind(&p.account_type)
    .bind(db::time(fetched_at))
    .bind(id.0)
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn write_account_status(
    conn: &mut db::Conn,
    id: AccountId,
    status: AccountStatus,
    detail: Option<String>,
) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE accounts SET status = ?, status_detail = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(detail)
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn write_account_delete(
    conn: &mut db::Conn,
    owner: UserId,
    id: AccountId,
) -> StoreResult<bool> {
    let r = sqlx::query("DELETE FROM accounts WHERE id = ? AND owner_id = ?")
        .bind(id.0)
        .bind(owner.0)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn write_account_token(
    conn: &mut db::Conn,
    id: AccountId,
    t: &AccountToken,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "UPDATE accounts SET token_ciphertext = ?, token_expires_at = ?, token_refreshed_at = ?, scopes = ?, \
         status = 'active', status_detail = NULL WHERE id = ?",
    )
    .bind(&t.ciphertext.0)
    .bind(db::time(t.expires_at))
    .bind(db::time(t.refreshed_at))
    .bind(t.scopes.join(","))
    .bind(id.0)
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn write_new_deletion_request(
    conn: &mut db::Conn,
    r: &DeletionRequest,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO deletion_requests (code, subject_digest, requested_at, completed_at, accounts_deleted) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&r.code)
    .bind(&r.subject_digest)
    .bind(db::time(r.requested_at))
    .bind(r.completed_at.map(db::time))
    .bind(r.accounts_deleted as i64)
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(())
}

/// Every account with this app-scoped id, whoever owns it; how many went.
pub(super) async fn write_accounts_by_app_scoped_id_delete(
    conn: &mut db::Conn,
    app_scoped_id: &str,
) -> StoreResult<u64> {
    let r = sqlx::query("DELETE FROM accounts WHERE app_scoped_id = ?")
        .bind(app_scoped_id)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::{ACCOUNT_COLUMNS, ACCOUNT_COLUMNS_OF_A};

    #[test]
    fn the_aliased_column_list_names_the_same_columns() {
        let plain: Vec<String> = ACCOUNT_COLUMNS
            .split(',')
            .map(|c| format!("a.{}", c.trim()))
            .collect();
        let aliased: Vec<&str> = ACCOUNT_COLUMNS_OF_A.split(',').map(str::trim).collect();
        assert_eq!(plain, aliased);
    }
}
