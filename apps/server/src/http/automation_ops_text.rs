//! Texts of the operator's side of automation (pause and caps, the
//! approval queue, a rule's log) shared by the REST API and the pages.

use socialflow_core::automation::engine::{ActionStatus, JobState, PauseReason};
use socialflow_core::automation::{HoldReason, LimitsProblem, MAX_LOG_PAGE, OperatorError};

use crate::i18n::Tr;

/// A cap that cannot be set so, in the reader's language.
pub fn limits_problem(tr: &Tr, p: LimitsProblem) -> String {
    match p {
        LimitsProblem::HourlyOutOfRange { max } => {
            tr.t1("automation-ops-hourly-out-of-range", "max", max as usize)
        }
        LimitsProblem::DailyOutOfRange { max } => {
            tr.t1("automation-ops-daily-out-of-range", "max", max as usize)
        }
        LimitsProblem::DailyBelowHourly => tr.t("automation-ops-daily-below-hourly"),
    }
}

/// The form field a cap problem belongs to.
pub fn limits_field(p: LimitsProblem) -> &'static str {
    match p {
        LimitsProblem::HourlyOutOfRange { .. } => "hourly",
        LimitsProblem::DailyOutOfRange { .. } | LimitsProblem::DailyBelowHourly => "daily",
    }
}

pub fn limits_code(p: LimitsProblem) -> &'static str {
    match p {
        LimitsProblem::HourlyOutOfRange { .. } => "hourly_out_of_range",
        LimitsProblem::DailyOutOfRange { .. } => "daily_out_of_range",
        LimitsProblem::DailyBelowHourly => "daily_below_hourly",
    }
}

pub fn hold_code(h: HoldReason) -> &'static str {
    socialflow_core::automation::engine::hold_as_str(h)
}

/// Why a job waits for a person.
pub fn hold_text(tr: &Tr, h: HoldReason) -> String {
    tr.t(&format!(
        "automation-ops-hold-{}",
        hold_code(h).replace('_', "-")
    ))
}

pub fn pause_code(p: Option<PauseReason>) -> &'static str {
    p.map_or("running", PauseReason::as_str)
}

/// A job's state in words.
pub fn state_text(tr: &Tr, s: JobState) -> String {
    tr.t(&format!(
        "automation-ops-state-{}",
        s.as_str().replace('_', "-")
    ))
}

pub fn action_status_code(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Planned => "planned",
        ActionStatus::Sending => "sending",
        ActionStatus::Done => "done",
        ActionStatus::AlreadyDone => "already_done",
        ActionStatus::Failed => "failed",
    }
}

pub fn action_status_text(tr: &Tr, s: ActionStatus) -> String {
    tr.t(&format!(
        "automation-ops-action-{}",
        action_status_code(s).replace('_', "-")
    ))
}

/// The message of a refusal the user can act on; None for internal ones.
pub fn operator_refusal(tr: &Tr, e: &OperatorError) -> Option<(&'static str, String)> {
    use socialflow_core::automation::engine::EngineError;
    match e {
        OperatorError::PageOutOfRange { .. } => Some((
            "invalid_page",
            tr.t1(
                "automation-ops-page-out-of-range",
                "max",
                MAX_LOG_PAGE as usize,
            ),
        )),
        OperatorError::Engine(EngineError::Limits(p)) => {
            Some((limits_code(*p), limits_problem(tr, *p)))
        }
        OperatorError::Engine(EngineError::CapReached(h)) => Some((
            "cap_reached",
            tr.t1("automation-ops-cap-reached", "reason", hold_text(tr, *h)),
        )),
        _ => None,
    }
}
