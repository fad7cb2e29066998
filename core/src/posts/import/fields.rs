//! The text of a row's fields as values: the kind in English, Russian or
//! Kazakh, the time in the user's zone or with its own offset, the list of
//! file names.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::posts::PostKind;
use crate::timezone::TimeZone;

/// The kind a word names (any case): the English key the export writes, or
/// the word a Russian or Kazakh user would type.
pub fn parse_kind(word: &str) -> Option<PostKind> {
    let w = word.trim().to_lowercase();
    Some(match w.as_str() {
        "post" | "feed" | "photo" | "пост" | "публикация" | "фото" | "жазба" | "жарияланым" => {
            PostKind::Post
        }
        "reel" | "reels" | "рилс" | "рилсы" | "reels-видео" => PostKind::Reel,
        "story" | "stories" | "сторис" | "история" | "истории" | "әңгіме" => {
            PostKind::Story
        }
        "carousel" | "album" | "карусель" | "альбом" => PostKind::Carousel,
        _ => return None,
    })
}

/// Why a time cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Not a time in any accepted form.
    Unreadable,
    /// A wall-clock time the zone skips (clocks going forward).
    Nonexistent,
}

/// `2026-12-24 09:30` (seconds and a `T` allowed) or `24.12.2026 09:30`
/// (as Excel writes dates in Russian and Kazakh locales) in `zone`, or
/// RFC 3339 with its own offset (`2026-12-24T09:30:00+05:00`).
pub fn parse_time(text: &str, zone: &TimeZone) -> Result<OffsetDateTime, TimeError> {
    let t = text.trim();
    if let Ok(at) = OffsetDateTime::parse(t, &Rfc3339) {
        return Ok(at);
    }
    let local = parse_local(t).ok_or(TimeError::Unreadable)?;
    zone.from_local(local).map_err(|_| TimeError::Nonexistent)
}

fn parse_local(t: &str) -> Option<PrimitiveDateTime> {
    let t = t.replacen('T', " ", 1);
    let forms = [
        format_description!("[year]-[month]-[day] [hour]:[minute]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        format_description!("[day].[month].[year] [hour]:[minute]"),
        format_description!("[day].[month].[year] [hour]:[minute]:[second]"),
        format_description!("[year]/[month]/[day] [hour]:[minute]"),
    ];
    // Excel drops the leading zero of the hour ("24.12.2026 9:30").
    let padded = pad_hour(&t);
    forms
        .iter()
        .find_map(|f| PrimitiveDateTime::parse(&padded, f).ok())
}

fn pad_hour(t: &str) -> String {
    match t.split_once(' ') {
        Some((date, clock)) if clock.find(':') == Some(1) => format!("{date} 0{clock}"),
        _ => t.to_string(),
    }
}

/// The names in a media field: separated by `|` or `;`, blanks dropped.
pub fn media_names(field: &str) -> Vec<&str> {
    field
        .split(['|', ';'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect()
}

/// How the export writes a time: the wall clock in the user's zone, the
/// first form [`parse_time`] reads.
pub fn format_local(at: OffsetDateTime, zone: &TimeZone) -> String {
    let local = zone.to_local(at);
    local
        .format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn kinds_in_three_languages() {
        assert_eq!(parse_kind("Post"), Some(PostKind::Post));
        assert_eq!(parse_kind("  карусель "), Some(PostKind::Carousel));
        assert_eq!(parse_kind("Сторис"), Some(PostKind::Story));
        assert_eq!(parse_kind("рилс"), Some(PostKind::Reel));
        assert_eq!(parse_kind("video"), None);
    }

    #[test]
    fn times_local_excel_and_offset() {
        let almaty = TimeZone::parse("Asia/Almaty").unwrap();
        let want = datetime!(2026-12-24 04:30 UTC);
        assert_eq!(parse_time("2026-12-24 09:30", &almaty), Ok(want));
        assert_eq!(parse_time("24.12.2026 9:30", &almaty), Ok(want));
        assert_eq!(parse_time("2026-12-24T09:30:00", &almaty), Ok(want));
        assert_eq!(parse_time("2026-12-24T09:30:00+05:00", &almaty), Ok(want));
        assert_eq!(parse_time("tomorrow", &almaty), Err(TimeError::Unreadable));
        assert_eq!(
            parse_time("2026-13-01 10:00", &almaty),
            Err(TimeError::Unreadable)
        );
        let berlin = TimeZone::parse("Europe/Berlin").unwrap();
        assert_eq!(
            parse_time("2026-03-29 02:30", &berlin),
            Err(TimeError::Nonexistent)
        );
        assert_eq!(format_local(want, &almaty), "2026-12-24 09:30");
    }

    #[test]
    fn media_lists() {
        assert_eq!(
            media_names(" a.jpg | b.jpg;;c.mp4 "),
            ["a.jpg", "b.jpg", "c.mp4"]
        );
        assert!(media_names(" | ").is_empty());
    }
}
