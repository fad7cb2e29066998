//! Facts read off a request: client address, language, session cookie.

use poem::Request;
use poem::web::cookie::{Cookie, SameSite};
use socialflow_core::{Language, User};

use crate::state::AppState;
// Read by the API as well; it lives in the shared http layer.
pub use crate::http::client::client_context;

pub const SESSION_COOKIE: &str = "sf_session";
pub const LANGUAGE_COOKIE: &str = "sf_lang";

/// The page language: the user's setting, else the language cookie, else
/// the browser's `Accept-Language`, else English.
pub fn language(req: &Request, user: Option<&User>) -> Language {
    if let Some(u) = user {
        return u.language;
    }
    req.cookie()
        .get(LANGUAGE_COOKIE)
        .and_then(|c| c.value_str().parse().ok())
        .or_else(|| {
            req.header("accept-language")
                .and_then(Language::from_accept_language)
        })
        .unwrap_or_default()
}

pub fn session_secret(req: &Request) -> Option<String> {
    req.cookie()
        .get(SESSION_COOKIE)
        .map(|c| c.value_str().to_string())
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS.
pub fn session_cookie(value: &str, state: &AppState) -> Cookie {
    let mut c = Cookie::new_with_str(SESSION_COOKIE, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(state.web.secure_cookies);
    c.set_path("/");
    c.set_max_age(std::time::Duration::from_secs(
        state.auth.session_policy().lifetime.whole_seconds().max(0) as u64,
    ));
    c
}

pub fn language_cookie(lang: Language, state: &AppState) -> Cookie {
    let mut c = Cookie::new_with_str(LANGUAGE_COOKIE, lang.code());
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(state.web.secure_cookies);
    c.set_path("/");
    c.set_max_age(std::time::Duration::from_secs(365 * 24 * 3600));
    c
}

/// The longest `next` path followed; longer ones go to `/`.
pub const MAX_NEXT_LEN: usize = 2048;

/// How many rounds of `%xx` decoding a `next` path must survive.
const DECODE_ROUNDS: usize = 3;

/// Only same-site paths are followed after login: `next` must be a path
/// with a single leading slash, without control characters or backslashes,
/// and stay so after up to three rounds of percent-decoding (browsers drop
/// tabs and newlines and read `\` as `/`, so `/\t/evil.example` would
/// become `//evil.example`). Anything else goes to `/`.
pub fn safe_next(next: &str) -> &str {
    if next.len() > MAX_NEXT_LEN {
        return "/";
    }
    let mut form = std::borrow::Cow::Borrowed(next);
    for _ in 0..=DECODE_ROUNDS {
        if !single_slash_path(&form) {
            return "/";
        }
        let decoded = match percent_encoding::percent_decode_str(&form).decode_utf8() {
            Ok(d) => d.into_owned(),
            // Escapes that are not UTF-8 text: nothing a user needs.
            Err(_) => return "/",
        };
        if decoded == form {
            return next;
        }
        form = std::borrow::Cow::Owned(decoded);
    }
    // Still changing after every round: encoded too deep to trust.
    "/"
}

fn single_slash_path(p: &str) -> bool {
    p.starts_with('/')
        && !p[1..].starts_with(['/', '\\'])
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
        && !has_broken_escape(p)
}

/// A `%` not followed by two hex digits (decoders disagree on those).
fn has_broken_escape(p: &str) -> bool {
    let b = p.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

#[cfg(test)]
mod tests {
    use super::{MAX_NEXT_LEN, safe_next};
    use proptest::prelude::*;

    #[test]
    fn next_is_limited_to_local_paths() {
        assert_eq!(safe_next("/settings"), "/settings");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }

    /// Paths a browser could turn into another host: it drops tabs and
    /// newlines, reads `\` as `/`, and some code decodes `%xx` once more.
    #[test]
    fn nasty_next_values_go_home() {
        let nasty = [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/%2509/evil.example",
            "/%252F/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5C/evil.example",
            "/%5cevil.example",
            "/\\/evil.example",
            "\\/evil.example",
            "/\u{0}/evil.example",
            "/%00/evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "///evil.example",
            "/ /\t/evil.example",
            "javascript:alert(1)",
            "evil.example",
            " /settings",
            "http:/evil.example",
            "/%E0%A4%A", // broken escape: refused rather than guessed
        ];
        for n in nasty {
            assert_eq!(safe_next(n), "/", "{n:?}");
        }
        let long = format!("/{}", "a".repeat(MAX_NEXT_LEN));
        assert_eq!(safe_next(&long), "/", "over {MAX_NEXT_LEN} bytes");
    }

    #[test]
    fn ordinary_local_paths_are_kept() {
        for ok in [
            "/",
            "/content/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "/analytics?from=2026-01-01&to=2026-01-31",
            "/comments?state=hidden#c12",
            "/media?q=%D0%BB%D0%B5%D1%82%D0%BE",
            "/content/new?next=//not-followed",
            "/a/./b/../c",
        ] {
            assert_eq!(safe_next(ok), ok, "{ok:?}");
        }
    }

    proptest! {
        /// Whatever comes in, what goes out is "/" or an unchanged local
        /// path without controls or backslashes whose decoded forms still
        /// start with a single slash.
        #[test]
        fn safe_next_only_returns_local_paths(input in "\\PC{0,40}|/[\\x00-\\x7f%]{0,40}|/%[0-9a-fA-F]{2}.{0,20}") {
            let out = safe_next(&input);
            prop_assert!(out == "/" || out == input);
            prop_assert!(out.len() <= MAX_NEXT_LEN);
            let mut form = out.to_string();
            for _ in 0..4 {
                prop_assert!(form.starts_with('/'), "{form:?}");
                prop_assert!(!form.starts_with("//"), "{form:?}");
                prop_assert!(!form.contains('\\'), "{form:?}");
                prop_assert!(!form.chars().any(char::is_control), "{form:?}");
                form = percent_encoding::percent_decode_str(&form)
                    .decode_utf8_lossy()
                    .into_owned();
            }
        }
    }
}
