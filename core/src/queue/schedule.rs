//! Where a queue's slots fall in time: the weekly slots laid over the
//! user's calendar (in their zone, DST included), and the next one no other
//! post of the account takes.

use std::collections::BTreeSet;

use time::{Duration, OffsetDateTime, PrimitiveDateTime};

use super::slots::QueueSlot;
use crate::TimeZone;

/// The queue view shows this many days, today included.
pub const VIEW_DAYS: u32 = 14;

/// "Add to queue" looks this far ahead (13 weeks) for a free slot.
pub const SEARCH_DAYS: u32 = 91;

/// The longest run of local times a zone has skipped (Samoa skipped a whole
/// day in 2011), in minutes, plus a margin.
const LONGEST_GAP_MINUTES: i64 = 26 * 60;

/// Why no slot can be offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoFreeSlot {
    /// The account has no queue slots.
    #[error("the account has no queue slots")]
    NoSlots,
    /// Every slot of the next `days` days is taken.
    #[error("every queue slot of the next {days} days is taken")]
    Full { days: u32 },
}

/// The instant of a wall-clock time in `tz`. A time the clocks skip (spring
/// forward) becomes the first time that exists after it (02:30 in a
/// 02:00→03:00 gap is 03:00): the post still goes out that morning, at the
/// moment the day reaches that hour. A repeated time (autumn) is its first
/// occurrence.
pub fn resolve_local(tz: &TimeZone, local: PrimitiveDateTime) -> Option<OffsetDateTime> {
    if let Ok(at) = tz.from_local(local) {
        return Some(at);
    }
    // Slots are whole minutes and gaps start on whole minutes: step to the
    // first minute that exists.
    let start = local.replace_second(0).ok()?;
    (1..=LONGEST_GAP_MINUTES)
        .filter_map(|m| start.checked_add(Duration::minutes(m)))
        .find_map(|t| tz.from_local(t).ok())
}

/// Every occurrence of `slots` after `now`, over `days` days of the user's
/// calendar starting today, in time order (no instant twice).
pub fn occurrences(
    slots: &[QueueSlot],
    tz: &TimeZone,
    now: OffsetDateTime,
    days: u32,
) -> Vec<OffsetDateTime> {
    let today = tz.date_of(now);
    let mut out = BTreeSet::new();
    for offset in 0..i64::from(days) {
        let Some(date) = today.checked_add(Duration::days(offset)) else {
            break;
        };
        for slot in slots.iter().filter(|s| s.weekday == date.weekday()) {
            let local = PrimitiveDateTime::new(date, slot.time.as_time());
            if let Some(at) = resolve_local(tz, local).filter(|at| *at > now) {
                out.insert(at);
            }
        }
    }
    out.into_iter().collect()
}

/// The first occurrence of `slots` after `now`, within `days` days, that is
/// not in `taken` (the times of the account's other scheduled posts).
pub fn next_free(
    slots: &[QueueSlot],
    tz: &TimeZone,
    now: OffsetDateTime,
    taken: &BTreeSet<OffsetDateTime>,
    days: u32,
) -> Result<OffsetDateTime, NoFreeSlot> {
    if slots.is_empty() {
        return Err(NoFreeSlot::NoSlots);
    }
    occurrences(slots, tz, now, days)
        .into_iter()
        .find(|at| !taken.contains(at))
        .ok_or(NoFreeSlot::Full { days })
}
