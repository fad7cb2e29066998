//! `GET /calendar/<secret>.ics`: an account's schedule for calendar apps.
//! No session: the secret in the URL is the key (only its digest is
//! stored), so an unknown, rotated or revoked one is a plain 404 at once.
//! Answers carry an ETag, so a calendar polling every few minutes gets 304
//! while nothing changed.

use std::hash::{DefaultHasher, Hash, Hasher};

use poem::http::{StatusCode, header};
use poem::web::{Data, Path};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::queue::ics;

use crate::http::queue_text;
use crate::i18n::Tr;
use crate::state::AppState;

fn not_found() -> Response {
    // Plain text: nothing of the site (no session, no page chrome).
    "Not found"
        .with_status(StatusCode::NOT_FOUND)
        .with_header("cache-control", "no-store")
        .into_response()
}

#[handler]
pub async fn feed(req: &Request, state: Data<&AppState>, Path(file): Path<String>) -> Response {
    let Some(secret) = file.strip_suffix(".ics") else {
        return not_found();
    };
    let content = match state.queue.feed_content(secret).await {
        Ok(Some(c)) => c,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a calendar feed");
            return "Try again later"
                .with_status(StatusCode::SERVICE_UNAVAILABLE)
                .into_response();
        }
    };
    // The owner's language: the feed is theirs, whoever's app reads it.
    let tr = Tr::new(content.owner.language);
    let public = state.web.public_url.trim_end_matches('/');
    let host = public
        .split("://")
        .nth(1)
        .unwrap_or(public)
        .split('/')
        .next()
        .unwrap_or("socialflow");
    let events: Vec<_> = content
        .posts
        .iter()
        .filter_map(|p| queue_text::ics_event(&tr, public, host, p))
        .collect();
    let name = tr.t1(
        "queue-feed-name",
        "account",
        content.account.profile.username.as_str(),
    );
    let body = ics::calendar(&name, &events);
    let mut h = DefaultHasher::new();
    body.hash(&mut h);
    let etag = format!("\"{:016x}\"", h.finish());
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.with_content_type("text/calendar; charset=utf-8")
            .into_response()
    };
    resp.with_header(header::ETAG, etag)
        // Private: the URL is a secret; revalidate so a revocation shows.
        .with_header(header::CACHE_CONTROL, "private, no-cache")
        .with_header("x-robots-tag", "noindex")
        .into_response()
}
