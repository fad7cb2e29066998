//! Automation jobs, their leases and reservations, and per-account
//! settings in memory, with the databases' semantics (one job per event,
//! caps checked and counted under the lock, exclusive leases, owner
//! scoping, removal with the account).

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::automation::engine::{
    AutomationJobRepo, AutomationSettings, Decided, Enqueued, Job, JobId, JobState, RuleCounters,
};
use socialflow_core::automation::{
    AutomationLimits, HoldReason, PostScope, PriorMatch, RuleId, Trigger, Usage,
};
use socialflow_core::storage::StoreResult;
use time::{Duration, OffsetDateTime};

use super::{MemoryStore, State};

#[derive(Clone)]
pub(super) struct Row {
    job: Job,
    lease_owner: Option<String>,
    lease_until: Option<OffsetDateTime>,
    reserved_at: Option<OffsetDateTime>,
}

#[derive(Clone, Default)]
pub(super) struct Tables {
    jobs: HashMap<JobId, Row>,
    settings: HashMap<AccountId, AutomationSettings>,
}

impl Tables {
    /// The account's rows go with it.
    pub(super) fn forget_account(&mut self, account: AccountId) {
        self.jobs.retain(|_, r| r.job.account != account);
        self.settings.remove(&account);
    }

    /// A rule's jobs (its log and what it still had to do) go with it.
    pub(super) fn forget_rule(&mut self, rule: RuleId) {
        self.jobs.retain(|_, r| r.job.rule != rule);
    }
}

fn owns(s: &State, owner: UserId, account: AccountId) -> bool {
    s.accounts.get(&account).is_some_and(|a| a.owner == owner)
}

fn usage(t: &Tables, account: AccountId, now: OffsetDateTime) -> Usage {
    let mut u = Usage::default();
    for r in t.jobs.values().filter(|r| r.job.account == account) {
        if let Some(at) = r.reserved_at {
            if at > now - Duration::hours(1) {
                u.last_hour += r.job.reserved_sends;
            }
            if at > now - Duration::days(1) {
                u.last_day += r.job.reserved_sends;
            }
        }
    }
    u
}

/// Whether `sends` more would pass a cap.
fn over(u: Usage, sends: u32, limits: AutomationLimits) -> Option<HoldReason> {
    if u.last_hour.saturating_add(sends) > limits.hourly() {
        Some(HoldReason::HourlyCap)
    } else if u.last_day.saturating_add(sends) > limits.daily() {
        Some(HoldReason::DailyCap)
    } else {
        None
    }
}

fn newest_first(mut v: Vec<Job>, limit: u32) -> Vec<Job> {
    v.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    v.truncate(limit as usize);
    v
}

#[async_trait]
impl AutomationJobRepo for MemoryStore {
    async fn enqueue_job(
        &self,
        job: &Job,
        limits: AutomationLimits,
        now: OffsetDateTime,
    ) -> StoreResult<Enqueued> {
        let mut s = self.lock();
        if !owns(&s, job.owner, job.account) {
            return Ok(Enqueued::NoAccount);
        }
        if s.automation_jobs
            .jobs
            .values()
            .any(|r| r.job.account == job.account && r.job.event_key == job.event_key)
        {
            return Ok(Enqueued::Duplicate);
        }
        let mut row = Row {
            job: job.clone(),
            lease_owner: None,
            lease_until: None,
            reserved_at: None,
        };
        let mut result = Enqueued::Queued;
        if job.state == JobState::Pending {
            let sends = job.sends();
            match over(usage(&s.automation_jobs, job.account, now), sends, limits) {
                Some(reason) => {
                    row.job.state = JobState::Held;
                    row.job.hold = Some(reason);
                    row.job.reserved_sends = 0;
                    result = Enqueued::HeldByCap(reason);
                }
                None => {
                    row.job.reserved_sends = sends;
                    row.reserved_at = Some(now);
                }
            }
        } else {
            row.job.reserved_sends = 0;
        }
        s.automation_jobs.jobs.insert(job.id, row);
        Ok(result)
    }

