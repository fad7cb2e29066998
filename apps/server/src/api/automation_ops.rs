//! The operator's side of automation over REST: the account's pause and
//! caps (`…/automation/settings`), the approval queue (`…/automation/held`)
//! and a rule's log page by page (`…/automation/rules/{rule_id}/log`).

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::account::AccountId;
use socialflow_core::automation::engine::{AutomationSettings, JobId, StoredAction};
use socialflow_core::automation::{LOG_PAGE_SIZE, OperatorError, OperatorJob, RuleId};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::automation_ops_text as text;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Automation rules that answer comments and messages, and "Test a rule".
    Automation,
}

/// The account's automation switch and caps.
#[derive(Object)]
pub struct AutomationSettingsDto {
    /// Nothing new is answered and waiting replies wait.
    pub paused: bool,
    /// `running`, `user` (paused by a person) or `token_invalid` (Instagram
    /// refused the token: reconnect the account, then resume).
    pub pause_reason: String,
    /// Replies, private replies and DMs sent per hour, at most (1–750).
    pub hourly_cap: u32,
    /// … per day (1–5000, at least the hourly cap).
    pub daily_cap: u32,
}

impl From<AutomationSettings> for AutomationSettingsDto {
    fn from(s: AutomationSettings) -> Self {
        AutomationSettingsDto {
            paused: s.paused.is_some(),
            pause_reason: text::pause_code(s.paused).into(),
            hourly_cap: s.limits.hourly(),
            daily_cap: s.limits.daily(),
        }
    }
}

/// New settings: every field is required.
#[derive(Object)]
pub struct AutomationSettingsBody {
    pub paused: bool,
    pub hourly_cap: u32,
    pub daily_cap: u32,
}

/// One action of a job: what it sends and where it stands.
#[derive(Object)]
pub struct JobActionDto {
    /// `public_reply`, `private_reply`, `dm_reply`, `hide`, `mark_done`, `notify`.
    pub kind: String,
    /// The exact text it sends.
    #[oai(nullable)]
    pub text: Option<String>,
    /// `planned`, `sending`, `done`, `already_done`, `failed`.
    pub status: String,
    /// Instagram's id of what was sent, or why it failed.
    #[oai(nullable)]
    pub detail: Option<String>,
    #[oai(nullable)]
    pub at: Option<OffsetDateTime>,
}

/// What started a job, as the inbox has it cached.
#[derive(Object)]
pub struct JobTriggerDto {
    /// `comment` or `message`.
    pub kind: String,
    /// The comment or message id.
    pub event_id: String,
    #[oai(nullable)]
    pub username: Option<String>,
    /// The comment or message text (null when no longer cached).
    #[oai(nullable)]
    pub text: Option<String>,
    #[oai(nullable)]
    pub media_id: Option<String>,
    #[oai(nullable)]
    pub permalink: Option<String>,
    /// When the person wrote.
    pub at: OffsetDateTime,
}

/// A job: a held reply or a line of a rule's log.
#[derive(Object)]
pub struct AutomationJobDto {
    pub id: uuid::Uuid,
    pub rule_id: uuid::Uuid,
    /// Null when the rule was deleted.
    #[oai(nullable)]
    pub rule_name: Option<String>,
    /// `pending`, `running`, `sent`, `partly_failed`, `failed`, `skipped`,
    /// `held`, `rejected`.
    pub state: String,
    /// For a held job: `approval`, `hourly_cap` or `daily_cap`.
    #[oai(nullable)]
    pub hold: Option<String>,
    pub trigger: JobTriggerDto,
    pub actions: Vec<JobActionDto>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

pub fn job_dto(o: OperatorJob) -> AutomationJobDto {
    let j = o.job;
    AutomationJobDto {
        id: j.id.0,
        rule_id: j.rule.0,
        rule_name: o.rule_name,
        state: j.state.as_str().into(),
        hold: j.hold.map(|h| text::hold_code(h).to_string()),
        trigger: JobTriggerDto {
            kind: if o.trigger.comment {
                "comment"
            } else {
                "message"
            }
            .into(),
            event_id: j.event_key,
            username: o.trigger.username,
            text: o.trigger.text,
            media_id: j.media_id,
            permalink: o.trigger.permalink,
            at: j.event_at,
        },
        actions: j
            .actions
            .into_iter()
            .map(|a| JobActionDto {
                kind: a.action.kind().as_str().into(),
                text: match a.action {
                    StoredAction::PublicReply { text, .. }
                    | StoredAction::PrivateReply { text, .. }
                    | StoredAction::DmReply { text, .. } => Some(text),
                    _ => None,
                },
                status: text::action_status_code(a.status).into(),
                detail: a.detail,
                at: a.at,
            })
            .collect(),
        created_at: j.created_at,
        updated_at: j.updated_at,
    }
}

/// A rule's counters over the kept 90-day log.
#[derive(Object)]
pub struct RuleCountersDto {
    pub matched: u64,
    pub sent: u64,
    pub held: u64,
    pub failed: u64,
    pub pending: u64,
}

/// One page of a rule's log, newest first.
#[derive(Object)]
pub struct RuleLogDto {
    pub counters: RuleCountersDto,
    pub page: u32,
    pub page_size: u32,
    pub has_more: bool,
    pub entries: Vec<AutomationJobDto>,
}

#[derive(ApiResponse)]
pub enum Decided {
    /// Done: an approved job is sent by the worker at once, a rejected one
    /// never.
    #[oai(status = 204)]
    NoContent,
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "No such account, rule or held reply.",
    )
}

