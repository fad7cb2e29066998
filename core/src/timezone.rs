//! A user's time zone: scheduled times are entered and shown in it, stored in
//! UTC, and "a day" in analytics is a day in it. Backed by the IANA database
//! bundled into the binary (jiff), so containers need no tzdata.

use std::fmt;

use serde::Serialize;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// A validated IANA time zone name such as `Asia/Almaty` or `UTC`.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct TimeZone {
    name: String,
    #[serde(skip)]
    tz: jiff::tz::TimeZone,
}

/// Not a zone of the bundled list. It carries nothing of the input: a
/// message built from it never echoes what was sent (once 10,000
/// characters came back in the answer).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown time zone")]
pub struct UnknownTimeZone;

/// A local wall-clock time that does not exist (skipped by a DST change) or
/// that the zone cannot place.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0} does not exist in {1}")]
pub struct NonexistentLocalTime(pub PrimitiveDateTime, pub String);

/// Whether `name` is in the bundled zone list (or is `UTC`), without regard
/// to case. The list is built once: users' zones are parsed on every read.
fn is_listed(name: &str) -> bool {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut v: Vec<String> = jiff::tz::db()
            .available()
            .map(|n| n.as_str().to_ascii_lowercase())
            .collect();
        v.push("utc".into());
        v.sort();
        v.dedup();
        v
    });
    names.binary_search(&name.to_ascii_lowercase()).is_ok()
}

impl TimeZone {
    pub fn utc() -> Self {
        TimeZone {
            name: "UTC".into(),
            tz: jiff::tz::TimeZone::UTC,
        }
    }

