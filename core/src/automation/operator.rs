//! The operator's side of automation: the approval queue (held jobs with
//! what started them and exactly what would be sent), a rule's log page by
//! page, and the account's pause and caps. The engine stores jobs by event
//! id only; the comment or message text, its author and the post come from
//! the inbox's cache.

use std::collections::HashMap;
use std::sync::Arc;

use super::engine::{
    AutomationEngine, AutomationJobRepo, AutomationSettings, EngineError, Job, JobId, RuleCounters,
};
use super::ports::AutomationRuleRepo;
use super::rule::RuleId;
use crate::UserId;
use crate::account::AccountId;
use crate::inbox::{CachedMediaRepo, CommentRepo, ConversationRepo};
use crate::store_error::StoreError;

/// Entries on one page of a rule's log.
pub const LOG_PAGE_SIZE: u32 = 25;
/// The last page that may be asked for (10,000 entries; the 90-day log of
/// a busy rule is read page by page, never whole).
pub const MAX_LOG_PAGE: u32 = 400;
/// Held jobs shown at once in the approval queue.
pub const HELD_PAGE_SIZE: u32 = 50;

#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    /// No such account, rule or held job of the user's.
    #[error("not found")]
    NotFound,
    /// A log page outside 1..=MAX_LOG_PAGE.
    #[error("the page must be between 1 and {max}")]
    PageOutOfRange { max: u32 },
    #[error(transparent)]
    Engine(EngineError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<EngineError> for OperatorError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::NotFound => OperatorError::NotFound,
            e => OperatorError::Engine(e),
        }
    }
}

/// What started a job, as the inbox has it cached (all empty when the
/// comment or message is no longer cached).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobTrigger {
    /// A comment (else a message).
    pub comment: bool,
    pub username: Option<String>,
    pub text: Option<String>,
    /// The post commented on and its caption and link.
    pub media_id: Option<String>,
    pub caption: Option<String>,
    pub permalink: Option<String>,
}

/// A job with its rule's name and what started it.
#[derive(Debug, Clone)]
pub struct OperatorJob {
    pub job: Job,
    /// None when the rule is gone.
    pub rule_name: Option<String>,
    pub trigger: JobTrigger,
}

/// One page of a rule's log.
#[derive(Debug, Clone)]
pub struct LogPage {
    pub rule_name: String,
    pub counters: RuleCounters,
    /// 1-based.
    pub page: u32,
    pub entries: Vec<OperatorJob>,
    pub has_more: bool,
}

#[derive(Clone)]
pub struct AutomationOperator {
    engine: AutomationEngine,
    jobs: Arc<dyn AutomationJobRepo>,
    rules: Arc<dyn AutomationRuleRepo>,
    media: Arc<dyn CachedMediaRepo>,
    comments: Arc<dyn CommentRepo>,
    conversations: Arc<dyn ConversationRepo>,
}

impl AutomationOperator {
    pub fn new(
        engine: AutomationEngine,
        jobs: Arc<dyn AutomationJobRepo>,
        rules: Arc<dyn AutomationRuleRepo>,
        media: Arc<dyn CachedMediaRepo>,
        comments: Arc<dyn CommentRepo>,
        conversations: Arc<dyn ConversationRepo>,
    ) -> Self {
        Self {
            engine,
            jobs,
            rules,
            media,
            comments,
            conversations,
        }
    }