fn api_error(tr: &Tr, e: OperatorError) -> ApiError {
    if let OperatorError::NotFound = e {
        return not_found();
    }
    if let Some((code, message)) = text::operator_refusal(tr, &e) {
        let status = if code == "cap_reached" {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return ApiError::new(status, code, message);
    }
    tracing::error!(error = %e, "automation operation failed");
    ApiError::internal()
}

pub struct AutomationOpsApi;

#[OpenApi(tag = "Tag::Automation")]
impl AutomationOpsApi {
    /// The account's automation switch and caps.
    #[oai(path = "/accounts/:account_id/automation/settings", method = "get")]
    async fn settings(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<AutomationSettingsDto>, { AUTH | BY_ID }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let s = state
            .automation_operator()
            .settings(auth.owner(), AccountId(account_id.0))
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(s.into()))
    }

    /// Pauses or resumes the account's automation and sets its caps. 422
    /// with `code` `hourly_out_of_range` (1–750, Instagram's private-reply
    /// limit), `daily_out_of_range` (1–5000) or `daily_below_hourly` and a
    /// `message` in your language; nothing is changed then. Resuming also
    /// lifts a pause caused by a refused token.
    #[oai(path = "/accounts/:account_id/automation/settings", method = "put")]
    async fn set_settings(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        body: Json<AutomationSettingsBody>,
    ) -> ApiResult<Json<AutomationSettingsDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let s = state
            .automation_operator()
            .set_settings(
                auth.owner(),
                AccountId(account_id.0),
                body.paused,
                body.hourly_cap,
                body.daily_cap,
            )
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(s.into()))
    }

    /// Replies held for approval (the rule says so, or sending would pass
    /// a cap), oldest first, at most 50: each with its rule, what started
    /// it and exactly what would be sent.
    #[oai(path = "/accounts/:account_id/automation/held", method = "get")]
    async fn held(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<AutomationJobDto>>, { AUTH | BY_ID }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let account = AccountId(account_id.0);
        // Another user's account reads as absent, not as an empty queue.
        state
            .accounts
            .get(auth.owner(), account)
            .await
            .map_err(ApiError::from)?;
        let held = state
            .automation_operator()
            .held(auth.owner(), account)
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(held.into_iter().map(job_dto).collect()))
    }

    /// Approves a held reply: the worker sends it at once, exactly once.
    /// 409 `cap_reached` when sending it now would pass the account's
    /// hourly or daily cap (it stays held).
    #[oai(
        path = "/accounts/:account_id/automation/held/:job_id/approve",
        method = "post"
    )]
    async fn approve(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        job_id: Path<uuid::Uuid>,
    ) -> ApiResult<Decided, { WRITE | BY_ID | E409 }> {
        self.decide(auth, state, account_id.0, job_id.0, true).await
    }

    /// Rejects a held reply: it is never sent and stays in the rule's log.
    #[oai(
        path = "/accounts/:account_id/automation/held/:job_id/reject",
        method = "post"
    )]
    async fn reject(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        job_id: Path<uuid::Uuid>,
    ) -> ApiResult<Decided, { WRITE | BY_ID }> {
        self.decide(auth, state, account_id.0, job_id.0, false)
            .await
    }

    /// A rule's log over the kept 90 days, newest first, 25 entries a page
    /// (`page` 1–400), with its counters. 422 `invalid_page` outside that.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id/log",
        method = "get"
    )]
    async fn log(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
        page: Query<Option<u32>>,
    ) -> ApiResult<Json<RuleLogDto>, { AUTH | BY_ID | E422 }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let p = state
            .automation_operator()
            .rule_log(
                auth.owner(),
                AccountId(account_id.0),
                RuleId(rule_id.0),
                page.0.unwrap_or(1),
            )
            .await
            .map_err(|e| api_error(&tr, e))?;
        let c = p.counters;
        Ok(Json(RuleLogDto {
            counters: RuleCountersDto {
                matched: c.matched,
                sent: c.sent,
                held: c.held,
                failed: c.failed,
                pending: c.pending,
            },
            page: p.page,
            page_size: LOG_PAGE_SIZE,
            has_more: p.has_more,
            entries: p.entries.into_iter().map(job_dto).collect(),
        }))
    }
}

impl AutomationOpsApi {
    async fn decide<const S: u32>(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account: uuid::Uuid,
        job: uuid::Uuid,
        approve: bool,
    ) -> ApiResult<Decided, S> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        state
            .automation_operator()
            .decide(auth.owner(), AccountId(account), JobId(job), approve)
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Decided::NoContent)
    }
}
