//! The CSV exports of the Analytics page: the follower series and the
//! posts with their metrics, safe to open in a spreadsheet.

use poem::http::StatusCode;
use poem::web::{Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::account::Account;
use socialflow_core::accounts::AccountError;
use socialflow_core::analytics::{self as an, DateRange, FollowerSnapshot, MediaMetrics};
use socialflow_core::{Language, User};

use super::query::{AnalyticsQuery, chosen_range, parse_account, range_error, sort_posts};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::session::WebUser;

/// The UTF-8 byte order mark: without it Excel reads a CSV in the
/// system's legacy code page, and Cyrillic or Kazakh text is mojibake.
pub const BOM: &str = "\u{feff}";

/// The field separator (`?sep=comma|semicolon`). Excel splits columns on
/// the system's list separator: `,` in English, `;` where the decimal
/// separator is a comma (Russian, Kazakh), so that is each language's
/// default. Numbers are written the same way either way (a dot decimal,
/// no grouping), so a file reads the same in every locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    Comma,
    Semicolon,
}

impl Sep {
    /// The asked separator, else the language's; `None` for an unknown one.
    pub fn parse(raw: &str, lang: Language) -> Option<Self> {
        match raw {
            "" => Some(match lang {
                Language::En => Sep::Comma,
                Language::Ru | Language::Kk => Sep::Semicolon,
            }),
            "comma" | "," => Some(Sep::Comma),
            "semicolon" | ";" => Some(Sep::Semicolon),
            _ => None,
        }
    }

    pub fn char(self) -> char {
        match self {
            Sep::Comma => ',',
            Sep::Semicolon => ';',
        }
    }
}

