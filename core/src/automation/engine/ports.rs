//! Where automation jobs, their log and the per-account settings live.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::job::{AutomationSettings, Decided, Enqueued, Job, JobId, RuleCounters};
use crate::UserId;
use crate::account::AccountId;
use crate::automation::{AutomationLimits, PriorMatch, RuleId, Usage};
use crate::store_error::StoreResult;

/// Durable automation jobs. Reads for people are scoped to the owner of
/// the account; the worker's calls (claim, save) are not, the job carrying
/// its owner.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AutomationJobRepo: Send + Sync {
    /// Stores `job` unless the account already has a job for its event key
    /// (`Duplicate`). A pending job's sends are checked against `limits`
    /// and counted in the same atomic step: when they would pass the hourly
    /// or daily cap the job is stored held instead (`HeldByCap`), so any
    /// number of parallel enqueues never passes a cap. Jobs of an account
    /// the owner does not have are refused (`NoAccount`).
    async fn enqueue_job(
        &self,
        job: &Job,
        limits: AutomationLimits,
        now: OffsetDateTime,
    ) -> StoreResult<Enqueued>;

    /// Leases up to `limit` due jobs to `worker` until `lease_until`: pending
    /// ones whose time came, and running ones whose lease expired (a worker
    /// died). Jobs of paused accounts wait. Each job goes to one worker;
    /// `attempts` is counted and the state set to running.
    async fn claim_due_jobs(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Job>>;

    /// Moves the lease of a job `worker` holds; false when it lost it.
    async fn renew_job_lease(
        &self,
        id: JobId,
        worker: &str,
        lease_until: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// Writes state, actions, due time and detail of a job `worker` holds;
    /// `release` frees the lease. False when the worker lost the lease.
    async fn save_job(&self, job: &Job, worker: &str, release: bool) -> StoreResult<bool>;

    async fn job(&self, owner: UserId, account: AccountId, id: JobId) -> StoreResult<Option<Job>>;

    /// A rule's jobs, newest first: its log.
    async fn rule_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        limit: u32,
    ) -> StoreResult<Vec<Job>>;

    /// One page of a rule's log, newest first: `limit` jobs after skipping
    /// `offset` (the log page of the operator's UI).
    async fn rule_jobs_page(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<Job>>;

    /// Every job of the account, newest first (the data export).
    async fn account_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<Job>>;

    /// The account's held jobs, oldest first.
    async fn held_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<Job>>;

    /// Approves (pending, due now, its sends reserved against `limits` in
    /// the same step) or rejects a held job.
    async fn decide_held_job(
        &self,
        owner: UserId,
        account: AccountId,
        id: JobId,
        approve: bool,
        limits: AutomationLimits,
        now: OffsetDateTime,
    ) -> StoreResult<Decided>;

    async fn rule_counters(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
    ) -> StoreResult<RuleCounters>;

    /// The person's earlier automatic answers on the account (skipped and
    /// rejected jobs do not count), since `since`.
    async fn prior_matches(
        &self,
        account: AccountId,
        author_id: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<PriorMatch>>;

    /// Sends reserved in the hour and the day before `now`.
    async fn automation_usage(&self, account: AccountId, now: OffsetDateTime)
    -> StoreResult<Usage>;

    /// The account's switch and caps (defaults when never set); none when
    /// the owner has no such account.
    async fn automation_settings(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<AutomationSettings>>;

    /// False when the owner has no such account.
    async fn save_automation_settings(
        &self,
        owner: UserId,
        account: AccountId,
        settings: &AutomationSettings,
    ) -> StoreResult<bool>;

    /// Pending and running jobs, all accounts (the gauge).
    async fn open_job_count(&self) -> StoreResult<u64>;

    /// Deletes finished jobs created before `before` (the log's retention).
    async fn purge_jobs(&self, before: OffsetDateTime) -> StoreResult<u64>;

    /// Binds the account's enabled-or-not `next_published` rules that are
    /// still unbound to `media_id`; returns how many.
    async fn bind_next_published(&self, account: AccountId, media_id: &str) -> StoreResult<u64>;
}
