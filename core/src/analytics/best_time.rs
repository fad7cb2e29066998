//! When to post: the hour the account's followers are most often online
//! (Instagram's `online_followers`), in the user's time zone. The Content
//! Manager calls [`best_time_to_post`] / [`next_best_posting_time`] to offer a
//! time when scheduling.

use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time};

use super::types::OnlineHours;
use crate::TimeZone;

/// The suggested hour to post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BestTime {
    /// The hour in UTC (0–23) with the most followers online.
    pub utc_hour: u8,
    /// That hour on the user's clock today (0–23).
    pub local_hour: u8,
    /// Followers online then (average).
    pub followers: i64,
}

/// The busiest hour, converted to the user's clock as of `now`. `None` when
/// Instagram reported no hour (e.g. under 100 followers).
pub fn best_time_to_post(
    online: &OnlineHours,
    tz: &TimeZone,
    now: OffsetDateTime,
) -> Option<BestTime> {
    let (utc_hour, followers) = online
        .0
        .iter()
        .enumerate()
        .take(24)
        .filter_map(|(h, v)| v.map(|v| (h as u8, v)))
        // The earliest of equal peaks, for a stable answer.
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    let at = now.replace_time(Time::from_hms(utc_hour, 0, 0).ok()?);
    Some(BestTime {
        utc_hour,
        local_hour: tz.to_local(at).hour(),
        followers,
    })
}

/// The next instant after `now` at the busiest UTC hour (minute 0), for a
/// scheduling form to pre-fill.
pub fn next_best_posting_time(online: &OnlineHours, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let best = best_time_to_post(online, &TimeZone::utc(), now)?;
    let today = now.replace_time(Time::from_hms(best.utc_hour, 0, 0).ok()?);
    Some(if today > now {
        today
    } else {
        today + Duration::days(1)
    })
}

/// What a scheduling form offers: the busiest hour and the next instant at
/// it, with that instant on the user's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingSuggestion {
    pub best: BestTime,
    /// The next instant after `now` at the busiest hour (UTC).
    pub next_at: OffsetDateTime,
    /// `next_at` on the user's clock (date, weekday and time to show and to
    /// fill into the form).
    pub next_local: PrimitiveDateTime,
}

/// The suggestion for a scheduling form, or `None` when Instagram reported
/// no online hour (not enough data).
pub fn posting_suggestion(
    online: &OnlineHours,
    tz: &TimeZone,
    now: OffsetDateTime,
) -> Option<PostingSuggestion> {
    let best = best_time_to_post(online, tz, now)?;
    let next_at = next_best_posting_time(online, now)?;
    Some(PostingSuggestion {
        best,
        next_at,
        next_local: tz.to_local(next_at),
    })
}

/// The hours in the user's clock order: element `i` is local hour `i`'s
/// followers online (for the heat strip).
pub fn local_hours(online: &OnlineHours, tz: &TimeZone, now: OffsetDateTime) -> Vec<Option<i64>> {
    let mut out = vec![None; 24];
    for (h, v) in online.0.iter().enumerate().take(24) {
        if let Ok(t) = Time::from_hms(h as u8, 0, 0) {
            let local = tz.to_local(now.replace_time(t)).hour() as usize;
            out[local] = *v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn hours(peak: usize) -> OnlineHours {
        OnlineHours(
            (0..24)
                .map(|h| Some(if h == peak { 500 } else { 100 + h as i64 }))
                .collect(),
        )
    }

    #[test]
    fn the_suggestion_is_the_next_busiest_hour_on_the_users_clock() {
        let almaty = TimeZone::parse("Asia/Almaty").expect("valid in test");
        // 20:00 UTC is past 19:00 UTC: tomorrow, which is already the 28th
        // 00:00 in Almaty.
        let now = datetime!(2026-11-27 20:00 UTC);
        let s = posting_suggestion(&hours(19), &almaty, now).expect("valid in test");
        assert_eq!(s.next_at, datetime!(2026-11-28 19:00 UTC));
        assert_eq!(s.next_local, datetime!(2026-11-29 00:00));
        assert_eq!(s.best.followers, 500);
        let unknown = OnlineHours(vec![None; 24]);
        assert_eq!(posting_suggestion(&unknown, &almaty, now), None);
    }

    #[test]
    fn picks_the_busiest_hour_in_the_users_clock() {
        let almaty = TimeZone::parse("Asia/Almaty").expect("valid in test");
        let now = datetime!(2026-11-27 10:00 UTC);
        let best = best_time_to_post(&hours(13), &almaty, now).expect("valid in test");
        assert_eq!(best.utc_hour, 13);
        assert_eq!(best.local_hour, 18, "Almaty is UTC+5");
        assert_eq!(best.followers, 500);
        assert_eq!(
            next_best_posting_time(&hours(13), now),
            Some(datetime!(2026-11-27 13:00 UTC))
        );
        assert_eq!(
            next_best_posting_time(&hours(8), now),
            Some(datetime!(2026-11-28 08:00 UTC)),
            "past today: tomorrow"
        );
        let local = local_hours(&hours(13), &almaty, now);
        assert_eq!(local[18], Some(500));
    }

    #[test]
    fn nothing_reported_means_no_suggestion() {
        let empty = OnlineHours(vec![None; 24]);
        assert_eq!(
            best_time_to_post(&empty, &TimeZone::utc(), datetime!(2026-01-01 0:00 UTC)),
            None
        );
        assert_eq!(
            best_time_to_post(
                &OnlineHours::default(),
                &TimeZone::utc(),
                datetime!(2026-01-01 0:00 UTC)
            ),
            None
        );
    }
}
