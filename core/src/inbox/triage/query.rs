//! What the triage list is asked for, checked once here so every adapter
//! receives sane values: a page size within bounds, a bounded search text,
//! a cursor that decodes.

use super::cursor::Cursor;
use super::item::MAX_ID_BYTES;
use crate::account::AccountId;

pub const DEFAULT_PAGE_SIZE: usize = 25;
pub const MAX_PAGE_SIZE: usize = 100;
/// Items marked done or open in one request.
pub const MAX_BULK_ITEMS: usize = 100;
pub const MAX_SEARCH_CHARS: usize = 100;

/// Which states to list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    /// Not answered by the account and not done.
    Unanswered,
    /// Not done.
    Open,
    Done,
}

impl StateFilter {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "" | "all" => Some(StateFilter::All),
            "unanswered" => Some(StateFilter::Unanswered),
            "open" => Some(StateFilter::Open),
            "done" => Some(StateFilter::Done),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StateFilter::All => "all",
            StateFilter::Unanswered => "unanswered",
            StateFilter::Open => "open",
            StateFilter::Done => "done",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TriageFilter {
    pub account: Option<AccountId>,
    /// Only items of these accounts (a member limited to some accounts;
    /// an empty list matches nothing); `None`: every account. Set by
    /// [`super::TriageService::page_seen`] from the member's access.
    pub accounts: Option<Vec<AccountId>>,
    /// Only comments on this post.
    pub media: Option<String>,
    pub state: StateFilter,
    /// Only hidden comments.
    pub hidden: bool,
    /// Only texts asking something.
    pub question: bool,
    /// Words in the text or the author's name (case-insensitive for
    /// ASCII letters everywhere; for all letters on MariaDB).
    pub search: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriageQuery {
    filter: TriageFilter,
    after: Option<Cursor>,
    limit: usize,
}

/// What is wrong with a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryProblem {
    #[error("the cursor is not one this list gave")]
    Cursor,
    #[error("the page size must be 1 to {MAX_PAGE_SIZE}")]
    Limit,
    #[error("the search is longer than {MAX_SEARCH_CHARS} characters")]
    Search,
    #[error("the post id is not an Instagram id")]
    Media,
}

impl TriageQuery {
    /// A checked query. The search is trimmed (empty means none).
    pub fn new(
        mut filter: TriageFilter,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Self, QueryProblem> {
        let after = match cursor.filter(|c| !c.is_empty()) {
            Some(c) => Some(Cursor::decode(c).ok_or(QueryProblem::Cursor)?),
            None => None,
        };
        let limit = match limit {
            None => DEFAULT_PAGE_SIZE,
            Some(n) if (1..=MAX_PAGE_SIZE as u32).contains(&n) => n as usize,
            Some(_) => return Err(QueryProblem::Limit),
        };
        filter.search = match filter.search.as_deref().map(str::trim) {
            Some(s) if s.chars().count() > MAX_SEARCH_CHARS => return Err(QueryProblem::Search),
            Some(s) if crate::text::has_forbidden_control(s) => return Err(QueryProblem::Search),
            Some(s) if !s.is_empty() => Some(s.to_string()),
            _ => None,
        };
        filter.media = match filter.media.filter(|m| !m.is_empty()) {
            Some(m) if m.len() > MAX_ID_BYTES || crate::text::has_forbidden_control(&m) => {
                return Err(QueryProblem::Media);
            }
            m => m,
        };
        Ok(Self {
            filter,
            after,
            limit,
        })
    }

    pub fn filter(&self) -> &TriageFilter {
        &self.filter
    }

    /// The same query limited to `accounts` (see [`TriageFilter::accounts`]).
    pub fn within(mut self, accounts: Option<Vec<AccountId>>) -> Self {
        self.filter.accounts = accounts;
        self
    }

    pub fn after(&self) -> Option<&Cursor> {
        self.after.as_ref()
    }

    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// The question marks a text may ask with: Latin, full-width (CJK) and
/// Arabic.
pub const QUESTION_MARKS: [char; 3] = ['?', '？', '؟'];

pub fn has_question(text: &str) -> bool {
    text.contains(QUESTION_MARKS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn checks_limit_search_cursor_and_media() {
        let f = TriageFilter::default();
        assert_eq!(
            TriageQuery::new(f.clone(), None, None).map(|q| q.limit()),
            Ok(25)
        );
        assert_eq!(
            TriageQuery::new(f.clone(), None, Some(0)),
            Err(QueryProblem::Limit)
        );
        assert_eq!(
            TriageQuery::new(f.clone(), None, Some(101)),
            Err(QueryProblem::Limit)
        );
        assert_eq!(
            TriageQuery::new(f.clone(), Some("xyz"), None),
            Err(QueryProblem::Cursor)
        );
        let long = TriageFilter {
            search: Some("a".repeat(101)),
            ..f.clone()
        };
        assert_eq!(
            TriageQuery::new(long, None, None),
            Err(QueryProblem::Search)
        );
        let blank = TriageFilter {
            search: Some("   ".into()),
            ..f.clone()
        };
        assert_eq!(
            TriageQuery::new(blank, None, None).map(|q| q.filter().search.clone()),
            Ok(None)
        );
        let media = TriageFilter {
            media: Some("1".repeat(300)),
            ..f
        };
        assert_eq!(
            TriageQuery::new(media, None, None),
            Err(QueryProblem::Media)
        );
    }

    #[test]
    fn questions_in_three_scripts() {
        assert!(has_question("how much?"));
        assert!(has_question("多少？"));
        assert!(has_question("كم؟"));
        assert!(!has_question("nice"));
    }
}
