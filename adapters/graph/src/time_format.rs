use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// Parses Instagram's timestamps: `2019-09-26T22:36:43+0000` (offset without
/// a colon), and RFC 3339 as a fallback.
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let fmt = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory][offset_minute]"
    );
    OffsetDateTime::parse(s, fmt)
        .or_else(|_| OffsetDateTime::parse(s, &Rfc3339))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_offset_styles() {
        let a = parse_timestamp("2019-09-26T22:36:43+0000").expect("instagram style");
        let b = parse_timestamp("2019-09-26T22:36:43Z").expect("rfc 3339");
        assert_eq!(a, b);
        assert_eq!(
            parse_timestamp("2026-06-22T07:00:00+0500").map(|t| t.offset().whole_hours()),
            Some(5)
        );
        assert!(parse_timestamp("yesterday").is_none());
    }
}
