//! The Content Manager: posts as a list and a calendar (month, week), the
//! composer (new and edit), a post's page with its history and actions, and
//! the dashboard's digest of upcoming and failed posts. Times are entered
//! and shown in the user's time zone.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, CsrfVerifier, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::AccountId;
use socialflow_core::media::{MediaId, Severity};
use socialflow_core::posts::{
    MediaClass, MediaFix, MediaSlot, Post, PostError, PostEvent, PostFilter, PostId, PostInput,
    PostKind, PostProblem, PostState, check_caption,
};
use socialflow_core::{TimeZone, User};
use time::macros::format_description;
use time::{Date, Duration, PrimitiveDateTime, Time};

use super::layout::{Layout, Notice};
use super::pages::{csrf_error, error_page, internal_error};
use super::posts_text as text;
use super::request::{client_context, safe_next};
use super::session::WebUser;
use crate::i18n::Tr;
use crate::state::AppState;

/// A post as lists, calendars and the dashboard show it.
pub struct PostRow {
    pub id: String,
    pub account: String,
    pub kind: String,
    pub caption: String,
    /// Local date and time in the user's format, or "not scheduled".
    pub when: String,
    /// "in 2 h" when near, else empty.
    pub when_rel: String,
    /// The instant for `<time datetime>`, empty when unscheduled.
    pub when_iso: String,
    /// Local time of day (calendar cells).
    pub time: String,
    pub state: String,
    pub state_code: &'static str,
    pub thumb: Option<String>,
    /// The first file is a video (its thumbnail shows a play mark).
    pub is_video: bool,
    /// What the post waits for, if it is held.
    pub hold: Option<String>,
    /// Why it failed or waits, explained.
    pub reason: Option<text::Why>,
}

/// Account names and thumbnails, loaded once per page.
struct Lookup {
    accounts: Vec<(AccountId, String)>,
    thumbs: HashMap<MediaId, String>,
    videos: std::collections::HashSet<MediaId>,
    zone: TimeZone,
    now: time::OffsetDateTime,
}

impl Lookup {
    async fn load(state: &AppState, user: &User) -> Result<Self, String> {
        let accounts = state
            .accounts
            .list(user.id)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|a| (a.id, a.profile.username))
            .collect();
        // Thumbnails are a nicety: a failing media library leaves them out.
        let now = state.clock.now();
        let choices = match state.post_media.choices(user.id, now).await {
            Ok(choices) => choices,
            Err(e) => {
                tracing::warn!(error = %e, "no thumbnails: the media library failed");
                Vec::new()
            }
        };
        let videos = choices
            .iter()
            .filter(|c| c.class == MediaClass::Video)
            .map(|c| c.id)
            .collect();
        let thumbs = choices
            .into_iter()
            .filter_map(|c| c.thumbnail_url.map(|u| (c.id, u)))
            .collect();
        Ok(Lookup {
            accounts,
            thumbs,
            videos,
            zone: user.time_zone.clone(),
            now,
        })
    }

    fn account(&self, id: AccountId) -> String {
        self.accounts
            .iter()
            .find(|(a, _)| *a == id)
            .map(|(_, name)| format!("@{name}"))
            .unwrap_or_else(|| "—".into())
    }

    fn row(&self, tr: &Tr, p: &Post) -> PostRow {
        let local = p.content.scheduled_at.map(|at| self.zone.to_local(at));
        let when = p
            .content
            .scheduled_at
            .map(|at| super::format::When::new(tr, &self.zone, self.now, at));
        PostRow {
            id: p.id.to_string(),
            account: self.account(p.content.account_id),
            kind: text::kind(tr, p.content.kind),
            caption: caption_start(tr, &p.content.caption),
            when: when
                .as_ref()
                .map(|w| w.text.clone())
                .unwrap_or_else(|| tr.t("posts-unscheduled")),
            when_rel: when
                .as_ref()
                .and_then(|w| w.relative.clone())
                .unwrap_or_default(),
            when_iso: when.map(|w| w.iso).unwrap_or_default(),
            time: local
                .and_then(|l| l.format(format_description!("[hour]:[minute]")).ok())
                .unwrap_or_default(),
            state: text::state(tr, p.state),
            state_code: p.state.as_str(),
            thumb: p
                .content
                .media
                .iter()
                .chain(p.content.cover.iter())
                .find_map(|m| self.thumbs.get(m).cloned()),
            is_video: p
                .content
                .media
                .first()
                .is_some_and(|m| self.videos.contains(m)),
            hold: p.hold.map(|h| text::hold(tr, h)),
            reason: p.reason.as_deref().map(|r| text::why(tr, r)),
        }
    }
}

fn caption_start(tr: &Tr, caption: &str) -> String {
    let line = caption.lines().next().unwrap_or("").trim();
    if line.is_empty() {
        return tr.t("posts-no-caption");
    }
    let mut s: String = line.chars().take(60).collect();
    if line.chars().count() > 60 || caption.lines().count() > 1 {
        s.push('…');
    }
    s
}

/// A wall-clock time in the language's date format.
fn format_local(lang: socialflow_core::Language, t: PrimitiveDateTime) -> String {
    format!(
        "{} {:02}:{:02}",
        super::analytics_format::day(lang, t.date()),
        t.hour(),
        t.minute()
    )
}

fn iso_date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok()
}

fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim();
    Time::parse(s, format_description!("[hour]:[minute]"))
        .or_else(|_| Time::parse(s, format_description!("[hour]:[minute]:[second]")))
        .ok()
}

