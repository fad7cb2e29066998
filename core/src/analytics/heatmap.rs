//! The best-time heatmap: weekday × hour of when the account's followers are
//! online, on the user's clock.
//!
//! Instagram's `online_followers` is stored raw, one [`OnlineSample`] per UTC
//! hour of each day it reported. The grid is built from those instants at
//! read time in the zone asked for, so a zone change (or a DST change)
//! moves every cell correctly. The older 24-value average per UTC hour could
//! not know which weekday a value belonged to, and its hour label dropped a
//! half-hour offset (13:00 UTC in Kolkata is 18:30, not 18:00).

use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time, Weekday};

use super::best_time::{BestTime, PostingSuggestion};
use super::types::Audience;
pub use super::types::OnlineSample;
use crate::TimeZone;

/// At most this many samples are kept per account: 60 days of hours (the
/// capture asks for 30), so a bad answer cannot grow the row without bound.
pub const MAX_ONLINE_SAMPLES: usize = 60 * 24;

/// How many top slots the heatmap names.
pub const TOP_SLOTS: usize = 5;

/// Weekdays in grid order (rows), Monday first.
pub const GRID_WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// One of the busiest weekday-hours on the user's clock. `minute` is the
/// zone's offset minutes (30 in Kolkata, 45 in Kathmandu): Instagram's hours
/// are UTC hours, which start at that minute there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopSlot {
    pub weekday: Weekday,
    pub hour: u8,
    pub minute: u8,
    /// Average followers online then.
    pub followers: i64,
}

/// The 7 × 24 grid on one zone's clock. A cell is `None` when no sample fell
/// in it (missing data, shown as such, never as zero).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heatmap {
    /// `cells[d][h]`: weekday `GRID_WEEKDAYS[d]`, local hour `h`.
    pub cells: [[Option<i64>; 24]; 7],
    /// How many samples each cell averages.
    pub counts: [[u32; 24]; 7],
    /// The busiest cells, busiest first (ties: earlier in the week first).
    pub top: Vec<TopSlot>,
    /// The highest cell value (for colour scaling); 0 without data.
    pub max: i64,
}

impl Heatmap {
    /// Each local hour averaged over the weekdays that have it (for the
    /// queue's every-day slot suggestions).
    pub fn hour_profile(&self) -> Vec<Option<i64>> {
        (0..24)
            .map(|h| {
                let known: Vec<i64> = self.cells.iter().filter_map(|row| row[h]).collect();
                (!known.is_empty())
                    .then(|| (known.iter().sum::<i64>() as f64 / known.len() as f64).round() as i64)
            })
            .collect()
    }

    pub fn cell(&self, weekday: Weekday, hour: u8) -> Option<i64> {
        let d = weekday.number_days_from_monday() as usize;
        self.cells.get(d)?.get(hour as usize).copied().flatten()
    }
}

