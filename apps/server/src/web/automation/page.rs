//! `/automation`: an account's rules in order (switch, arrows, edit,
//! delete) and the builder (`/automation/{account}/new`,
//! `/automation/{account}/{rule}`), whose "Test this rule" shows the dry run
//! on the same page. Everything works as plain forms.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::User;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::automation::engine::PauseReason;
use socialflow_core::automation::{
    AutomationError, Decision, INSTAGRAM_PRIVATE_REPLIES_PER_HOUR, MAX_RULES_PER_ACCOUNT,
    PlannedAction, RuleId, RuleMove, TestedEvent, compile,
};

use super::form::{DAYS, RuleForm};
use super::summary::summary;
use crate::http::automation_text as text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::format;
use crate::web::shared::forms::{CsrfForm, TokenOnly};
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct AccountChoice {
    pub id: String,
    pub username: String,
    pub selected: bool,
}

pub struct RuleRow {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub enabled: bool,
    pub first: bool,
    pub last: bool,
    /// What the engine did with it, in words; empty before its first event.
    pub counted: String,
    /// Kept by the ice-breaker page: edited there, not in the builder.
    pub managed: bool,
}

/// The account's pause switch and caps form.
pub struct SettingsView {
    pub paused: bool,
    /// Paused because Instagram refused the token.
    pub token: bool,
    /// As typed (kept after a refused save).
    pub hourly: String,
    pub daily: String,
    /// (field, message) of a refused save.
    pub problems: Vec<(&'static str, String)>,
    /// Replies waiting for approval (up to the engine's list bound).
    pub held: u32,
    /// "3 replies wait for your approval".
    pub held_text: String,
    pub hourly_hint: String,
}

impl SettingsView {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "automation.html")]
pub struct RulesPage {
    l: Layout,
    notice: Option<Notice>,
    accounts: Vec<AccountChoice>,
    /// The account shown: (id, username).
    account: Option<(String, String)>,
    rows: Vec<RuleRow>,
    count_text: String,
    full: bool,
    settings: Option<SettingsView>,
}

/// One action the rule would take in a dry run: its name and text.
pub struct WouldDo {
    pub name: String,
    pub text: Option<String>,
}

pub struct TestRow {
    pub kind: String,
    pub who: String,
    pub text: String,
    pub when: String,
    pub matched: bool,
    pub outcome: String,
    pub actions: Vec<WouldDo>,
    pub dropped: Vec<String>,
}

pub struct TestResults {
    pub intro: String,
    pub matched_text: String,
    pub rows: Vec<TestRow>,
}

pub struct DayBox {
    pub code: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "automation_rule.html")]
pub struct BuilderPage {
    l: Layout,
    account_id: String,
    username: String,
    rule_id: Option<String>,
    f: RuleForm,
    problems: Vec<(&'static str, String)>,
    test: Option<TestResults>,
    preview: String,
    days: Vec<DayBox>,
}

impl BuilderPage {
    pub fn errors(&self, field: &str) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    pub fn invalid(&self, field: &str) -> bool {
        self.problems.iter().any(|(f, _)| *f == field)
    }

    pub fn action(&self) -> String {
        match &self.rule_id {
            Some(id) => format!("/automation/{}/{id}", self.account_id),
            None => format!("/automation/{}/new", self.account_id),
        }
    }

    /// `selected` when the select `value` is the form's.
    pub fn sel(&self, current: &str, value: &str) -> &'static str {
        if current == value { "selected" } else { "" }
    }

    pub fn chk(&self, v: &str) -> &'static str {
        if v.is_empty() { "" } else { "checked" }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    account: String,
    notice: String,
}