// ---------------------------------------------------------------- list + calendar

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct CalDay {
    pub date: String,
    pub day: u8,
    /// "Mon, Dec 7" in the user's language (the agenda's day heading).
    pub full: String,
    pub in_month: bool,
    pub today: bool,
    pub posts: Vec<PostRow>,
}

/// A month or week: a grid of days on wide screens, an agenda of the days
/// with posts on phones (the same markup, styled per width).
pub struct Calendar {
    pub title: String,
    pub weekdays: Vec<String>,
    pub days: Vec<CalDay>,
    pub prev: String,
    pub next: String,
    pub today: String,
    pub week: bool,
    /// The new-post link with the view's day prefilled is per day; this is
    /// whether any day has a post (the agenda's empty line otherwise).
    pub any: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "posts_list.html")]
pub struct ListPage {
    l: Layout,
    notice: Option<Notice>,
    view: &'static str,
    zone_note: String,
    has_accounts: bool,
    accounts: Vec<Choice>,
    states: Vec<Choice>,
    /// The filter as a query string (`account=…&state=…`), kept by links.
    filter_query: String,
    rows: Vec<PostRow>,
    calendar: Option<Calendar>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    account: String,
    state: String,
    view: String,
    date: String,
    notice: String,
}

fn month_start(d: Date) -> Date {
    d.replace_day(1).unwrap_or(d)
}

fn monday_of(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

fn add_months(d: Date, n: i32) -> Date {
    let total = d.year() * 12 + i32::from(u8::from(d.month())) - 1 + n;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let month = time::Month::try_from(m as u8).unwrap_or(time::Month::January);
    Date::from_calendar_date(y, month, 1).unwrap_or(d)
}

#[handler]
pub async fn list(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ListQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let lookup = match Lookup::load(&state, &me.user).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let account = uuid::Uuid::parse_str(&q.account).ok().map(AccountId);
    let state_filter = PostState::parse(&q.state);
    let view = match q.view.as_str() {
        "month" => "month",
        "week" => "week",
        _ => "list",
    };
    let mut filter_query = Vec::new();
    if let Some(a) = account {
        filter_query.push(("account", a.to_string()));
    }
    if let Some(s) = state_filter {
        filter_query.push(("state", s.as_str().to_string()));
    }
    let filter_query = serde_urlencoded::to_string(&filter_query).unwrap_or_default();
    let mut filter = PostFilter {
        account,
        states: state_filter.into_iter().collect(),
        from: None,
        to: None,
        limit: 500,
    };
    let zone = me.user.time_zone.clone();
    let today = zone.date_of(state.clock.now());
    let mut calendar = None;
    if view != "list" {
        let anchor = parse_date(&q.date).unwrap_or(today);
        let week = view == "week";
        let (first, days, prev, next, title) = if week {
            let first = monday_of(anchor);
            (
                first,
                7,
                first - Duration::days(7),
                first + Duration::days(7),
                tr.t1(
                    "posts-week-of",
                    "date",
                    super::analytics_format::day(tr.lang, first),
                ),
            )
        } else {
            let start = month_start(anchor);
            let first = monday_of(start);
            let after = add_months(start, 1);
            let last = monday_of(after - Duration::days(1)) + Duration::days(6);
            let days = (last - first).whole_days() + 1;
            (
                first,
                days,
                add_months(start, -1),
                after,
                format!(
                    "{} {}",
                    tr.t(&format!("posts-month-{}", u8::from(start.month()))),
                    start.year()
                ),
            )
        };
        filter.from = Some(zone.start_of_day(first));
        filter.to = Some(zone.start_of_day(first + Duration::days(days)));
        let link = |d: Date| {
            let mut qs = format!("/content?view={view}&date={}", iso_date(d));
            if !filter_query.is_empty() {
                qs.push('&');
                qs.push_str(&filter_query);
            }
            qs
        };
        let month = if week {
            anchor.month()
        } else {
            month_start(anchor).month()
        };
        let mut cal_days = Vec::new();
        let mut day = first;
        for _ in 0..days {
            cal_days.push(CalDay {
                date: iso_date(day),
                day: day.day(),
                full: format!(
                    "{}, {}",
                    tr.t(&format!(
                        "posts-weekday-long-{}",
                        day.weekday().number_from_monday()
                    )),
                    super::analytics_format::day(tr.lang, day)
                ),
                in_month: week || day.month() == month,
                today: day == today,
                posts: Vec::new(),
            });
            day = day.next_day().unwrap_or(day);
        }
        calendar = Some(Calendar {
            title,
            weekdays: (1..=7)
                .map(|i| tr.t(&format!("posts-weekday-{i}")))
                .collect(),
            days: cal_days,
            prev: link(prev),
            next: link(next),
            today: link(today),
            week,
            any: false,
        });
    }
    let posts = match state.posts.list(me.user.id, &filter).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot list posts");
            return internal_error(req, Some(&me.user));
        }
    };
    let mut rows = Vec::new();
    for p in &posts {
        let row = lookup.row(&tr, p);
        match (calendar.as_mut(), p.content.scheduled_at) {
            (Some(cal), Some(at)) => {
                let date = iso_date(zone.date_of(at));
                if let Some(cell) = cal.days.iter_mut().find(|c| c.date == date) {
                    cell.posts.push(row);
                    cal.any = true;
                }
            }
            (Some(_), None) => {}
            (None, _) => rows.push(row),
        }
    }
    let notice = match q.notice.as_str() {
        "deleted" => Notice::ok(tr.t("posts-deleted")),
        _ => None,
    };
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
    ListPage {
        notice,
        view,
        zone_note: tr.t1("posts-times-in-zone", "zone", zone.name()),
        has_accounts: !lookup.accounts.is_empty(),
        accounts,
        states,
        filter_query,
        rows,
        calendar,
        l: Layout::new(tr, "posts-title", Some(&me.user), &csrf.0, "/content"),
    }
    .into_response()
}

