//! The inbox cache: upserts in batches, owner-scoped reads joined
//! to `accounts`, retention by `fetched_at`.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::*;
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::{QueryBuilder, Row};
use time::OffsetDateTime;

use super::{db, get_opt_time, get_time, write_batches};
use crate::error::map;

const MEDIA_COLUMNS: &str = "account_id, id, caption, media_type, media_url, thumbnail_url, permalink, timestamp, \
     like_count, comments_count, fetched_at, comments_fetched_at, comments_fetched_count";
const COMMENT_COLUMNS: &str = "account_id, id, media_id, parent_id, text, username, timestamp, hidden, like_count, fetched_at";
const CONVERSATION_COLUMNS: &str = "account_id, id, participant_id, participant_username, last_message_at, \
     last_inbound_at, read_at, fetched_at";
const MESSAGE_COLUMNS: &str = "account_id, id, conversation_id, sender_id, sender_username, recipient_id, \
     recipient_username, text, attachments, created_at, inbound, fetched_at";

/// The upsert clause replacing every column but the key (and `keep`).
fn update_all(columns: &str, keep: &[&str]) -> String {
    let sets: Vec<&str> = columns
        .split(',')
        .map(str::trim)
        .filter(|c| *c != "account_id" && *c != "id" && !keep.contains(c))
        .collect();
    db::upsert("account_id, id", &sets)
}

fn media_from_row(row: &db::Row) -> Result<CachedMedia, StoreError> {
    Ok(CachedMedia {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        id: row.try_get("id").map_err(map)?,
        caption: row.try_get("caption").map_err(map)?,
        media_type: row.try_get("media_type").map_err(map)?,
        media_url: row.try_get("media_url").map_err(map)?,
        thumbnail_url: row.try_get("thumbnail_url").map_err(map)?,
        permalink: row.try_get("permalink").map_err(map)?,
        timestamp: get_time(row, "timestamp")?,
        like_count: row.try_get("like_count").map_err(map)?,
        comments_count: row.try_get("comments_count").map_err(map)?,
        fetched_at: get_time(row, "fetched_at")?,
        comments_fetched_at: get_opt_time(row, "comments_fetched_at")?,
        comments_fetched_count: row.try_get("comments_fetched_count").map_err(map)?,
    })
}

fn comment_from_row(row: &db::Row) -> Result<CachedComment, StoreError> {
    Ok(CachedComment {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        id: row.try_get("id").map_err(map)?,
        media_id: row.try_get("media_id").map_err(map)?,
        parent_id: row.try_get("parent_id").map_err(map)?,
        text: row.try_get("text").map_err(map)?,
        username: row.try_get("username").map_err(map)?,
        timestamp: get_time(row, "timestamp")?,
        hidden: row.try_get("hidden").map_err(map)?,
        like_count: row.try_get("like_count").map_err(map)?,
        fetched_at: get_time(row, "fetched_at")?,
    })
}

fn conversation_from_row(row: &db::Row) -> Result<CachedConversation, StoreError> {
    Ok(CachedConversation {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        id: row.try_get("id").map_err(map)?,
        participant_id: row.try_get("participant_id").map_err(map)?,
        participant_username: row.try_get("participant_username").map_err(map)?,
        last_message_at: get_opt_time(row, "last_message_at")?,
        last_inbound_at: get_opt_time(row, "last_inbound_at")?,
        read_at: get_opt_time(row, "read_at")?,
        fetched_at: get_time(row, "fetched_at")?,
    })
}

fn message_from_row(row: &db::Row) -> Result<CachedMessage, StoreError> {
    let attachments: String = row.try_get("attachments").map_err(map)?;
    Ok(CachedMessage {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        id: row.try_get("id").map_err(map)?,
        conversation_id: row.try_get("conversation_id").map_err(map)?,
        sender_id: row.try_get("sender_id").map_err(map)?,
        sender_username: row.try_get("sender_username").map_err(map)?,
        recipient_id: row.try_get("recipient_id").map_err(map)?,
        recipient_username: row.try_get("recipient_username").map_err(map)?,
        text: row.try_get("text").map_err(map)?,
        attachments: decode_attachments(&attachments),
        created_at: get_time(row, "created_at")?,
        inbound: row.try_get("inbound").map_err(map)?,
        fetched_at: get_time(row, "fetched_at")?,
    })
}

