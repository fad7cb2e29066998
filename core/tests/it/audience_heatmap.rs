//! The best-time heatmap: Instagram's online hours stored as UTC instants
//! and drawn on the user's clock at read time: a zone change, a half-hour
//! zone and DST each move the grid by the right amount, and the suggestion
//! follows (the "03:00 after a zone change" report).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use socialflow_core::TimeZone;
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{
    Audience, Demographics, OnlineHours, OnlineSample, best_times_this_week, collect, heatmap,
    suggestion_from,
};
use socialflow_core::instagram::{Insight, InsightValue, MetricValue};
use time::macros::datetime;
use time::{Duration, OffsetDateTime, Weekday};

fn zone(name: &str) -> TimeZone {
    TimeZone::parse(name).expect("a listed zone")
}

/// `days` days of hourly samples from `start`: 100 online, `peak` at the
/// UTC instants `is_peak` picks.
fn samples(
    start: OffsetDateTime,
    days: i64,
    is_peak: impl Fn(OffsetDateTime) -> bool,
) -> Vec<OnlineSample> {
    (0..days * 24)
        .map(|i| {
            let at = start + Duration::hours(i);
            OnlineSample {
                at,
                followers: if is_peak(at) { 900 } else { 100 },
            }
        })
        .collect()
}

/// Friday 14:00 UTC is the busiest hour.
fn friday_14_utc(at: OffsetDateTime) -> bool {
    at.weekday() == Weekday::Friday && at.hour() == 14
}

fn audience(online_samples: Vec<OnlineSample>) -> Audience {
    Audience {
        account_id: AccountId::new(),
        fetched_at: datetime!(2026-11-30 00:00 UTC),
        demographics: Demographics::default(),
        online: None,
        online_samples,
    }
}

#[test]
fn a_zone_change_moves_the_best_cell_and_the_suggestion() {
    let s = samples(datetime!(2026-11-02 00:00 UTC), 28, friday_14_utc);
    let now = datetime!(2026-11-30 10:00 UTC); // a Monday
    let before = zone("Europe/London");
    let after = zone("Asia/Almaty");
    let a = heatmap(&s, &before).unwrap();
    let b = heatmap(&s, &after).unwrap();
    assert_eq!((a.top[0].weekday, a.top[0].hour), (Weekday::Friday, 14));
    assert_eq!((b.top[0].weekday, b.top[0].hour), (Weekday::Friday, 19));
    assert_eq!(b.cell(Weekday::Friday, 19), Some(900));
    assert_eq!(b.cell(Weekday::Friday, 14), Some(100));

    // The composer's suggestion is the same instant, shown on the new clock:
    // never a night hour that belonged to the old zone.
    let sa = suggestion_from(&audience(s.clone()), &before, now).unwrap();
    let sb = suggestion_from(&audience(s), &after, now).unwrap();
    assert_eq!(sa.next_at, datetime!(2026-12-04 14:00 UTC));
    assert_eq!(sb.next_at, sa.next_at);
    assert_eq!(sb.next_local, datetime!(2026-12-04 19:00));
    assert_eq!(sb.best.local_hour, 19);
}

#[test]
fn a_half_hour_zone_keeps_its_minutes() {
    let s = samples(datetime!(2026-11-02 00:00 UTC), 14, friday_14_utc);
    let kolkata = zone("Asia/Kolkata"); // UTC+5:30
    let map = heatmap(&s, &kolkata).unwrap();
    let top = map.top[0];
    assert_eq!(
        (top.weekday, top.hour, top.minute),
        (Weekday::Friday, 19, 30),
        "14:00 UTC is 19:30 in Kolkata, not 19:00"
    );
    let now = datetime!(2026-11-30 10:00 UTC);
    let week = best_times_this_week(&map, &kolkata, now, 1);
    assert_eq!(week[0].1, datetime!(2026-12-04 14:00 UTC));
    assert_eq!(week[0].2, datetime!(2026-12-04 19:30));
    assert_eq!(
        best_times_this_week(&map, &kolkata, now, 3).len(),
        1,
        "hours with a ninth of the peak are not offered as best times"
    );
    // Every stored hour lands in exactly one cell.
    let counted: u32 = map.counts.iter().flatten().sum();
    assert_eq!(counted as usize, 14 * 24);
}

#[test]
fn dst_moves_the_cell_by_the_local_offset_of_each_day() {
    // New York leaves DST on 2026-11-01: 14:00 UTC is 10:00 before and
    // 09:00 after. The peak is at 10:00 New York time every day, so its UTC
    // hour changes with DST; the grid must still show one 10:00 column.
    let ny = zone("America/New_York");
    let s = samples(datetime!(2026-10-19 00:00 UTC), 28, |at| {
        ny.to_local(at).hour() == 10
    });
    let map = heatmap(&s, &ny).unwrap();
    for d in [Weekday::Monday, Weekday::Thursday, Weekday::Sunday] {
        assert_eq!(map.cell(d, 10), Some(900), "{d}");
        assert_eq!(map.cell(d, 9), Some(100), "{d}");
    }
    // In UTC the same data spreads over 14:00 and 15:00.
    let utc = heatmap(&s, &TimeZone::utc()).unwrap();
    assert_eq!(
        utc.cell(Weekday::Monday, 14),
        Some(500),
        "two 900s, two 100s"
    );
}

#[test]
fn missing_hours_are_marked_not_zero() {
    let s: Vec<OnlineSample> = samples(datetime!(2026-11-02 00:00 UTC), 1, |_| false)
        .into_iter()
        .filter(|x| x.at.hour() != 3)
        .collect();
    let map = heatmap(&s, &TimeZone::utc()).unwrap();
    assert_eq!(map.cell(Weekday::Monday, 3), None);
    assert_eq!(map.cell(Weekday::Monday, 4), Some(100));
    assert_eq!(map.cell(Weekday::Tuesday, 4), None, "a day never reported");
    assert!(heatmap(&[], &TimeZone::utc()).is_none());
}

#[test]
fn instagrams_pacific_hours_are_stored_as_utc_instants_across_dst() {
    let day = |end: OffsetDateTime, hour: &str| InsightValue {
        value: MetricValue::Map([(hour.to_string(), 50)].into_iter().collect()),
        end_time: Some(end),
    };
    let got = vec![Insight {
        name: "online_followers".into(),
        period: "lifetime".into(),
        values: vec![
            // Saturday 2026-10-31 (PDT, UTC-7) and Monday 2026-11-02 (PST, UTC-8).
            day(datetime!(2026-11-01 07:00 UTC), "9"),
            day(datetime!(2026-11-03 08:00 UTC), "9"),
        ],
        total: None,
    }];
    let s = collect::online_samples(&got);
    assert_eq!(
        s.iter().map(|x| x.at).collect::<Vec<_>>(),
        [
            datetime!(2026-10-31 16:00 UTC),
            datetime!(2026-11-02 17:00 UTC)
        ]
    );
    assert!(collect::online_samples(&[]).is_empty());
}

#[test]
fn audiences_without_samples_fall_back_to_the_hourly_average() {
    let mut a = audience(Vec::new());
    a.online = Some(OnlineHours(
        (0..24)
            .map(|h| Some(if h == 13 { 500 } else { 10 }))
            .collect(),
    ));
    let s = suggestion_from(&a, &zone("Asia/Almaty"), datetime!(2026-11-30 10:00 UTC)).unwrap();
    assert_eq!(s.next_at, datetime!(2026-11-30 13:00 UTC));
    a.online = None;
    assert!(suggestion_from(&a, &TimeZone::utc(), datetime!(2026-11-30 10:00 UTC)).is_none());
}