// ---------------------------------------------------------------- composer

/// What the user typed, kept verbatim so a refused form loses nothing.
#[derive(Default, Clone)]
pub struct ComposerForm {
    pub version: String,
    pub account_id: String,
    pub kind: String,
    pub media: Vec<String>,
    pub order: HashMap<String, String>,
    pub cover: String,
    pub thumb_offset_ms: String,
    pub share_to_feed: bool,
    pub caption: String,
    pub hashtags: String,
    pub first_comment: String,
    pub collaborators: String,
    /// "Tag people": `@username x y` per line (see `user_tags`).
    pub user_tags: String,
    pub location_id: String,
    pub alt_text: String,
    pub date: String,
    pub time: String,
}

impl ComposerForm {
    fn parse(body: &str) -> (String, String, Self) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
        let mut f = ComposerForm::default();
        let (mut csrf, mut action) = (String::new(), String::new());
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => csrf = v,
                "action" => action = v,
                "version" => f.version = v,
                "account_id" => f.account_id = v,
                "kind" => f.kind = v,
                "media" => f.media.push(v),
                "cover" => f.cover = v,
                "thumb_offset_ms" => f.thumb_offset_ms = v,
                "share_to_feed" => f.share_to_feed = !v.is_empty(),
                "caption" => f.caption = v,
                "hashtags" => f.hashtags = v,
                "first_comment" => f.first_comment = v,
                "collaborators" => f.collaborators = v,
                "user_tags" => f.user_tags = v,
                "location_id" => f.location_id = v,
                "alt_text" => f.alt_text = v,
                "date" => f.date = v,
                "time" => f.time = v,
                other => {
                    if let Some(id) = other.strip_prefix("order-") {
                        f.order.insert(id.to_string(), v);
                    }
                }
            }
        }
        (csrf, action, f)
    }

    fn of_post(p: &Post, zone: &TimeZone) -> Self {
        let c = &p.content;
        let local = c.scheduled_at.map(|at| zone.to_local(at));
        ComposerForm {
            version: p.version.to_string(),
            account_id: c.account_id.to_string(),
            kind: c.kind.as_str().into(),
            media: c.media.iter().map(|m| m.to_string()).collect(),
            order: c
                .media
                .iter()
                .enumerate()
                .map(|(i, m)| (m.to_string(), (i + 1).to_string()))
                .collect(),
            cover: c.cover.map(|m| m.to_string()).unwrap_or_default(),
            thumb_offset_ms: c.thumb_offset_ms.map(|n| n.to_string()).unwrap_or_default(),
            share_to_feed: c.share_to_feed,
            caption: c.caption.clone(),
            hashtags: c.hashtags.clone(),
            first_comment: c.first_comment.clone().unwrap_or_default(),
            collaborators: c.collaborators.join(", "),
            user_tags: super::user_tags::format(&c.user_tags),
            location_id: c.location_id.clone().unwrap_or_default(),
            alt_text: c.alt_text.clone().unwrap_or_default(),
            date: local.map(|l| iso_date(l.date())).unwrap_or_default(),
            time: local
                .and_then(|l| l.format(format_description!("[hour]:[minute]")).ok())
                .unwrap_or_default(),
        }
    }

    /// The chosen files in the order the user numbered them (unnumbered ones
    /// keep their place after the numbered).
    fn ordered_media(&self) -> Vec<MediaId> {
        let mut chosen: Vec<(u32, usize, MediaId)> = self
            .media
            .iter()
            .enumerate()
            .filter_map(|(i, raw)| {
                let id = raw.parse::<MediaId>().ok()?;
                let pos = self
                    .order
                    .get(raw)
                    .and_then(|o| o.trim().parse::<u32>().ok())
                    .unwrap_or(u32::MAX);
                Some((pos, i, id))
            })
            .collect();
        chosen.sort_by_key(|(pos, i, _)| (*pos, *i));
        chosen.into_iter().map(|(_, _, id)| id).collect()
    }

    /// The core's input, and the problems only the form can have (an
    /// unreadable time or tag line) with the field each is about. With
    /// such problems the input leaves that part out, so the core can still
    /// name every other problem at once.
    fn to_input(
        &self,
        tr: &Tr,
        zone: &TimeZone,
        schedule: bool,
    ) -> (PostInput, Vec<(&'static str, String)>) {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|v| !v.is_empty());
        let mut problems = Vec::new();
        let scheduled_at = if schedule {
            let (date, time) = (self.date.trim(), self.time.trim());
            if date.is_empty() || time.is_empty() {
                let field = if date.is_empty() { "date" } else { "time" };
                problems.push((field, tr.t("posts-problem-time_required")));
                None
            } else if let (Some(d), Some(t)) = (parse_date(date), parse_time(time)) {
                let local = PrimitiveDateTime::new(d, t);
                match zone.from_local(local) {
                    Ok(at) => Some(at),
                    Err(_) => {
                        problems.push((
                            "time",
                            tr.t_args(
                                "posts-problem-time_nonexistent",
                                &[
                                    ("time", format_local(tr.lang, local).into()),
                                    ("zone", zone.name().into()),
                                ],
                            ),
                        ));
                        None
                    }
                }
            } else {
                let field = if parse_date(date).is_none() {
                    "date"
                } else {
                    "time"
                };
                problems.push((field, tr.t("posts-problem-time_invalid")));
                None
            }
        } else {
            None
        };
        // Every tag line that cannot be read is named, and nothing is saved.
        let user_tags = match super::user_tags::parse(&self.user_tags) {
            Ok(tags) => tags,
            Err(bad) => {
                problems.extend(bad.into_iter().map(|line| {
                    (
                        "user-tags",
                        tr.t1("posts-problem-user_tag_unreadable", "line", line),
                    )
                }));
                Vec::new()
            }
        };
        let input = PostInput {
            account_id: AccountId(
                uuid::Uuid::parse_str(self.account_id.trim()).unwrap_or(uuid::Uuid::nil()),
            ),
            kind: PostKind::parse(&self.kind).unwrap_or(PostKind::Post),
            media: self.ordered_media(),
            cover: self.cover.trim().parse::<MediaId>().ok(),
            thumb_offset_ms: self.thumb_offset_ms.trim().parse().ok(),
            share_to_feed: self.share_to_feed,
            caption: self.caption.clone(),
            hashtags: self.hashtags.clone(),
            first_comment: opt(&self.first_comment),
            collaborators: self
                .collaborators
                .split(|c: char| c == ',' || c.is_whitespace())
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            location_id: opt(&self.location_id),
            alt_text: opt(&self.alt_text),
            user_tags,
            scheduled_at,
        };
        (input, problems)
    }
}

