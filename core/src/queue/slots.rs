//! A queue slot: a weekday and a time of day on the user's clock ("Monday
//! 09:00"). An account's slots are a small set, validated here before any
//! adapter stores them.

use std::fmt;

use serde::Serialize;
use time::Weekday;

/// At most this many slots per account (seven a day is already more than
/// Instagram's reach rewards).
pub const MAX_SLOTS: usize = 50;

/// A time of day to the minute, `00:00`–`23:59`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SlotTime(u16);

impl SlotTime {
    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then(|| SlotTime(u16::from(hour) * 60 + u16::from(minute)))
    }

    /// From minutes after midnight (0–1439), as stored.
    pub fn from_minutes(m: u16) -> Option<Self> {
        (m < 24 * 60).then_some(SlotTime(m))
    }

    /// `HH:MM` (a seconds part `:00`, as some time inputs send, is allowed).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let s = s.strip_suffix(":00").filter(|r| r.len() == 5).unwrap_or(s);
        let (h, m) = s.split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return None;
        }
        if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Self::new(h.parse().ok()?, m.parse().ok()?)
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }

    pub fn as_time(self) -> time::Time {
        time::Time::from_hms(self.hour(), self.minute(), 0).unwrap_or(time::Time::MIDNIGHT)
    }
}

impl fmt::Display for SlotTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

/// One weekly slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueueSlot {
    pub weekday: Weekday,
    pub time: SlotTime,
}

impl QueueSlot {
    pub fn new(weekday: Weekday, time: SlotTime) -> Self {
        Self { weekday, time }
    }

    /// Monday first, then by time: the order every list shows.
    pub fn sort_key(&self) -> (u8, SlotTime) {
        (self.weekday.number_from_monday(), self.time)
    }
}

/// The seven days, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// `mon` … `sun`, as the API and forms name days.
pub fn weekday_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_ascii_lowercase();
    WEEK.into_iter().find(|d| weekday_code(*d) == s)
}

/// 1 (Monday) – 7 (Sunday), as stored.
pub fn weekday_from_number(n: u8) -> Option<Weekday> {
    WEEK.get(usize::from(n).checked_sub(1)?).copied()
}

/// What a user sends: a day and a time as text, checked together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSlot {
    pub weekday: String,
    pub time: String,
}

impl From<QueueSlot> for RawSlot {
    fn from(s: QueueSlot) -> Self {
        RawSlot {
            weekday: weekday_code(s.weekday).into(),
            time: s.time.to_string(),
        }
    }
}

/// One reason a set of slots is refused; positions are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SlotProblem {
    /// Not `mon` … `sun`.
    BadWeekday {
        position: usize,
    },
    /// Not `HH:MM` from 00:00 to 23:59.
    BadTime {
        position: usize,
    },
    TooManySlots {
        max: usize,
        actual: usize,
    },
    /// The same day and time twice.
    Duplicate {
        weekday: &'static str,
        time: String,
    },
}

/// Reads and checks a whole set as sent, every problem at once; returns it
/// sorted. Only the first [`MAX_SLOTS`] are read: a longer list is refused
/// by its count.
pub fn check_slots(raw: &[RawSlot]) -> Result<Vec<QueueSlot>, Vec<SlotProblem>> {
    let mut problems = Vec::new();
    if raw.len() > MAX_SLOTS {
        problems.push(SlotProblem::TooManySlots {
            max: MAX_SLOTS,
            actual: raw.len(),
        });
    }
    let mut slots = Vec::new();
    for (i, r) in raw.iter().take(MAX_SLOTS).enumerate() {
        let day = parse_weekday(&r.weekday);
        let time = SlotTime::parse(&r.time);
        if day.is_none() {
            problems.push(SlotProblem::BadWeekday { position: i + 1 });
        }
        if time.is_none() {
            problems.push(SlotProblem::BadTime { position: i + 1 });
        }
        if let (Some(d), Some(t)) = (day, time) {
            slots.push(QueueSlot::new(d, t));
        }
    }
    slots.sort_by_key(QueueSlot::sort_key);
    for pair in slots.windows(2) {
        if pair[0] == pair[1] {
            let dup = SlotProblem::Duplicate {
                weekday: weekday_code(pair[0].weekday),
                time: pair[0].time.to_string(),
            };
            if !problems.contains(&dup) {
                problems.push(dup);
            }
        }
    }
    if problems.is_empty() {
        Ok(slots)
    } else {
        Err(problems)
    }
}

