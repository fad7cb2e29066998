//! The grid of a month, a week or a day in the user's language: its days, title,
//! weekday names and the links to the previous, next and current span.
//! The page fills the days with its rows ([`Calendar::place`]).

use time::{Date, Duration};

use super::days::{add_months, iso_date, monday_of, month_start};
use crate::i18n::Tr;
use crate::web::shared::format as dates;

/// Which span a calendar shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Month,
    Week,
    Day,
}

impl Span {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "month" => Some(Span::Month),
            "week" => Some(Span::Week),
            "day" => Some(Span::Day),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Span::Month => "month",
            Span::Week => "week",
            Span::Day => "day",
        }
    }
}

pub struct CalDay<R> {
    pub date: String,
    pub day: u8,
    /// "Mon, Dec 7" in the user's language (the agenda's day heading).
    pub full: String,
    pub in_month: bool,
    pub today: bool,
    pub posts: Vec<R>,
}

/// A month, week or day: a grid of days on wide screens, an agenda of the days
/// with posts on phones (the same markup, styled per width).
pub struct Calendar<R> {
    pub title: String,
    pub weekdays: Vec<String>,
    pub days: Vec<CalDay<R>>,
    pub prev: String,
    pub next: String,
    pub today: String,
    /// A week or a day (the hour grid), not a month.
    pub week: bool,
    /// The new-post link with the view's day prefilled is per day; this is
    /// whether any day has a post (the agenda's empty line otherwise).
    pub any: bool,
    /// The first day shown and the day after the last.
    start: Date,
    end: Date,
}

impl<R> Calendar<R> {
    /// The span around `anchor`, with `link` making the URL of the span
    /// that holds a date. Whole weeks are shown: a month's grid starts on
    /// the Monday before its first and ends on the Sunday after its last.
    pub fn new(
        tr: &Tr,
        span: Span,
        anchor: Date,
        today: Date,
        link: impl Fn(Date) -> String,
    ) -> Self {
        let week = span != Span::Month;
        let (first, days, prev, next, title) = if span == Span::Day {
            (
                anchor,
                1,
                anchor - Duration::days(1),
                anchor + Duration::days(1),
                format!(
                    "{}, {}",
                    tr.t(&format!(
                        "posts-weekday-long-{}",
                        anchor.weekday().number_from_monday()
                    )),
                    dates::day(tr.lang, anchor)
                ),
            )
        } else if week {
            let first = monday_of(anchor);
            (
                first,
                7,
                first - Duration::days(7),
                first + Duration::days(7),
                tr.t1("posts-week-of", "date", dates::day(tr.lang, first)),
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
                    dates::day(tr.lang, day)
                ),
                in_month: week || day.month() == month,
                today: day == today,
                posts: Vec::new(),
            });
            day = day.next_day().unwrap_or(day);
        }
        Calendar {
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
            start: first,
            end: first + Duration::days(days),
        }
    }

    /// The first day shown and the day after the last: the span to fetch.
    pub fn range(&self) -> (Date, Date) {
        (self.start, self.end)
    }

    /// Puts `row` on its day; `false` when the day is not shown.
    pub fn place(&mut self, date: Date, row: R) -> bool {
        let date = iso_date(date);
        match self.days.iter_mut().find(|c| c.date == date) {
            Some(cell) => {
                cell.posts.push(row);
                self.any = true;
                true
            }
            None => false,
        }
    }
}