pub struct MediaOption {
    pub id: String,
    pub label: String,
    pub thumb: Option<String>,
    pub is_video: bool,
    pub checked: bool,
    pub order: String,
    /// What Instagram's rules say about the file as this post uses it.
    pub problems: Vec<ItemProblem>,
}

/// A media rule a chosen file breaks, shown on the file, with a link to
/// the fix.
pub struct ItemProblem {
    pub text: String,
    /// `bad` when it stops scheduling (or would), `warn` otherwise.
    pub class: &'static str,
    /// Where the fix is: the upload form with padding ticked, or the
    /// Media page (conversion).
    pub fix: Option<FixLink>,
}

pub struct FixLink {
    pub href: &'static str,
    pub label: String,
}

/// The media problems of the files chosen in `f`, by file id, as if it were
/// scheduled when it has a date: a draft's refusals are shown too.
async fn item_problems(
    state: &AppState,
    tr: &Tr,
    me: &WebUser,
    f: &ComposerForm,
) -> HashMap<String, Vec<ItemProblem>> {
    let mut out: HashMap<String, Vec<ItemProblem>> = HashMap::new();
    if f.media.is_empty() {
        return out;
    }
    let (input, _) = f.to_input(tr, &me.user.time_zone, !f.date.trim().is_empty());
    let problems = match state.posts.problems(me.user.id, &input).await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "cannot check the chosen files");
            return out;
        }
    };
    for p in problems {
        let PostProblem::Media(m) = p else { continue };
        if m.slot == MediaSlot::Cover {
            continue;
        }
        let refusal = m.problem.severity() == Severity::Refusal && !m.converting;
        let fix = match m.fix {
            _ if m.converting => None,
            Some(MediaFix::Pad { .. }) => Some(FixLink {
                href: "/media?pad=1#media-upload",
                label: tr.t("posts-fix-pad-link"),
            }),
            Some(MediaFix::Transcode) => Some(FixLink {
                href: "/media",
                label: tr.t("posts-fix-media-link"),
            }),
            None => None,
        };
        out.entry(m.media_id.to_string())
            .or_default()
            .push(ItemProblem {
                text: text::media_issue(tr, &m),
                class: if refusal { "bad" } else { "warn" },
                fix,
            });
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "posts_composer.html")]
pub struct ComposerPage {
    l: Layout,
    notice: Option<Notice>,
    /// Every problem with the field (input id) it is about.
    problems: Vec<(&'static str, String)>,
    action: String,
    cancel_href: String,
    f: ComposerForm,
    accounts: Vec<Choice>,
    kinds: Vec<Choice>,
    media: Vec<MediaOption>,
    covers: Vec<Choice>,
    counts: String,
    /// The caption limits and labels the live counter uses (JSON).
    counter_limits: String,
    counter_labels: String,
    zone: String,
    /// "Suggested for @shop: Friday, Nov 28, 2026 19:00" and the link that
    /// fills the date and time, or "not enough data"; `None` without accounts.
    suggestion: Option<Suggestion>,
}

impl ComposerPage {
    /// The problems about one field.
    pub fn errors(&self, field: &str) -> Vec<&str> {
        self.problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    pub fn invalid(&self, field: &str) -> bool {
        self.problems.iter().any(|(f, _)| *f == field)
    }
}

/// The best time to post for the selected account, offered by the composer.
pub struct Suggestion {
    pub text: String,
    /// The suggested date and time (`YYYY-MM-DD`, `HH:MM` on the user's
    /// clock) that the "Use this time" button fills in; `None` when there is
    /// not enough data to suggest anything.
    pub slot: Option<(String, String)>,
}

/// The suggestion for `account` (the one selected in the form, else the
/// first): the next hour its followers are most often online, on the user's
/// clock.
async fn suggestion(
    state: &AppState,
    tr: &Tr,
    user: &User,
    account: &socialflow_core::account::Account,
) -> Suggestion {
    let username = account.profile.username.as_str();
    let s = match state.analytics.posting_suggestion(user, account.id).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "cannot compute the suggested time to post");
            None
        }
    };
    let Some(s) = s else {
        return Suggestion {
            text: tr.t1("posts-suggested-none", "account", username),
            slot: None,
        };
    };
    let local = s.next_local;
    let date = iso_date(local.date());
    let time = local
        .format(format_description!("[hour]:[minute]"))
        .unwrap_or_default();
    let when = format!(
        "{}, {} {}",
        tr.t(&format!(
            "posts-weekday-long-{}",
            local.weekday().number_from_monday()
        )),
        super::analytics_format::day(tr.lang, local.date()),
        time
    );
    Suggestion {
        text: tr.t_args(
            "posts-suggested",
            &[("account", username.into()), ("when", when.into())],
        ),
        slot: Some((date, time)),
    }
}