    async fn claim_due_jobs(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let mut s = self.lock();
        let paused: Vec<AccountId> = s
            .automation_jobs
            .settings
            .iter()
            .filter(|(_, v)| v.paused.is_some())
            .map(|(k, _)| *k)
            .collect();
        let mut due: Vec<(OffsetDateTime, JobId)> = s
            .automation_jobs
            .jobs
            .values()
            .filter(|r| {
                matches!(r.job.state, JobState::Pending | JobState::Running)
                    && r.job.due_at <= now
                    && r.lease_until.is_none_or(|l| l < now)
                    && !paused.contains(&r.job.account)
            })
            .map(|r| (r.job.due_at, r.job.id))
            .collect();
        due.sort();
        due.truncate(limit as usize);
        let mut out = Vec::with_capacity(due.len());
        for (_, id) in due {
            if let Some(r) = s.automation_jobs.jobs.get_mut(&id) {
                r.lease_owner = Some(worker.to_string());
                r.lease_until = Some(lease_until);
                r.job.state = JobState::Running;
                r.job.attempts += 1;
                out.push(r.job.clone());
            }
        }
        Ok(out)
    }

    async fn renew_job_lease(
        &self,
        id: JobId,
        worker: &str,
        lease_until: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.automation_jobs.jobs.get_mut(&id) {
            Some(r) if r.lease_owner.as_deref() == Some(worker) => {
                r.lease_until = Some(lease_until);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn save_job(&self, job: &Job, worker: &str, release: bool) -> StoreResult<bool> {
        let mut s = self.lock();
        match s.automation_jobs.jobs.get_mut(&job.id) {
            Some(r) if r.lease_owner.as_deref() == Some(worker) => {
                r.job.state = job.state;
                r.job.actions = job.actions.clone();
                r.job.due_at = job.due_at;
                r.job.detail = job.detail.clone();
                r.job.updated_at = job.updated_at;
                if release {
                    r.lease_owner = None;
                    r.lease_until = None;
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn job(&self, owner: UserId, account: AccountId, id: JobId) -> StoreResult<Option<Job>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(None);
        }
        Ok(s.automation_jobs
            .jobs
            .get(&id)
            .filter(|r| r.job.account == account)
            .map(|r| r.job.clone()))
    }

    async fn rule_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Vec::new());
        }
        let v = s
            .automation_jobs
            .jobs
            .values()
            .filter(|r| r.job.account == account && r.job.rule == rule)
            .map(|r| r.job.clone())
            .collect();
        Ok(newest_first(v, limit))
    }

    async fn rule_jobs_page(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        offset: u32,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Vec::new());
        }
        let v = s
            .automation_jobs
            .jobs
            .values()
            .filter(|r| r.job.account == account && r.job.rule == rule)
            .map(|r| r.job.clone())
            .collect();
        Ok(newest_first(v, offset.saturating_add(limit))
            .into_iter()
            .skip(offset as usize)
            .collect())
    }

