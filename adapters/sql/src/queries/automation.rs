//! Automation rules: one JSON document per rule, ordered by position,
//! every read joined to the account's owner.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::automation::{
    AutomationRuleRepo, Rule, RuleId, RuleInsert, RuleMove, RuleSpec,
};
use socialflow_core::storage::StoreResult;
use sqlx::Row as _;
use uuid::Uuid;

use super::{db, get_time};
use crate::error::{corrupt, map};

const COLUMNS: &str =
    "r.id, r.account_id, r.position, r.spec, r.bound_media_id, r.created_at, r.updated_at";

fn read(row: &db::Row) -> StoreResult<Rule> {
    let id = RuleId(row.try_get::<Uuid, _>("id").map_err(map)?);
    let spec: String = row.try_get("spec").map_err(map)?;
    // The rule's text is the user's: the error names the rule, not its words.
    let spec: RuleSpec =
        serde_json::from_str(&spec).map_err(|_| corrupt("automation rule", &id.to_string()))?;
    let position: i64 = row.try_get("position").map_err(map)?;
    Ok(Rule {
        id,
        account: AccountId(row.try_get::<Uuid, _>("account_id").map_err(map)?),
        position: u32::try_from(position)
            .map_err(|_| corrupt("rule position", &position.to_string()))?,
        spec,
        bound_media_id: row.try_get("bound_media_id").map_err(map)?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

fn encode(spec: &RuleSpec) -> StoreResult<String> {
    serde_json::to_string(spec)
        .map_err(|e| socialflow_core::StoreError::Other(format!("encoding a rule: {e}")))
}

#[async_trait]
impl AutomationRuleRepo for db::Store {
    async fn insert_rule(&self, owner: UserId, rule: &Rule, max: u32) -> StoreResult<RuleInsert> {
        let spec = encode(&rule.spec)?;
        let mut tx = db::begin_write(self.pool()).await?;
        // Parallel inserts into one account count and number one after the
        // other (MariaDB: a row lock on the account; SQLite: the write lock).
        db::lock_account(&mut tx, rule.account.0).await?;
        let mine: Option<Uuid> =
            sqlx::query_scalar("SELECT id FROM accounts WHERE id = ? AND owner_id = ?")
                .bind(rule.account.0)
                .bind(owner.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map)?;
        if mine.is_none() {
            return Ok(RuleInsert::NoAccount);
        }
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(position) AS last FROM automation_rules WHERE account_id = ?",
        )
        .bind(rule.account.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(map)?;
        let count: i64 = row.try_get("n").map_err(map)?;
        let last: Option<i64> = row.try_get("last").map_err(map)?;
        if count >= i64::from(max) {
            return Ok(RuleInsert::CapReached);
        }
        let next = last.map_or(0, |l| l + 1);
        let position =
            u32::try_from(next).map_err(|_| corrupt("rule position", &next.to_string()))?;
        sqlx::query(
            "INSERT INTO automation_rules \
             (id, account_id, position, spec, bound_media_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(rule.id.0)
        .bind(rule.account.0)
        .bind(i64::from(position))
        .bind(spec)
        .bind(&rule.bound_media_id)
        .bind(db::time(rule.created_at))
        .bind(db::time(rule.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(RuleInsert::Inserted { position })
    }

    async fn rules(&self, owner: UserId, account: AccountId) -> StoreResult<Vec<Rule>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM automation_rules r JOIN accounts a ON a.id = r.account_id \
             WHERE r.account_id = ? AND a.owner_id = ? ORDER BY r.position"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account.0)
            .bind(owner.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }

    async fn rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
    ) -> StoreResult<Option<Rule>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM automation_rules r JOIN accounts a ON a.id = r.account_id \
             WHERE r.id = ? AND r.account_id = ? AND a.owner_id = ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(account.0)
            .bind(owner.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?
            .as_ref()
            .map(read)
            .transpose()
    }

    async fn update_rule(&self, owner: UserId, rule: &Rule) -> StoreResult<bool> {
        let spec = encode(&rule.spec)?;
        let r = sqlx::query(
            "UPDATE automation_rules SET spec = ?, updated_at = ? \
             WHERE id = ? AND account_id = ? \
             AND account_id IN (SELECT id FROM accounts WHERE owner_id = ?)",
        )
        .bind(spec)
        .bind(db::time(rule.updated_at))
        .bind(rule.id.0)
        .bind(rule.account.0)
        .bind(owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn delete_rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "DELETE FROM automation_rules WHERE id = ? AND account_id = ? \
             AND account_id IN (SELECT id FROM accounts WHERE owner_id = ?)",
        )
        .bind(id.0)
        .bind(account.0)
        .bind(owner.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn move_rule(
        &self,
        owner: UserId,
        account: AccountId,
        id: RuleId,
        direction: RuleMove,
    ) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        db::lock_account(&mut tx, account.0).await?;
        let position: Option<i64> = sqlx::query_scalar(
            "SELECT r.position FROM automation_rules r JOIN accounts a ON a.id = r.account_id \
             WHERE r.id = ? AND r.account_id = ? AND a.owner_id = ?",
        )
        .bind(id.0)
        .bind(account.0)
        .bind(owner.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(map)?;
        let Some(position) = position else {
            return Ok(false);
        };
        let neighbour_sql = match direction {
            RuleMove::Up => {
                "SELECT id, position FROM automation_rules WHERE account_id = ? AND position < ? \
                 ORDER BY position DESC LIMIT 1"
            }
            RuleMove::Down => {
                "SELECT id, position FROM automation_rules WHERE account_id = ? AND position > ? \
                 ORDER BY position ASC LIMIT 1"
            }
        };
        let neighbour = sqlx::query(neighbour_sql)
            .bind(account.0)
            .bind(position)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?;
        let Some(neighbour) = neighbour else {
            // Already first (last): nothing to do.
            return Ok(true);
        };
        let other: Uuid = neighbour.try_get("id").map_err(map)?;
        let other_position: i64 = neighbour.try_get("position").map_err(map)?;
        // Positions are unique per account: park one rule on a free
        // (negative) place while the other takes its place.
        for (rule, to) in [
            (id.0, -1 - position),
            (other, position),
            (id.0, other_position),
        ] {
            sqlx::query("UPDATE automation_rules SET position = ? WHERE id = ?")
                .bind(to)
                .bind(rule)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
        }
        tx.commit().await.map_err(map)?;
        Ok(true)
    }
}
