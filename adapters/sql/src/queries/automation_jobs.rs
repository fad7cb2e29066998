//! Automation jobs and per-account automation settings. Enqueueing and
//! approving check the caps and count the sends in one transaction under
//! the account's lock; claiming leases each job with a conditional update,
//! so two workers never hold one job.

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::automation::engine::{
    AutomationJobRepo, AutomationSettings, Decided, Enqueued, Job, JobAction, JobId, JobState,
    PauseReason, RuleCounters, hold_as_str, parse_hold,
};
use socialflow_core::automation::{AutomationLimits, HoldReason, PriorMatch, RuleId, Usage};
use socialflow_core::storage::{StoreError, StoreResult};
use sqlx::Row as _;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{db, get_time};
use crate::deadlock;
use crate::error::{corrupt, map};

const COLUMNS: &str = "j.id, a.owner_id, j.account_id, j.rule_id, j.event_key, j.author_id, \
     j.media_id, j.event_at, j.seed, j.state, j.hold, j.actions, j.due_at, j.attempts, \
     j.reserved_sends, j.detail, j.created_at, j.updated_at";

/// Jobs a worker may take: due, not leased (or the lease ran out), and not
/// of a paused account. Binds: now, now.
const DUE: &str = "j.state IN ('pending', 'running') AND j.due_at <= ? \
     AND (j.lease_until IS NULL OR j.lease_until < ?) \
     AND NOT EXISTS (SELECT 1 FROM automation_settings s \
     WHERE s.account_id = j.account_id AND s.paused IS NOT NULL)";

fn small(v: i64, what: &str) -> StoreResult<u32> {
    u32::try_from(v).map_err(|_| corrupt(what, &v.to_string()))
}

fn read(row: &db::Row) -> StoreResult<Job> {
    let id = JobId(row.try_get::<Uuid, _>("id").map_err(map)?);
    let state: String = row.try_get("state").map_err(map)?;
    let state = JobState::parse(&state).ok_or_else(|| corrupt("automation job state", &state))?;
    let hold: Option<String> = row.try_get("hold").map_err(map)?;
    let hold = hold
        .map(|h| parse_hold(&h).ok_or_else(|| corrupt("automation hold", &h)))
        .transpose()?;
    let actions: String = row.try_get("actions").map_err(map)?;
    // The texts are the user's: the error names the job, not its words.
    let actions: Vec<JobAction> =
        serde_json::from_str(&actions).map_err(|_| corrupt("automation job", &id.to_string()))?;
    let seed: i64 = row.try_get("seed").map_err(map)?;
    Ok(Job {
        id,
        owner: UserId(row.try_get::<Uuid, _>("owner_id").map_err(map)?),
        account: AccountId(row.try_get::<Uuid, _>("account_id").map_err(map)?),
        rule: RuleId(row.try_get::<Uuid, _>("rule_id").map_err(map)?),
        event_key: row.try_get("event_key").map_err(map)?,
        author_id: row.try_get("author_id").map_err(map)?,
        media_id: row.try_get("media_id").map_err(map)?,
        event_at: get_time(row, "event_at")?,
        seed: seed as u64,
        state,
        hold,
        actions,
        due_at: get_time(row, "due_at")?,
        attempts: small(row.try_get("attempts").map_err(map)?, "job attempts")?,
        reserved_sends: small(row.try_get("reserved_sends").map_err(map)?, "job sends")?,
        detail: row.try_get("detail").map_err(map)?,
        created_at: get_time(row, "created_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

fn encode(actions: &[JobAction]) -> StoreResult<String> {
    serde_json::to_string(actions)
        .map_err(|e| StoreError::Other(format!("encoding a job's actions: {e}")))
}

async fn usage_in(
    conn: &mut db::Conn,
    account: AccountId,
    now: OffsetDateTime,
) -> StoreResult<Usage> {
    let row = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN reserved_at > ? THEN reserved_sends ELSE 0 END), 0) AS SIGNED) AS h, \
         CAST(COALESCE(SUM(reserved_sends), 0) AS SIGNED) AS d \
         FROM automation_jobs WHERE account_id = ? AND reserved_at > ?",
    )
    .bind(db::time(now - Duration::hours(1)))
    .bind(account.0)
    .bind(db::time(now - Duration::days(1)))
    .fetch_one(&mut *conn)
    .await
    .map_err(map)?;
    let h: i64 = row.try_get("h").map_err(map)?;
    let d: i64 = row.try_get("d").map_err(map)?;
    Ok(Usage {
        last_hour: small(h, "automation usage")?,
        last_day: small(d, "automation usage")?,
    })
}