    pub async fn settings(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<AutomationSettings, OperatorError> {
        Ok(self.engine.settings(owner, account).await?)
    }

    /// Pauses or resumes and sets the caps (validated by
    /// [`super::AutomationLimits::new`]: `OperatorError::Engine(Limits)`).
    pub async fn set_settings(
        &self,
        owner: UserId,
        account: AccountId,
        paused: bool,
        hourly: u32,
        daily: u32,
    ) -> Result<AutomationSettings, OperatorError> {
        Ok(self
            .engine
            .set_settings(owner, account, paused, hourly, daily)
            .await?)
    }

    /// The account's held jobs, oldest first, at most `HELD_PAGE_SIZE`.
    pub async fn held(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<Vec<OperatorJob>, OperatorError> {
        let jobs = self.engine.held(owner, account, HELD_PAGE_SIZE).await?;
        self.describe(owner, account, jobs).await
    }

    /// How many jobs wait for approval (counted up to the engine's list
    /// bound, `MAX_LIST`).
    pub async fn held_count(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> Result<u32, OperatorError> {
        let jobs = self
            .engine
            .held(owner, account, super::engine::MAX_LIST)
            .await?;
        Ok(jobs.len() as u32)
    }

    /// Approves (the worker sends it once it is due, which is now) or
    /// rejects a held job.
    pub async fn decide(
        &self,
        owner: UserId,
        account: AccountId,
        job: JobId,
        approve: bool,
    ) -> Result<(), OperatorError> {
        Ok(self.engine.decide(owner, account, job, approve).await?)
    }

    /// Page `page` (1-based) of the rule's log, newest first.
    pub async fn rule_log(
        &self,
        owner: UserId,
        account: AccountId,
        rule: RuleId,
        page: u32,
    ) -> Result<LogPage, OperatorError> {
        if !(1..=MAX_LOG_PAGE).contains(&page) {
            return Err(OperatorError::PageOutOfRange { max: MAX_LOG_PAGE });
        }
        let Some(r) = self.rules.rule(owner, account, rule).await? else {
            return Err(OperatorError::NotFound);
        };
        let counters = self.engine.rule_counters(owner, account, rule).await?;
        // One more than shown says whether a next page exists.
        let mut jobs = self
            .jobs
            .rule_jobs_page(
                owner,
                account,
                rule,
                (page - 1) * LOG_PAGE_SIZE,
                LOG_PAGE_SIZE + 1,
            )
            .await?;
        let has_more = jobs.len() > LOG_PAGE_SIZE as usize;
        jobs.truncate(LOG_PAGE_SIZE as usize);
        Ok(LogPage {
            rule_name: r.spec.name,
            counters,
            page,
            entries: self.describe(owner, account, jobs).await?,
            has_more,
        })
    }

    async fn describe(
        &self,
        owner: UserId,
        account: AccountId,
        jobs: Vec<Job>,
    ) -> Result<Vec<OperatorJob>, OperatorError> {
        let names: HashMap<RuleId, String> = self
            .rules
            .rules(owner, account)
            .await?
            .into_iter()
            .map(|r| (r.id, r.spec.name))
            .collect();
        let mut out = Vec::with_capacity(jobs.len());
        for job in jobs {
            let trigger = self.trigger(owner, account, &job).await?;
            out.push(OperatorJob {
                rule_name: names.get(&job.rule).cloned(),
                trigger,
                job,
            });
        }
        Ok(out)
    }

    async fn trigger(
        &self,
        owner: UserId,
        account: AccountId,
        job: &Job,
    ) -> Result<JobTrigger, OperatorError> {
        if let Some(media_id) = &job.media_id {
            let mut t = JobTrigger {
                comment: true,
                media_id: Some(media_id.clone()),
                ..JobTrigger::default()
            };
            if let Some(c) = self.comments.cached_comment(owner, &job.event_key).await?
                && c.account_id == account
            {
                t.username = c.username;
                t.text = Some(c.text);
            }
            if let Some(m) = self.media.cached_media_item(owner, media_id).await?
                && m.account_id == account
            {
                t.caption = m.caption;
                t.permalink = m.permalink;
            }
            return Ok(t);
        }
        let mut t = JobTrigger::default();
        for conv in self
            .conversations
            .conversation_with(account, &job.author_id)
            .await?
        {
            t.username = t.username.or(conv.participant_username.clone());
            let messages = self.conversations.cached_messages(owner, &conv.id).await?;
            if let Some(m) = messages.into_iter().find(|m| m.id == job.event_key) {
                t.username = m.sender_username.or(t.username);
                t.text = m.text;
                break;
            }
        }
        Ok(t)
    }
}
