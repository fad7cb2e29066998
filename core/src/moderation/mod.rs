//! Moderation (issue 19): per-account word lists (spam, profanity, custom)
//! that hide matching comments on Instagram as they arrive, a log of what
//! was hidden and by which word, and undo. Matching is the automation
//! matcher's `contains` with its fold (docs/moderation.md).

mod export;
mod list;
mod log;
mod ports;
mod service;
mod starter;

pub use export::ModerationExporter;
pub use list::{
    CompiledLists, Hit, ListKind, ListProblem, MAX_LIST_TEXT_BYTES, MAX_WORD_CHARS,
    MAX_WORDS_PER_LIST, ModerationList, parse_words,
};
pub use log::{EntryId, LogItem, ModerationEntry};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockModerationRepo;
pub use ports::ModerationRepo;
pub use service::{
    LOG_LIMIT, MAX_TEST_TEXT_CHARS, ModerationError, ModerationService, ModerationStorage,
};
pub use starter::starter_words;