    /// A name of the bundled zone list (matched without regard to case, as
    /// jiff does, and kept as the user wrote it so stored names read back).
    pub fn parse(name: &str) -> Result<Self, UnknownTimeZone> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return Err(UnknownTimeZone);
        }
        if !is_listed(name) {
            return Err(UnknownTimeZone);
        }
        let tz = jiff::tz::TimeZone::get(name).map_err(|_| UnknownTimeZone)?;
        Ok(TimeZone {
            name: name.into(),
            tz,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every zone name the bundled database knows, sorted, for pickers.
    pub fn all_names() -> Vec<String> {
        let mut names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
        names.sort();
        names
    }

    /// The wall-clock time in this zone at `at`.
    pub fn to_local(&self, at: OffsetDateTime) -> PrimitiveDateTime {
        let offset = self.offset_at(at);
        let local = at.to_offset(offset);
        PrimitiveDateTime::new(local.date(), local.time())
    }

    /// The date in this zone at `at` ("a day is the user's day").
    pub fn date_of(&self, at: OffsetDateTime) -> Date {
        self.to_local(at).date()
    }

    /// The UTC instant of a wall-clock time in this zone. An ambiguous time
    /// (clocks going back) resolves to the earlier instant; a skipped one is
    /// an error the user must correct.
    pub fn from_local(
        &self,
        local: PrimitiveDateTime,
    ) -> Result<OffsetDateTime, NonexistentLocalTime> {
        let err = || NonexistentLocalTime(local, self.name.clone());
        let civil = jiff::civil::DateTime::new(
            i16::try_from(local.year()).map_err(|_| err())?,
            u8::from(local.month()) as i8,
            local.day() as i8,
            local.hour() as i8,
            local.minute() as i8,
            local.second() as i8,
            local.nanosecond() as i32,
        )
        .map_err(|_| err())?;
        let ambiguous = self.tz.to_ambiguous_zoned(civil);
        if matches!(ambiguous.offset(), jiff::tz::AmbiguousOffset::Gap { .. }) {
            return Err(err());
        }
        let zoned = ambiguous.earlier().map_err(|_| err())?;
        let ts = zoned.timestamp();
        OffsetDateTime::from_unix_timestamp_nanos(ts.as_nanosecond()).map_err(|_| err())
    }

    /// The UTC instant at which `date` starts in this zone (midnight, or the
    /// first existing instant when midnight is skipped).
    pub fn start_of_day(&self, date: Date) -> OffsetDateTime {
        let Ok(civil) = jiff::civil::Date::new(
            date.year() as i16,
            u8::from(date.month()) as i8,
            date.day() as i8,
        ) else {
            return date.midnight().assume_utc();
        };
        match civil
            .to_zoned(self.tz.clone())
            .and_then(|z| z.start_of_day())
        {
            Ok(z) => OffsetDateTime::from_unix_timestamp_nanos(z.timestamp().as_nanosecond())
                .unwrap_or_else(|_| date.midnight().assume_utc()),
            Err(_) => date.midnight().assume_utc(),
        }
    }

    /// The zone's offset from UTC at `at`, in seconds (DST included).
    pub fn offset_seconds(&self, at: OffsetDateTime) -> i32 {
        self.offset_at(at).whole_seconds()
    }

    /// Every region's zones for a picker, each with its offset at `at`:
    /// regions in [`REGIONS`] order, zones by offset then city. Legacy
    /// names (`US/Eastern`, `Etc/GMT+5`, …) are left out except `UTC`.
    pub fn picker(at: OffsetDateTime) -> Vec<ZoneRegion> {
        let mut regions: Vec<ZoneRegion> = REGIONS
            .iter()
            .map(|r| ZoneRegion {
                region: r,
                zones: Vec::new(),
            })
            .collect();
        for name in Self::all_names() {
            let Some(region) = zone_region(&name) else {
                continue;
            };
            let Ok(tz) = Self::parse(&name) else {
                continue;
            };
            let Some(group) = regions.iter_mut().find(|r| r.region == region) else {
                continue;
            };
            group.zones.push(ZoneChoice {
                city: city_of(&name),
                offset_seconds: tz.offset_seconds(at),
                name,
            });
        }
        for r in &mut regions {
            r.zones
                .sort_by(|a, b| (a.offset_seconds, &a.city).cmp(&(b.offset_seconds, &b.city)));
        }
        regions.retain(|r| !r.zones.is_empty());
        regions
    }

    fn offset_at(&self, at: OffsetDateTime) -> time::UtcOffset {
        let seconds = jiff::Timestamp::from_second(at.unix_timestamp())
            .map(|ts| self.tz.to_offset(ts).seconds())
            .unwrap_or(0);
        time::UtcOffset::from_whole_seconds(seconds).unwrap_or(time::UtcOffset::UTC)
    }
}

/// The picker's regions: the first part of the IANA names, and `UTC`.
pub const REGIONS: [&str; 10] = [
    "UTC",
    "Europe",
    "Asia",
    "America",
    "Africa",
    "Australia",
    "Pacific",
    "Atlantic",
    "Indian",
    "Antarctica",
];

/// One region of the time-zone picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRegion {
    pub region: &'static str,
    pub zones: Vec<ZoneChoice>,
}

/// A zone in the picker: its IANA name, a readable city ("Buenos Aires
/// (Argentina)") and its current offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneChoice {
    pub name: String,
    pub city: String,
    pub offset_seconds: i32,
}

fn zone_region(name: &str) -> Option<&'static str> {
    if name == "UTC" {
        return Some("UTC");
    }
    let (first, _) = name.split_once('/')?;
    REGIONS.iter().copied().find(|r| *r == first && *r != "UTC")
}

fn city_of(name: &str) -> String {
    let parts: Vec<&str> = name.split('/').collect();
    let human = |s: &str| s.replace('_', " ");
    match parts.as_slice() {
        [_, area, city] => format!("{} ({})", human(city), human(area)),
        [.., city] => human(city),
        [] => name.to_string(),
    }
}