fn over(u: Usage, sends: u32, limits: AutomationLimits) -> Option<HoldReason> {
    if u.last_hour.saturating_add(sends) > limits.hourly() {
        Some(HoldReason::HourlyCap)
    } else if u.last_day.saturating_add(sends) > limits.daily() {
        Some(HoldReason::DailyCap)
    } else {
        None
    }
}

async fn owned(conn: &mut db::Conn, owner: UserId, account: AccountId) -> StoreResult<bool> {
    let mine: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM accounts WHERE id = ? AND owner_id = ?")
            .bind(account.0)
            .bind(owner.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(map)?;
    Ok(mine.is_some())
}

impl db::Store {
    async fn jobs_where(
        &self,
        filter: &str,
        binds: &[Uuid],
        limit: u32,
        order: &str,
    ) -> StoreResult<Vec<Job>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM automation_jobs j JOIN accounts a ON a.id = j.account_id \
             WHERE {filter} ORDER BY {order} LIMIT ?"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(*b);
        }
        q.bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }
}

#[async_trait]
impl AutomationJobRepo for db::Store {
    async fn enqueue_job(
        &self,
        job: &Job,
        limits: AutomationLimits,
        now: OffsetDateTime,
    ) -> StoreResult<Enqueued> {
        let actions = encode(&job.actions)?;
        let (pool, actions) = (self.pool(), &actions);
        // Hooks of the publisher enqueue from the worker; a deadlock victim
        // runs again from the account's lock.
        deadlock::retry(|| async move {
            let mut tx = db::begin_write(pool).await?;
            // Parallel enqueues of one account count one after the other
            // (MariaDB: a row lock on the account; SQLite: the write lock).
            db::lock_account(&mut tx, job.account.0).await?;
            if !owned(&mut tx, job.owner, job.account).await? {
                return Ok(Enqueued::NoAccount);
            }
            let existing: Option<Uuid> = sqlx::query_scalar(
                "SELECT id FROM automation_jobs WHERE account_id = ? AND event_key = ?",
            )
            .bind(job.account.0)
            .bind(&job.event_key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?;
            if existing.is_some() {
                return Ok(Enqueued::Duplicate);
            }
            let mut state = job.state;
            let mut hold = job.hold;
            let mut reserved = 0u32;
            let mut reserved_at = None;
            let mut result = Enqueued::Queued;
            if state == JobState::Pending {
                let sends = job.sends();
                match over(usage_in(&mut tx, job.account, now).await?, sends, limits) {
                    Some(reason) => {
                        state = JobState::Held;
                        hold = Some(reason);
                        result = Enqueued::HeldByCap(reason);
                    }
                    None => {
                        reserved = sends;
                        reserved_at = Some(db::time(now));
                    }
                }
            }
            sqlx::query(
                "INSERT INTO automation_jobs (id, account_id, rule_id, event_key, author_id, media_id, \
                 event_at, seed, state, hold, actions, due_at, attempts, reserved_sends, reserved_at, \
                 detail, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(job.id.0)
            .bind(job.account.0)
            .bind(job.rule.0)
            .bind(&job.event_key)
            .bind(&job.author_id)
            .bind(&job.media_id)
            .bind(db::time(job.event_at))
            .bind(job.seed as i64)
            .bind(state.as_str())
            .bind(hold.map(hold_as_str))
            .bind(actions)
            .bind(db::time(job.due_at))
            .bind(i64::from(job.attempts))
            .bind(i64::from(reserved))
            .bind(reserved_at)
            .bind(&job.detail)
            .bind(db::time(job.created_at))
            .bind(db::time(job.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            tx.commit().await.map_err(map)?;
            Ok(result)
        })
        .await
    }

    async fn claim_due_jobs(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let sql =
            format!("SELECT j.id FROM automation_jobs j WHERE {DUE} ORDER BY j.due_at LIMIT ?");
        let candidates: Vec<Uuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(db::time(now))
            .bind(db::time(now))
            .bind(i64::from(limit))
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        let mut mine = Vec::with_capacity(candidates.len());
        // Each lease is a conditional update: of two workers racing for a
        // job, exactly one changes the row.
        for id in candidates {
            let r = deadlock::retry(|| async move {
                sqlx::query(
                    "UPDATE automation_jobs SET state = 'running', lease_owner = ?, lease_until = ?, \
                     attempts = attempts + 1 \
                     WHERE id = ? AND state IN ('pending', 'running') AND due_at <= ? \
                     AND (lease_until IS NULL OR lease_until < ?)",
                )
                .bind(worker)
                .bind(db::time(lease_until))
                .bind(id)
                .bind(db::time(now))
                .bind(db::time(now))
                .execute(self.pool())
                .await
                .map_err(map)
            })
            .await?;
            if r.rows_affected() == 1 {
                mine.push(id);
            }
        }
        let mut jobs = Vec::with_capacity(mine.len());
        for id in mine {
            let sql = format!(
                "SELECT {COLUMNS} FROM automation_jobs j JOIN accounts a ON a.id = j.account_id \
                 WHERE j.id = ? AND j.lease_owner = ?"
            );
            if let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .bind(worker)
                .fetch_optional(self.pool())
                .await
                .map_err(map)?
            {
                jobs.push(read(&row)?);
            }
        }
        Ok(jobs)
    }

    async fn renew_job_lease(
        &self,
        id: JobId,
        worker: &str,
        lease_until: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = deadlock::retry(|| async move {
            sqlx::query(
                "UPDATE automation_jobs SET lease_until = ? WHERE id = ? AND lease_owner = ?",
            )
            .bind(db::time(lease_until))
            .bind(id.0)
            .bind(worker)
            .execute(self.pool())
            .await
            .map_err(map)
        })
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn save_job(&self, job: &Job, worker: &str, release: bool) -> StoreResult<bool> {
        let actions = encode(&job.actions)?;
        let sql = if release {
            "UPDATE automation_jobs SET state = ?, actions = ?, due_at = ?, detail = ?, \
             updated_at = ?, lease_owner = NULL, lease_until = NULL \
             WHERE id = ? AND lease_owner = ?"
        } else {
            "UPDATE automation_jobs SET state = ?, actions = ?, due_at = ?, detail = ?, \
             updated_at = ? WHERE id = ? AND lease_owner = ?"
        };
        let actions = &actions;
        let r = deadlock::retry(|| async move {
            sqlx::query(sql)
                .bind(job.state.as_str())
                .bind(actions.as_str())
                .bind(db::time(job.due_at))
                .bind(&job.detail)
                .bind(db::time(job.updated_at))
                .bind(job.id.0)
                .bind(worker)
                .execute(self.pool())
                .await
                .map_err(map)
        })
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn job(&self, owner: UserId, account: AccountId, id: JobId) -> StoreResult<Option<Job>> {
        Ok(self
            .jobs_where(
                "j.id = ? AND j.account_id = ? AND a.owner_id = ?",
                &[id.0, account.0, owner.0],
                1,
                "j.created_at",
            )
            .await?
            .pop())
    }

    async fn rule_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        self.jobs_where(
            "j.rule_id = ? AND j.account_id = ? AND a.owner_id = ?",
            &[rule.0, account.0, owner.0],
            limit,
            "j.created_at DESC, j.id DESC",
        )
        .await
    }

    async fn rule_jobs_page(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM automation_jobs j JOIN accounts a ON a.id = j.account_id \
             WHERE j.rule_id = ? AND j.account_id = ? AND a.owner_id = ? \
             ORDER BY j.created_at DESC, j.id DESC LIMIT ? OFFSET ?"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(rule.0)
            .bind(account.0)
            .bind(owner.0)
            .bind(i64::from(limit))
            .bind(i64::from(offset))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read)
            .collect()
    }

    async fn account_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        self.jobs_where(
            "j.account_id = ? AND a.owner_id = ?",
            &[account.0, owner.0],
            limit,
            "j.created_at DESC, j.id DESC",
        )
        .await
    }

    async fn held_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        self.jobs_where(
            "j.state = 'held' AND j.account_id = ? AND a.owner_id = ?",
            &[account.0, owner.0],
            limit,
            "j.created_at, j.id",
        )
        .await
    }

    async fn decide_held_job(
        &self,
        owner: UserId,
        account: AccountId,
        id: JobId,
        approve: bool,
        limits: AutomationLimits,
        now: OffsetDateTime,
    ) -> StoreResult<Decided> {
        let mut tx = db::begin_write(self.pool()).await?;
        db::lock_account(&mut tx, account.0).await?;
        if !owned(&mut tx, owner, account).await? {
            return Ok(Decided::NotFound);
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM automation_jobs j JOIN accounts a ON a.id = j.account_id \
             WHERE j.id = ? AND j.account_id = ? AND j.state = 'held'"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .bind(account.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?
        else {
            return Ok(Decided::NotFound);
        };
        let job = read(&row)?;
        if !approve {
            sqlx::query(
                "UPDATE automation_jobs SET state = 'rejected', updated_at = ? WHERE id = ?",
            )
            .bind(db::time(now))
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
            tx.commit().await.map_err(map)?;
            return Ok(Decided::Rejected);
        }
        let sends = job.sends();
        if let Some(reason) = over(usage_in(&mut tx, account, now).await?, sends, limits) {
            return Ok(Decided::CapReached(reason));
        }
        sqlx::query(
            "UPDATE automation_jobs SET state = 'pending', due_at = ?, reserved_sends = ?, \
             reserved_at = ?, updated_at = ? WHERE id = ?",
        )
        .bind(db::time(now))
        .bind(i64::from(sends))
        .bind(db::time(now))
        .bind(db::time(now))
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(Decided::Approved)
    }

    async fn rule_counters(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
    ) -> StoreResult<RuleCounters> {
        let rows = sqlx::query(
            "SELECT j.state, COUNT(*) AS n FROM automation_jobs j \
             JOIN accounts a ON a.id = j.account_id \
             WHERE j.rule_id = ? AND j.account_id = ? AND a.owner_id = ? GROUP BY j.state",
        )
        .bind(rule.0)
        .bind(account.0)
        .bind(owner.0)
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        let mut c = RuleCounters::default();
        for row in &rows {
            let state: String = row.try_get("state").map_err(map)?;
            let n: i64 = row.try_get("n").map_err(map)?;
            let n = u64::try_from(n).map_err(|_| corrupt("job count", &n.to_string()))?;
            let Some(state) = JobState::parse(&state) else {
                return Err(corrupt("automation job state", &state));
            };
            if state != JobState::Skipped {
                c.matched += n;
            }
            match state {
                JobState::Sent => c.sent += n,
                JobState::Held => c.held += n,
                JobState::Failed | JobState::PartlyFailed => c.failed += n,
                JobState::Pending | JobState::Running => c.pending += n,
                JobState::Skipped | JobState::Rejected => {}
            }
        }
        Ok(c)
    }

    async fn prior_matches(
        &self,
        account: AccountId,
        author_id: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<PriorMatch>> {
        let rows = sqlx::query(
            "SELECT rule_id, media_id, created_at FROM automation_jobs \
             WHERE account_id = ? AND author_id = ? AND created_at >= ? \
             AND state NOT IN ('skipped', 'rejected') ORDER BY created_at LIMIT 1000",
        )
        .bind(account.0)
        .bind(author_id)
        .bind(db::time(since))
        .fetch_all(self.pool())
        .await
        .map_err(map)?;
        rows.iter()
            .map(|row| {
                Ok(PriorMatch {
                    rule: RuleId(row.try_get::<Uuid, _>("rule_id").map_err(map)?),
                    media_id: row.try_get("media_id").map_err(map)?,
                    at: get_time(row, "created_at")?,
                })
            })
            .collect()
    }

    async fn automation_usage(
        &self,
        account: AccountId,
        now: OffsetDateTime,
    ) -> StoreResult<Usage> {
        let mut conn = self.pool().acquire().await.map_err(map)?;
        usage_in(&mut conn, account, now).await
    }

    async fn automation_settings(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<AutomationSettings>> {
        let row = sqlx::query(
            "SELECT a.id, s.paused, s.hourly_cap, s.daily_cap FROM accounts a \
             LEFT JOIN automation_settings s ON s.account_id = a.id \
             WHERE a.id = ? AND a.owner_id = ?",
        )
        .bind(account.0)
        .bind(owner.0)
        .fetch_optional(self.pool())
        .await
        .map_err(map)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let paused: Option<String> = row.try_get("paused").map_err(map)?;
        let hourly: Option<i64> = row.try_get("hourly_cap").map_err(map)?;
        let daily: Option<i64> = row.try_get("daily_cap").map_err(map)?;
        let limits = match (hourly, daily) {
            (Some(h), Some(d)) => {
                AutomationLimits::new(small(h, "hourly cap")?, small(d, "daily cap")?)
                    .map_err(|_| corrupt("automation caps", &format!("{h}/{d}")))?
            }
            _ => AutomationLimits::default(),
        };
        let paused = paused
            .map(|p| PauseReason::parse(&p).ok_or_else(|| corrupt("automation pause", &p)))
            .transpose()?;
        Ok(Some(AutomationSettings { paused, limits }))
    }

    async fn save_automation_settings(
        &self,
        owner: UserId,
        account: AccountId,
        settings: &AutomationSettings,
    ) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        if !owned(&mut tx, owner, account).await? {
            return Ok(false);
        }
        let sql = format!(
            "INSERT INTO automation_settings (account_id, paused, hourly_cap, daily_cap) \
             VALUES (?, ?, ?, ?){}",
            db::upsert("account_id", &["paused", "hourly_cap", "daily_cap"])
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(account.0)
            .bind(settings.paused.map(PauseReason::as_str))
            .bind(i64::from(settings.limits.hourly()))
            .bind(i64::from(settings.limits.daily()))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn open_job_count(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM automation_jobs WHERE state IN ('pending', 'running')",
        )
        .fetch_one(self.pool())
        .await
        .map_err(map)?;
        u64::try_from(n).map_err(|_| corrupt("job count", &n.to_string()))
    }

    async fn purge_jobs(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let r = sqlx::query(
            "DELETE FROM automation_jobs WHERE created_at < ? \
             AND state IN ('sent', 'partly_failed', 'failed', 'skipped', 'rejected')",
        )
        .bind(db::time(before))
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected())
    }

    async fn bind_next_published(&self, account: AccountId, media_id: &str) -> StoreResult<u64> {
        // The scope is part of the stored rule document; its serialised
        // form is fixed (`"scope":"next_published"`).
        let r = sqlx::query(
            "UPDATE automation_rules SET bound_media_id = ? \
             WHERE account_id = ? AND bound_media_id IS NULL \
             AND spec LIKE '%\"scope\":\"next_published\"%'",
        )
        .bind(media_id)
        .bind(account.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected())
    }
}
