//! Conditional GETs of the Analytics page: a weak ETag from everything the
//! page shows (the account's analytics data version, the user's language
//! and zone, today and the hour, the query, the account list, the header's
//! badges, role and workspace switcher, and the session the page's forms
//! are bound to) and `304 Not Modified` when the browser's copy is still
//! that page. `private,
//! no-cache`: the browser keeps it but asks every time, so new data,
//! a logout or a revoked session show at once.

use poem::http::{StatusCode, header};
use poem::{IntoResponse, Request, Response};
use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::analytics::{self as an, DateRange};

use super::query::AnalyticsQuery;
use crate::state::AppState;
use crate::web::request::session_secret;
use crate::web::shared::layout::Layout;

pub const CACHE_CONTROL: &str = "private, no-cache";

/// What the page's tag is built from.
pub struct PageKey<'a> {
    /// The account's analytics data version (read with the account list).
    pub version: i64,
    pub user: &'a User,
    /// The owner id of the workspace the page shows.
    pub owner: socialflow_core::UserId,
    /// The workspace's time zone (the page's times are shown in it).
    pub workspace_zone: &'a str,
    pub account: &'a Account,
    pub accounts: &'a [Account],
    pub range: DateRange,
    pub q: &'a AnalyticsQuery,
    pub layout: &'a Layout,
}

/// The page's ETag.
pub fn page_etag(state: &AppState, req: &Request, key: &PageKey<'_>) -> String {
    let version = key.version;
    let now = state.analytics.now();
    // The forms' CSRF tokens are bound to the session: a page from before
    // a new login must not be reused. Only a digest of the bound key goes
    // into the tag.
    let session = session_secret(req)
        .map(|s| {
            let k = socialflow_crypto::session_bound_key(&state.web.csrf_key, &s);
            k[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        })
        .unwrap_or_default();
    let accounts: String = key
        .accounts
        .iter()
        .map(|a| format!("{}@{};", a.id, a.profile.username))
        .collect();
    let l = key.layout;
    let q = key.q;
    let mut parts = vec![
        "page".to_string(),
        env!("CARGO_PKG_VERSION").to_string(),
        version.to_string(),
        key.user.id.to_string(),
        key.owner.to_string(),
        key.user.language.code().to_string(),
        key.user.time_zone.name().to_string(),
        key.workspace_zone.to_string(),
        // "Today", the best time's next instant and "this week" move with
        // the clock: a tag lives at most an hour.
        format!("{}T{:02}", now.date(), now.hour()),
        key.range.from.to_string(),
        key.range.to.to_string(),
        key.account.id.to_string(),
        q.range.clone(),
        q.sort.clone(),
        q.dir.clone(),
        q.from.clone(),
        q.to.clone(),
        accounts,
        l.user
            .as_ref()
            .map(|u| format!("{}/{}", u.username, u.unread))
            .unwrap_or_default(),
        l.policy_notice.clone().unwrap_or_default(),
        // The rest of the header: the role (which sections the navigation
        // shows), the review badge and the workspace switcher.
        l.role.as_str().to_string(),
        l.approvals.map(|n| n.to_string()).unwrap_or_default(),
        format!("{:?}", l.theme),
        l.demo_url.clone().unwrap_or_default(),
        l.here.clone(),
        session,
    ];
    // The switcher's names are the users' own text: each one a part of its
    // own (the digest keeps parts apart), never joined by a separator.
    if let Some(w) = &l.workspace {
        parts.extend([w.name.clone(), w.role.clone()]);
        for c in &w.choices {
            parts.extend([c.id.clone(), c.label.clone(), c.active.to_string()]);
        }
    }
    an::weak_etag(&parts)
}

/// `304 Not Modified` when the request's `If-None-Match` names `etag`.
pub fn not_modified(req: &Request, etag: &str) -> Option<Response> {
    let header = req.headers().get(header::IF_NONE_MATCH)?.to_str().ok()?;
    an::if_none_match(header, etag).then(|| tagged(StatusCode::NOT_MODIFIED.into_response(), etag))
}

/// `resp` with the tag and the revalidation rule.
pub fn tagged(resp: Response, etag: &str) -> Response {
    resp.with_header(header::ETAG, etag)
        .with_header(header::CACHE_CONTROL, CACHE_CONTROL)
        .into_response()
}
