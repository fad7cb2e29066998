//! The planner: a month, week or day of the user's posts (week and day on
//! an hour grid in the user's time zone), the media already on Instagram
//! in their place, the drafts tray, a colour per account with its legend,
//! and the filters. Moving is [`super::moves`]; the profile grid is
//! [`super::profile`].

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::AccountId;
use socialflow_core::posts::{PostFilter, PostState};
use socialflow_core::time_window::EARLIEST;
use time::{Date, OffsetDateTime};

use super::colors::classes_for;
use super::days::iso_date;
use super::entries::{Chip, Entries, Entry};
use super::hours::{DEFAULT_FIRST_HOUR, HourGrid};
use super::{Calendar, Span};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts::rows::Lookup;
use crate::web::posts_text as text;
use crate::web::shared::choice::Choice;
use crate::web::shared::errors::internal_error;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// At most this many posts are read for one span, and drafts for the tray.
const MAX_POSTS: u32 = 500;
const MAX_DRAFTS: u32 = 60;
/// At most this many synced Instagram posts are shown in one span.
const MAX_SYNCED: usize = 300;

/// One account in the legend: its colour, and a link filtering by it.
pub struct Legend {
    pub acc: &'static str,
    pub name: String,
    pub href: String,
    pub active: bool,
}

/// A move that was refused: shown on its post, with what was typed.
pub struct Typed {
    pub post: String,
    pub date: String,
    pub time: String,
    pub error: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    l: Layout,
    notice: Option<Notice>,
    view: &'static str,
    zone_note: String,
    has_accounts: bool,
    accounts: Vec<Choice>,
    states: Vec<Choice>,
    /// The filter as a query string (`account=…&state=…`), kept by links.
    filter_query: String,
    /// This page's address, where the move forms come back to.
    here: String,
    cal: Calendar<Entry>,
    hours: Option<HourGrid>,
    /// 0 or 7: where the hour grid starts (a class of its CSS).
    first_hour: u8,
    drafts: Vec<Chip>,
    legend: Vec<Legend>,
    /// `&account=…` for the composer links when one account is chosen.
    account_param: String,
    /// The page's "New post" link (with the chosen account).
    new_href: String,
    typed: Option<Typed>,
    /// The earliest date the move forms accept (today).
    today: String,
    /// Whether synced posts are shown (no state filter, or "published").
    show_synced: bool,
}

