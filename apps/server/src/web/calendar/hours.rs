//! The week and day views' hour grid: a column per day, a row per hour
//! on the user's clock, each cell a slot a post can be dropped on or
//! started in.

use time::{Date, PrimitiveDateTime};

use super::days::iso_date;
use super::entries::Entry;
use crate::i18n::Tr;
use crate::web::shared::format as dates;

/// The earliest hour shown unless a post sits earlier (a night post pulls
/// the grid up to its hour).
pub const DEFAULT_FIRST_HOUR: u8 = 7;

pub struct Slot {
    /// `HH:00`, what the composer and the move get.
    pub time: String,
    /// Later than now: a new post can start here.
    pub open: bool,
    pub entries: Vec<Entry>,
}

pub struct Column {
    pub date: String,
    /// "Mon 7" above the column.
    pub weekday: String,
    pub day: u8,
    /// "Monday, December 7, 2026" for screen readers and phones.
    pub full: String,
    pub today: bool,
    pub slots: Vec<Slot>,
}

pub struct HourGrid {
    /// The row labels, `HH:00`.
    pub hours: Vec<String>,
    pub columns: Vec<Column>,
    first_hour: u8,
}

impl HourGrid {
    pub fn new(
        tr: &Tr,
        days: &[Date],
        first_hour: u8,
        today: Date,
        now: PrimitiveDateTime,
    ) -> Self {
        let first_hour = first_hour.min(DEFAULT_FIRST_HOUR);
        let hours: Vec<u8> = (first_hour..24).collect();
        let columns = days
            .iter()
            .map(|&d| Column {
                date: iso_date(d),
                weekday: tr.t(&format!(
                    "posts-weekday-{}",
                    d.weekday().number_from_monday()
                )),
                day: d.day(),
                full: format!(
                    "{}, {}",
                    tr.t(&format!(
                        "posts-weekday-long-{}",
                        d.weekday().number_from_monday()
                    )),
                    dates::day(tr.lang, d)
                ),
                today: d == today,
                slots: hours
                    .iter()
                    .map(|&h| Slot {
                        time: format!("{h:02}:00"),
                        open: (d, h) > (now.date(), now.hour()),
                        entries: Vec::new(),
                    })
                    .collect(),
            })
            .collect();
        HourGrid {
            hours: hours.iter().map(|h| format!("{h:02}:00")).collect(),
            columns,
            first_hour,
        }
    }

    /// Puts `entry` in its day and hour; `false` when not shown.
    pub fn place(&mut self, at: PrimitiveDateTime, entry: Entry) -> bool {
        let date = iso_date(at.date());
        let Some(col) = self.columns.iter_mut().find(|c| c.date == date) else {
            return false;
        };
        let row = at.hour().saturating_sub(self.first_hour) as usize;
        match col.slots.get_mut(row) {
            Some(slot) => {
                slot.entries.push(entry);
                true
            }
            None => false,
        }
    }

    pub fn any(&self) -> bool {
        self.columns
            .iter()
            .any(|c| c.slots.iter().any(|s| !s.entries.is_empty()))
    }
}
