//! Saved captions and hashtag groups: text a user keeps to insert into the
//! composer with one click, and the warning when one hashtag set is used
//! too often (Instagram may show such posts to fewer people).

mod ports;
mod repetition;
mod service;
mod snippet;

#[cfg(any(test, feature = "mocks"))]
pub use ports::MockSnippetRepo;
pub use ports::SnippetRepo;
pub use repetition::{
    HashtagRepetition, REPETITION_LIMIT, REPETITION_WINDOW, hashtag_set, repeated_set,
};
pub use service::{SnippetError, SnippetService};
pub use snippet::{
    MAX_NAME_CHARS, MAX_SNIPPETS_PER_USER, MAX_TEXT_CHARS, Snippet, SnippetId, SnippetInput,
    SnippetKind, SnippetProblem,
};
