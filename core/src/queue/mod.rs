//! The queue: per-account weekly time slots on the user's clock ("Mon–Fri
//! 09:00, 18:30"), suggested from the best-time data, that "add to queue"
//! fills with the next free one; and the account's schedule as a
//! subscribable calendar (ICS) at a secret URL.

pub mod ics;
mod ports;
mod schedule;
mod service;
mod slots;
mod suggest;

pub use ics::IcsEvent;
pub use ports::{CalendarFeed, CalendarFeedRepo, MAX_TAKEN, QueueRepo, TAKING_STATES};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{MockCalendarFeedRepo, MockQueueRepo};
pub use schedule::{NoFreeSlot, SEARCH_DAYS, VIEW_DAYS, next_free, occurrences, resolve_local};
pub use service::{
    FEED_MAX_POSTS, FEED_PAST_DAYS, FeedContent, QueueError, QueueService, QueueStorage,
    UpcomingSlot,
};
pub use slots::{
    MAX_SLOTS, QueueSlot, RawSlot, SlotProblem, SlotTime, WEEK, check_slots, merge_slots,
    parse_weekday, weekday_code, weekday_from_number,
};
pub use suggest::{SlotSuggestion, SuggestionSource, Suggestions, suggest};