// The page's inputs, each distinct; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
async fn composer(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Option<PostId>,
    f: ComposerForm,
    problems: Vec<(&'static str, String)>,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let accounts = match state.accounts.list(me.user.id).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let choices = match state
        .post_media
        .choices(me.user.id, state.clock.now())
        .await
    {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "the media library failed");
            Vec::new()
        }
    };
    let kind = PostKind::parse(&f.kind).unwrap_or(PostKind::Post);
    let report = check_caption(
        &f.caption,
        &f.hashtags,
        Some(f.first_comment.as_str()).filter(|c| !c.is_empty()),
        state.posts.limits(),
    );
    let limits = state.posts.limits();
    let counts = tr.t_args(
        "posts-counts",
        &[
            ("chars", report.chars.into()),
            ("max_chars", limits.max_chars.into()),
            ("hashtags", report.hashtags.into()),
            ("max_hashtags", limits.max_hashtags.into()),
            ("mentions", report.mentions.into()),
            ("max_mentions", limits.max_mentions.into()),
        ],
    );
    let counter_limits = serde_json::json!({
        "chars": limits.max_chars,
        "hashtags": limits.max_hashtags,
        "mentions": limits.max_mentions,
    })
    .to_string();
    let counter_labels = serde_json::json!({
        "chars": tr.t("posts-counter-chars"),
        "hashtags": tr.t("posts-counter-hashtags"),
        "mentions": tr.t("posts-counter-mentions"),
    })
    .to_string();
    let mut item_problems = item_problems(state, &tr, me, &f).await;
    let media = choices
        .iter()
        .map(|c| {
            let id = c.id.to_string();
            MediaOption {
                problems: item_problems.remove(&id).unwrap_or_default(),
                checked: f.media.contains(&id),
                order: f.order.get(&id).cloned().unwrap_or_default(),
                label: c.label.clone(),
                thumb: c.thumbnail_url.clone(),
                is_video: c.class == MediaClass::Video,
                id,
            }
        })
        .collect();
    let covers = choices
        .iter()
        .filter(|c| c.class == MediaClass::Image)
        .map(|c| Choice {
            value: c.id.to_string(),
            label: c.label.clone(),
            selected: f.cover == c.id.to_string(),
        })
        .collect();
    let selected = accounts
        .iter()
        .find(|a| f.account_id == a.id.to_string())
        .or(accounts.first());
    let suggestion = match selected {
        Some(a) => Some(suggestion(state, &tr, &me.user, a).await),
        None => None,
    };
    let (action, cancel_href, title) = match post {
        Some(id) => (
            format!("/content/{id}/edit"),
            format!("/content/{id}"),
            "posts-edit-title",
        ),
        None => ("/content/new".into(), "/content".into(), "posts-new-title"),
    };
    ComposerPage {
        notice,
        problems,
        action,
        cancel_href,
        accounts: accounts
            .iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: format!("@{}", a.profile.username),
                selected: f.account_id == a.id.to_string(),
            })
            .collect(),
        kinds: PostKind::ALL
            .into_iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: text::kind(&tr, k),
                selected: k == kind,
            })
            .collect(),
        media,
        covers,
        counts,
        counter_limits,
        counter_labels,
        zone: me.user.time_zone.name().to_string(),
        suggestion,
        f,
        l: Layout::new(tr, title, Some(&me.user), csrf, "/content"),
    }
    .with_status(status)
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    account: String,
    kind: String,
    /// Pre-fill the schedule (`YYYY-MM-DD`, `HH:MM` on the user's clock),
    /// e.g. from the suggested time to post.
    date: String,
    time: String,
}

