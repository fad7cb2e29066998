//! Facts read off a request: client address, language, session cookie.

use poem::Request;
use poem::web::cookie::{Cookie, SameSite};
use socialflow_core::{Language, RequestContext, User};

use crate::state::{AppState, WebSettings};

pub const SESSION_COOKIE: &str = "sf_session";
pub const LANGUAGE_COOKIE: &str = "sf_lang";

/// Client IP and user agent. Behind a trusted proxy the last
/// `X-Forwarded-For` hop is the client as the proxy saw it.
pub fn client_context(req: &Request, web: &WebSettings) -> RequestContext {
    let forwarded = web
        .trust_proxy
        .then(|| req.header("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.rsplit(',').map(str::trim).find(|s| !s.is_empty()))
        .map(str::to_string);
    let ip = forwarded.unwrap_or_else(|| {
        req.remote_addr()
            .as_socket_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|| "unknown".into())
    });
    RequestContext::new(ip, req.header("user-agent").map(str::to_string))
}

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

/// Only same-site paths are followed after login, never `//host` or URLs.
pub fn safe_next(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains("://");
    if ok { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_limited_to_local_paths() {
        assert_eq!(safe_next("/settings"), "/settings");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next(""), "/");
    }
}
