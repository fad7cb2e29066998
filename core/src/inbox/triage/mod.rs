//! The inbox as one triage list: every comment thread and conversation of
//! the user's accounts, newest first, paged with an opaque cursor, filtered,
//! and marked *done* (a state kept apart from the cache, so the refresh's
//! upserts never lose it).

mod cursor;
mod item;
mod page;
mod port;
mod query;
mod service;

pub use cursor::Cursor;
pub use item::{ItemKey, ItemKind, ItemRef, MAX_ID_BYTES, PostSummary, TriageItem};
pub use page::{matches, select_page};
#[cfg(any(test, feature = "mocks"))]
pub use port::MockTriageRepo;
pub use port::TriageRepo;
pub use query::{
    DEFAULT_PAGE_SIZE, MAX_BULK_ITEMS, MAX_PAGE_SIZE, MAX_SEARCH_CHARS, QUESTION_MARKS,
    QueryProblem, StateFilter, TriageFilter, TriageQuery, has_question,
};
pub use service::{TriageError, TriagePage, TriageService};
