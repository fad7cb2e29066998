//! The queue in words: slot problems and "add to queue" refusals in the
//! user's language (the API uses English), weekday names, and the events of
//! the calendar feed.

use socialflow_core::posts::Post;
use socialflow_core::queue::{IcsEvent, NoFreeSlot, SlotProblem, weekday_code};
use time::{Duration, Weekday};

use crate::http::posts_text;
use crate::i18n::{Arg, Tr};

/// The stable machine code of a slot problem.
pub fn slot_problem_code(p: &SlotProblem) -> &'static str {
    match p {
        SlotProblem::BadWeekday { .. } => "bad_weekday",
        SlotProblem::BadTime { .. } => "bad_time",
        SlotProblem::TooManySlots { .. } => "too_many_slots",
        SlotProblem::Duplicate { .. } => "duplicate_slot",
    }
}

pub fn slot_problem(tr: &Tr, p: &SlotProblem) -> String {
    match p {
        SlotProblem::BadWeekday { position } => {
            tr.t1("queue-problem-bad_weekday", "position", *position as i64)
        }
        SlotProblem::BadTime { position } => {
            tr.t1("queue-problem-bad_time", "position", *position as i64)
        }
        SlotProblem::TooManySlots { max, actual } => tr.t_args(
            "queue-problem-too_many_slots",
            &[
                ("max", Arg::from(*max as i64)),
                ("actual", Arg::from(*actual as i64)),
            ],
        ),
        SlotProblem::Duplicate { weekday, time } => tr.t_args(
            "queue-problem-duplicate_slot",
            &[
                ("day", Arg::from(day_name(tr, weekday_of(weekday)).as_str())),
                ("time", Arg::from(time.as_str())),
            ],
        ),
    }
}

fn weekday_of(code: &str) -> Weekday {
    socialflow_core::queue::parse_weekday(code).unwrap_or(Weekday::Monday)
}

/// "Monday" in the user's language.
pub fn day_name(tr: &Tr, d: Weekday) -> String {
    tr.t(&format!("queue-day-{}", weekday_code(d)))
}

/// "Mon" in the user's language.
pub fn day_short(tr: &Tr, d: Weekday) -> String {
    tr.t(&format!("queue-day-short-{}", weekday_code(d)))
}

/// Why no slot could be offered.
pub fn no_free_slot(tr: &Tr, e: NoFreeSlot) -> String {
    match e {
        NoFreeSlot::NoSlots => tr.t("queue-error-no-slots"),
        NoFreeSlot::Full { days } => tr.t1("queue-error-full", "days", days as i64),
    }
}

pub fn no_free_slot_code(e: NoFreeSlot) -> &'static str {
    match e {
        NoFreeSlot::NoSlots => "no_queue_slots",
        NoFreeSlot::Full { .. } => "queue_full",
    }
}

/// The start of a caption for a one-line summary: its first line, at most
/// `max` characters.
pub fn caption_start(caption: &str, max: usize) -> String {
    let first = caption
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if first.chars().count() > max {
        let cut: String = first.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        first.to_string()
    }
}

/// A post as an event of its account's calendar feed: "Reel: Summer
/// sale…", a quarter of an hour from its time, linked to its page.
pub fn ics_event(tr: &Tr, public_url: &str, host: &str, post: &Post) -> Option<IcsEvent> {
    let start = post.published_at.or(post.content.scheduled_at)?;
    let kind = posts_text::kind(tr, post.content.kind);
    let caption = caption_start(&post.content.caption, 60);
    let summary = if caption.is_empty() {
        kind
    } else {
        format!("{kind}: {caption}")
    };
    let state = posts_text::state(tr, post.state);
    let description = if post.content.caption.is_empty() {
        state
    } else {
        format!("{state}\n\n{}", post.content.caption)
    };
    Some(IcsEvent {
        uid: format!("post-{}@{host}", post.id),
        start,
        end: start + Duration::minutes(15),
        modified: post.updated_at,
        summary,
        description,
        url: Some(format!("{public_url}/content/{}", post.id)),
    })
}

/// The slot problems of a 422, in English.
pub fn slot_problems_json(
    problems: &[socialflow_core::queue::SlotProblem],
) -> Vec<serde_json::Value> {
    let tr = Tr::new(socialflow_core::Language::En);
    problems
        .iter()
        .map(|p| {
            serde_json::json!({
                "code": slot_problem_code(p),
                "message": slot_problem(&tr, p),
            })
        })
        .collect()
}