/// `UTC+05:00`, `UTC−03:30`, `UTC±00:00`.
pub fn offset_label(seconds: i32) -> String {
    let sign = match seconds.signum() {
        1 => "+",
        -1 => "\u{2212}",
        _ => "\u{b1}",
    };
    let m = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

impl Default for TimeZone {
    fn default() -> Self {
        Self::utc()
    }
}

impl fmt::Debug for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TimeZone({})", self.name)
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn parses_known_zones_only() {
        assert_eq!(
            TimeZone::parse("Asia/Almaty").map(|z| z.name().to_string()),
            Ok("Asia/Almaty".into())
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert!(TimeZone::parse("").is_err());
        assert!(TimeZone::all_names().iter().any(|n| n == "Europe/Moscow"));
    }

    #[test]
    fn converts_between_local_and_utc() {
        let moscow = TimeZone::parse("Europe/Moscow").expect("zone");
        let utc = moscow
            .from_local(datetime!(2026-11-27 09:00))
            .expect("exists");
        assert_eq!(utc, datetime!(2026-11-27 06:00 UTC));
        assert_eq!(moscow.to_local(utc), datetime!(2026-11-27 09:00));
        // 23:30 UTC is already tomorrow in Moscow.
        assert_eq!(
            moscow.date_of(datetime!(2026-11-26 23:30 UTC)),
            date!(2026 - 11 - 27)
        );
        assert_eq!(
            moscow.start_of_day(date!(2026 - 11 - 27)),
            datetime!(2026-11-26 21:00 UTC)
        );
    }

    #[test]
    fn the_picker_groups_by_region_with_current_offsets() {
        let winter = datetime!(2026-01-15 12:00 UTC);
        let summer = datetime!(2026-07-15 12:00 UTC);
        let regions = TimeZone::picker(winter);
        assert_eq!(regions[0].region, "UTC");
        assert_eq!(regions[0].zones[0].name, "UTC");
        let find = |regions: &[ZoneRegion], name: &str| {
            regions
                .iter()
                .flat_map(|r| r.zones.iter())
                .find(|z| z.name == name)
                .cloned()
        };
        let almaty = find(&regions, "Asia/Almaty").expect("Almaty is listed");
        assert_eq!(almaty.city, "Almaty");
        assert_eq!(almaty.offset_seconds, 5 * 3600);
        let ba = find(&regions, "America/Argentina/Buenos_Aires").expect("listed");
        assert_eq!(ba.city, "Buenos Aires (Argentina)");
        assert!(
            find(&regions, "US/Eastern").is_none(),
            "legacy names left out"
        );
        assert!(find(&regions, "Etc/GMT+5").is_none());
        let berlin_winter = find(&regions, "Europe/Berlin")
            .expect("listed")
            .offset_seconds;
        let berlin_summer = find(&TimeZone::picker(summer), "Europe/Berlin")
            .expect("listed")
            .offset_seconds;
        assert_eq!((berlin_winter, berlin_summer), (3600, 7200));
        // Within a region, by offset.
        let europe = regions
            .iter()
            .find(|r| r.region == "Europe")
            .expect("Europe");
        assert!(
            europe
                .zones
                .windows(2)
                .all(|w| w[0].offset_seconds <= w[1].offset_seconds)
        );
        let total: usize = regions.iter().map(|r| r.zones.len()).sum();
        assert!((300..600).contains(&total), "{total} zones");
        assert_eq!(offset_label(5 * 3600), "UTC+05:00");
        assert_eq!(offset_label(-(3 * 3600 + 1800)), "UTC\u{2212}03:30");
        assert_eq!(offset_label(0), "UTC\u{b1}00:00");
    }

    #[test]
    fn skipped_local_times_are_refused_and_repeated_ones_take_the_earlier() {
        let berlin = TimeZone::parse("Europe/Berlin").expect("zone");
        // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00→03:00).
        assert!(berlin.from_local(datetime!(2026-03-29 02:30)).is_err());
        // 2026-10-25 02:30 happens twice; the first is at +02:00.
        assert_eq!(
            berlin
                .from_local(datetime!(2026-10-25 02:30))
                .expect("ambiguous ok"),
            datetime!(2026-10-25 00:30 UTC)
        );
    }
}