impl CalendarPage {
    /// The refused move of `post`, if it is this one.
    fn typed_for(&self, post: &str) -> Option<&Typed> {
        self.typed.as_ref().filter(|t| t.post == post)
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CalendarQuery {
    pub view: String,
    pub date: String,
    pub account: String,
    pub state: String,
    pub notice: String,
}

impl CalendarQuery {
    /// The query of a `next` path that points at the calendar (after a
    /// refused move the page is shown again as it was).
    pub fn of_path(next: &str) -> Self {
        next.split_once('?')
            .and_then(|(_, q)| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default()
    }
}

#[handler]
pub async fn calendar(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<CalendarQuery>,
) -> Response {
    render(&state, req, &me, &csrf.0, q, None, None, StatusCode::OK).await
}

/// The page for `q`, with a notice or a refused move shown on its post.
#[allow(clippy::too_many_arguments)]
pub async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    q: CalendarQuery,
    notice: Option<Notice>,
    typed: Option<Typed>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let lookup = match Lookup::load(state, &me.workspace_user, &me.access).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let span = Span::parse(&q.view).unwrap_or(Span::Week);
    let view = span.as_str();
    let account = uuid::Uuid::parse_str(&q.account)
        .ok()
        .map(AccountId)
        .filter(|a| lookup.accounts.iter().any(|(id, _)| id == a));
    let state_filter = PostState::parse(&q.state);
    let mut filter_pairs = Vec::new();
    if let Some(a) = account {
        filter_pairs.push(("account", a.to_string()));
    }
    if let Some(s) = state_filter {
        filter_pairs.push(("state", s.as_str().to_string()));
    }
    let filter_query = serde_urlencoded::to_string(&filter_pairs).unwrap_or_default();
    let zone = me.user.time_zone.clone();
    let now = state.clock.now();
    let today = zone.date_of(now);
    // A day outside the window (year 9999 would overflow the grid) shows today.
    let anchor =
        socialflow_core::time_window::parse_calendar_date(&q.date, state.posts.window(), today)
            .unwrap_or(today);
    let link = |d: Date| {
        let mut qs = format!("/calendar?view={view}&date={}", iso_date(d));
        if !filter_query.is_empty() {
            qs.push('&');
            qs.push_str(&filter_query);
        }
        qs
    };
    let here = link(anchor);
    let mut cal: Calendar<Entry> = Calendar::new(&tr, span, anchor, today, link);
    // The grid's edges may stick out of the window by a few days.
    let latest = state.posts.window().latest(now);
    let (first, end) = cal.range();
    let (from, to) = (
        zone.start_of_day(first).clamp(EARLIEST, latest),
        zone.start_of_day(end).clamp(EARLIEST, latest),
    );
    let filter = PostFilter {
        account,
        states: state_filter.into_iter().collect(),
        from: Some(from),
        to: Some(to),
        limit: MAX_POSTS,
        accounts: None,
    };
    let drafts_filter = PostFilter {
        account,
        states: vec![PostState::Draft],
        from: None,
        to: None,
        limit: MAX_DRAFTS,
        accounts: None,
    };
    let (posts, drafts) = match (
        state.posts.list_seen(&me.access, &filter).await,
        state.posts.list_seen(&me.access, &drafts_filter).await,
    ) {
        (Ok(p), Ok(d)) => (p, d),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "cannot list posts");
            return internal_error(req, Some(&me.user));
        }
    };
    let ids: Vec<AccountId> = lookup.accounts.iter().map(|(id, _)| *id).collect();
    let colours: Vec<(AccountId, &'static str)> =
        ids.iter().copied().zip(classes_for(&ids)).collect();
    let entries = Entries {
        tr: &tr,
        lookup: &lookup,
        zone: &zone,
        colours: &colours,
        may_move: me
            .access
            .can(socialflow_core::workspaces::Capability::Publish),
    };
    // Everything with its instant, posts and synced media together, in
    // time order.
    let mut timed: Vec<(OffsetDateTime, Entry)> = posts
        .iter()
        .filter_map(|p| {
            p.content
                .scheduled_at
                .map(|at| (at, Entry::Post(Box::new(entries.chip(p)))))
        })
        .collect();
    let show_synced = matches!(state_filter, None | Some(PostState::Published));
    if show_synced {
        let ours: std::collections::HashSet<&str> = posts
            .iter()
            .filter_map(|p| p.ig_media_id.as_deref())
            .collect();
        let mut synced = Vec::new();
        for id in ids.iter().filter(|id| account.is_none_or(|a| a == **id)) {
            // The planner still shows without them: the inbox cache is a
            // nicety here.
            match state.inbox.cached_media(me.access.owner(), *id).await {
                Ok(media) => synced.extend(media.into_iter().filter(|m| {
                    m.timestamp >= from && m.timestamp < to && !ours.contains(m.id.as_str())
                })),
                Err(e) => tracing::warn!(error = %e, "no synced posts on the calendar"),
            }
        }
        synced.truncate(MAX_SYNCED);
        timed.extend(
            synced
                .iter()
                .map(|m| (m.timestamp, Entry::Synced(entries.synced(m)))),
        );
    }
    timed.sort_by_key(|(at, _)| *at);
    let mut hours = None;
    let mut first_hour = DEFAULT_FIRST_HOUR;
    if span == Span::Month {
        for (at, e) in timed {
            cal.place(zone.date_of(at), e);
        }
    } else {
        let days: Vec<Date> = (0..(end - first).whole_days())
            .map(|i| first + time::Duration::days(i))
            .collect();
        // A post before seven pulls the grid up to midnight.
        if timed
            .iter()
            .any(|(at, _)| zone.to_local(*at).hour() < DEFAULT_FIRST_HOUR)
        {
            first_hour = 0;
        }
        let mut grid = HourGrid::new(&tr, &days, first_hour, today, zone.to_local(now));
        for (at, e) in timed {
            grid.place(zone.to_local(at), e);
        }
        cal.any = grid.any();
        hours = Some(grid);
    }
    let drafts = drafts.iter().map(|p| entries.chip(p)).collect();
    let legend = lookup
        .accounts
        .iter()
        .map(|(id, name)| {
            let mut qs = format!("/calendar?view={view}&date={}", iso_date(anchor));
            if account != Some(*id) {
                qs.push_str(&format!("&account={id}"));
            }
            if let Some(s) = state_filter {
                qs.push_str(&format!("&state={}", s.as_str()));
            }
            Legend {
                acc: entries.colour(*id),
                name: format!("@{name}"),
                href: qs,
                active: account == Some(*id),
            }
        })
        .collect();
    let notice = notice.or_else(|| match q.notice.as_str() {
        "moved" => Notice::ok(tr.t("calendar-moved")),
        "swapped" => Notice::ok(tr.t("calendar-swapped")),
        _ => None,
    });
    let accounts = lookup
        .accounts
        .iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: format!("@{name}"),
            selected: Some(*id) == account,
        })
        .collect();
    let states = PostState::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: text::state(&tr, s),
            selected: Some(s) == state_filter,
        })
        .collect();
    let page = CalendarPage {
        notice,
        view,
        zone_note: tr.t1("posts-times-in-zone", "zone", zone.name()),
        has_accounts: !lookup.accounts.is_empty(),
        accounts,
        states,
        filter_query,
        here,
        cal,
        hours,
        first_hour,
        drafts,
        legend,
        account_param: account.map(|a| format!("&account={a}")).unwrap_or_default(),
        new_href: account
            .map(|a| format!("/content/new?account={a}"))
            .unwrap_or_else(|| "/content/new".into()),
        typed,
        today: iso_date(today),
        show_synced,
        l: Layout::new(tr, "calendar-title", Some(&me.user), csrf, "/content"),
    };
    page.with_status(status).into_response()
}
