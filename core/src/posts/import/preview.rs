//! What an import would do, row by row: each row's post as the composer
//! would save it, and every problem found in it, named by line and column.

use serde::Serialize;
use time::OffsetDateTime;

use super::table::{Column, TableError};
use crate::account::AccountId;
use crate::media::MediaId;
use crate::posts::{CaptionProblem, PostInput, PostKind, PostProblem};

/// One thing wrong with a row (or, for post warnings, a caution).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RowProblem {
    /// A required column is empty.
    Missing {
        column: Column,
    },
    /// The field is over the import's cap and was not read.
    FieldTooLong {
        column: Column,
        max: usize,
        actual: usize,
    },
    /// More fields than the header has columns (a delimiter in an unquoted
    /// caption, usually).
    ExtraFields,
    /// No account of the user's has this username or id.
    UnknownAccount {
        value: String,
    },
    UnknownKind {
        value: String,
    },
    UnreadableTime {
        value: String,
    },
    /// The local time does not exist in the zone (clocks go forward).
    NonexistentTime {
        value: String,
        zone: String,
    },
    /// No file of the user's (nor uploaded with the import) has this name.
    MediaNotFound {
        name: String,
    },
    /// Two files share the name; the row must use the id of one.
    MediaAmbiguous {
        name: String,
        first: MediaId,
        second: MediaId,
    },
    TooManyMedia {
        max: usize,
        actual: usize,
    },
    /// What the composer would refuse (or warn about) for this post.
    #[serde(skip)]
    Post(PostProblem),
}

impl RowProblem {
    /// The column the problem is in, when it is in one.
    pub fn column(&self) -> Option<Column> {
        match self {
            RowProblem::Missing { column } | RowProblem::FieldTooLong { column, .. } => {
                Some(*column)
            }
            RowProblem::ExtraFields => None,
            RowProblem::UnknownAccount { .. } => Some(Column::Account),
            RowProblem::UnknownKind { .. } => Some(Column::Kind),
            RowProblem::UnreadableTime { .. } | RowProblem::NonexistentTime { .. } => {
                Some(Column::Time)
            }
            RowProblem::MediaNotFound { .. }
            | RowProblem::MediaAmbiguous { .. }
            | RowProblem::TooManyMedia { .. } => Some(Column::Media),
            RowProblem::Post(p) => post_column(p),
        }
    }

    pub fn is_warning(&self) -> bool {
        matches!(self, RowProblem::Post(p) if p.is_warning())
    }
}

fn post_column(p: &PostProblem) -> Option<Column> {
    use PostProblem as P;
    match p {
        P::AccountNotFound => Some(Column::Account),
        P::MediaCount { .. }
        | P::MediaNotFound { .. }
        | P::NeedsImage { .. }
        | P::NeedsVideo { .. }
        | P::CoverNotImage
        | P::Media(_) => Some(Column::Media),
        P::ScheduledInPast | P::ScheduledTooFar { .. } => Some(Column::Time),
        P::NotForStories { field }
        | P::ControlCharacters { field }
        | P::FieldTooLong { field, .. }
            if *field == "first_comment" =>
        {
            Some(Column::FirstComment)
        }
        P::Caption(CaptionProblem::FirstCommentTooLong { .. }) => Some(Column::FirstComment),
        P::Caption(_) | P::ControlCharacters { .. } | P::FieldTooLong { .. } => {
            Some(Column::Caption)
        }
        _ => None,
    }
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq)]
pub struct RowReport {
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    /// The account as written and, when found, its username.
    pub account: String,
    pub kind: Option<PostKind>,
    /// `None`: a draft (or a time that could not be read, with a problem).
    pub scheduled_at: Option<OffsetDateTime>,
    pub caption: String,
    /// The files as named in the row.
    pub media: Vec<String>,
    /// Refusals and warnings together; [`RowReport::ok`] tells them apart.
    pub problems: Vec<RowProblem>,
    /// The post the row saves (built even when it has problems, for the
    /// composer's checks).
    pub(super) input: Option<PostInput>,
    /// Every named file was found (else the count check would repeat it).
    pub(super) media_resolved: bool,
}

impl RowReport {
    /// Nothing stops the row (warnings may remain).
    pub fn ok(&self) -> bool {
        self.problems.iter().all(RowProblem::is_warning)
    }

    pub(super) fn media_resolved(&self) -> bool {
        self.media_resolved
    }

    pub fn account_id(&self) -> Option<AccountId> {
        self.input.as_ref().map(|i| i.account_id)
    }
}

/// Every row of an import, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    pub rows: Vec<RowReport>,
}

impl ImportPreview {
    /// Every row can be saved: the import can be committed.
    pub fn ok(&self) -> bool {
        self.rows.iter().all(RowReport::ok)
    }

    /// The rows with a refusal.
    pub fn bad_rows(&self) -> impl Iterator<Item = &RowReport> {
        self.rows.iter().filter(|r| !r.ok())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole cannot be read; nothing was looked at.
    #[error(transparent)]
    Table(#[from] TableError),
    /// At least one row has a problem: nothing was saved.
    #[error("{} of the rows have problems; nothing was imported", .0.bad_rows().count())]
    Invalid(ImportPreview),
    #[error(transparent)]
    Post(#[from] crate::posts::PostError),
}