pub(super) fn notice_for(tr: &Tr, code: &str) -> Option<Notice> {
    match code {
        "saved" => Notice::ok(tr.t("automation-saved")),
        "deleted" => Notice::ok(tr.t("automation-deleted")),
        "on" => Notice::ok(tr.t("automation-switched-on")),
        "off" => Notice::ok(tr.t("automation-switched-off")),
        "moved" => Notice::ok(tr.t("automation-moved")),
        "paused" => Notice::ok(tr.t("automation-ops-paused")),
        "resumed" => Notice::ok(tr.t("automation-ops-resumed")),
        "caps" => Notice::ok(tr.t("automation-ops-caps-saved")),
        _ => None,
    }
}

pub(super) fn gone(req: &Request, user: &User) -> Response {
    error_page(req, Some(user), StatusCode::NOT_FOUND, "automation-gone")
}

fn list_url(account: &str, notice: &str) -> String {
    format!("/automation?account={account}&notice={notice}")
}

#[handler]
pub async fn list(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ListQuery>,
) -> Response {
    let notice = notice_for(&Tr::new(me.user.language), &q.notice);
    render_list(req, &state, &me, &csrf.0, &q.account, notice, None)
        .await
        .into_response()
}

/// A caps form as typed, with the problems of its refused save.
pub struct TypedCaps {
    pub hourly: String,
    pub daily: String,
    pub problems: Vec<(&'static str, String)>,
}

/// The rules page of `account` (the first account when empty); `typed`
/// brings back a refused caps form as typed (422).
pub async fn render_list(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    account: &str,
    notice: Option<Notice>,
    typed: Option<TypedCaps>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let q = ListQuery {
        account: account.to_string(),
        notice: String::new(),
    };
    let accounts = match state.accounts.list_seen(&me.access).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let chosen: Option<&Account> = accounts
        .iter()
        .find(|a| a.id.0.to_string() == q.account)
        .or_else(|| accounts.first());
    if !q.account.is_empty() && chosen.is_some_and(|a| a.id.0.to_string() != q.account) {
        return gone(req, &me.user);
    }
    let mut rows = Vec::new();
    let mut settings = None;
    if let Some(acc) = chosen {
        let operator = state.automation_operator();
        let current = match operator.settings(me.access.owner(), acc.id).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "cannot read automation settings");
                return internal_error(req, Some(&me.user));
            }
        };
        let held = match operator.held_count(me.access.owner(), acc.id).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "cannot count held replies");
                0
            }
        };
        let status = if typed.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        let (hourly, daily, problems) = match typed {
            Some(t) => (t.hourly, t.daily, t.problems),
            None => (
                current.limits.hourly().to_string(),
                current.limits.daily().to_string(),
                Vec::new(),
            ),
        };
        settings = Some((
            SettingsView {
                paused: current.paused.is_some(),
                token: current.paused == Some(PauseReason::TokenInvalid),
                hourly,
                daily,
                problems,
                held,
                held_text: tr.t1("automation-ops-held-link", "count", held as usize),
                hourly_hint: tr.t1(
                    "automation-ops-hourly-hint",
                    "max",
                    INSTAGRAM_PRIVATE_REPLIES_PER_HOUR as usize,
                ),
            },
            status,
        ));
        let rules = match state.automation_rules.list(me.access.owner(), acc.id).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "cannot list rules");
                return internal_error(req, Some(&me.user));
            }
        };
        let n = rules.len();
        let engine = state.automation_engine();
        for (i, r) in rules.into_iter().enumerate() {
            // At most 50 rules an account, each one count over the kept log.
            let counted = match engine.rule_counters(me.access.owner(), acc.id, r.id).await {
                Ok(c) if c.matched > 0 => tr.t_args(
                    "automation-counted",
                    &[
                        (
                            "matched",
                            usize::try_from(c.matched).unwrap_or(usize::MAX).into(),
                        ),
                        ("sent", usize::try_from(c.sent).unwrap_or(usize::MAX).into()),
                        ("held", usize::try_from(c.held).unwrap_or(usize::MAX).into()),
                        (
                            "failed",
                            usize::try_from(c.failed).unwrap_or(usize::MAX).into(),
                        ),
                    ],
                ),
                Ok(_) => String::new(),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot count a rule's jobs");
                    String::new()
                }
            };
            let managed = socialflow_core::ice_breakers::is_managed(&r);
            rows.push(RuleRow {
                id: r.id.to_string(),
                summary: summary(&tr, &r.spec),
                name: r.spec.name,
                enabled: r.spec.enabled,
                first: i == 0,
                last: i + 1 == n,
                counted,
                managed,
            });
        }
    }
    let count = rows.len();
    let (settings, status) = match settings {
        Some((s, status)) => (Some(s), status),
        None => (None, StatusCode::OK),
    };
    RulesPage {
        notice,
        settings,
        accounts: accounts
            .iter()
            .map(|a| AccountChoice {
                id: a.id.0.to_string(),
                username: a.profile.username.clone(),
                selected: chosen.is_some_and(|c| c.id == a.id),
            })
            .collect(),
        account: chosen.map(|a| (a.id.0.to_string(), a.profile.username.clone())),
        rows,
        count_text: tr.t_args(
            "automation-count",
            &[
                ("count", count.into()),
                ("max", (MAX_RULES_PER_ACCOUNT as usize).into()),
            ],
        ),
        full: count >= MAX_RULES_PER_ACCOUNT as usize,
        l: Layout::new(tr, "automation-title", Some(&me.user), csrf, "/automation"),
    }
    .with_status(status)
    .into_response()
}

