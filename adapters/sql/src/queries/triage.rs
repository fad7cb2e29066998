//! The triage list: top-level comments by others and conversations of the
//! owner's accounts in one ordered, filtered, keyset-paged query, and the
//! done states (`inbox_item_states`) kept apart from the cache.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::decode_attachments;
use socialflow_core::inbox::triage::{
    ItemKey, ItemKind, ItemRef, PostSummary, StateFilter, TriageItem, TriageQuery, TriageRepo,
};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::{QueryBuilder, Row};
use time::OffsetDateTime;

use super::{db, get_time};
use crate::error::map;

/// Every item as one row set; the outer query filters, orders and pages.
/// `answered`: the account replied in the thread / wrote the latest
/// message. A conversation's done state holds only until the person writes
/// again.
const ITEMS: &str = "SELECT * FROM (\
SELECT c.account_id AS account_id, a.username AS account_username, 'c' AS k, c.id AS item_id, \
 c.media_id AS media_id, c.text AS text, c.username AS username, c.timestamp AS at, \
 CASE WHEN c.hidden THEN 1 ELSE 0 END AS hidden, \
 CASE WHEN EXISTS (SELECT 1 FROM inbox_comments r WHERE r.account_id = c.account_id \
   AND r.parent_id = c.id AND r.username = a.username) THEN 1 ELSE 0 END AS answered, \
 CASE WHEN s.done_at IS NULL THEN 0 ELSE 1 END AS done, \
 (SELECT COUNT(*) FROM inbox_comments r WHERE r.account_id = c.account_id AND r.parent_id = c.id) AS replies, \
 m.id AS post_id, m.caption AS caption, m.media_type AS media_type, m.thumbnail_url AS thumbnail_url, \
 m.media_url AS media_url, m.permalink AS permalink, '' AS attachments \
FROM inbox_comments c JOIN accounts a ON a.id = c.account_id \
LEFT JOIN inbox_media m ON m.account_id = c.account_id AND m.id = c.media_id \
LEFT JOIN inbox_item_states s ON s.account_id = c.account_id AND s.kind = 'c' AND s.item_id = c.id \
WHERE a.owner_id = ? AND c.parent_id IS NULL AND (c.username IS NULL OR c.username <> a.username) \
UNION ALL \
SELECT v.account_id, a.username, 'd', v.id, NULL, \
 COALESCE((SELECT g.text FROM inbox_messages g WHERE g.account_id = v.account_id \
   AND g.conversation_id = v.id ORDER BY g.created_at DESC, g.id DESC LIMIT 1), ''), \
 v.participant_username, COALESCE(v.last_message_at, v.fetched_at), 0, \
 CASE WHEN v.last_inbound_at IS NULL OR v.last_message_at > v.last_inbound_at THEN 1 ELSE 0 END, \
 CASE WHEN s.done_at IS NOT NULL AND (v.last_inbound_at IS NULL OR s.done_at >= v.last_inbound_at) \
   THEN 1 ELSE 0 END, \
 0, NULL, NULL, NULL, NULL, NULL, NULL, \
 COALESCE((SELECT g.attachments FROM inbox_messages g WHERE g.account_id = v.account_id \
   AND g.conversation_id = v.id ORDER BY g.created_at DESC, g.id DESC LIMIT 1), '') \
FROM inbox_conversations v JOIN accounts a ON a.id = v.account_id \
LEFT JOIN inbox_item_states s ON s.account_id = v.account_id AND s.kind = 'd' AND s.item_id = v.id \
WHERE a.owner_id = ?) t WHERE 1 = 1";

