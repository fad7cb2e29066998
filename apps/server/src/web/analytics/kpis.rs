//! The key figures of a period with their Δ against the previous period,
//! as the Analytics page and the report show them.

use socialflow_core::analytics::{Comparison, DateRange, Delta, previous_range};

use super::format::{self as fmt, DeltaView};
use crate::i18n::{Arg, Tr};
use crate::web::shared::format::day;

pub struct KpiView {
    pub name: String,
    pub value: String,
    pub delta: DeltaView,
    /// "previous period: 1,234" (for the title and screen readers).
    pub previous: String,
}

fn kpi(tr: &Tr, key: &str, value: String, previous: String, d: Delta) -> KpiView {
    KpiView {
        name: tr.t(key),
        value,
        delta: fmt::delta(tr, d),
        previous: tr.t1("analytics-delta-previous", "value", previous),
    }
}

pub fn kpi_views(tr: &Tr, c: &Comparison) -> Vec<KpiView> {
    let (cur, prev) = (&c.current, &c.previous);
    vec![
        kpi(
            tr,
            "analytics-col-followers",
            fmt::count(tr, cur.followers),
            fmt::count(tr, prev.followers),
            c.followers,
        ),
        kpi(
            tr,
            "analytics-col-reach",
            fmt::count(tr, cur.reach),
            fmt::count(tr, prev.reach),
            c.reach,
        ),
        kpi(
            tr,
            "analytics-col-views",
            fmt::count(tr, cur.views),
            fmt::count(tr, prev.views),
            c.views,
        ),
        kpi(
            tr,
            "analytics-col-interactions",
            fmt::count(tr, cur.interactions),
            fmt::count(tr, prev.interactions),
            c.interactions,
        ),
        kpi(
            tr,
            "analytics-kpi-posts",
            fmt::count(tr, Some(cur.posts)),
            fmt::count(tr, Some(prev.posts)),
            c.posts,
        ),
        kpi(
            tr,
            "analytics-kpi-engagement",
            fmt::percent(tr, cur.engagement_rate),
            fmt::percent(tr, prev.engagement_rate),
            c.engagement_rate,
        ),
    ]
}

/// "Compared with Oct 2, 2026 – Oct 31, 2026 (the 30 days before)."
pub fn compared_with(tr: &Tr, range: DateRange) -> String {
    let p = previous_range(range);
    tr.t_args(
        "analytics-compared-with",
        &[
            ("from", Arg::from(day(tr.lang, p.from))),
            ("to", Arg::from(day(tr.lang, p.to))),
            ("days", Arg::from(p.days())),
        ],
    )
}