fn days(tr: &Tr, f: &RuleForm) -> Vec<DayBox> {
    DAYS.iter()
        .map(|(code, _)| DayBox {
            code,
            label: tr.t(&format!("automation-day-{code}")),
            checked: f.day(code),
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn builder(
    tr: Tr,
    me: &WebUser,
    csrf: &str,
    account: &Account,
    rule_id: Option<String>,
    f: RuleForm,
    problems: Vec<(&'static str, String)>,
    test: Option<TestResults>,
    status: StatusCode,
) -> Response {
    let (spec, _) = f.to_spec(&tr);
    let title = if rule_id.is_some() {
        "automation-edit-title"
    } else {
        "automation-new-title"
    };
    BuilderPage {
        account_id: account.id.0.to_string(),
        username: account.profile.username.clone(),
        rule_id,
        preview: summary(&tr, &spec),
        days: days(&tr, &f),
        f,
        problems,
        test,
        l: Layout::new(tr, title, Some(&me.user), csrf, "/automation"),
    }
    .with_status(status)
    .into_response()
}

pub(super) async fn account_of(state: &AppState, me: &WebUser, id: &str) -> Option<Account> {
    let id = uuid::Uuid::parse_str(id).ok()?;
    state
        .accounts
        .get(me.access.owner(), AccountId(id))
        .await
        .ok()
}

#[handler]
pub async fn new_rule(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(account): Path<String>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let Some(acc) = account_of(&state, &me, &account).await else {
        return gone(req, &me.user);
    };
    builder(
        tr,
        &me,
        &csrf.0,
        &acc,
        None,
        RuleForm::default(),
        Vec::new(),
        None,
        StatusCode::OK,
    )
}

#[handler]
pub async fn edit_rule(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path((account, rule)): Path<(String, String)>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let Some(acc) = account_of(&state, &me, &account).await else {
        return gone(req, &me.user);
    };
    let Ok(rid) = rule.parse::<RuleId>() else {
        return gone(req, &me.user);
    };
    match state
        .automation_rules
        .get(me.access.owner(), acc.id, rid)
        .await
    {
        Ok(r) => builder(
            tr,
            &me,
            &csrf.0,
            &acc,
            Some(rule),
            RuleForm::from_spec(&r.spec),
            Vec::new(),
            None,
            StatusCode::OK,
        ),
        Err(AutomationError::NotFound) => gone(req, &me.user),
        Err(e) => {
            tracing::error!(error = %e, "cannot read rule");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(account): Path<String>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Response {
    submit(req, &state, &me, &csrf.0, &account, None, form).await
}

#[handler]
pub async fn update(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path((account, rule)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Response {
    submit(req, &state, &me, &csrf.0, &account, Some(rule), form).await
}

fn test_results(
    tr: &Tr,
    zone: &socialflow_core::TimeZone,
    tested: Vec<TestedEvent>,
) -> TestResults {
    let tried = tested.len();
    let rows: Vec<TestRow> = tested
        .into_iter()
        .map(|t| {
            let outcome = text::outcome(&t.evaluation);
            let (matched, actions, dropped) = match &t.evaluation.decision {
                Decision::Act(plan) => (
                    true,
                    plan.actions
                        .iter()
                        .map(|a| WouldDo {
                            name: text::action_name(tr, a.kind()),
                            text: match a {
                                PlannedAction::PublicReply { text, .. }
                                | PlannedAction::PrivateReply { text, .. }
                                | PlannedAction::DmReply { text, .. } => Some(text.clone()),
                                _ => None,
                            },
                        })
                        .collect(),
                    plan.dropped
                        .iter()
                        .map(|(k, r)| {
                            format!("{}: {}", text::action_name(tr, *k), text::drop_text(tr, *r))
                        })
                        .collect(),
                ),
                Decision::Skip(_) => (false, Vec::new(), Vec::new()),
            };
            TestRow {
                kind: tr.t(&format!(
                    "automation-test-kind-{}",
                    text::event_kind(&t.event.kind).replace('_', "-")
                )),
                who: t
                    .event
                    .author_username
                    .clone()
                    .map(|u| format!("@{u}"))
                    .unwrap_or_default(),
                text: t.event.text.clone(),
                when: format::moment(tr.lang, zone, t.event.at),
                matched,
                outcome: text::outcome_text(tr, outcome),
                actions,
                dropped,
            }
        })
        .collect();
    let matched = rows.iter().filter(|r| r.matched).count();
    TestResults {
        intro: if tried == 0 {
            tr.t("automation-test-empty")
        } else {
            tr.t1("automation-test-intro", "count", tried)
        },
        matched_text: tr.t_args(
            "automation-test-matched",
            &[("matched", matched.into()), ("tried", tried.into())],
        ),
        rows,
    }
}

async fn submit(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    account: &str,
    rule: Option<String>,
    form: RuleForm,
) -> Response {
    let tr = Tr::new(me.user.language);
    let Some(acc) = account_of(state, me, account).await else {
        return gone(req, &me.user);
    };
    let rid = match rule.as_deref().map(str::parse::<RuleId>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => return gone(req, &me.user),
    };
    let (spec, mut problems) = form.to_spec(&tr);
    if let Err(found) = compile(&spec) {
        problems.extend(
            found
                .iter()
                .map(|p| (text::problem_field(p), text::problem(&tr, p))),
        );
    }
    let back = |f: RuleForm, problems, test, status| {
        builder(tr, me, csrf, &acc, rule.clone(), f, problems, test, status)
    };
    if !problems.is_empty() {
        return back(form, problems, None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let uid = me.access.owner();
    if form.intent == "test" {
        return match state
            .rule_tester
            .test(uid, acc.id, &spec, &me.user.time_zone)
            .await
        {
            Ok(tested) => {
                let results = test_results(&tr, &me.user.time_zone, tested);
                back(form, Vec::new(), Some(results), StatusCode::OK)
            }
            Err(e) => refused(req, me, e, |p| {
                back(form.clone(), p, None, StatusCode::UNPROCESSABLE_ENTITY)
            }),
        };
    }
    let saved = match rid {
        Some(id) => state.automation_rules.replace(uid, acc.id, id, &spec).await,
        None => state.automation_rules.create(uid, acc.id, &spec).await,
    };
    match saved {
        Ok(_) => Redirect::see_other(list_url(account, "saved")).into_response(),
        Err(e) => refused(req, me, e, |p| {
            back(form.clone(), p, None, StatusCode::UNPROCESSABLE_ENTITY)
        }),
    }
}

/// A refusal the user can fix comes back as the form with its problems.
fn refused(
    req: &Request,
    me: &WebUser,
    e: AutomationError,
    form: impl FnOnce(Vec<(&'static str, String)>) -> Response,
) -> Response {
    let tr = Tr::new(me.user.language);
    match e {
        AutomationError::Invalid(found) => form(
            found
                .iter()
                .map(|p| (text::problem_field(p), text::problem(&tr, p)))
                .collect(),
        ),
        AutomationError::TooMany { max } => form(vec![(
            "name",
            tr.t1("automation-too-many-rules", "max", max as usize),
        )]),
        AutomationError::NotFound => gone(req, &me.user),
        AutomationError::Store(e) => {
            tracing::error!(error = %e, "rule change failed");
            internal_error(req, Some(&me.user))
        }
    }
}

/// What a button on the list does.
enum Change {
    On,
    Off,
    Up,
    Down,
    Delete,
}

async fn change(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    account: &str,
    rule: &str,
    what: Change,
) -> Response {
    let (Ok(aid), Ok(rid)) = (uuid::Uuid::parse_str(account), rule.parse::<RuleId>()) else {
        return gone(req, &me.user);
    };
    let (uid, aid) = (me.access.owner(), AccountId(aid));
    let s = &state.automation_rules;
    let (done, notice) = match what {
        Change::On => (s.set_enabled(uid, aid, rid, true).await.map(|_| ()), "on"),
        Change::Off => (s.set_enabled(uid, aid, rid, false).await.map(|_| ()), "off"),
        Change::Up => (
            s.move_rule(uid, aid, rid, RuleMove::Up).await.map(|_| ()),
            "moved",
        ),
        Change::Down => (
            s.move_rule(uid, aid, rid, RuleMove::Down).await.map(|_| ()),
            "moved",
        ),
        Change::Delete => (s.delete(uid, aid, rid).await, "deleted"),
    };
    match done {
        Ok(()) => {
            Redirect::see_other(format!("{}#rules", list_url(account, notice))).into_response()
        }
        Err(AutomationError::NotFound) => gone(req, &me.user),
        Err(e) => {
            tracing::error!(error = %e, "rule change failed");
            internal_error(req, Some(&me.user))
        }
    }
}

macro_rules! button {
    ($name:ident, $what:expr) => {
        #[handler]
        pub async fn $name(
            req: &Request,
            state: Data<&AppState>,
            me: WebUser,
            Path((account, rule)): Path<(String, String)>,
            CsrfForm(_): CsrfForm<TokenOnly>,
        ) -> Response {
            change(req, &state, &me, &account, &rule, $what).await
        }
    };
}

button!(enable, Change::On);
button!(disable, Change::Off);
button!(move_up, Change::Up);
button!(move_down, Change::Down);
button!(delete, Change::Delete);

#[derive(Template, WebTemplate)]
#[template(path = "automation_delete.html")]
pub struct DeletePage {
    l: Layout,
    account_id: String,
    id: String,
    name: String,
}

/// The confirmation before deleting (a dialog with script, a page without).
#[handler]
pub async fn confirm_delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path((account, rule)): Path<(String, String)>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (Ok(aid), Ok(rid)) = (uuid::Uuid::parse_str(&account), rule.parse::<RuleId>()) else {
        return gone(req, &me.user);
    };
    match state
        .automation_rules
        .get(me.access.owner(), AccountId(aid), rid)
        .await
    {
        Ok(r) => DeletePage {
            account_id: account,
            id: rule,
            name: r.spec.name,
            l: Layout::new(
                tr,
                "automation-delete",
                Some(&me.user),
                &csrf.0,
                "/automation",
            ),
        }
        .into_response(),
        Err(AutomationError::NotFound) => gone(req, &me.user),
        Err(e) => {
            tracing::error!(error = %e, "cannot read rule");
            internal_error(req, Some(&me.user))
        }
    }
}
