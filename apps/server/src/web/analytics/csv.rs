//! The CSV exports of the Analytics page: the follower series and the
//! posts with their metrics, safe to open in a spreadsheet.

use poem::http::StatusCode;
use poem::web::{Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::User;
use socialflow_core::account::Account;
use socialflow_core::accounts::AccountError;
use socialflow_core::analytics::{self as an, DateRange, FollowerSnapshot, MediaMetrics};

use super::query::{AnalyticsQuery, chosen_range, parse_account, range_error, sort_posts};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::session::WebUser;

/// One CSV field: quoted when needed, and a leading `= + - @` neutralised so
/// spreadsheets do not run Instagram-provided text as a formula.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn opt(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

pub fn csv_response(name: &str, body: String) -> Response {
    body.with_content_type("text/csv; charset=utf-8")
        .with_header(
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        )
        .into_response()
}

/// The follower series as CSV: every day of the range, empty cells where
/// nothing was recorded.
pub fn followers_csv(range: DateRange, snapshots: &[FollowerSnapshot]) -> String {
    let mut out = String::from("date,followers,change,following,posts,source\n");
    let points = an::follower_series(range, snapshots);
    let by_day: std::collections::HashMap<_, _> = snapshots.iter().map(|s| (s.day, s)).collect();
    for p in points {
        let snap = by_day.get(&p.day).copied();
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            p.day,
            opt(p.value),
            opt(p.change),
            opt(snap.and_then(|s| s.following)),
            opt(snap.and_then(|s| s.media_count)),
            snap.map(|s| s.source.as_str()).unwrap_or(""),
        ));
    }
    out
}

pub fn posts_csv(user: &User, posts: &[MediaMetrics]) -> String {
    let mut out = String::from(
        "posted_at,media_id,product,media_type,permalink,caption,reach,views,likes,comments,saves,shares,replies,avg_watch_time_ms,total_watch_time_ms,engagement_rate\n",
    );
    for m in posts {
        let local = user.time_zone.to_local(m.posted_at);
        let row = [
            format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute()),
            csv_field(&m.media_id),
            csv_field(&m.product),
            csv_field(&m.media_type),
            csv_field(m.permalink.as_deref().unwrap_or("")),
            csv_field(m.caption.as_deref().unwrap_or("")),
            opt(m.reach),
            opt(m.views),
            opt(m.likes),
            opt(m.comments),
            opt(m.saves),
            opt(m.shares),
            opt(m.replies),
            opt(m.avg_watch_time_ms),
            opt(m.total_watch_time_ms),
            m.engagement_rate()
                .map(|r| format!("{r:.2}"))
                .unwrap_or_default(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

pub async fn export_parts(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    q: &AnalyticsQuery,
) -> Result<(Account, DateRange), Response> {
    let tr = Tr::new(me.user.language);
    let Some(id) = parse_account(&q.account) else {
        return Err(error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ));
    };
    let range = match chosen_range(q, state.analytics.today(&me.user)) {
        Ok((_, r)) => r,
        Err(e) => {
            return Err(range_error(&tr, &e)
                .with_status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response());
        }
    };
    match state.accounts.get(me.user.id, id).await {
        Ok(a) => Ok((a, range)),
        Err(AccountError::NotFound) => Err(error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        )),
        Err(e) => {
            tracing::error!(error = %e, "cannot load an account");
            Err(internal_error(req, Some(&me.user)))
        }
    }
}

#[handler]
pub async fn export_followers(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let (account, range) = match export_parts(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match state
        .analytics
        .followers(me.user.id, account.id, range)
        .await
    {
        Ok(s) => csv_response(
            &format!(
                "followers-{}-{}-{}.csv",
                account.profile.username, range.from, range.to
            ),
            followers_csv(range, &s),
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot export followers");
            internal_error(req, Some(&me.user))
        }
    }
}

#[handler]
pub async fn export_posts(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Query(q): Query<AnalyticsQuery>,
) -> Response {
    let (account, range) = match export_parts(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match state.analytics.posts(&me.user, account.id, range).await {
        Ok(mut posts) => {
            sort_posts(&mut posts, &q.sort, q.dir != "asc");
            csv_response(
                &format!(
                    "posts-{}-{}-{}.csv",
                    account.profile.username, range.from, range.to
                ),
                posts_csv(&me.user, &posts),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot export posts");
            internal_error(req, Some(&me.user))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }
}
