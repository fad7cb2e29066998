//! `/accounts/{account_id}/automation/rules`: an account's automation rules
//! (create with the body of `fixtures/automation/price-rule.json`), their
//! order, on/off, and "Test a rule" over the inbox's cache.

use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};
use socialflow_core::account::AccountId;
use socialflow_core::automation::{
    AutomationError, Decision, PlannedAction, Rule, RuleId, RuleMove, RuleSpec, TestedEvent,
};
use time::OffsetDateTime;

use super::auth::ApiAuth;
use super::error::*;
use crate::http::automation_text as text;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Tags)]
enum Tag {
    /// Automation rules that answer comments and messages, and "Test a rule".
    Automation,
}

/// A stored rule.
#[derive(Object)]
pub struct RuleDto {
    pub id: uuid::Uuid,
    pub account_id: uuid::Uuid,
    /// Rules are tried in ascending position; the first that answers wins.
    pub position: u32,
    /// The rule as written: the create body, with defaults filled in
    /// (`filters`, `delay`, `send`). See docs/automation.md.
    pub rule: serde_json::Value,
    /// For a `next_published` rule: the post it was bound to.
    #[oai(nullable)]
    pub bound_media_id: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl From<Rule> for RuleDto {
    fn from(r: Rule) -> Self {
        RuleDto {
            id: r.id.0,
            account_id: r.account.0,
            position: r.position,
            rule: serde_json::to_value(&r.spec).unwrap_or_default(),
            bound_media_id: r.bound_media_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// One thing the rule would do.
#[derive(Object)]
pub struct PlannedActionDto {
    /// `public_reply`, `private_reply`, `dm_reply`, `hide`, `mark_done`, `notify`.
    pub kind: String,
    /// The text it would send, `{username}` filled in.
    #[oai(nullable)]
    pub text: Option<String>,
}

/// An action of the rule left out for this event.
#[derive(Object)]
pub struct DroppedActionDto {
    pub kind: String,
    /// `comment_too_old`, `window_closed`, `username_unknown`.
    pub reason: String,
    pub message: String,
}

/// A cached comment or message and what the rule would have done with it.
#[derive(Object)]
pub struct TestedEventDto {
    /// `comment`, `direct_message`, `story_reply`, `story_mention`.
    pub kind: String,
    #[oai(nullable)]
    pub comment_id: Option<String>,
    #[oai(nullable)]
    pub media_id: Option<String>,
    #[oai(nullable)]
    pub username: Option<String>,
    pub text: String,
    pub at: OffsetDateTime,
    /// The rule would answer (or hold the answer for approval).
    pub matched: bool,
    /// `would_answer`, `held_for_approval`, or why not: `text_not_matched`,
    /// `other_trigger`, `other_post`, `not_bound`, `outside_active_hours`,
    /// `human_replied`, `already_answered`, `own_message`, `nothing_left`.
    pub outcome: String,
    /// The outcome in the caller's language.
    pub message: String,
    pub actions: Vec<PlannedActionDto>,
    pub dropped: Vec<DroppedActionDto>,
    /// When it would act (now plus the rule's delay).
    #[oai(nullable)]
    pub run_at: Option<OffsetDateTime>,
}

/// "Test a rule": the newest cached comments and messages first.
#[derive(Object)]
pub struct RuleTestDto {
    /// Events tried (at most 200).
    pub tried: u32,
    /// Events the rule would answer.
    pub matched: u32,
    pub events: Vec<TestedEventDto>,
}

pub fn tested_event(tr: &Tr, t: TestedEvent) -> TestedEventDto {
    let outcome = text::outcome(&t.evaluation);
    let (comment_id, media_id) = match &t.event.kind {
        socialflow_core::automation::EventKind::Comment {
            media_id,
            comment_id,
        } => (Some(comment_id.clone()), Some(media_id.clone())),
        _ => (None, None),
    };
    let (matched, actions, dropped, run_at) = match &t.evaluation.decision {
        Decision::Act(plan) => (
            true,
            plan.actions.iter().map(planned).collect(),
            plan.dropped
                .iter()
                .map(|(k, r)| DroppedActionDto {
                    kind: k.as_str().into(),
                    reason: text::drop_code(*r).into(),
                    message: text::drop_text(tr, *r),
                })
                .collect(),
            Some(plan.run_at),
        ),
        Decision::Skip(_) => (false, Vec::new(), Vec::new(), None),
    };
    TestedEventDto {
        kind: text::event_kind(&t.event.kind).into(),
        comment_id,
        media_id,
        username: t.event.author_username.clone(),
        text: t.event.text.clone(),
        at: t.event.at,
        matched,
        outcome: outcome.into(),
        message: text::outcome_text(tr, outcome),
        actions,
        dropped,
        run_at,
    }
}

fn planned(a: &PlannedAction) -> PlannedActionDto {
    let text = match a {
        PlannedAction::PublicReply { text, .. }
        | PlannedAction::PrivateReply { text, .. }
        | PlannedAction::DmReply { text, .. } => Some(text.clone()),
        _ => None,
    };
    PlannedActionDto {
        kind: a.kind().as_str().into(),
        text,
    }
}

#[derive(ApiResponse)]
pub enum CreatedRule {
    #[oai(status = 201)]
    Created(Json<RuleDto>),
}

#[derive(ApiResponse)]
pub enum DeletedRule {
    /// Deleted.
    #[oai(status = 204)]
    NoContent,
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "No such account or rule.",
    )
}

pub fn api_error(tr: &Tr, e: AutomationError) -> ApiError {
    match e {
        AutomationError::NotFound => not_found(),
        AutomationError::Invalid(problems) => {
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_rule",
                tr.t("automation-rule-not-saved"),
            );
            err.problems = problems.iter().map(|p| text::problem_json(tr, p)).collect();
            err
        }
        AutomationError::TooMany { max } => ApiError::new(
            StatusCode::CONFLICT,
            "too_many_rules",
            tr.t1("automation-too-many-rules", "max", max as usize),
        ),
        AutomationError::Store(e) => ApiError::from_store(e),
    }
}

/// The body as a rule; a body that is not one (a missing or unknown field,
/// a wrong type) is 422 `invalid_rule` with one `unreadable` problem.
fn parse(tr: &Tr, body: serde_json::Value) -> Result<RuleSpec, ApiError> {
    serde_json::from_value::<RuleSpec>(body).map_err(|e| {
        let mut err = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_rule",
            tr.t("automation-rule-not-saved"),
        );
        err.problems = vec![serde_json::json!({
            "code": "unreadable",
            "message": format!("{} {e}", tr.t("automation-problem-unreadable")),
        })];
        err
    })
}

pub struct AutomationApi;

#[OpenApi(tag = "Tag::Automation")]
impl AutomationApi {
    /// The account's rules in the order they are tried.
    #[oai(path = "/accounts/:account_id/automation/rules", method = "get")]
    async fn list(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<RuleDto>>, { AUTH | BY_ID }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let account = AccountId(account_id.0);
        // An account of another user's reads as absent, not as empty.
        state
            .accounts
            .get(auth.owner(), account)
            .await
            .map_err(ApiError::from)?;
        let rules = state
            .automation_rules
            .list(auth.owner(), account)
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(rules.into_iter().map(RuleDto::from).collect()))
    }