/// The grid of `samples` on `tz`'s clock; `None` without any sample.
pub fn heatmap(samples: &[OnlineSample], tz: &TimeZone) -> Option<Heatmap> {
    if samples.is_empty() {
        return None;
    }
    let mut sums = [[0i64; 24]; 7];
    let mut counts = [[0u32; 24]; 7];
    let mut minute = 0u8;
    for s in samples {
        let local = tz.to_local(s.at);
        let d = local.weekday().number_days_from_monday() as usize;
        let h = local.hour() as usize;
        sums[d][h] = sums[d][h].saturating_add(s.followers);
        counts[d][h] += 1;
        minute = local.minute();
    }
    let mut cells = [[None; 24]; 7];
    let mut max = 0;
    let mut all = Vec::new();
    for d in 0..7 {
        for h in 0..24 {
            if counts[d][h] > 0 {
                let v = (sums[d][h] as f64 / f64::from(counts[d][h])).round() as i64;
                cells[d][h] = Some(v);
                max = max.max(v);
                all.push((d, h, v));
            }
        }
    }
    // Busiest first; equal ones earlier in the week first, for a stable answer.
    all.sort_by(|a, b| b.2.cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    let top = all
        .into_iter()
        .take(TOP_SLOTS)
        .map(|(d, h, v)| TopSlot {
            weekday: GRID_WEEKDAYS[d],
            hour: h as u8,
            minute,
            followers: v,
        })
        .collect();
    Some(Heatmap {
        cells,
        counts,
        top,
        max,
    })
}

/// The next instant after `now` at `slot` on `tz`'s clock (within 8 days);
/// `None` when that wall-clock time does not exist in the coming week (a
/// DST gap) — a suggestion is then simply not offered.
pub fn next_at(slot: &TopSlot, tz: &TimeZone, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let today = tz.to_local(now).date();
    let time = Time::from_hms(slot.hour, slot.minute, 0).ok()?;
    (0..8)
        .map(|i| today + Duration::days(i))
        .filter(|d| d.weekday() == slot.weekday)
        .filter_map(|d| tz.from_local(PrimitiveDateTime::new(d, time)).ok())
        .find(|at| *at > now)
}

/// A slot offered as a "best time" has at least this share (in percent) of
/// the busiest slot's followers: on a flat week the runners-up are no
/// better than any other hour and are not worth offering.
pub const BEST_TIME_MIN_SHARE: i64 = 75;

/// "Best times this week": the next instant of each of the top `n` slots
/// that come close to the busiest, soonest first, with its wall-clock time
/// in `tz`.
pub fn best_times_this_week(
    map: &Heatmap,
    tz: &TimeZone,
    now: OffsetDateTime,
    n: usize,
) -> Vec<(TopSlot, OffsetDateTime, PrimitiveDateTime)> {
    let mut out: Vec<_> = map
        .top
        .iter()
        .filter(|s| s.followers.saturating_mul(100) >= map.max.saturating_mul(BEST_TIME_MIN_SHARE))
        .take(n)
        .filter_map(|s| next_at(s, tz, now).map(|at| (*s, at, tz.to_local(at))))
        .collect();
    out.sort_by_key(|(_, at, _)| *at);
    out
}

/// The composer's suggestion: the next instant of the busiest weekday-hour
/// on the user's clock. Audiences captured before samples were stored fall
/// back to the per-hour average.
pub fn suggestion_from(
    audience: &Audience,
    tz: &TimeZone,
    now: OffsetDateTime,
) -> Option<PostingSuggestion> {
    let Some(map) = heatmap(&audience.online_samples, tz) else {
        return audience
            .online
            .as_ref()
            .and_then(|o| super::posting_suggestion(o, tz, now));
    };
    let top = map.top.first()?;
    let at = next_at(top, tz, now)?;
    let next_local = tz.to_local(at);
    Some(PostingSuggestion {
        best: BestTime {
            utc_hour: at.hour(),
            local_hour: next_local.hour(),
            followers: top.followers,
        },
        next_at: at,
        next_local,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// 14 days from Monday 2026-11-02 UTC, 100 online every hour, 900 on
    /// Wednesdays at 15:00 UTC.
    fn samples() -> Vec<OnlineSample> {
        let start = datetime!(2026-11-02 00:00 UTC);
        (0..14 * 24)
            .map(|i| {
                let at = start + Duration::hours(i);
                let peak = at.weekday() == Weekday::Wednesday && at.hour() == 15;
                OnlineSample {
                    at,
                    followers: if peak { 900 } else { 100 },
                }
            })
            .collect()
    }

    #[test]
    fn the_grid_is_on_the_zones_clock_with_missing_cells_marked() {
        let map = heatmap(&samples()[..24], &TimeZone::utc()).expect("valid in test");
        assert_eq!(map.cell(Weekday::Monday, 5), Some(100));
        assert_eq!(map.cell(Weekday::Tuesday, 5), None, "no data: None, not 0");
        assert_eq!(heatmap(&[], &TimeZone::utc()), None);
    }

    #[test]
    fn the_best_slot_moves_with_the_zone() {
        let s = samples();
        let utc = heatmap(&s, &TimeZone::utc()).expect("valid in test");
        assert_eq!(
            (utc.top[0].weekday, utc.top[0].hour, utc.top[0].followers),
            (Weekday::Wednesday, 15, 900)
        );
        let almaty = TimeZone::parse("Asia/Almaty").expect("valid in test");
        let a = heatmap(&s, &almaty).expect("valid in test");
        assert_eq!((a.top[0].weekday, a.top[0].hour), (Weekday::Wednesday, 20));
        let tokyo = TimeZone::parse("Asia/Tokyo").expect("valid in test");
        let t = heatmap(&s, &tokyo).expect("valid in test");
        assert_eq!(
            (t.top[0].weekday, t.top[0].hour),
            (Weekday::Thursday, 0),
            "past midnight: the next weekday"
        );
    }
}
