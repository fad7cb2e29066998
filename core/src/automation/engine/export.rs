//! The automation log in "Export my data": `automation_log.json`, per
//! connected account its jobs (what each rule did, with the texts sent)
//! and its automation settings.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use time::OffsetDateTime;

use super::job::{JobAction, JobId};
use super::ports::AutomationJobRepo;
use crate::User;
use crate::account::{AccountId, AccountRepo};
use crate::automation::RuleId;
use crate::privacy::{DataExporter, ExportError, ExportFile};

/// The most jobs exported per account (the log keeps 90 days).
const MAX_EXPORTED: u32 = 100_000;

pub struct AutomationLogExporter {
    accounts: Arc<dyn AccountRepo>,
    jobs: Arc<dyn AutomationJobRepo>,
}

impl AutomationLogExporter {
    pub fn new(accounts: Arc<dyn AccountRepo>, jobs: Arc<dyn AutomationJobRepo>) -> Self {
        Self { accounts, jobs }
    }
}

#[derive(Serialize)]
struct JobJson {
    id: JobId,
    rule_id: RuleId,
    event_key: String,
    author_id: String,
    media_id: Option<String>,
    state: &'static str,
    hold: Option<&'static str>,
    actions: Vec<JobAction>,
    attempts: u32,
    detail: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    event_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

#[derive(Serialize)]
struct SettingsJson {
    paused: Option<&'static str>,
    hourly_cap: u32,
    daily_cap: u32,
}

#[derive(Serialize)]
struct AccountJson {
    account_id: AccountId,
    username: String,
    settings: Option<SettingsJson>,
    jobs: Vec<JobJson>,
}

#[async_trait]
impl DataExporter for AutomationLogExporter {
    async fn export(&self, u: &User) -> Result<Vec<ExportFile>, ExportError> {
        let mut out = Vec::new();
        for a in self.accounts.accounts_of(u.id).await? {
            let settings = self
                .jobs
                .automation_settings(u.id, a.id)
                .await?
                .map(|s| SettingsJson {
                    paused: s.paused.map(|p| p.as_str()),
                    hourly_cap: s.limits.hourly(),
                    daily_cap: s.limits.daily(),
                });
            let jobs = self
                .jobs
                .account_jobs(u.id, a.id, MAX_EXPORTED)
                .await?
                .into_iter()
                .map(|j| JobJson {
                    id: j.id,
                    rule_id: j.rule,
                    event_key: j.event_key,
                    author_id: j.author_id,
                    media_id: j.media_id,
                    state: j.state.as_str(),
                    hold: j.hold.map(super::job::hold_as_str),
                    actions: j.actions,
                    attempts: j.attempts,
                    detail: j.detail,
                    event_at: j.event_at,
                    created_at: j.created_at,
                    updated_at: j.updated_at,
                })
                .collect();
            out.push(AccountJson {
                account_id: a.id,
                username: a.profile.username,
                settings,
                jobs,
            });
        }
        Ok(vec![ExportFile::json("automation_log.json", &out)?])
    }
}
