//! A user's first sign-in: the interface takes the browser's time zone
//! (sent by the login page's script) while the user still has UTC, and the
//! browser's language (its `Accept-Language` or the language picked on the
//! login page) while the user still has the default, English.

use poem::Request;
use socialflow_core::onboarding::Milestone;
use socialflow_core::{Language, TimeZone, User};

use crate::state::AppState;
use crate::web::request::{LANGUAGE_COOKIE, client_context};

/// The language the browser asked for, if it asked.
pub fn browser_language(req: &Request) -> Option<Language> {
    req.cookie()
        .get(LANGUAGE_COOKIE)
        .and_then(|c| c.value_str().parse().ok())
        .or_else(|| {
            req.header("accept-language")
                .and_then(Language::from_accept_language)
        })
}

/// Applies the browser's defaults on the first sign-in; returns the
/// language the interface uses from now on. Failures only cost the
/// defaults, never the sign-in.
pub async fn on_sign_in(
    state: &AppState,
    req: &Request,
    user: &User,
    browser_zone: &str,
) -> Language {
    let first = match state.onboarding.reach(user.id, Milestone::SignedIn).await {
        Ok(first) => first,
        Err(e) => {
            tracing::warn!(error = %e, "cannot record the first sign-in");
            false
        }
    };
    if !first {
        return user.language;
    }
    let ctx = client_context(req, &state.web);
    if user.time_zone == TimeZone::utc()
        && let Ok(zone) = TimeZone::parse(browser_zone)
        && zone != TimeZone::utc()
        && let Err(e) = state.users.set_time_zone(user, &zone, &ctx).await
    {
        tracing::warn!(error = %e, "cannot take the browser's time zone");
    }
    match browser_language(req) {
        Some(lang) if user.language == Language::default() && lang != user.language => {
            match state.users.set_language(user, lang, &ctx).await {
                Ok(()) => lang,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot take the browser's language");
                    user.language
                }
            }
        }
        _ => user.language,
    }
}
