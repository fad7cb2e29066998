//! Slots to offer: the hours the account's followers are most often online
//! (the analytics' best-time data), or, without data, plain defaults that
//! say so.

use serde::Serialize;
use time::Weekday;

use super::slots::{QueueSlot, SlotTime, WEEK};

/// How many hours are offered from the data.
const FROM_DATA: usize = 3;
/// Offered hours are at least this far apart, so three suggestions are not
/// 18:00, 19:00 and 20:00 of one evening peak.
const MIN_GAP_HOURS: usize = 3;

/// Where the suggestions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionSource {
    /// The hours the account's followers are most often online.
    BestTime,
    /// No online-hours data yet: common defaults, not the account's own.
    Defaults,
}

/// One time on some days, added with one click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSuggestion {
    pub time: SlotTime,
    /// The days it would add (those the account does not have at this time).
    pub weekdays: Vec<Weekday>,
    /// Followers online then (average), when from data.
    pub followers: Option<i64>,
}

impl SlotSuggestion {
    pub fn slots(&self) -> Vec<QueueSlot> {
        self.weekdays
            .iter()
            .map(|d| QueueSlot::new(*d, self.time))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestions {
    pub source: SuggestionSource,
    /// Best first; those whose slots the account already has are left out.
    pub items: Vec<SlotSuggestion>,
}

/// Weekday mornings, lunch and evenings: where scheduling tools start
/// without data.
const DEFAULTS: [(u8, u8); 3] = [(9, 0), (12, 30), (18, 0)];

/// A time, its days and its followers online (when from data).
type Wanted = (SlotTime, &'static [Weekday], Option<i64>);

/// The suggestions for an account with slots `existing`, from its
/// followers online by local hour (the heatmap's hour profile, element `i`
/// is local hour `i`).
pub fn suggest(by_local_hour: Option<&[Option<i64>]>, existing: &[QueueSlot]) -> Suggestions {
    let peaks = by_local_hour.map(peak_hours);
    let (source, wanted): (_, Vec<Wanted>) = match peaks {
        Some(p) if !p.is_empty() => (
            SuggestionSource::BestTime,
            p.into_iter()
                .filter_map(|(h, f)| Some((SlotTime::new(h, 0)?, &WEEK[..], Some(f))))
                .collect(),
        ),
        _ => (
            SuggestionSource::Defaults,
            DEFAULTS
                .iter()
                .filter_map(|&(h, m)| Some((SlotTime::new(h, m)?, &WEEK[..5], None)))
                .collect(),
        ),
    };
    let items = wanted
        .into_iter()
        .map(|(time, days, followers)| SlotSuggestion {
            time,
            weekdays: days
                .iter()
                .copied()
                .filter(|d| !existing.contains(&QueueSlot::new(*d, time)))
                .collect(),
            followers,
        })
        .filter(|s| !s.weekdays.is_empty())
        .collect();
    Suggestions { source, items }
}

/// The busiest local hours, at most [`FROM_DATA`], each at least
/// [`MIN_GAP_HOURS`] from the others (around midnight too).
fn peak_hours(by_local_hour: &[Option<i64>]) -> Vec<(u8, i64)> {
    let mut hours: Vec<(usize, i64)> = by_local_hour
        .iter()
        .enumerate()
        .take(24)
        .filter_map(|(h, v)| v.map(|v| (h, v)))
        .collect();
    // Busiest first; the earlier hour of equal ones, for a stable answer.
    hours.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut picked: Vec<(usize, i64)> = Vec::new();
    for (h, v) in hours {
        let far = picked.iter().all(|(p, _)| {
            let d = h.abs_diff(*p);
            d.min(24 - d) >= MIN_GAP_HOURS
        });
        if far {
            picked.push((h, v));
        }
        if picked.len() == FROM_DATA {
            break;
        }
    }
    picked.into_iter().map(|(h, v)| (h as u8, v)).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::TimeZone;
    use crate::analytics::{OnlineHours, local_hours};
    use time::macros::datetime;

    fn online(values: &[(usize, i64)]) -> OnlineHours {
        let mut v = vec![Some(10); 24];
        for &(h, n) in values {
            v[h] = Some(n);
        }
        OnlineHours(v)
    }

    #[test]
    fn data_gives_the_busiest_local_hours_spread_out_every_day() {
        let almaty = TimeZone::parse("Asia/Almaty").unwrap_or_else(|_| TimeZone::utc());
        // UTC 13 = 18 in Almaty (UTC+5); 14 is too close to 13; UTC 3 = 8.
        let data = online(&[(13, 900), (14, 850), (3, 500), (20, 400)]);
        let local = local_hours(&data, &almaty, datetime!(2026-11-27 10:00 UTC));
        let s = suggest(Some(&local), &[]);
        assert_eq!(s.source, SuggestionSource::BestTime);
        let times: Vec<String> = s.items.iter().map(|i| i.time.to_string()).collect();
        assert_eq!(times, ["18:00", "08:00", "01:00"]);
        assert_eq!(s.items[0].weekdays.len(), 7);
        assert_eq!(s.items[0].followers, Some(900));
    }

    #[test]
    fn without_data_the_defaults_say_so_and_skip_what_exists() {
        let nine = SlotTime::new(9, 0)
            .unwrap_or(SlotTime::from_minutes(0).unwrap_or_else(|| unreachable!()));
        let existing = [QueueSlot::new(Weekday::Monday, nine)];
        for data in [None, Some(vec![None; 24])] {
            let s = suggest(data.as_deref(), &existing);
            assert_eq!(s.source, SuggestionSource::Defaults);
            assert_eq!(s.items[0].time, nine);
            assert_eq!(s.items[0].weekdays.first(), Some(&Weekday::Tuesday));
            assert_eq!(s.items[0].weekdays.len(), 4, "Tue–Fri: Monday is there");
            assert_eq!(s.items[2].slots().len(), 5);
        }
    }
}