    async fn account_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Vec::new());
        }
        let v = s
            .automation_jobs
            .jobs
            .values()
            .filter(|r| r.job.account == account)
            .map(|r| r.job.clone())
            .collect();
        Ok(newest_first(v, limit))
    }

    async fn held_jobs(
        &self,
        owner: UserId,
        account: AccountId,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Vec::new());
        }
        let mut v: Vec<Job> = s
            .automation_jobs
            .jobs
            .values()
            .filter(|r| r.job.account == account && r.job.state == JobState::Held)
            .map(|r| r.job.clone())
            .collect();
        v.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        v.truncate(limit as usize);
        Ok(v)
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
        let mut s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Decided::NotFound);
        }
        let Some(sends) = s
            .automation_jobs
            .jobs
            .get(&id)
            .filter(|r| r.job.account == account && r.job.state == JobState::Held)
            .map(|r| r.job.sends())
        else {
            return Ok(Decided::NotFound);
        };
        if approve
            && let Some(reason) = over(usage(&s.automation_jobs, account, now), sends, limits)
        {
            return Ok(Decided::CapReached(reason));
        }
        let Some(r) = s.automation_jobs.jobs.get_mut(&id) else {
            return Ok(Decided::NotFound);
        };
        r.job.updated_at = now;
        if approve {
            r.job.state = JobState::Pending;
            r.job.due_at = now;
            r.job.reserved_sends = sends;
            r.reserved_at = Some(now);
            Ok(Decided::Approved)
        } else {
            r.job.state = JobState::Rejected;
            Ok(Decided::Rejected)
        }
    }

    async fn rule_counters(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
    ) -> StoreResult<RuleCounters> {
        let s = self.lock();
        let mut c = RuleCounters::default();
        if !owns(&s, owner, account) {
            return Ok(c);
        }
        for r in s
            .automation_jobs
            .jobs
            .values()
            .filter(|r| r.job.account == account && r.job.rule == rule)
        {
            count(&mut c, r.job.state);
        }
        Ok(c)
    }

    async fn prior_matches(
        &self,
        account: AccountId,
        author_id: &str,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<PriorMatch>> {
        let s = self.lock();
        let mut v: Vec<PriorMatch> = s
            .automation_jobs
            .jobs
            .values()
            .filter(|r| {
                r.job.account == account
                    && r.job.author_id == author_id
                    && r.job.created_at >= since
                    && !matches!(r.job.state, JobState::Skipped | JobState::Rejected)
            })
            .map(|r| PriorMatch {
                rule: r.job.rule,
                media_id: r.job.media_id.clone(),
                at: r.job.created_at,
            })
            .collect();
        v.sort_by_key(|p| p.at);
        Ok(v)
    }

    async fn automation_usage(
        &self,
        account: AccountId,
        now: OffsetDateTime,
    ) -> StoreResult<Usage> {
        Ok(usage(&self.lock().automation_jobs, account, now))
    }

    async fn automation_settings(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<AutomationSettings>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(None);
        }
        Ok(Some(
            s.automation_jobs
                .settings
                .get(&account)
                .copied()
                .unwrap_or_default(),
        ))
    }

    async fn save_automation_settings(
        &self,
        owner: UserId,
        account: AccountId,
        settings: &AutomationSettings,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(false);
        }
        s.automation_jobs.settings.insert(account, *settings);
        Ok(true)
    }

    async fn open_job_count(&self) -> StoreResult<u64> {
        let s = self.lock();
        Ok(s.automation_jobs
            .jobs
            .values()
            .filter(|r| matches!(r.job.state, JobState::Pending | JobState::Running))
            .count() as u64)
    }

    async fn purge_jobs(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        let n = s.automation_jobs.jobs.len();
        s.automation_jobs
            .jobs
            .retain(|_, r| !(r.job.state.is_final() && r.job.created_at < before));
        Ok((n - s.automation_jobs.jobs.len()) as u64)
    }

    async fn bind_next_published(&self, account: AccountId, media_id: &str) -> StoreResult<u64> {
        let mut s = self.lock();
        let mut n = 0;
        for r in s.automation_rules.values_mut().filter(|r| {
            r.account == account
                && r.bound_media_id.is_none()
                && matches!(
                    r.spec.trigger,
                    Trigger::Comment {
                        post: PostScope::NextPublished
                    }
                )
        }) {
            r.bound_media_id = Some(media_id.to_string());
            n += 1;
        }
        Ok(n)
    }
}

fn count(c: &mut RuleCounters, state: JobState) {
    if state != JobState::Skipped {
        c.matched += 1;
    }
    match state {
        JobState::Sent => c.sent += 1,
        JobState::Held => c.held += 1,
        JobState::Failed | JobState::PartlyFailed => c.failed += 1,
        JobState::Pending | JobState::Running => c.pending += 1,
        JobState::Skipped | JobState::Rejected => {}
    }
}