/// Adds `extra` to `slots`, skipping those already there (one click on a
/// suggestion must not fail for a slot the user already has).
pub fn merge_slots(slots: &[QueueSlot], extra: &[QueueSlot]) -> Vec<QueueSlot> {
    let mut out = slots.to_vec();
    for s in extra {
        if !out.contains(s) {
            out.push(*s);
        }
    }
    out.sort_by_key(QueueSlot::sort_key);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_strictly() {
        assert_eq!(SlotTime::parse("09:00"), SlotTime::new(9, 0));
        assert_eq!(SlotTime::parse("9:05"), SlotTime::new(9, 5));
        assert_eq!(SlotTime::parse("18:30:00"), SlotTime::new(18, 30));
        assert_eq!(SlotTime::parse("23:59").map(|t| t.minutes()), Some(1439));
        for bad in [
            "24:00",
            "12:60",
            "",
            "9",
            "09:0",
            "+9:00",
            "09:00:30",
            "0900",
            "٠٩:٠٠",
        ] {
            assert_eq!(SlotTime::parse(bad), None, "{bad:?}");
        }
        assert_eq!(
            SlotTime::new(7, 5).map(|t| t.to_string()),
            Some("07:05".into())
        );
        assert_eq!(SlotTime::from_minutes(1440), None);
    }

    fn raw(day: &str, time: &str) -> RawSlot {
        RawSlot {
            weekday: day.into(),
            time: time.into(),
        }
    }

    #[test]
    fn a_set_is_refused_for_duplicates_and_size() {
        let dup = [raw("fri", "09:00"), raw("mon", "09:00"), raw("FRI", "9:00")];
        assert_eq!(
            check_slots(&dup),
            Err(vec![SlotProblem::Duplicate {
                weekday: "fri",
                time: "09:00".into()
            }])
        );
        let many: Vec<_> = (0..51)
            .map(|m| raw("mon", &format!("10:{:02}", m % 60)))
            .collect();
        assert_eq!(
            check_slots(&many),
            Err(vec![SlotProblem::TooManySlots {
                max: 50,
                actual: 51
            }])
        );
        let fifty: Vec<_> = (0..50).map(|m| raw("tue", &format!("10:{m:02}"))).collect();
        assert_eq!(check_slots(&fifty).map(|s| s.len()), Ok(50));
        let ok = check_slots(&[
            raw("sun", "09:00"),
            raw("mon", "16:40"),
            raw("mon", "09:00"),
        ])
        .unwrap_or_default();
        let nine = SlotTime::new(9, 0).unwrap_or(SlotTime(0));
        assert_eq!(
            ok[0],
            QueueSlot::new(Weekday::Monday, nine),
            "sorted Monday first"
        );
        assert_eq!(ok[2].weekday, Weekday::Sunday);
    }

    #[test]
    fn sent_slots_report_every_bad_field_and_days_by_code() {
        assert_eq!(
            check_slots(&[raw("MON", "09:00"), raw("monday", "25:00")]),
            Err(vec![
                SlotProblem::BadWeekday { position: 2 },
                SlotProblem::BadTime { position: 2 }
            ])
        );
        assert_eq!(weekday_from_number(1), Some(Weekday::Monday));
        assert_eq!(weekday_from_number(7), Some(Weekday::Sunday));
        assert_eq!(weekday_from_number(0), None);
        assert_eq!(weekday_from_number(8), None);
    }

    #[test]
    fn merging_skips_slots_already_there() {
        let a = QueueSlot::new(Weekday::Monday, SlotTime(540));
        let b = QueueSlot::new(Weekday::Tuesday, SlotTime(540));
        assert_eq!(merge_slots(&[b, a], &[a]), vec![a, b]);
    }
}
