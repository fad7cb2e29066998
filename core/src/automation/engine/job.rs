//! A durable automation job: one per (account, event), holding the plan
//! the chosen rule made, the seed it was made with, where each action
//! stands, and the lease of the worker running it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::account::AccountId;
use crate::automation::{ActionKind, HoldReason, PlannedAction, RuleId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JobId(pub Uuid);

impl JobId {
    pub fn new() -> Self {
        JobId(Uuid::now_v7())
    }
}

impl Default for JobId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for JobId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(JobId)
    }
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for its due time (or for the account to be resumed).
    Pending,
    /// Leased by a worker.
    Running,
    /// Every action done.
    Sent,
    /// Some actions done, some failed for good.
    PartlyFailed,
    /// No action could be done.
    Failed,
    /// The chosen rule had nothing left to do (the 7-day or 24-hour
    /// clock): recorded for the rule's log, never run.
    Skipped,
    /// Waiting for a person (approval, or over a cap).
    Held,
    /// A person refused it.
    Rejected,
}

impl JobState {
    pub const ALL: [JobState; 8] = [
        JobState::Pending,
        JobState::Running,
        JobState::Sent,
        JobState::PartlyFailed,
        JobState::Failed,
        JobState::Skipped,
        JobState::Held,
        JobState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Running => "running",
            JobState::Sent => "sent",
            JobState::PartlyFailed => "partly_failed",
            JobState::Failed => "failed",
            JobState::Skipped => "skipped",
            JobState::Held => "held",
            JobState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Nothing more will happen to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            JobState::Sent
                | JobState::PartlyFailed
                | JobState::Failed
                | JobState::Skipped
                | JobState::Rejected
        )
    }
}

pub fn hold_as_str(h: HoldReason) -> &'static str {
    match h {
        HoldReason::Approval => "approval",
        HoldReason::HourlyCap => "hourly_cap",
        HoldReason::DailyCap => "daily_cap",
    }
}

pub fn parse_hold(s: &str) -> Option<HoldReason> {
    match s {
        "approval" => Some(HoldReason::Approval),
        "hourly_cap" => Some(HoldReason::HourlyCap),
        "daily_cap" => Some(HoldReason::DailyCap),
        _ => None,
    }
}

/// Where one action stands. `Sending` is written before the call to
/// Instagram: finding it on a retry means the call may have gone out, so
/// the engine looks before it sends again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Planned,
    Sending,
    Done,
    /// The retry found the earlier send: done, not sent twice.
    AlreadyDone,
    Failed,
}

impl ActionStatus {
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            ActionStatus::Done | ActionStatus::AlreadyDone | ActionStatus::Failed
        )
    }

    pub fn is_done(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::AlreadyDone)
    }
}

/// A planned action as stored (the wire form of [`PlannedAction`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StoredAction {
    PublicReply { comment_id: String, text: String },
    PrivateReply { comment_id: String, text: String },
    DmReply { recipient_id: String, text: String },
    Hide { comment_id: String },
    MarkDone,
    Notify,
}

impl From<&PlannedAction> for StoredAction {
    fn from(a: &PlannedAction) -> Self {
        match a.clone() {
            PlannedAction::PublicReply { comment_id, text } => {
                StoredAction::PublicReply { comment_id, text }
            }
            PlannedAction::PrivateReply { comment_id, text } => {
                StoredAction::PrivateReply { comment_id, text }
            }
            PlannedAction::DmReply { recipient_id, text } => {
                StoredAction::DmReply { recipient_id, text }
            }
            PlannedAction::Hide { comment_id } => StoredAction::Hide { comment_id },
            PlannedAction::MarkDone => StoredAction::MarkDone,
            PlannedAction::Notify => StoredAction::Notify,
        }
    }
}

impl StoredAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            StoredAction::PublicReply { .. } => ActionKind::PublicReply,
            StoredAction::PrivateReply { .. } => ActionKind::PrivateReply,
            StoredAction::DmReply { .. } => ActionKind::DmReply,
            StoredAction::Hide { .. } => ActionKind::Hide,
            StoredAction::MarkDone => ActionKind::MarkDone,
            StoredAction::Notify => ActionKind::Notify,
        }
    }
}

/// One action of a job and its result: the job's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobAction {
    pub action: StoredAction,
    pub status: ActionStatus,
    /// Instagram's id of what was sent, or why it failed.
    #[serde(default)]
    pub detail: Option<String>,
    /// When the status last changed.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub at: Option<OffsetDateTime>,
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub owner: UserId,
    pub account: AccountId,
    pub rule: RuleId,
    /// The comment or message id: one job per (account, event key), however
    /// often the event arrives (webhook and sync both).
    pub event_key: String,
    /// The person's Instagram-scoped id (for "once per person").
    pub author_id: String,
    /// The post commented on (none: a message).
    pub media_id: Option<String>,
    /// When the person wrote.
    pub event_at: OffsetDateTime,
    /// The seed the plan was made with (variant and delay picks).
    pub seed: u64,
    pub state: JobState,
    pub hold: Option<HoldReason>,
    pub actions: Vec<JobAction>,
    pub due_at: OffsetDateTime,
    /// Runs started (claims).
    pub attempts: u32,
    /// Sends counted against the caps when the job was reserved.
    pub reserved_sends: u32,
    /// Why the last run stopped, when it did.
    pub detail: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Job {
    /// How many actions send something (and count against the caps).
    pub fn sends(&self) -> u32 {
        self.actions
            .iter()
            .filter(|a| a.action.kind().sends())
            .count() as u32
    }

    /// The final state once every action is finished.
    pub fn outcome(&self) -> JobState {
        let done = self.actions.iter().filter(|a| a.status.is_done()).count();
        if done == self.actions.len() {
            JobState::Sent
        } else if done == 0 {
            JobState::Failed
        } else {
            JobState::PartlyFailed
        }
    }
}

/// What [`super::AutomationJobRepo::enqueue_job`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// Stored as given (pending with its sends reserved, held, skipped).
    Queued,
    /// Stored held: reserving its sends would have passed a cap.
    HeldByCap(HoldReason),
    /// A job for this event already exists: nothing stored.
    Duplicate,
    /// The owner has no such account: nothing stored.
    NoAccount,
}

/// What deciding a held job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Approved,
    Rejected,
    /// Approving it now would pass a cap: it stays held.
    CapReached(HoldReason),
    /// No such held job of the owner's.
    NotFound,
}

/// A rule's counters over the kept log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct RuleCounters {
    /// Events the rule answered (every job but skips).
    pub matched: u64,
    pub sent: u64,
    pub held: u64,
    /// Failed or partly failed.
    pub failed: u64,
    pub pending: u64,
}

/// Why automation is paused for an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// A person paused it.
    User,
    /// Instagram refused the token: resumes after reconnecting.
    TokenInvalid,
}

impl PauseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            PauseReason::User => "user",
            PauseReason::TokenInvalid => "token_invalid",
        }
    }

    pub fn parse(s: &str) -> Option<PauseReason> {
        match s {
            "user" => Some(PauseReason::User),
            "token_invalid" => Some(PauseReason::TokenInvalid),
            _ => None,
        }
    }
}

/// An account's automation switch and caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AutomationSettings {
    /// Paused, and why; none: running.
    pub paused: Option<PauseReason>,
    pub limits: crate::automation::AutomationLimits,
}