/// Top-level comments by others that the account has not replied to.
const UNANSWERED: &str = "c.parent_id IS NULL AND (c.username IS NULL OR c.username <> a.username) \
     AND NOT EXISTS (SELECT 1 FROM inbox_comments r WHERE r.account_id = c.account_id \
     AND r.parent_id = c.id AND r.username = a.username) \
     AND NOT EXISTS (SELECT 1 FROM inbox_item_states s WHERE s.account_id = c.account_id \
     AND s.kind = 'c' AND s.item_id = c.id)";

/// How many columns a column list names (the binds per row).
fn count(columns: &str) -> usize {
    columns.split(',').count()
}

fn prefixed(columns: &str, p: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{p}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl db::Store {
    async fn run_batches<T>(
        &self,
        items: &[T],
        head: &str,
        tail: &str,
        columns: usize,
        push: impl Fn(&mut sqlx::query_builder::Separated<'_, db::Db, &'static str>, &T),
    ) -> StoreResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool().begin().await.map_err(map)?;
        write_batches(&mut tx, items, head, tail, columns, push).await?;
        tx.commit().await.map_err(map)
    }
}

#[async_trait]
impl InboxRepo for db::Store {
    async fn inbox_counts(
        &self,
        owner: UserId,
        account: Option<AccountId>,
    ) -> StoreResult<InboxCounts> {
        let scope = if account.is_some() {
            " AND a.id = ?"
        } else {
            ""
        };
        let comments = sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM inbox_comments c JOIN accounts a ON a.id = c.account_id \
             WHERE a.owner_id = ?{scope} AND {UNANSWERED}"
        ));
        let convs = sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM inbox_conversations c JOIN accounts a ON a.id = c.account_id \
             WHERE a.owner_id = ?{scope} AND c.last_inbound_at IS NOT NULL \
             AND (c.read_at IS NULL OR c.read_at < c.last_inbound_at) \
             AND NOT EXISTS (SELECT 1 FROM inbox_item_states s WHERE s.account_id = c.account_id \
             AND s.kind = 'd' AND s.item_id = c.id AND s.done_at >= c.last_inbound_at)"
        ));
        let mut q1 = sqlx::query(comments).bind(owner.0);
        let mut q2 = sqlx::query(convs).bind(owner.0);
        if let Some(a) = account {
            q1 = q1.bind(a.0);
            q2 = q2.bind(a.0);
        }
        let n1: i64 = q1
            .fetch_one(self.pool())
            .await
            .map_err(map)?
            .try_get(0)
            .map_err(map)?;
        let n2: i64 = q2
            .fetch_one(self.pool())
            .await
            .map_err(map)?
            .try_get(0)
            .map_err(map)?;
        Ok(InboxCounts {
            unanswered_comments: n1.max(0) as u64,
            unread_conversations: n2.max(0) as u64,
        })
    }

    async fn inbox_refreshed_at(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<OffsetDateTime>> {
        let row = sqlx::query(
            "SELECT MAX(t) FROM (\
             SELECT m.fetched_at AS t FROM inbox_media m JOIN accounts a ON a.id = m.account_id \
             WHERE m.account_id = ? AND a.owner_id = ? \
             UNION ALL SELECT c.fetched_at AS t FROM inbox_conversations c JOIN accounts a ON a.id = c.account_id \
             WHERE c.account_id = ? AND a.owner_id = ?) x",
        )
        .bind(account.0)
        .bind(owner.0)
        .bind(account.0)
        .bind(owner.0)
        .fetch_one(self.pool())
        .await
        .map_err(map)?;
        get_opt_time(&row, 0)
    }

    async fn purge_inbox(&self, before: OffsetDateTime) -> StoreResult<InboxPurge> {
        let t = db::time(before);
        let mut tx = self.pool().begin().await.map_err(map)?;
        let mut counts = [0u64; 4];
        for (i, table) in [
            "inbox_media",
            "inbox_comments",
            "inbox_conversations",
            "inbox_messages",
        ]
        .iter()
        .enumerate()
        {
            let sql = sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE fetched_at < ?"));
            counts[i] = sqlx::query(sql)
                .bind(t)
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
        }
        // Done states go with their items.
        super::triage::purge_orphan_states(&mut tx).await?;
        tx.commit().await.map_err(map)?;
        Ok(InboxPurge {
            media: counts[0],
            comments: counts[1],
            conversations: counts[2],
            messages: counts[3],
        })
    }
}