/// One CSV field: quoted when needed, and a leading `= + - @` neutralised so
/// spreadsheets do not run Instagram-provided text as a formula.
pub fn csv_field(s: &str, sep: Sep) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([sep.char(), '"', '\n', '\r']) {
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
pub fn followers_csv(range: DateRange, snapshots: &[FollowerSnapshot], sep: Sep) -> String {
    let d = sep.char();
    let mut out = format!("{BOM}date{d}followers{d}change{d}following{d}posts{d}source\r\n");
    let points = an::follower_series(range, snapshots);
    let by_day: std::collections::HashMap<_, _> = snapshots.iter().map(|s| (s.day, s)).collect();
    for p in points {
        let snap = by_day.get(&p.day).copied();
        out.push_str(&format!(
            "{}{d}{}{d}{}{d}{}{d}{}{d}{}\r\n",
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

const POSTS_HEADER: [&str; 18] = [
    "posted_at",
    "media_id",
    "product",
    "media_type",
    "permalink",
    "caption",
    "reach",
    "views",
    "likes",
    "comments",
    "saves",
    "shares",
    "replies",
    "avg_watch_time_ms",
    "total_watch_time_ms",
    "reposts",
    "reels_skip_rate",
    "engagement_rate",
];

/// The posts with their metrics; numbers locale-independent (engagement
/// rate with a dot and two decimals).
pub fn posts_csv(user: &User, posts: &[MediaMetrics], sep: Sep) -> String {
    let mut out = String::from(BOM);
    out.push_str(&POSTS_HEADER.join(&sep.char().to_string()));
    out.push_str("\r\n");
    for m in posts {
        let local = user.time_zone.to_local(m.posted_at);
        let row = [
            format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute()),
            csv_field(&m.media_id, sep),
            csv_field(&m.product, sep),
            csv_field(&m.media_type, sep),
            csv_field(m.permalink.as_deref().unwrap_or(""), sep),
            csv_field(m.caption.as_deref().unwrap_or(""), sep),
            opt(m.reach),
            opt(m.views),
            opt(m.likes),
            opt(m.comments),
            opt(m.saves),
            opt(m.shares),
            opt(m.replies),
            opt(m.avg_watch_time_ms),
            opt(m.total_watch_time_ms),
            opt(m.reposts),
            opt(m.skip_rate),
            m.engagement_rate()
                .map(|r| format!("{r:.2}"))
                .unwrap_or_default(),
        ];
        out.push_str(&row.join(&sep.char().to_string()));
        out.push_str("\r\n");
    }
    out
}

pub async fn export_parts(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    q: &AnalyticsQuery,
) -> Result<(Account, DateRange, Sep), Response> {
    let tr = Tr::new(me.user.language);
    let Some(sep) = Sep::parse(&q.sep, me.user.language) else {
        return Err(tr
            .t("analytics-error-sep")
            .with_status(StatusCode::UNPROCESSABLE_ENTITY)
            .into_response());
    };
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
    match state.accounts.get_seen(&me.access, id).await {
        Ok(a) => Ok((a, range, sep)),
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
    let (account, range, sep) = match export_parts(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match state
        .analytics
        .followers(me.access.owner(), account.id, range)
        .await
    {
        Ok(s) => csv_response(
            &format!(
                "followers-{}-{}-{}.csv",
                account.profile.username, range.from, range.to
            ),
            followers_csv(range, &s, sep),
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
    let (account, range, sep) = match export_parts(req, &state, &me, &q).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match state
        .analytics
        .posts(&me.workspace_user, account.id, range)
        .await
    {
        Ok(mut posts) => {
            sort_posts(&mut posts, &q.sort, q.dir != "asc");
            csv_response(
                &format!(
                    "posts-{}-{}-{}.csv",
                    account.profile.username, range.from, range.to
                ),
                posts_csv(&me.user, &posts, sep),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot export posts");
            internal_error(req, Some(&me.user))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use socialflow_core::account::AccountId;
    use socialflow_core::analytics::SnapshotSource;
    use time::macros::{date, datetime};

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        let c = Sep::Comma;
        assert_eq!(csv_field("plain", c), "plain");
        assert_eq!(csv_field("a,b", c), "\"a,b\"");
        assert_eq!(csv_field("a;b", c), "a;b");
        assert_eq!(csv_field("a;b", Sep::Semicolon), "\"a;b\"");
        assert_eq!(csv_field("say \"hi\"", c), "\"say \"\"hi\"\"\"");
        assert_eq!(
            csv_field("=HYPERLINK(\"x\")", c),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(csv_field("-1", c), "'-1");
    }

    #[test]
    fn the_separator_is_explicit_or_the_languages() {
        assert_eq!(Sep::parse("", Language::En), Some(Sep::Comma));
        assert_eq!(Sep::parse("", Language::Ru), Some(Sep::Semicolon));
        assert_eq!(Sep::parse("", Language::Kk), Some(Sep::Semicolon));
        assert_eq!(Sep::parse("comma", Language::Ru), Some(Sep::Comma));
        assert_eq!(Sep::parse("semicolon", Language::En), Some(Sep::Semicolon));
        assert_eq!(Sep::parse("tab", Language::En), None);
    }

    #[test]
    fn the_followers_file_starts_with_a_bom_and_numbers_are_plain() {
        let range = DateRange {
            from: date!(2026 - 11 - 01),
            to: date!(2026 - 11 - 02),
        };
        let snap = |day, followers| FollowerSnapshot {
            account_id: AccountId(uuid::Uuid::nil()),
            day,
            followers: Some(followers),
            following: Some(12),
            media_count: Some(3),
            source: SnapshotSource::Daily,
            taken_at: datetime!(2026-11-02 10:00 UTC),
        };
        let body = followers_csv(
            range,
            &[
                snap(date!(2026 - 11 - 01), 12_345),
                snap(date!(2026 - 11 - 02), 12_001),
            ],
            Sep::Semicolon,
        );
        let bytes = body.as_bytes();
        assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF], "UTF-8 BOM first");
        assert_eq!(
            &body[3..],
            "date;followers;change;following;posts;source\r\n\
             2026-11-01;12345;;12;3;daily\r\n\
             2026-11-02;12001;-344;12;3;daily\r\n"
        );
    }
}
