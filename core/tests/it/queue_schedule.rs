//! The queue's time arithmetic: weekly slots on the user's clock laid over
//! real dates — across DST changes, over the week's end, past a full
//! fortnight — and the next one free.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use socialflow_core::TimeZone;
use socialflow_core::queue::{
    NoFreeSlot, QueueSlot, SEARCH_DAYS, SlotTime, VIEW_DAYS, WEEK, next_free, occurrences,
    resolve_local,
};
use time::macros::datetime;
use time::{OffsetDateTime, Weekday};

fn slot(day: Weekday, h: u8, m: u8) -> QueueSlot {
    QueueSlot::new(day, SlotTime::new(h, m).unwrap())
}

fn weekdays_at(h: u8, m: u8) -> Vec<QueueSlot> {
    WEEK[..5].iter().map(|d| slot(*d, h, m)).collect()
}

fn zone(name: &str) -> TimeZone {
    TimeZone::parse(name).unwrap()
}

#[test]
fn a_0900_slot_stays_0900_local_across_the_spring_change() {
    let berlin = zone("Europe/Berlin");
    // Friday 2027-03-26; clocks go forward on Sunday 2027-03-28.
    let now = datetime!(2027-03-26 12:00 UTC);
    let slots = weekdays_at(9, 0);
    let times = occurrences(&slots, &berlin, now, 8);
    assert_eq!(
        times,
        vec![
            // Monday 29th 09:00 CEST (UTC+2) …
            datetime!(2027-03-29 07:00 UTC),
            datetime!(2027-03-30 07:00 UTC),
            datetime!(2027-03-31 07:00 UTC),
            datetime!(2027-04-01 07:00 UTC),
            datetime!(2027-04-02 07:00 UTC),
        ],
        "Friday's 09:00 has passed; after the change 09:00 local is 07:00 UTC"
    );
    for at in times {
        assert_eq!(berlin.to_local(at).hour(), 9);
    }
    // And before the change the same slot is 08:00 UTC.
    let before = occurrences(&slots, &berlin, datetime!(2027-03-25 12:00 UTC), 2);
    assert_eq!(before, vec![datetime!(2027-03-26 08:00 UTC)]);
}

#[test]
fn a_0900_slot_stays_0900_local_across_the_autumn_change() {
    let new_york = zone("America/New_York");
    // Clocks go back on Sunday 2026-11-01.
    let slots = vec![slot(Weekday::Saturday, 9, 0), slot(Weekday::Sunday, 9, 0)];
    let times = occurrences(&slots, &new_york, datetime!(2026-10-30 12:00 UTC), 3);
    assert_eq!(
        times,
        vec![
            datetime!(2026-10-31 13:00 UTC),
            datetime!(2026-11-01 14:00 UTC)
        ]
    );
}

#[test]
fn a_time_the_clocks_skip_moves_to_the_next_time_that_exists() {
    let berlin = zone("Europe/Berlin");
    // 02:30 does not exist on 2027-03-28 (02:00 → 03:00).
    let local = datetime!(2027-03-28 02:30);
    assert!(berlin.from_local(local).is_err());
    assert_eq!(
        resolve_local(&berlin, local),
        Some(datetime!(2027-03-28 01:00 UTC)),
        "03:00 CEST, the first minute of the day after the gap"
    );
    let slots = vec![slot(Weekday::Sunday, 2, 30), slot(Weekday::Monday, 2, 30)];
    let times = occurrences(&slots, &berlin, datetime!(2027-03-27 12:00 UTC), 3);
    assert_eq!(
        times,
        vec![
            datetime!(2027-03-28 01:00 UTC),
            datetime!(2027-03-29 00:30 UTC)
        ],
        "Monday's 02:30 exists again"
    );
    // A repeated time (autumn) is taken once, at its first occurrence.
    let twice = occurrences(
        &[slot(Weekday::Sunday, 2, 30)],
        &berlin,
        datetime!(2026-10-24 12:00 UTC),
        2,
    );
    assert_eq!(twice, vec![datetime!(2026-10-25 00:30 UTC)]);
}

#[test]
fn the_week_wraps_from_sunday_to_monday_on_the_users_clock() {
    let almaty = zone("Asia/Almaty");
    let slots = vec![slot(Weekday::Monday, 8, 0), slot(Weekday::Sunday, 23, 0)];
    // Sunday 2026-12-06 23:30 in Almaty (UTC+5): Sunday's slot has passed.
    let now = datetime!(2026-12-06 18:30 UTC);
    let at = next_free(&slots, &almaty, now, &BTreeSet::new(), SEARCH_DAYS).unwrap();
    assert_eq!(at, datetime!(2026-12-07 03:00 UTC), "Monday 08:00 local");
    // In UTC it is still Sunday: a UTC-only computation would offer Sunday
    // 23:00 UTC, which is Monday 04:00 in Almaty.
    assert_eq!(almaty.to_local(at).weekday(), Weekday::Monday);
}

#[test]
fn a_taken_slot_is_skipped_and_the_post_itself_is_not_counted() {
    let utc = TimeZone::utc();
    let slots = weekdays_at(9, 0);
    let now = datetime!(2026-12-07 06:00 UTC); // Monday
    let taken: BTreeSet<OffsetDateTime> = [datetime!(2026-12-07 09:00 UTC)].into();
    assert_eq!(
        next_free(&slots, &utc, now, &taken, SEARCH_DAYS),
        Ok(datetime!(2026-12-08 09:00 UTC))
    );
    // A time exactly now is not offered (it is no longer ahead).
    assert_eq!(
        next_free(
            &slots,
            &utc,
            datetime!(2026-12-07 09:00 UTC),
            &BTreeSet::new(),
            3
        ),
        Ok(datetime!(2026-12-08 09:00 UTC))
    );
}

#[test]
fn with_every_slot_of_14_days_full_the_next_week_is_used() {
    let utc = TimeZone::utc();
    let slots = vec![slot(Weekday::Monday, 9, 0), slot(Weekday::Thursday, 18, 30)];
    let now = datetime!(2026-12-07 06:00 UTC); // Monday
    let fortnight = occurrences(&slots, &utc, now, VIEW_DAYS);
    assert_eq!(fortnight.len(), 4);
    let taken: BTreeSet<_> = fortnight.into_iter().collect();
    assert_eq!(
        next_free(&slots, &utc, now, &taken, SEARCH_DAYS),
        Ok(datetime!(2026-12-21 09:00 UTC)),
        "the Monday of the third week"
    );
    let all: BTreeSet<_> = occurrences(&slots, &utc, now, SEARCH_DAYS)
        .into_iter()
        .collect();
    assert_eq!(
        next_free(&slots, &utc, now, &all, SEARCH_DAYS),
        Err(NoFreeSlot::Full { days: SEARCH_DAYS })
    );
}

#[test]
fn no_slots_is_a_clear_error() {
    assert_eq!(
        next_free(
            &[],
            &TimeZone::utc(),
            datetime!(2026-12-07 06:00 UTC),
            &BTreeSet::new(),
            SEARCH_DAYS
        ),
        Err(NoFreeSlot::NoSlots)
    );
}