#[handler]
pub async fn new_form(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<NewQuery>,
) -> Response {
    let f = ComposerForm {
        account_id: q.account,
        kind: PostKind::parse(&q.kind)
            .unwrap_or(PostKind::Post)
            .as_str()
            .into(),
        share_to_feed: true,
        date: q.date,
        time: q.time,
        ..ComposerForm::default()
    };
    composer(
        &state,
        req,
        &me,
        &csrf.0,
        None,
        f,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// Pre-fills the schedule of the post being edited (the suggested time).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditQuery {
    date: String,
    time: String,
}

#[handler]
pub async fn edit_form(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<EditQuery>,
) -> Response {
    let Some(post) = load(&state, req, &me, &id).await else {
        return not_found(req, &me);
    };
    let post = match post {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !post.state.is_editable() {
        let tr = Tr::new(me.user.language);
        let notice = Notice::error(tr.t("posts-error-not-editable"));
        return show_page(
            &state,
            req,
            &me,
            &csrf.0,
            post,
            notice,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let mut f = ComposerForm::of_post(&post, &me.user.time_zone);
    if !q.date.is_empty() || !q.time.is_empty() {
        (f.date, f.time) = (q.date, q.time);
    }
    composer(
        &state,
        req,
        &me,
        &csrf.0,
        Some(post.id),
        f,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The owner's post by its id in the URL: `None` when it is not theirs (or
/// not a post id), `Err` with the page to return when storage failed.
async fn load(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    raw: &str,
) -> Option<Result<Post, Response>> {
    let id = raw.parse::<PostId>().ok()?;
    match state.posts.get(me.user.id, id).await {
        Ok(p) => Some(Ok(p)),
        Err(PostError::NotFound) => None,
        Err(e) => {
            tracing::error!(error = %e, "cannot read a post");
            Some(Err(internal_error(req, Some(&me.user))))
        }
    }
}

fn not_found(req: &Request, me: &WebUser) -> Response {
    error_page(
        req,
        Some(&me.user),
        StatusCode::NOT_FOUND,
        "posts-error-not-found",
    )
}

/// "Use this time": the composer again with everything typed kept and the
/// schedule set to the suggested time of the account selected in the form
/// now. Nothing is saved.
async fn use_suggestion(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Option<PostId>,
    mut f: ComposerForm,
) -> Response {
    let tr = Tr::new(me.user.language);
    let accounts = match state.accounts.list(me.user.id).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let selected = accounts
        .iter()
        .find(|a| f.account_id == a.id.to_string())
        .or(accounts.first());
    if let Some(a) = selected
        && let Some((date, time)) = suggestion(state, &tr, &me.user, a).await.slot
    {
        f.date = date;
        f.time = time;
    }
    composer(
        state,
        req,
        me,
        csrf,
        post,
        f,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// Saves the composer: `action` is `draft`, `schedule` or `publish`
/// (`suggest` only fills in the suggested time).
async fn submit(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Option<PostId>,
    action: &str,
    f: ComposerForm,
) -> Response {
    let tr = Tr::new(me.user.language);
    if action == "suggest" {
        return use_suggestion(state, req, me, csrf, post, f).await;
    }
    let zone = me.user.time_zone.clone();
    let schedule = action == "schedule";
    let (input, mut form_problems) = f.to_input(&tr, &zone, schedule);
    if !form_problems.is_empty() {
        // Show the core's problems too, so nothing comes in rounds.
        match state.posts.problems(me.user.id, &input).await {
            Ok(more) => form_problems.extend(
                more.iter()
                    .filter(|p| !p.is_warning())
                    .map(|p| (text::problem_field(p), text::problem(&tr, p))),
            ),
            Err(e) => tracing::warn!(error = %e, "cannot check the rest of the post"),
        }
        return composer(
            state,
            req,
            me,
            csrf,
            post,
            f,
            form_problems,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let ctx = client_context(req, &state.web);
    let owner = me.user.id;
    let saved = match post {
        None => state.posts.create(owner, input, &ctx).await,
        Some(id) => {
            let version = f.version.trim().parse::<u32>().ok();
            state.posts.update(owner, id, input, version, &ctx).await
        }
    };
    let result = match saved {
        Ok((p, _)) if action == "publish" => state
            .posts
            .publish_now(owner, p.id, &ctx)
            .await
            .map(|p| (p, "publishing")),
        Ok((p, _)) if p.state == PostState::Scheduled => Ok((p, "scheduled")),
        Ok((p, _)) => Ok((p, "saved")),
        Err(e) => Err(e),
    };
    let (status, problems, notice) = match result {
        Ok((p, notice)) => {
            return Redirect::see_other(format!("/content/{}?notice={notice}", p.id))
                .into_response();
        }
        Err(PostError::Invalid(problems)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| (text::problem_field(p), text::problem(&tr, p)))
                .collect(),
            None,
        ),
        Err(PostError::NotEditable(_)) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Notice::error(tr.t("posts-error-not-editable")),
        ),
        Err(PostError::Conflict) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Notice::error(tr.t("posts-error-changed")),
        ),
        Err(PostError::NotFound) => return not_found(req, me),
        Err(PostError::Media(e)) => {
            tracing::error!(error = %e, "the media library failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                vec![("media", tr.t("posts-problem-media_unavailable"))],
                None,
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot save a post");
            return internal_error(req, Some(&me.user));
        }
    };
    composer(state, req, me, csrf, post, f, problems, notice, status).await
}

#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    body: String,
) -> Response {
    let (token, action, f) = ComposerForm::parse(&body);
    if !verifier.is_valid(&token) {
        return csrf_error(req, Some(&me.user));
    }
    submit(&state, req, &me, &csrf.0, None, &action, f).await
}

#[handler]
pub async fn update(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let (token, action, f) = ComposerForm::parse(&body);
    if !verifier.is_valid(&token) {
        return csrf_error(req, Some(&me.user));
    }
    let Ok(id) = id.parse::<PostId>() else {
        return not_found(req, &me);
    };
    submit(&state, req, &me, &csrf.0, Some(id), &action, f).await
}

// ---------------------------------------------------------------- post page

pub struct LogRow {
    pub at: super::format::When,
    pub event: String,
    /// For failures, holds and retries: what it means, in the user's words.
    pub why: Option<String>,
    /// The recorded detail (Instagram's words, ids), shown folded.
    pub detail: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "posts_show.html")]
pub struct ShowPage {
    l: Layout,
    notice: Option<Notice>,
    row: PostRow,
    zone: String,
    failed: bool,
    failure_text: Option<String>,
    /// `verify`: the Instagram posts that match this one (https links).
    verify: Option<Vec<String>>,
    permalink: Option<String>,
    published_at: Option<super::format::When>,
    caption: String,
    hashtags: String,
    first_comment: Option<String>,
    warnings: Vec<String>,
    log: Vec<LogRow>,
    can_edit: bool,
    can_cancel: bool,
    can_delete: bool,
    can_acknowledge: bool,
    /// The post's files with their state (a video's transcoding progress).
    media: Vec<super::media::MediaCard>,
}

async fn show_page(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    post: Post,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (lookup, log) = match (
        Lookup::load(state, &me.user).await,
        state.posts.log(me.user.id, post.id).await,
    ) {
        (Ok(l), Ok(g)) => (l, g),
        (Err(e), _) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
        (_, Err(e)) => {
            tracing::error!(error = %e, "cannot load a post's log");
            return internal_error(req, Some(&me.user));
        }
    };
    let can_transcode = state.media.can_transcode().await;
    let mut media = Vec::with_capacity(post.content.media.len());
    for id in post.content.media.iter().chain(post.content.cover.iter()) {
        // A file deleted since is simply not shown; the log says what happened.
        if let Ok(file) = state.media.get(me.user.id, *id).await {
            media.push(super::media::card(state, &tr, file, can_transcode));
        }
    }
    let zone = &me.user.time_zone;
    let report = check_caption(
        &post.content.caption,
        &post.content.hashtags,
        post.content.first_comment.as_deref(),
        state.posts.limits(),
    );
    let failed = post.state == PostState::Failed;
    let mut warnings: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.is_warning())
        .map(|p| text::problem(&tr, &PostProblem::Caption(p.clone())))
        .collect();
    // A draft keeps what Instagram would refuse; say so until it is fixed.
    if post.state.is_editable() {
        match state
            .posts
            .problems(me.user.id, &PostInput::from(&post.content))
            .await
        {
            Ok(problems) => warnings.extend(problems.iter().filter_map(|p| match p {
                PostProblem::Media(m) => Some(text::media_issue(&tr, m)),
                _ => None,
            })),
            Err(e) => tracing::warn!(error = %e, "cannot check the post's files"),
        }
    }
    ShowPage {
        notice,
        row: lookup.row(&tr, &post),
        zone: zone.name().to_string(),
        failed,
        failure_text: failed.then(|| tr.t("posts-failed-what-to-do")),
        verify: (post.state == PostState::Verify).then(|| {
            post.reason
                .as_deref()
                .unwrap_or_default()
                .lines()
                .filter(|l| l.starts_with("https://"))
                .map(str::to_string)
                .collect()
        }),
        // Only real links: Instagram's permalinks are https.
        permalink: post.permalink.clone().filter(|p| p.starts_with("https://")),
        published_at: post
            .published_at
            .map(|t| super::format::When::new(&tr, zone, state.clock.now(), t)),
        caption: post.content.caption.clone(),
        hashtags: post.content.hashtags.clone(),
        first_comment: post.content.first_comment.clone(),
        warnings,
        log: log
            .into_iter()
            .rev()
            .map(|e| LogRow {
                at: super::format::When::new(&tr, zone, state.clock.now(), e.at),
                event: text::event(&tr, e.event),
                why: matches!(
                    e.event,
                    PostEvent::Failed | PostEvent::Held | PostEvent::Retry
                )
                .then(|| text::why(&tr, &e.detail).title),
                detail: e.detail,
            })
            .collect(),
        can_edit: post.state.is_editable(),
        can_cancel: post.state.is_cancellable() && post.state != PostState::Cancelled,
        can_delete: post.state.is_deletable(),
        can_acknowledge: failed && !post.failure_acknowledged,
        media,
        l: Layout::new(tr, "posts-post-title", Some(&me.user), csrf, "/content"),
    }
    .with_status(status)
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    notice: String,
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let post = match load(&state, req, &me, &id).await {
        None => return not_found(req, &me),
        Some(Err(r)) => return r,
        Some(Ok(p)) => p,
    };
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "saved" => Notice::ok(tr.t("posts-saved")),
        "scheduled" => Notice::ok(tr.t("posts-scheduled-notice")),
        "publishing" => Notice::ok(tr.t("posts-publishing-notice")),
        "cancelled" => Notice::ok(tr.t("posts-cancelled-notice")),
        "acknowledged" => Notice::ok(tr.t("posts-acknowledged-notice")),
        _ => None,
    };
    show_page(&state, req, &me, &csrf.0, post, notice, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    csrf: String,
    next: String,
}

/// Runs one of the post page's buttons and returns to the page (or to
/// `next`, e.g. the dashboard).
#[allow(clippy::too_many_arguments)]
async fn act(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    id: &str,
    body: &str,
    action: &'static str,
) -> Response {
    let form: ActionForm = serde_urlencoded::from_str(body).unwrap_or_default();
    if !verifier.is_valid(&form.csrf) {
        return csrf_error(req, Some(&me.user));
    }
    let Ok(id) = id.parse::<PostId>() else {
        return not_found(req, me);
    };
    let owner = me.user.id;
    let ctx = client_context(req, &state.web);
    let result = match action {
        "publish" => state
            .posts
            .publish_now(owner, id, &ctx)
            .await
            .map(|_| "publishing"),
        "cancel" => state.posts.cancel(owner, id).await.map(|_| "cancelled"),
        "acknowledge" => state
            .posts
            .acknowledge(owner, id)
            .await
            .map(|()| "acknowledged"),
        _ => state
            .posts
            .delete(owner, id, &ctx)
            .await
            .map(|()| "deleted"),
    };
    let tr = Tr::new(me.user.language);
    let key = match result {
        Ok("deleted") => {
            return Redirect::see_other("/content?notice=deleted").into_response();
        }
        Ok(notice) => {
            let target = if form.next.is_empty() {
                format!("/content/{id}?notice={notice}")
            } else {
                safe_next(&form.next).to_string()
            };
            return Redirect::see_other(target).into_response();
        }
        Err(PostError::NotFound) => return not_found(req, me),
        Err(PostError::NotEditable(_)) => "posts-error-not-editable",
        Err(PostError::NotCancellable(_)) => "posts-error-not-cancellable",
        Err(PostError::NotDeletable) => "posts-error-not-deletable",
        Err(PostError::Conflict) => "posts-error-changed",
        Err(PostError::Invalid(problems)) => {
            // Publishing now re-checks the post (e.g. a file was deleted).
            let text = problems
                .iter()
                .filter(|p| !p.is_warning())
                .map(|p| text::problem(&tr, p))
                .collect::<Vec<_>>()
                .join(" ");
            return match state.posts.get(owner, id).await {
                Ok(p) => {
                    show_page(
                        state,
                        req,
                        me,
                        &csrf.0,
                        p,
                        Notice::error(text),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await
                }
                Err(_) => not_found(req, me),
            };
        }
        Err(e) => {
            tracing::error!(error = %e, "post action failed");
            return internal_error(req, Some(&me.user));
        }
    };
    match state.posts.get(owner, id).await {
        Ok(p) => {
            show_page(
                state,
                req,
                me,
                &csrf.0,
                p,
                Notice::error(tr.t(key)),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(_) => not_found(req, me),
    }
}

#[handler]
pub async fn publish(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    body: String,
) -> Response {
    act(&state, req, &me, csrf, verifier, &id, &body, "publish").await
}

#[handler]
pub async fn cancel(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    body: String,
) -> Response {
    act(&state, req, &me, csrf, verifier, &id, &body, "cancel").await
}

#[handler]
pub async fn acknowledge(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    body: String,
) -> Response {
    act(&state, req, &me, csrf, verifier, &id, &body, "acknowledge").await
}

#[derive(Template, WebTemplate)]
#[template(path = "posts_delete.html")]
pub struct DeletePage {
    l: Layout,
    id: String,
    row: PostRow,
}

#[handler]
pub async fn confirm_delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let post = match load(&state, req, &me, &id).await {
        None => return not_found(req, &me),
        Some(Err(r)) => return r,
        Some(Ok(p)) => p,
    };
    let tr = Tr::new(me.user.language);
    let lookup = match Lookup::load(&state, &me.user).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    DeletePage {
        id: post.id.to_string(),
        row: lookup.row(&tr, &post),
        l: Layout::new(
            tr,
            "posts-delete-title",
            Some(&me.user),
            &csrf.0,
            "/content",
        ),
    }
    .into_response()
}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    body: String,
) -> Response {
    act(&state, req, &me, csrf, verifier, &id, &body, "delete").await
}

// ---------------------------------------------------------------- dashboard

/// The dashboard's view of publishing: what goes out next, and failures the
/// user has not acknowledged yet.
#[derive(Default)]
pub struct Digest {
    pub upcoming: Vec<PostRow>,
    pub failed: Vec<PostRow>,
}

pub async fn digest(state: &AppState, user: &User, tr: &Tr) -> Result<Digest, String> {
    let lookup = Lookup::load(state, user).await?;
    let upcoming = state
        .posts
        .list(
            user.id,
            &PostFilter {
                states: vec![
                    PostState::Scheduled,
                    PostState::Preparing,
                    PostState::Ready,
                    PostState::Publishing,
                ],
                limit: 5,
                ..PostFilter::default()
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    let failed = state
        .posts
        .list(
            user.id,
            &PostFilter {
                states: vec![PostState::Failed],
                limit: 200,
                ..PostFilter::default()
            },
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(Digest {
        upcoming: upcoming.iter().map(|p| lookup.row(tr, p)).collect(),
        failed: failed
            .iter()
            .filter(|p| !p.failure_acknowledged)
            .map(|p| lookup.row(tr, p))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Weekday;
    use time::macros::date;

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(monday_of(date!(2026 - 01 - 01)), date!(2025 - 12 - 29));
        assert_eq!(monday_of(date!(2026 - 01 - 05)), date!(2026 - 01 - 05));
        assert_eq!(add_months(date!(2026 - 01 - 01), -1), date!(2025 - 12 - 01));
        assert_eq!(add_months(date!(2026 - 12 - 01), 1), date!(2027 - 01 - 01));
        assert_eq!(Weekday::Monday.number_days_from_monday(), 0);
    }

    #[test]
    fn media_follow_the_numbers_the_user_gave() {
        let (a, b, c) = (MediaId::new(), MediaId::new(), MediaId::new());
        let body = format!(
            "csrf=t&action=schedule&media={a}&media={b}&media={c}&order-{a}=3&order-{b}=1&order-{c}="
        );
        let (csrf, action, f) = ComposerForm::parse(&body);
        assert_eq!((csrf.as_str(), action.as_str()), ("t", "schedule"));
        assert_eq!(f.ordered_media(), vec![b, a, c]);
    }
}