#[async_trait]
impl CachedMediaRepo for db::Store {
    async fn upsert_media(&self, items: &[CachedMedia]) -> StoreResult<()> {
        let head = format!("INSERT INTO inbox_media ({MEDIA_COLUMNS}) ");
        self.run_batches(
            items,
            &head,
            &update_all(MEDIA_COLUMNS, &[]),
            count(MEDIA_COLUMNS),
            |b, m| {
                b.push_bind(m.account_id.0)
                    .push_bind(m.id.clone())
                    .push_bind(m.caption.clone())
                    .push_bind(m.media_type.clone())
                    .push_bind(m.media_url.clone())
                    .push_bind(m.thumbnail_url.clone())
                    .push_bind(m.permalink.clone())
                    .push_bind(db::time(m.timestamp))
                    .push_bind(m.like_count)
                    .push_bind(m.comments_count)
                    .push_bind(db::time(m.fetched_at))
                    .push_bind(m.comments_fetched_at.map(db::time))
                    .push_bind(m.comments_fetched_count);
            },
        )
        .await
    }

    async fn media_of_account(&self, account: AccountId) -> StoreResult<Vec<CachedMedia>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {MEDIA_COLUMNS} FROM inbox_media WHERE account_id = ? ORDER BY timestamp DESC, id DESC"
        ));
        let rows = sqlx::query(sql)
            .bind(account.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(media_from_row).collect()
    }

    async fn cached_media(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<CachedMedia>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM inbox_media m JOIN accounts a ON a.id = m.account_id \
             WHERE m.account_id = ? AND a.owner_id = ? ORDER BY m.timestamp DESC, m.id DESC",
            prefixed(MEDIA_COLUMNS, "m")
        ));
        let rows = sqlx::query(sql)
            .bind(account.0)
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(media_from_row).collect()
    }

    async fn cached_media_item(
        &self,
        owner: UserId,
        media_id: &str,
    ) -> StoreResult<Option<CachedMedia>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM inbox_media m JOIN accounts a ON a.id = m.account_id \
             WHERE m.id = ? AND a.owner_id = ? LIMIT 1",
            prefixed(MEDIA_COLUMNS, "m")
        ));
        let row = sqlx::query(sql)
            .bind(media_id)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(media_from_row).transpose()
    }
}

#[async_trait]
impl CommentRepo for db::Store {
    async fn upsert_comments(&self, items: &[CachedComment]) -> StoreResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool().begin().await.map_err(map)?;
        write_comments(&mut tx, items).await?;
        tx.commit().await.map_err(map)
    }

    async fn delete_cached_comment(&self, account: AccountId, id: &str) -> StoreResult<bool> {
        write_comment_delete(&mut *self.conn().await?, account, id).await
    }

    async fn set_cached_comment_hidden(
        &self,
        account: AccountId,
        id: &str,
        hidden: bool,
    ) -> StoreResult<bool> {
        write_comment_hidden(&mut *self.conn().await?, account, id, hidden).await
    }

    async fn cached_comments(
        &self,
        owner: UserId,
        account: AccountId,
        filter: &CommentFilter,
    ) -> StoreResult<Vec<CachedComment>> {
        let mut q: QueryBuilder<db::Db> = QueryBuilder::new(format!(
            "SELECT {} FROM inbox_comments c JOIN accounts a ON a.id = c.account_id WHERE c.account_id = ",
            prefixed(COMMENT_COLUMNS, "c")
        ));
        q.push_bind(account.0);
        q.push(" AND a.owner_id = ");
        q.push_bind(owner.0);
        if let Some(media) = &filter.media_id {
            q.push(" AND c.media_id = ");
            q.push_bind(media.clone());
        }
        if filter.unanswered {
            q.push(format!(" AND {UNANSWERED}"));
        }
        q.push(" ORDER BY c.timestamp DESC, c.id DESC");
        let rows = q.build().fetch_all(self.pool()).await.map_err(map)?;
        rows.iter().map(comment_from_row).collect()
    }

    async fn cached_comment(&self, owner: UserId, id: &str) -> StoreResult<Option<CachedComment>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM inbox_comments c JOIN accounts a ON a.id = c.account_id \
             WHERE c.id = ? AND a.owner_id = ? LIMIT 1",
            prefixed(COMMENT_COLUMNS, "c")
        ));
        let row = sqlx::query(sql)
            .bind(id)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(comment_from_row).transpose()
    }
}

