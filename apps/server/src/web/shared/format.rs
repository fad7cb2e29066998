//! How every page writes times and numbers: in the user's time zone and
//! language ("Nov 26, 2026 14:05"; "26.11.2026 14:05" in ru and kk),
//! relative where it helps ("in 2 h", "5 min ago"), and numbers with the
//! language's digit grouping ("12,345"; "12 345").

use socialflow_core::{Language, TimeZone};
use time::{Date, Duration, OffsetDateTime};

use crate::i18n::Tr;

/// A whole number with the language's thousands separator (a no-break
/// space in ru and kk, as CLDR has it).
pub fn number(lang: Language, n: i64) -> String {
    let sep = match lang {
        Language::En => ",",
        Language::Ru | Language::Kk => "\u{a0}",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2 + 1);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn en_month(d: Date) -> &'static str {
    EN_MONTHS[(u8::from(d.month()) - 1) as usize]
}

/// A full date in the language's format.
pub fn day(lang: Language, d: Date) -> String {
    match lang {
        Language::En => format!("{} {}, {}", en_month(d), d.day(), d.year()),
        Language::Ru | Language::Kk => {
            format!("{:02}.{:02}.{}", d.day(), u8::from(d.month()), d.year())
        }
    }
}

/// A short date for chart axes.
pub fn short_day(lang: Language, d: Date) -> String {
    match lang {
        Language::En => format!("{} {}", en_month(d), d.day()),
        Language::Ru | Language::Kk => format!("{:02}.{:02}", d.day(), u8::from(d.month())),
    }
}

/// An instant on the user's clock: date and 24-hour time.
pub fn moment(lang: Language, tz: &TimeZone, at: OffsetDateTime) -> String {
    let local = tz.to_local(at);
    format!(
        "{} {:02}:{:02}",
        day(lang, local.date()),
        local.hour(),
        local.minute()
    )
}

/// "in 5 min", "2 h ago", "in 3 days"; `None` beyond a week (a date says
/// more then).
pub fn relative(tr: &Tr, now: OffsetDateTime, at: OffsetDateTime) -> Option<String> {
    let delta = at - now;
    let future = delta >= Duration::ZERO;
    let d = delta.abs();
    if d < Duration::minutes(1) {
        return Some(tr.t("ui-rel-now"));
    }
    let (unit, n) = if d < Duration::hours(1) {
        ("minutes", d.whole_minutes())
    } else if d < Duration::days(1) {
        ("hours", d.whole_hours())
    } else if d <= Duration::days(7) {
        ("days", d.whole_days())
    } else {
        return None;
    };
    let key = format!("ui-rel-{}-{unit}", if future { "in" } else { "ago" });
    Some(tr.t1(&key, "n", n))
}

/// A moment as pages show it: the absolute time, a relative one when near,
/// and the machine form for `<time datetime>`.
pub struct When {
    pub text: String,
    pub relative: Option<String>,
    pub iso: String,
}

impl When {
    pub fn new(tr: &Tr, tz: &TimeZone, now: OffsetDateTime, at: OffsetDateTime) -> Self {
        When {
            text: moment(tr.lang, tz, at),
            relative: relative(tr, now, at),
            iso: at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        }
    }

    /// The relative form if there is one, else the absolute.
    pub fn short(&self) -> &str {
        self.relative.as_deref().unwrap_or(&self.text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn numbers_are_grouped_per_language() {
        assert_eq!(number(Language::En, 0), "0");
        assert_eq!(number(Language::En, 999), "999");
        assert_eq!(number(Language::En, 1000), "1,000");
        assert_eq!(number(Language::En, 1_234_567), "1,234,567");
        assert_eq!(number(Language::Ru, 12_345), "12\u{a0}345");
        assert_eq!(number(Language::Kk, -4_500), "−4\u{a0}500");
        assert_eq!(number(Language::En, i64::MIN).len(), 28);
    }

    #[test]
    fn near_moments_read_relative_and_far_ones_do_not() {
        let en = Tr::new(Language::En);
        let ru = Tr::new(Language::Ru);
        let now = datetime!(2026-12-01 12:00 UTC);
        assert_eq!(
            relative(&en, now, now + Duration::seconds(20)).unwrap(),
            "now"
        );
        assert_eq!(
            relative(&en, now, now + Duration::minutes(5)).unwrap(),
            "in 5 min"
        );
        assert_eq!(
            relative(&en, now, now - Duration::hours(2)).unwrap(),
            "2 h ago"
        );
        assert_eq!(
            relative(&en, now, now + Duration::days(1)).unwrap(),
            "in 1 day"
        );
        assert_eq!(
            relative(&ru, now, now + Duration::days(3)).unwrap(),
            "через 3 дня"
        );
        assert_eq!(
            relative(&ru, now, now - Duration::days(5)).unwrap(),
            "5 дней назад"
        );
        assert_eq!(relative(&en, now, now + Duration::days(8)), None);
        let almaty = TimeZone::parse("Asia/Almaty").unwrap();
        let w = When::new(&en, &almaty, now, now + Duration::days(30));
        assert_eq!(w.short(), "Dec 31, 2026 17:00");
        assert_eq!(w.iso, "2026-12-31T12:00:00Z");
    }

    #[test]
    fn dates_follow_the_language() {
        let d = date!(2026 - 11 - 05);
        assert_eq!(day(Language::En, d), "Nov 5, 2026");
        assert_eq!(day(Language::Ru, d), "05.11.2026");
        assert_eq!(short_day(Language::Kk, d), "05.11");
        let almaty = TimeZone::parse("Asia/Almaty").expect("valid in test");
        assert_eq!(
            moment(Language::Ru, &almaty, datetime!(2026-11-05 20:30 UTC)),
            "06.11.2026 01:30"
        );
    }
}
