//! Daily series over a range: one point per day, `None` where nothing was
//! recorded, so charts and tables show gaps as gaps instead of inventing
//! values.

use time::Date;

use super::range::DateRange;
use super::types::{DailyInsights, FollowerSnapshot};

/// One day of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    pub day: Date,
    pub value: Option<i64>,
    /// The change since the day before, when both days have a value.
    pub change: Option<i64>,
}

/// A series over every day of `range`, from `(day, value)` pairs (sorted or
/// not; days outside the range are ignored).
pub fn daily_series(
    range: DateRange,
    values: impl IntoIterator<Item = (Date, Option<i64>)>,
) -> Vec<Point> {
    let mut by_day = std::collections::HashMap::new();
    for (day, value) in values {
        if day >= range.from && day <= range.to {
            by_day.insert(day, value);
        }
    }
    let mut out: Vec<Point> = Vec::with_capacity(range.days() as usize);
    let mut previous: Option<i64> = None;
    for day in range.iter() {
        let value = by_day.get(&day).copied().flatten();
        let change = match (previous, value) {
            (Some(p), Some(v)) => Some(v - p),
            _ => None,
        };
        out.push(Point { day, value, change });
        previous = value;
    }
    out
}

pub fn follower_series(range: DateRange, snapshots: &[FollowerSnapshot]) -> Vec<Point> {
    daily_series(range, snapshots.iter().map(|s| (s.day, s.followers)))
}

/// A series of one account metric, chosen by `pick`.
pub fn insight_series(
    range: DateRange,
    rows: &[DailyInsights],
    pick: impl Fn(&DailyInsights) -> Option<i64>,
) -> Vec<Point> {
    daily_series(range, rows.iter().map(|r| (r.day, pick(r))))
}

/// The first and last known values and the change between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Growth {
    pub first: i64,
    pub last: i64,
    pub change: i64,
    pub gained: i64,
    pub lost: i64,
}

/// Growth over a series; `None` when fewer than one value is known.
pub fn growth(points: &[Point]) -> Option<Growth> {
    let first = points.iter().find_map(|p| p.value)?;
    let last = points.iter().rev().find_map(|p| p.value)?;
    let gained = points
        .iter()
        .filter_map(|p| p.change)
        .filter(|c| *c > 0)
        .sum();
    let lost = points
        .iter()
        .filter_map(|p| p.change)
        .filter(|c| *c < 0)
        .map(|c| -c)
        .sum();
    Some(Growth {
        first,
        last,
        change: last - first,
        gained,
        lost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn gaps_stay_gaps_and_changes_need_both_days() {
        let range = DateRange {
            from: date!(2026 - 01 - 01),
            to: date!(2026 - 01 - 05),
        };
        let points = daily_series(
            range,
            [
                (date!(2026 - 01 - 01), Some(100)),
                (date!(2026 - 01 - 02), Some(103)),
                // 3rd missing: the job did not run.
                (date!(2026 - 01 - 04), Some(101)),
                (date!(2026 - 01 - 05), None),
                (date!(2026 - 02 - 01), Some(999)),
            ],
        );
        let values: Vec<_> = points.iter().map(|p| p.value).collect();
        assert_eq!(values, [Some(100), Some(103), None, Some(101), None]);
        let changes: Vec<_> = points.iter().map(|p| p.change).collect();
        assert_eq!(changes, [None, Some(3), None, None, None]);
        let g = growth(&points).expect("valid in test");
        assert_eq!(
            (g.first, g.last, g.change, g.gained, g.lost),
            (100, 101, 1, 3, 0)
        );
        assert_eq!(growth(&daily_series(range, [])), None);
    }
}
