//! What the Analytics page is asked for: the account, the range (a
//! preset or custom days) and the sort of the posts table.

use serde::Deserialize;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::analytics::{self as an, DateRange, MediaMetrics, RangeError, RangePreset};

use crate::i18n::{Arg, Tr};
use crate::web::shared::choice::Choice;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnalyticsQuery {
    pub account: String,
    pub range: String,
    pub from: String,
    pub to: String,
    pub sort: String,
    pub dir: String,
    /// CSV field separator: `comma` or `semicolon` (default: the language's).
    pub sep: String,
}

/// The translated message for a refused range.
pub fn range_error(tr: &Tr, e: &RangeError) -> String {
    match e {
        RangeError::UnknownPreset(_) => tr.t("analytics-error-preset"),
        RangeError::BadDate(s) => tr.t1("analytics-error-date", "value", s.as_str()),
        RangeError::Incomplete => tr.t("analytics-error-incomplete"),
        RangeError::Reversed { .. } => tr.t("analytics-error-reversed"),
        RangeError::TooLong { days, max } => tr.t_args(
            "analytics-error-too-long",
            &[("days", Arg::from(*days)), ("max", Arg::from(*max))],
        ),
        RangeError::InFuture(_) => tr.t("analytics-error-future"),
    }
}

pub fn preset_label(tr: &Tr, p: RangePreset) -> String {
    tr.t(&format!("analytics-range-{}", p.as_str()))
}

/// The range the query asks for, in the user's days.
pub fn chosen_range(
    q: &AnalyticsQuery,
    today: time::Date,
) -> Result<(RangePreset, DateRange), RangeError> {
    let preset = if q.range.is_empty() {
        RangePreset::Days30
    } else {
        RangePreset::parse(&q.range).ok_or_else(|| RangeError::UnknownPreset(q.range.clone()))?
    };
    let range = an::resolve_range(preset, Some(&q.from), Some(&q.to), today)?;
    Ok((preset, range))
}

pub fn parse_account(raw: &str) -> Option<AccountId> {
    uuid::Uuid::parse_str(raw).ok().map(AccountId)
}

/// The account the query names, else the user's first.
pub fn pick<'a>(accounts: &'a [Account], raw: &str) -> Option<&'a Account> {
    match parse_account(raw) {
        Some(id) => accounts.iter().find(|a| a.id == id),
        None if raw.is_empty() => accounts.first(),
        None => None,
    }
}

pub fn query_string(q: &AnalyticsQuery, account: AccountId, sort: &str, dir: &str) -> String {
    serde_urlencoded::to_string([
        ("account", account.to_string().as_str()),
        ("range", q.range.as_str()),
        ("from", q.from.as_str()),
        ("to", q.to.as_str()),
        ("sort", sort),
        ("dir", dir),
    ])
    .unwrap_or_default()
}

pub const SORTS: [(&str, &str); 10] = [
    ("date", "analytics-col-date"),
    ("reach", "analytics-col-reach"),
    ("views", "analytics-col-views"),
    ("likes", "analytics-col-likes"),
    ("comments", "analytics-col-comments"),
    ("saves", "analytics-col-saves"),
    ("shares", "analytics-col-shares"),
    ("watch", "analytics-col-watch"),
    ("er", "analytics-col-engagement"),
    ("type", "analytics-col-type"),
];

/// Sorts posts by a column (`date` for an unknown one); unknown values sort
/// last whatever the direction.
pub fn sort_posts(posts: &mut [MediaMetrics], sort: &str, descending: bool) {
    an::sort_media(
        posts,
        an::MediaSort::parse(sort).unwrap_or(an::MediaSort::Date),
        descending,
    );
}

pub fn presets(tr: &Tr, chosen: Option<RangePreset>) -> Vec<Choice> {
    RangePreset::ALL
        .iter()
        .map(|p| Choice {
            value: p.as_str().into(),
            label: preset_label(tr, *p),
            selected: Some(*p) == chosen,
        })
        .collect()
}
