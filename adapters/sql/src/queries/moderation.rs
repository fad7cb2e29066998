//! Moderation lists (one row per account and kind, the words one per line)
//! and the log of hidden comments, every read by a person joined to the
//! account's owner.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::moderation::{
    EntryId, ListKind, LogItem, ModerationEntry, ModerationList, ModerationRepo,
};
use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{db, get_opt_time, get_time};
use crate::error::{corrupt, map};

fn kind(row: &db::Row) -> StoreResult<ListKind> {
    let k: String = row.try_get("kind").map_err(map)?;
    ListKind::parse(&k).ok_or_else(|| corrupt("moderation list kind", &k))
}

fn read_list(row: &db::Row) -> StoreResult<ModerationList> {
    let words: String = row.try_get("words").map_err(map)?;
    Ok(ModerationList {
        account: AccountId(row.try_get::<Uuid, _>("account_id").map_err(map)?),
        kind: kind(row)?,
        enabled: db::from_flag(row.try_get("enabled").map_err(map)?),
        words: words
            .lines()
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect(),
        updated_at: get_time(row, "updated_at")?,
    })
}

const ENTRY_COLUMNS: &str =
    "l.id, l.account_id, l.comment_id, l.media_id, l.kind, l.word, l.hidden_at, l.undone_at";

fn read_entry(row: &db::Row) -> StoreResult<ModerationEntry> {
    Ok(ModerationEntry {
        id: EntryId(row.try_get::<Uuid, _>("id").map_err(map)?),
        account: AccountId(row.try_get::<Uuid, _>("account_id").map_err(map)?),
        comment_id: row.try_get("comment_id").map_err(map)?,
        media_id: row.try_get("media_id").map_err(map)?,
        kind: kind(row)?,
        word: row.try_get("word").map_err(map)?,
        hidden_at: get_time(row, "hidden_at")?,
        undone_at: get_opt_time(row, "undone_at")?,
    })
}

/// Ids looked up per query, so a big batch never builds a huge statement.
const IDS_PER_QUERY: usize = 200;

#[async_trait]
impl ModerationRepo for db::Store {
    async fn moderation_lists(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<ModerationList>> {
        sqlx::query(
            "SELECT m.account_id, m.kind, m.enabled, m.words, m.updated_at \
             FROM moderation_lists m JOIN accounts a ON a.id = m.account_id \
             WHERE m.account_id = ? AND a.owner_id = ? ORDER BY m.kind",
        )
        .bind(account.0)
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?
        .iter()
        .map(read_list)
        .collect()
    }

    async fn save_moderation_list(
        &self,
        owner: UserId,
        list: &ModerationList,
    ) -> StoreResult<bool> {
        let mine: Option<Uuid> =
            sqlx::query_scalar("SELECT id FROM accounts WHERE id = ? AND owner_id = ?")
                .bind(list.account.0)
                .bind(owner.0)
                .fetch_optional(self.pool())
                .await
                .map_err(map)?;
        if mine.is_none() {
            return Ok(false);
        }
        let sql = format!(
            "INSERT INTO moderation_lists (account_id, kind, enabled, words, updated_at) \
             VALUES (?, ?, ?, ?, ?){}",
            db::upsert("account_id, kind", &["enabled", "words", "updated_at"])
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(list.account.0)
            .bind(list.kind.as_str())
            .bind(db::flag(list.enabled))
            .bind(list.words.join("\n"))
            .bind(db::time(list.updated_at))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(true)
    }

    async fn enabled_moderation_lists(
        &self,
        account: AccountId,
    ) -> StoreResult<Vec<ModerationList>> {
        sqlx::query(
            "SELECT account_id, kind, enabled, words, updated_at FROM moderation_lists \
             WHERE account_id = ? AND enabled = ? ORDER BY kind",
        )
        .bind(account.0)
        .bind(db::flag(true))
        .fetch_all(self.pool())
        .await
        .map_err(map)?
        .iter()
        .map(read_list)
        .collect()
    }

    async fn moderated_comments(
        &self,
        account: AccountId,
        comment_ids: &[String],
    ) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for chunk in comment_ids.chunks(IDS_PER_QUERY) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let sql = format!(
                "SELECT comment_id FROM moderation_log WHERE account_id = ? AND comment_id IN ({marks})"
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(account.0);
            for id in chunk {
                q = q.bind(id);
            }
            for row in q.fetch_all(self.pool()).await.map_err(map)? {
                found.push(row.try_get("comment_id").map_err(map)?);
            }
        }
        Ok(found)
    }

    async fn insert_moderation_entry(&self, e: &ModerationEntry) -> StoreResult<bool> {
        let sql = format!(
            "{} INTO moderation_log \
             (id, account_id, comment_id, media_id, kind, word, hidden_at, undone_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            db::INSERT_IGNORE
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(e.id.0)
            .bind(e.account.0)
            .bind(&e.comment_id)
            .bind(&e.media_id)
            .bind(e.kind.as_str())
            .bind(&e.word)
            .bind(db::time(e.hidden_at))
            .bind(e.undone_at.map(db::time))
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn delete_moderation_entry(&self, account: AccountId, id: EntryId) -> StoreResult<()> {
        sqlx::query("DELETE FROM moderation_log WHERE id = ? AND account_id = ?")
            .bind(id.0)
            .bind(account.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn moderation_log(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<LogItem>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS}, c.text AS c_text, c.username AS c_username \
             FROM moderation_log l JOIN accounts a ON a.id = l.account_id \
             LEFT JOIN inbox_comments c ON c.account_id = l.account_id AND c.id = l.comment_id \
             WHERE l.account_id = ? AND a.owner_id = ? \
             ORDER BY l.hidden_at DESC, l.id DESC LIMIT ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account.0)
            .bind(owner.0)
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(|row| {
                Ok(LogItem {
                    entry: read_entry(row)?,
                    text: row.try_get("c_text").map_err(map)?,
                    username: row.try_get("c_username").map_err(map)?,
                })
            })
            .collect()
    }

    async fn moderation_entry(
        &self,
        owner: UserId,
        id: EntryId,
    ) -> StoreResult<Option<ModerationEntry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM moderation_log l JOIN accounts a ON a.id = l.account_id \
             WHERE l.id = ? AND a.owner_id = ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?
            .as_ref()
            .map(read_entry)
            .transpose()
    }

    async fn mark_moderation_undone(
        &self,
        owner: UserId,
        id: EntryId,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE moderation_log SET undone_at = ? WHERE id = ? AND undone_at IS NULL \
             AND account_id IN (SELECT id FROM accounts WHERE owner_id = ?)",
        )
        .bind(db::time(at))
        .bind(id.0)
        .bind(owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}
