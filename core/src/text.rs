//! Free text users send (captions, replies, names): what characters it may
//! hold. Control characters (NUL, escape sequences, bidi-breaking C1 codes)
//! have no place in anything Instagram shows or SocialFlow stores; newlines
//! and tabs do.

/// Whether `s` holds a control character other than a newline, a tab or
/// the carriage return of a CRLF line break.
pub fn has_forbidden_control(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            c if c.is_control() => return true,
            _ => {}
        }
    }
    false
}

/// The longest Instagram username (collaborators, tagged people).
pub const MAX_USERNAME_CHARS: usize = 30;
/// A location is a Facebook Page id: digits, far shorter than this.
pub const MAX_LOCATION_ID_CHARS: usize = 64;
/// Instagram takes at most 20 people tagged on one image.
pub const MAX_USER_TAGS: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_newlines_and_tabs_pass() {
        assert!(!has_forbidden_control("line one\nline two\r\n\tend ☕"));
        for bad in [
            "a\0b",
            "\u{1b}[31m",
            "x\ry",
            "\r",
            "\u{7f}",
            "\u{85}",
            "\u{9b}",
        ] {
            assert!(has_forbidden_control(bad), "{bad:?}");
        }
    }
}
