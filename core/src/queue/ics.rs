//! An iCalendar (RFC 5545) document of events, written by hand: the format
//! is small, and what matters — TEXT escaping (§3.3.11), CRLF line ends and
//! folding at 75 octets without splitting a UTF-8 character (§3.1), UTC
//! times (§3.3.5) — is tested below and by parsing the server's output back.

use time::OffsetDateTime;

/// One VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable for the same post across fetches, so calendars update events
    /// instead of adding new ones.
    pub uid: String,
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
    /// When the event last changed (`DTSTAMP` and `LAST-MODIFIED`).
    pub modified: OffsetDateTime,
    pub summary: String,
    pub description: String,
    /// The post's page.
    pub url: Option<String>,
}

/// The whole calendar named `name`, CRLF line ends, folded.
pub fn calendar(name: &str, events: &[IcsEvent]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//SocialFlow//Schedule//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    // Ask subscribers to look again every 15 minutes (most poll hourly).
    line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:PT15M");
    line(&mut out, "X-PUBLISHED-TTL:PT15M");
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", text(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{}", utc(e.modified)));
        line(&mut out, &format!("LAST-MODIFIED:{}", utc(e.modified)));
        line(&mut out, &format!("DTSTART:{}", utc(e.start)));
        line(&mut out, &format!("DTEND:{}", utc(e.end)));
        line(&mut out, &format!("SUMMARY:{}", text(&e.summary)));
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", text(&e.description)));
        }
        if let Some(url) = &e.url {
            // A URI value is not TEXT-escaped; ours are built from ids, and
            // anything outside printable ASCII is dropped to be safe.
            let url: String = url.chars().filter(|c| c.is_ascii_graphic()).collect();
            line(&mut out, &format!("URL:{url}"));
        }
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// `20261206T090000Z`.
pub fn utc(at: OffsetDateTime) -> String {
    let t = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped; other
/// control characters (which TEXT may not hold) dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `content` folded into lines of at most 75 octets (continuations
/// start with a space, which counts), each ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Undoes the folding and splits the lines (for tests and for checking a
/// document): each logical line as written.
pub fn unfold(doc: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in doc.split("\r\n") {
        if let (Some(rest), Some(last)) = (raw.strip_prefix(' '), lines.last_mut()) {
            last.push_str(rest);
            continue;
        }
        if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    lines
}

/// The value of a TEXT property as written, unescaped.
pub fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn event(summary: &str) -> IcsEvent {
        IcsEvent {
            uid: "post-1@socialflow".into(),
            start: datetime!(2026-12-07 04:00 UTC),
            end: datetime!(2026-12-07 04:15 UTC),
            modified: datetime!(2026-12-06 10:11:12 +05:00),
            summary: summary.into(),
            description: "line one\nline two".into(),
            url: Some("https://sf.example/content/1".into()),
        }
    }

    #[test]
    fn text_is_escaped_and_reads_back() {
        let raw = "a,b;c\\d\r\ne\nf\u{7}g\th";
        assert_eq!(text(raw), "a\\,b\\;c\\\\d\\ne\\nfg h");
        assert_eq!(unescape(&text(raw)), "a,b;c\\d\ne\nfg h");
    }

    #[test]
    fn every_line_is_crlf_ended_and_at_most_75_octets() {
        // Cyrillic and emoji are 2 and 4 octets: folding must not cut them.
        let summary = "Пост: ".to_string() + &"Жаңа коллекция 🎉, ".repeat(12);
        let doc = calendar("@shop; \"main\"", &[event(&summary)]);
        assert!(doc.ends_with("END:VCALENDAR\r\n"));
        for l in doc.split_terminator("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
            assert!(!l.contains('\n') && !l.contains('\r'));
        }
        let lines = unfold(&doc);
        let get = |name: &str| {
            lines
                .iter()
                .find_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string))
                .unwrap_or_default()
        };
        assert_eq!(unescape(&get("SUMMARY")), summary);
        assert_eq!(unescape(&get("X-WR-CALNAME")), "@shop; \"main\"");
        assert_eq!(get("DTSTART"), "20261207T040000Z");
        assert_eq!(get("DTSTAMP"), "20261206T051112Z", "UTC, not the offset");
        assert_eq!(unescape(&get("DESCRIPTION")), "line one\nline two");
        assert_eq!(get("URL"), "https://sf.example/content/1");
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(
            lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
            lines.iter().filter(|l| *l == "END:VEVENT").count()
        );
    }

    #[test]
    fn an_empty_calendar_is_still_a_calendar() {
        let lines = unfold(&calendar("x", &[]));
        assert_eq!(lines.len(), 9);
        assert!(!lines.iter().any(|l| l.starts_with("BEGIN:VEVENT")));
    }
}