    /// Adds a rule after the account's last one. The body is a rule as in
    /// `fixtures/automation/price-rule.json` (docs/automation.md describes
    /// every field; unknown fields are refused). 422 `invalid_rule` lists
    /// every problem with its `code` and a `message` in your language; 409
    /// `too_many_rules` when the account already holds 50.
    #[oai(path = "/accounts/:account_id/automation/rules", method = "post")]
    async fn create(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        body: Json<serde_json::Value>,
    ) -> ApiResult<CreatedRule, { WRITE | JSON_BODY | BY_ID | E409 | E422 }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let spec = parse(&tr, body.0)?;
        let rule = state
            .automation_rules
            .create(auth.owner(), AccountId(account_id.0), &spec)
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(CreatedRule::Created(Json(rule.into())))
    }

    /// "Test a rule" before saving or enabling it: the rule in the body
    /// (as for create) is tried, as if on and alone, on the account's 200
    /// most recent cached comments and messages. Nothing is sent or
    /// stored. 422 `invalid_rule` as for create.
    #[oai(path = "/accounts/:account_id/automation/rules/test", method = "post")]
    async fn test(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        body: Json<serde_json::Value>,
    ) -> ApiResult<Json<RuleTestDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let spec = parse(&tr, body.0)?;
        let tested = state
            .rule_tester
            .test(
                auth.owner(),
                AccountId(account_id.0),
                &spec,
                &user.time_zone,
            )
            .await
            .map_err(|e| api_error(&tr, e))?;
        let events: Vec<TestedEventDto> =
            tested.into_iter().map(|t| tested_event(&tr, t)).collect();
        Ok(Json(RuleTestDto {
            tried: events.len() as u32,
            matched: events.iter().filter(|e| e.matched).count() as u32,
            events,
        }))
    }

    /// One rule.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id",
        method = "get"
    )]
    async fn get(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<RuleDto>, { AUTH | BY_ID }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let rule = state
            .automation_rules
            .get(auth.owner(), AccountId(account_id.0), RuleId(rule_id.0))
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(rule.into()))
    }

    /// Replaces the rule (its place in the order stays). 422 `invalid_rule`
    /// as for create.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id",
        method = "put"
    )]
    async fn replace(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
        body: Json<serde_json::Value>,
    ) -> ApiResult<Json<RuleDto>, { WRITE | JSON_BODY | BY_ID | E422 }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let spec = parse(&tr, body.0)?;
        let rule = state
            .automation_rules
            .replace(
                auth.owner(),
                AccountId(account_id.0),
                RuleId(rule_id.0),
                &spec,
            )
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(rule.into()))
    }

    /// Deletes the rule.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id",
        method = "delete"
    )]
    async fn delete(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
    ) -> ApiResult<DeletedRule, { WRITE | BY_ID }> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        state
            .automation_rules
            .delete(auth.owner(), AccountId(account_id.0), RuleId(rule_id.0))
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(DeletedRule::NoContent)
    }

    /// Switches the rule on.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id/enable",
        method = "post"
    )]
    async fn enable(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<RuleDto>, { WRITE | BY_ID }> {
        self.switch(auth, state, account_id.0, rule_id.0, true)
            .await
    }

    /// Switches the rule off.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id/disable",
        method = "post"
    )]
    async fn disable(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<RuleDto>, { WRITE | BY_ID }> {
        self.switch(auth, state, account_id.0, rule_id.0, false)
            .await
    }

    /// Moves the rule one place up (tried sooner); answers the rules in
    /// their new order. The first rule stays first.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id/move-up",
        method = "post"
    )]
    async fn move_up(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<RuleDto>>, { WRITE | BY_ID }> {
        self.shift(auth, state, account_id.0, rule_id.0, RuleMove::Up)
            .await
    }

    /// Moves the rule one place down; answers the rules in their new
    /// order. The last rule stays last.
    #[oai(
        path = "/accounts/:account_id/automation/rules/:rule_id/move-down",
        method = "post"
    )]
    async fn move_down(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account_id: Path<uuid::Uuid>,
        rule_id: Path<uuid::Uuid>,
    ) -> ApiResult<Json<Vec<RuleDto>>, { WRITE | BY_ID }> {
        self.shift(auth, state, account_id.0, rule_id.0, RuleMove::Down)
            .await
    }
}

impl AutomationApi {
    async fn switch<const S: u32>(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account: uuid::Uuid,
        rule: uuid::Uuid,
        on: bool,
    ) -> ApiResult<Json<RuleDto>, S> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let rule = state
            .automation_rules
            .set_enabled(auth.owner(), AccountId(account), RuleId(rule), on)
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(rule.into()))
    }

    async fn shift<const S: u32>(
        &self,
        auth: ApiAuth,
        state: Data<&AppState>,
        account: uuid::Uuid,
        rule: uuid::Uuid,
        direction: RuleMove,
    ) -> ApiResult<Json<Vec<RuleDto>>, S> {
        let user = auth.user();
        let tr = Tr::new(user.language);
        let rules = state
            .automation_rules
            .move_rule(auth.owner(), AccountId(account), RuleId(rule), direction)
            .await
            .map_err(|e| api_error(&tr, e))?;
        Ok(Json(rules.into_iter().map(RuleDto::from).collect()))
    }
}