#[async_trait]
impl ConversationRepo for db::Store {
    async fn upsert_conversations(&self, items: &[CachedConversation]) -> StoreResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool().begin().await.map_err(map)?;
        write_conversations(&mut tx, items).await?;
        tx.commit().await.map_err(map)
    }

    async fn delete_cached_conversation(&self, account: AccountId, id: &str) -> StoreResult<bool> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        sqlx::query("DELETE FROM inbox_messages WHERE account_id = ? AND conversation_id = ?")
            .bind(account.0)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        sqlx::query(
            "DELETE FROM inbox_item_states WHERE account_id = ? AND kind = 'd' AND item_id = ?",
        )
        .bind(account.0)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        let r = sqlx::query("DELETE FROM inbox_conversations WHERE account_id = ? AND id = ?")
            .bind(account.0)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(r.rows_affected() > 0)
    }

    async fn upsert_messages(&self, items: &[CachedMessage]) -> StoreResult<()> {
        if items.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool().begin().await.map_err(map)?;
        write_messages(&mut tx, items).await?;
        tx.commit().await.map_err(map)
    }

    async fn conversation_with(
        &self,
        account: AccountId,
        participant_id: &str,
    ) -> StoreResult<Vec<CachedConversation>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {CONVERSATION_COLUMNS} FROM inbox_conversations WHERE account_id = ? AND participant_id = ? ORDER BY id"
        ));
        let rows = sqlx::query(sql)
            .bind(account.0)
            .bind(participant_id)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(conversation_from_row).collect()
    }

    async fn cached_conversations(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<CachedConversation>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM inbox_conversations c JOIN accounts a ON a.id = c.account_id \
             WHERE c.account_id = ? AND a.owner_id = ? ORDER BY c.last_message_at DESC, c.id DESC",
            prefixed(CONVERSATION_COLUMNS, "c")
        ));
        let rows = sqlx::query(sql)
            .bind(account.0)
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(conversation_from_row).collect()
    }

    async fn cached_conversation(
        &self,
        owner: UserId,
        id: &str,
    ) -> StoreResult<Option<CachedConversation>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM inbox_conversations c JOIN accounts a ON a.id = c.account_id \
             WHERE c.id = ? AND a.owner_id = ? LIMIT 1",
            prefixed(CONVERSATION_COLUMNS, "c")
        ));
        let row = sqlx::query(sql)
            .bind(id)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    async fn cached_messages(
        &self,
        owner: UserId,
        conversation_id: &str,
    ) -> StoreResult<Vec<CachedMessage>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM inbox_messages m JOIN accounts a ON a.id = m.account_id \
             WHERE m.conversation_id = ? AND a.owner_id = ? ORDER BY m.created_at, m.id",
            prefixed(MESSAGE_COLUMNS, "m")
        ));
        let rows = sqlx::query(sql)
            .bind(conversation_id)
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        rows.iter().map(message_from_row).collect()
    }

    async fn mark_conversation_read(
        &self,
        owner: UserId,
        id: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE inbox_conversations SET read_at = ? WHERE id = ? \
             AND account_id IN (SELECT id FROM accounts WHERE owner_id = ?)",
        )
        .bind(db::time(at))
        .bind(id)
        .bind(owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() > 0)
    }
}

#[async_trait]
impl StoryInsightRepo for db::Store {
    async fn insert_story_insights(&self, values: &[StoryInsightValue]) -> StoreResult<()> {
        let head = "INSERT INTO story_insights (account_id, story_id, metric, value, received_at) ";
        self.run_batches(values, head, "", 5, |b, v| {
            b.push_bind(v.account_id.0)
                .push_bind(v.story_id.clone())
                .push_bind(v.metric.clone())
                .push_bind(v.value)
                .push_bind(db::time(v.received_at));
        })
        .await
    }

