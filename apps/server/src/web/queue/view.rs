//! The queue page's parts as drawn: days of slots, the slot grid, the
//! suggestions, the feed.

use socialflow_core::User;
use socialflow_core::posts::Post;
use socialflow_core::queue::{
    QueueSlot, SlotSuggestion, SuggestionSource, Suggestions, UpcomingSlot, WEEK, weekday_code,
};
use time::{Date, OffsetDateTime};

use crate::http::{posts_text, queue_text};
use crate::i18n::{Arg, Tr};
use crate::web::shared::format;

pub struct SlotView {
    pub time: String,
    /// The filling post: its page, kind, state and caption start.
    pub post: Option<PostCell>,
    /// Where "compose for this slot" goes.
    pub compose_href: String,
}

pub struct PostCell {
    pub href: String,
    pub kind: String,
    pub state_code: &'static str,
    pub state: String,
    pub caption: String,
}

pub struct DayView {
    pub label: String,
    pub today: bool,
    pub slots: Vec<SlotView>,
}

fn post_cell(tr: &Tr, p: &Post) -> PostCell {
    let caption = queue_text::caption_start(&p.content.caption, 90);
    PostCell {
        href: format!("/content/{}", p.id),
        kind: posts_text::kind(tr, p.content.kind),
        state_code: p.state.as_str(),
        state: posts_text::state(tr, p.state),
        caption: if caption.is_empty() {
            tr.t("queue-no-caption")
        } else {
            caption
        },
    }
}

fn day_label(tr: &Tr, d: Date, today: Date) -> String {
    let name = queue_text::day_name(tr, d.weekday());
    let date = format::short_day(tr.lang, d);
    if d == today {
        tr.t_args(
            "queue-today",
            &[("day", Arg::from(name.as_str())), ("date", Arg::from(date))],
        )
    } else {
        format!("{name}, {date}")
    }
}

/// The upcoming slots grouped by the user's day.
pub fn days(
    tr: &Tr,
    user: &User,
    account: &str,
    now: OffsetDateTime,
    upcoming: &[UpcomingSlot],
) -> Vec<DayView> {
    let today = user.time_zone.date_of(now);
    let mut out: Vec<(Date, DayView)> = Vec::new();
    for u in upcoming {
        let date = u.local.date();
        let time = format!("{:02}:{:02}", u.local.hour(), u.local.minute());
        let q = serde_urlencoded::to_string([
            ("account", account),
            ("date", &date.to_string()),
            ("time", &time),
        ])
        .unwrap_or_default();
        let slot = SlotView {
            post: u.post.as_ref().map(|p| post_cell(tr, p)),
            compose_href: format!("/content/new?{q}#schedule"),
            time,
        };
        match out.last_mut() {
            Some((d, view)) if *d == date => view.slots.push(slot),
            _ => out.push((
                date,
                DayView {
                    label: day_label(tr, date, today),
                    today: date == today,
                    slots: vec![slot],
                },
            )),
        }
    }
    out.into_iter().map(|(_, v)| v).collect()
}

pub struct DraftView {
    pub id: String,
    pub kind: String,
    pub caption: String,
}

pub fn drafts(tr: &Tr, posts: &[Post]) -> Vec<DraftView> {
    posts
        .iter()
        .map(|p| {
            let caption = queue_text::caption_start(&p.content.caption, 90);
            DraftView {
                id: p.id.to_string(),
                kind: posts_text::kind(tr, p.content.kind),
                caption: if caption.is_empty() {
                    tr.t("queue-no-caption")
                } else {
                    caption
                },
            }
        })
        .collect()
}

/// A weekday column of the slot grid.
pub struct DayHead {
    pub code: &'static str,
    pub short: String,
    pub name: String,
}

pub struct Cell {
    pub code: &'static str,
    pub checked: bool,
}

/// One time of day with its seven checkboxes.
pub struct GridRow {
    pub time: String,
    pub cells: Vec<Cell>,
    /// "Mon–Fri" style summary for small screens and screen readers.
    pub summary: String,
}

pub fn heads(tr: &Tr) -> Vec<DayHead> {
    WEEK.iter()
        .map(|d| DayHead {
            code: weekday_code(*d),
            short: queue_text::day_short(tr, *d),
            name: queue_text::day_name(tr, *d),
        })
        .collect()
}

/// Days as read by people: "Mon–Fri", "Every day", "Mon, Wed, Sat".
pub fn days_text(tr: &Tr, days: &[time::Weekday]) -> String {
    let idx: Vec<u8> = WEEK
        .iter()
        .filter(|d| days.contains(d))
        .map(|d| d.number_from_monday())
        .collect();
    if idx.len() == 7 {
        return tr.t("queue-every-day");
    }
    let contiguous = idx.windows(2).all(|w| w[1] == w[0] + 1);
    let short = |n: u8| {
        socialflow_core::queue::weekday_from_number(n)
            .map(|d| queue_text::day_short(tr, d))
            .unwrap_or_default()
    };
    match (idx.first(), idx.last()) {
        (Some(&a), Some(&b)) if contiguous && idx.len() >= 3 => {
            format!("{}–{}", short(a), short(b))
        }
        _ => idx.iter().map(|n| short(*n)).collect::<Vec<_>>().join(", "),
    }
}

/// The grid of the account's slots: one row per time of day.
pub fn grid(tr: &Tr, slots: &[QueueSlot]) -> Vec<GridRow> {
    let mut times: Vec<_> = slots.iter().map(|s| s.time).collect();
    times.sort();
    times.dedup();
    times
        .into_iter()
        .map(|t| {
            let on: Vec<time::Weekday> = slots
                .iter()
                .filter(|s| s.time == t)
                .map(|s| s.weekday)
                .collect();
            GridRow {
                time: t.to_string(),
                cells: WEEK
                    .iter()
                    .map(|d| Cell {
                        code: weekday_code(*d),
                        checked: on.contains(d),
                    })
                    .collect(),
                summary: days_text(tr, &on),
            }
        })
        .collect()
}

pub struct SuggestionView {
    pub time: String,
    pub days: Vec<&'static str>,
    pub days_text: String,
    pub note: String,
}

pub struct SuggestionsView {
    pub from_data: bool,
    pub items: Vec<SuggestionView>,
}

pub fn suggestions(tr: &Tr, s: &Suggestions) -> SuggestionsView {
    let item = |i: &SlotSuggestion| SuggestionView {
        time: i.time.to_string(),
        days: i.weekdays.iter().map(|d| weekday_code(*d)).collect(),
        days_text: days_text(tr, &i.weekdays),
        note: i
            .followers
            .map(|f| {
                tr.t1(
                    "queue-suggestion-followers",
                    "count",
                    format::number(tr.lang, f).as_str(),
                )
            })
            .unwrap_or_default(),
    };
    SuggestionsView {
        from_data: s.source == SuggestionSource::BestTime,
        items: s.items.iter().map(item).collect(),
    }
}