/// `s` as a LIKE pattern matching it anywhere, `!` escaping the wildcards
/// (a backslash would need different quoting in SQLite and MariaDB).
fn contains_pattern(s: &str) -> String {
    let mut p = String::with_capacity(s.len() + 2);
    p.push('%');
    for ch in s.to_lowercase().chars() {
        if matches!(ch, '!' | '%' | '_') {
            p.push('!');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

fn item_from_row(row: &db::Row) -> StoreResult<TriageItem> {
    let k: String = row.try_get("k").map_err(map)?;
    let key = ItemKey::from_code(&k).ok_or_else(|| StoreError::Other(format!("bad kind {k}")))?;
    let flag = |c: &str| -> StoreResult<bool> { Ok(row.try_get::<i64, _>(c).map_err(map)? != 0) };
    let post_id: Option<String> = row.try_get("post_id").map_err(map)?;
    let post = match post_id {
        Some(id) => Some(PostSummary {
            id,
            caption: row.try_get("caption").map_err(map)?,
            media_type: row
                .try_get::<Option<String>, _>("media_type")
                .map_err(map)?
                .unwrap_or_default(),
            thumbnail_url: row.try_get("thumbnail_url").map_err(map)?,
            media_url: row.try_get("media_url").map_err(map)?,
            permalink: row.try_get("permalink").map_err(map)?,
        }),
        None => None,
    };
    let kind = match key {
        ItemKey::Comment => ItemKind::Comment,
        ItemKey::Conversation => {
            let raw: String = row.try_get("attachments").map_err(map)?;
            let list = decode_attachments(&raw);
            ItemKind::of_conversation(list.iter().map(|a| a.kind.as_str()))
        }
    };
    let replies: i64 = row.try_get("replies").map_err(map)?;
    Ok(TriageItem {
        account_id: AccountId(row.try_get("account_id").map_err(map)?),
        account_username: row.try_get("account_username").map_err(map)?,
        key,
        kind,
        id: row.try_get("item_id").map_err(map)?,
        media_id: row.try_get("media_id").map_err(map)?,
        post,
        text: row.try_get("text").map_err(map)?,
        username: row.try_get("username").map_err(map)?,
        at: get_time(row, "at")?,
        hidden: flag("hidden")?,
        answered: flag("answered")?,
        done: flag("done")?,
        replies: u32::try_from(replies.max(0)).unwrap_or(u32::MAX),
    })
}

/// The cached item a state belongs to must exist (and be the account's).
fn exists_clause(key: ItemKey) -> &'static str {
    match key {
        ItemKey::Comment => {
            "EXISTS (SELECT 1 FROM inbox_comments x WHERE x.account_id = a.id AND x.id = ? AND x.parent_id IS NULL)"
        }
        ItemKey::Conversation => {
            "EXISTS (SELECT 1 FROM inbox_conversations x WHERE x.account_id = a.id AND x.id = ?)"
        }
    }
}

#[async_trait]
impl TriageRepo for db::Store {
    async fn triage_items(
        &self,
        owner: UserId,
        query: &TriageQuery,
    ) -> StoreResult<Vec<TriageItem>> {
        let f = query.filter();
        let mut q: QueryBuilder<db::Db> = QueryBuilder::new("");
        // The two owner placeholders inside ITEMS, in order.
        let mut parts = ITEMS.split('?');
        q.push(parts.next().unwrap_or_default());
        q.push_bind(owner.0);
        q.push(parts.next().unwrap_or_default());
        q.push_bind(owner.0);
        q.push(parts.next().unwrap_or_default());
        if let Some(a) = f.account {
            q.push(" AND t.account_id = ");
            q.push_bind(a.0);
        }
        match f.accounts.as_deref() {
            None => {}
            Some([]) => {
                q.push(" AND 1 = 0");
            }
            Some(ids) => {
                q.push(" AND t.account_id IN (");
                let mut sep = q.separated(", ");
                for a in ids {
                    sep.push_bind(a.0);
                }
                q.push(")");
            }
        }
        if let Some(m) = &f.media {
            q.push(" AND t.media_id = ");
            q.push_bind(m.clone());
        }
        match f.state {
            StateFilter::All => {}
            StateFilter::Unanswered => {
                q.push(" AND t.answered = 0 AND t.done = 0");
            }
            StateFilter::Open => {
                q.push(" AND t.done = 0");
            }
            StateFilter::Done => {
                q.push(" AND t.done = 1");
            }
        }
        if f.hidden {
            q.push(" AND t.hidden = 1");
        }
        if f.question {
            q.push(" AND (");
            let mut sep = q.separated(" OR ");
            for mark in socialflow_core::inbox::triage::QUESTION_MARKS {
                sep.push("t.text LIKE ");
                sep.push_bind_unseparated(format!("%{mark}%"));
            }
            q.push(")");
        }
        if let Some(s) = &f.search {
            let p = contains_pattern(s);
            q.push(" AND (LOWER(t.text) LIKE ");
            q.push_bind(p.clone());
            q.push(" ESCAPE '!' OR LOWER(COALESCE(t.username, '')) LIKE ");
            q.push_bind(p);
            q.push(" ESCAPE '!')");
        }
        if let Some(c) = query.after() {
            let at = db::time(c.at);
            q.push(" AND (t.at < ");
            q.push_bind(at);
            q.push(" OR (t.at = ");
            q.push_bind(at);
            q.push(" AND (t.k < ");
            q.push_bind(c.key.code());
            q.push(" OR (t.k = ");
            q.push_bind(c.key.code());
            q.push(" AND t.item_id < ");
            q.push_bind(c.id.clone());
            q.push("))))");
        }
        q.push(" ORDER BY t.at DESC, t.k DESC, t.item_id DESC LIMIT ");
        q.push_bind(i64::try_from(query.limit() + 1).unwrap_or(i64::MAX));
        let rows = q.build().fetch_all(self.pool()).await.map_err(map)?;
        rows.iter().map(item_from_row).collect()
    }

    async fn mark_done(
        &self,
        owner: UserId,
        items: &[ItemRef],
        at: OffsetDateTime,
        by: UserId,
    ) -> StoreResult<u64> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        let mut n = 0;
        for i in items {
            sqlx::query(
                "DELETE FROM inbox_item_states WHERE account_id = ? AND kind = ? AND item_id = ? \
                 AND account_id IN (SELECT id FROM accounts WHERE owner_id = ?)",
            )
            .bind(i.account.0)
            .bind(i.key.code())
            .bind(i.id.as_str())
            .bind(owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            let sql = sqlx::AssertSqlSafe(format!(
                "INSERT INTO inbox_item_states (account_id, kind, item_id, done_at, done_by) \
                 SELECT a.id, ?, ?, ?, ? FROM accounts a WHERE a.id = ? AND a.owner_id = ? AND {}",
                exists_clause(i.key)
            ));
            n += sqlx::query(sql)
                .bind(i.key.code())
                .bind(i.id.as_str())
                .bind(db::time(at))
                .bind(by.0)
                .bind(i.account.0)
                .bind(owner.0)
                .bind(i.id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
        }
        tx.commit().await.map_err(map)?;
        Ok(n)
    }

    async fn mark_open(&self, owner: UserId, items: &[ItemRef]) -> StoreResult<u64> {
        let mut tx = self.pool().begin().await.map_err(map)?;
        let mut n = 0;
        for i in items {
            n += sqlx::query(
                "DELETE FROM inbox_item_states WHERE account_id = ? AND kind = ? AND item_id = ? \
                 AND account_id IN (SELECT id FROM accounts WHERE owner_id = ?)",
            )
            .bind(i.account.0)
            .bind(i.key.code())
            .bind(i.id.as_str())
            .bind(owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?
            .rows_affected();
        }
        tx.commit().await.map_err(map)?;
        Ok(n)
    }
}

/// Removes the states whose cached item is gone (after the retention
/// purge), on the purge's transaction.
pub(super) async fn purge_orphan_states(conn: &mut db::Conn) -> StoreResult<u64> {
    let r = sqlx::query(
        "DELETE FROM inbox_item_states WHERE \
         (kind = 'c' AND NOT EXISTS (SELECT 1 FROM inbox_comments x \
           WHERE x.account_id = inbox_item_states.account_id AND x.id = inbox_item_states.item_id)) \
         OR (kind = 'd' AND NOT EXISTS (SELECT 1 FROM inbox_conversations x \
           WHERE x.account_id = inbox_item_states.account_id AND x.id = inbox_item_states.item_id))",
    )
    .execute(conn)
    .await
    .map_err(map)?;
    Ok(r.rows_affected())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(contains_pattern("50%_off!"), "%50!%!_off!!%");
        assert_eq!(contains_pattern("Size"), "%size%");
    }
}
