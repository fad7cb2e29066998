//! Calendar arithmetic on plain dates: the first of a month, the Monday of
//! a week, a month later or earlier, and the ISO text the links carry.

use time::macros::format_description;
use time::{Date, Duration};

pub fn month_start(d: Date) -> Date {
    d.replace_day(1).unwrap_or(d)
}

pub fn monday_of(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

/// The first of the month `n` months from `d`'s.
pub fn add_months(d: Date, n: i32) -> Date {
    let total = d.year() * 12 + i32::from(u8::from(d.month())) - 1 + n;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let month = time::Month::try_from(m as u8).unwrap_or(time::Month::January);
    Date::from_calendar_date(y, month, 1).unwrap_or(d)
}

/// `YYYY-MM-DD`, as the calendar's links and the composer's date field
/// carry it.
pub fn iso_date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Weekday;
    use time::macros::date;

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(monday_of(date!(2026 - 01 - 01)), date!(2025 - 12 - 29));
        assert_eq!(monday_of(date!(2026 - 01 - 05)), date!(2026 - 01 - 05));
        assert_eq!(add_months(date!(2026 - 01 - 01), -1), date!(2025 - 12 - 01));
        assert_eq!(add_months(date!(2026 - 12 - 01), 1), date!(2027 - 01 - 01));
        assert_eq!(Weekday::Monday.number_days_from_monday(), 0);
    }
}
