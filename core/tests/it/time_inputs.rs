//! Property tests for every parser of a time a user sends: form fields,
//! calendar links, analytics ranges, RFC 3339 API values. Whatever comes in,
//! nothing panics, and whatever is accepted lies inside the window.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use socialflow_core::TimeZone;
use socialflow_core::analytics::{FOLLOWER_RETENTION_DAYS, range_from_params};
use socialflow_core::time_window::{
    EARLIEST, EARLIEST_DATE, TimeWindow, parse_calendar_date, parse_date, parse_local, parse_time,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime, UtcOffset};

const NOW: OffsetDateTime = datetime!(2026-12-06 12:00 UTC);

/// Strings shaped like dates and times, near misses, and anything at all.
fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[+-]?[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}",
        "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
        "(9999|0000|-9999|10000)-12-31",
        "\\PC{0,40}",
        ".{0,12}",
    ]
}

fn time_like() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})?", "\\PC{0,20}",]
}

/// Any instant `time` can hold, at any offset.
fn any_instant() -> impl Strategy<Value = OffsetDateTime> {
    let min = OffsetDateTime::new_utc(time::Date::MIN, time::Time::MIDNIGHT).unix_timestamp();
    let max = datetime!(9999-12-31 0:00 UTC).unix_timestamp();
    (min..max, -86_399i32..86_400).prop_filter_map("representable", |(secs, off)| {
        let offset = UtcOffset::from_whole_seconds(off).ok()?;
        OffsetDateTime::from_unix_timestamp(secs)
            .ok()?
            .checked_to_offset(offset)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn form_fields_never_panic(date in date_like(), time in time_like()) {
        let _ = parse_date(&date);
        let _ = parse_time(&time);
        if let Some(local) = parse_local(&date, &time) {
            for zone in ["UTC", "Asia/Almaty", "America/New_York", "Pacific/Kiritimati"] {
                let _ = TimeZone::parse(zone).unwrap().from_local(local);
            }
        }
    }

    #[test]
    fn calendar_days_outside_the_window_fall_back(date in date_like(), horizon in 1u32..4000) {
        let window = TimeWindow::new(horizon);
        let today = NOW.date();
        if let Some(d) = parse_calendar_date(&date, &window, today) {
            prop_assert!(d >= EARLIEST_DATE);
            prop_assert!(d <= today + Duration::days(i64::from(window.horizon_days())));
        }
    }

    #[test]
    fn scheduled_times_inside_the_window_only(at in any_instant(), horizon in 1u32..4000) {
        let window = TimeWindow::new(horizon);
        if window.check_schedule(at, NOW).is_ok() {
            prop_assert!(at >= NOW);
            prop_assert!(at <= NOW + Duration::days(3650));
        }
        if let Ok(t) = window.check("from", at, NOW) {
            prop_assert!(t >= EARLIEST && t <= window.latest(NOW));
        }
    }

    #[test]
    fn rfc3339_values_as_the_api_reads_them(s in prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
        "\\PC{0,40}",
    ]) {
        use time::format_description::well_known::Rfc3339;
        if let Ok(at) = OffsetDateTime::parse(&s, &Rfc3339) {
            let window = TimeWindow::default();
            let _ = window.check_schedule(at, NOW);
            let _ = window.check("to", at, NOW);
        }
    }

    #[test]
    fn analytics_ranges_are_bounded(from in proptest::option::of(date_like()), to in proptest::option::of(date_like())) {
        let today = NOW.date();
        if let Ok(r) = range_from_params(from.as_deref(), to.as_deref(), today) {
            prop_assert!(r.from <= r.to && r.to <= today);
            prop_assert!(r.days() <= FOLLOWER_RETENTION_DAYS);
        }
    }

    #[test]
    fn errors_never_echo_a_long_value(junk in "\\PC{100,400}") {
        if let Err(e) = range_from_params(Some(&junk), None, NOW.date()) {
            prop_assert!(e.to_string().chars().count() < 100, "{}", e);
        }
        prop_assert!(TimeZone::parse(&junk).is_err());
    }
}
