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

/// Ranges longer than this many days are drawn and tabled by week (the CSV
/// keeps every day).
pub const WEEKLY_ABOVE_DAYS: i64 = 90;

/// One week of a series: Monday to Sunday, the first and last weeks cut to
/// the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekPoint {
    pub from: Date,
    pub to: Date,
    pub value: Option<i64>,
    /// The change since the previous week, when both weeks have a value.
    pub change: Option<i64>,
}

fn monday_of(d: Date) -> Date {
    d - time::Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

fn by_week(points: &[Point]) -> Vec<&[Point]> {
    points
        .chunk_by(|a, b| monday_of(a.day) == monday_of(b.day))
        .collect()
}

fn week_points(points: &[Point], value: impl Fn(&[Point]) -> Option<i64>) -> Vec<WeekPoint> {
    let mut previous: Option<i64> = None;
    by_week(points)
        .into_iter()
        .filter_map(|w| {
            let (first, last) = (w.first()?, w.last()?);
            let v = value(w);
            let change = match (previous, v) {
                (Some(p), Some(v)) => Some(v - p),
                _ => None,
            };
            previous = v;
            Some(WeekPoint {
                from: first.day,
                to: last.day,
                value: v,
                change,
            })
        })
        .collect()
}

/// A level (followers) by week: each week's last known value; a week with
/// no known day is a gap.
pub fn weekly_last(points: &[Point]) -> Vec<WeekPoint> {
    week_points(points, |w| w.iter().rev().find_map(|p| p.value))
}

/// A daily quantity (reach, views) by week: the sum of the known days; a
/// week with no known day is a gap.
pub fn weekly_sum(points: &[Point]) -> Vec<WeekPoint> {
    week_points(points, |w| {
        w.iter()
            .filter_map(|p| p.value)
            .fold(None, |acc, v| Some(acc.unwrap_or(0) + v))
    })
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

    #[test]
    fn weeks_run_monday_to_sunday_and_keep_gaps() {
        // Thu 2026-01-01 .. Tue 2026-01-20: a 4-day first week, two full
        // weeks, a 2-day last week.
        let range = DateRange {
            from: date!(2026 - 01 - 01),
            to: date!(2026 - 01 - 20),
        };
        let values = range.iter().enumerate().map(|(i, d)| {
            // The second week (Jan 5–11) has no value at all.
            let known = !(4..11).contains(&i);
            (d, known.then_some(100 + i as i64))
        });
        let points = daily_series(range, values);
        let weeks = weekly_last(&points);
        let spans: Vec<_> = weeks.iter().map(|w| (w.from, w.to)).collect();
        assert_eq!(
            spans,
            [
                (date!(2026 - 01 - 01), date!(2026 - 01 - 04)),
                (date!(2026 - 01 - 05), date!(2026 - 01 - 11)),
                (date!(2026 - 01 - 12), date!(2026 - 01 - 18)),
                (date!(2026 - 01 - 19), date!(2026 - 01 - 20)),
            ]
        );
        let last: Vec<_> = weeks.iter().map(|w| w.value).collect();
        assert_eq!(last, [Some(103), None, Some(117), Some(119)]);
        let change: Vec<_> = weeks.iter().map(|w| w.change).collect();
        assert_eq!(
            change,
            [None, None, None, Some(2)],
            "a gap week breaks the change"
        );
        let sums: Vec<_> = weekly_sum(&points).iter().map(|w| w.value).collect();
        assert_eq!(
            sums,
            [
                Some(100 + 101 + 102 + 103),
                None,
                Some((111..=117).sum()),
                Some(118 + 119)
            ]
        );
    }
}