    async fn story_insights(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Vec<StoryInsightValue>> {
        let rows = sqlx::query(
            "SELECT s.account_id, s.story_id, s.metric, s.value, s.received_at \
             FROM story_insights s JOIN accounts a ON a.id = s.account_id \
             WHERE s.account_id = ? AND a.owner_id = ? \
             ORDER BY s.received_at, s.story_id, s.metric",
        )
        .bind(account.0)
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter()
            .map(|row| {
                Ok(StoryInsightValue {
                    account_id: AccountId(row.try_get("account_id").map_err(map)?),
                    story_id: row.try_get("story_id").map_err(map)?,
                    metric: row.try_get("metric").map_err(map)?,
                    value: row.try_get("value").map_err(map)?,
                    received_at: get_time(row, "received_at")?,
                })
            })
            .collect()
    }
}

// The writes an inbox action's unit of work shares.

pub(super) async fn write_comments(
    conn: &mut db::Conn,
    items: &[CachedComment],
) -> StoreResult<()> {
    let head = format!("INSERT INTO inbox_comments ({COMMENT_COLUMNS}) ");
    write_batches(
        conn,
        items,
        &head,
        &update_all(COMMENT_COLUMNS, &[]),
        count(COMMENT_COLUMNS),
        |b, c| {
            b.push_bind(c.account_id.0)
                .push_bind(c.id.clone())
                .push_bind(c.media_id.clone())
                .push_bind(c.parent_id.clone())
                .push_bind(c.text.clone())
                .push_bind(c.username.clone())
                .push_bind(db::time(c.timestamp))
                .push_bind(c.hidden)
                .push_bind(c.like_count)
                .push_bind(db::time(c.fetched_at));
        },
    )
    .await
}

pub(super) async fn write_conversations(
    conn: &mut db::Conn,
    items: &[CachedConversation],
) -> StoreResult<()> {
    let head = format!("INSERT INTO inbox_conversations ({CONVERSATION_COLUMNS}) ");
    let tail = update_all(CONVERSATION_COLUMNS, &["read_at"]);
    write_batches(
        conn,
        items,
        &head,
        &tail,
        count(CONVERSATION_COLUMNS),
        |b, c| {
            b.push_bind(c.account_id.0)
                .push_bind(c.id.clone())
                .push_bind(c.participant_id.clone())
                .push_bind(c.participant_username.clone())
                .push_bind(c.last_message_at.map(db::time))
                .push_bind(c.last_inbound_at.map(db::time))
                .push_bind(Option::<db::Time>::None)
                .push_bind(db::time(c.fetched_at));
        },
    )
    .await
}

pub(super) async fn write_messages(
    conn: &mut db::Conn,
    items: &[CachedMessage],
) -> StoreResult<()> {
    let head = format!("INSERT INTO inbox_messages ({MESSAGE_COLUMNS}) ");
    write_batches(
        conn,
        items,
        &head,
        &update_all(MESSAGE_COLUMNS, &[]),
        count(MESSAGE_COLUMNS),
        |b, m| {
            b.push_bind(m.account_id.0)
                .push_bind(m.id.clone())
                .push_bind(m.conversation_id.clone())
                .push_bind(m.sender_id.clone())
                .push_bind(m.sender_username.clone())
                .push_bind(m.recipient_id.clone())
                .push_bind(m.recipient_username.clone())
                .push_bind(m.text.clone())
                .push_bind(encode_attachments(&m.attachments))
                .push_bind(db::time(m.created_at))
                .push_bind(m.inbound)
                .push_bind(db::time(m.fetched_at));
        },
    )
    .await
}

pub(super) async fn write_comment_delete(
    conn: &mut db::Conn,
    account: AccountId,
    id: &str,
) -> StoreResult<bool> {
    let r = sqlx::query(
        "DELETE FROM inbox_comments WHERE account_id = ? AND (id = ? OR parent_id = ?)",
    )
    .bind(account.0)
    .bind(id)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(map)?;
    sqlx::query(
        "DELETE FROM inbox_item_states WHERE account_id = ? AND kind = 'c' AND item_id = ?",
    )
    .bind(account.0)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(map)?;
    Ok(r.rows_affected() > 0)
}

pub(super) async fn write_comment_hidden(
    conn: &mut db::Conn,
    account: AccountId,
    id: &str,
    hidden: bool,
) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE inbox_comments SET hidden = ? WHERE account_id = ? AND id = ?")
        .bind(hidden)
        .bind(account.0)
        .bind(id)
        .execute(conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() > 0)
}
