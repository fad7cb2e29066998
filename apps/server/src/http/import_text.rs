//! The bulk import in words: each row's problems and whole-file refusals in
//! the user's language (the API uses English), with stable codes.

use serde_json::{Value, json};
use socialflow_core::posts::import::{Column, RowProblem, TableError};

use super::posts_text;
use crate::i18n::{Arg, Tr};

pub fn column(tr: &Tr, c: Column) -> String {
    tr.t(&format!("import-column-{}", c.as_str().replace('_', "-")))
}

pub fn row_problem_code(p: &RowProblem) -> String {
    match p {
        RowProblem::Missing { .. } => "missing_value".into(),
        RowProblem::FieldTooLong { .. } => "value_too_long".into(),
        RowProblem::ExtraFields => "extra_fields".into(),
        RowProblem::UnknownAccount { .. } => "unknown_account".into(),
        RowProblem::UnknownKind { .. } => "unknown_kind".into(),
        RowProblem::UnreadableTime { .. } => "unreadable_time".into(),
        RowProblem::NonexistentTime { .. } => "nonexistent_time".into(),
        RowProblem::MediaNotFound { .. } => "media_file_not_found".into(),
        RowProblem::MediaAmbiguous { .. } => "media_file_ambiguous".into(),
        RowProblem::TooManyMedia { .. } => "too_many_media_files".into(),
        RowProblem::Post(p) => posts_text::problem_code(p),
    }
}

/// The problem in words (without the line and column, which the page and
/// the API give beside it).
pub fn row_problem(tr: &Tr, p: &RowProblem) -> String {
    let key = |code: &str| format!("import-problem-{}", code.replace('_', "-"));
    let args: Vec<(&'static str, Arg)> = match p {
        RowProblem::Post(p) => return posts_text::problem(tr, p),
        RowProblem::Missing { column: c } => vec![("column", column(tr, *c).into())],
        RowProblem::FieldTooLong {
            column: c,
            max,
            actual,
        } => vec![
            ("column", column(tr, *c).into()),
            ("max", (*max).into()),
            ("actual", (*actual).into()),
        ],
        RowProblem::ExtraFields => Vec::new(),
        RowProblem::UnknownAccount { value }
        | RowProblem::UnknownKind { value }
        | RowProblem::UnreadableTime { value } => vec![("value", value.as_str().into())],
        RowProblem::NonexistentTime { value, zone } => vec![
            ("value", value.as_str().into()),
            ("zone", zone.as_str().into()),
        ],
        RowProblem::MediaNotFound { name } => vec![("name", name.as_str().into())],
        RowProblem::MediaAmbiguous {
            name,
            first,
            second,
        } => vec![
            ("name", name.as_str().into()),
            ("first", first.to_string().into()),
            ("second", second.to_string().into()),
        ],
        RowProblem::TooManyMedia { max, actual } => {
            vec![("max", (*max).into()), ("actual", (*actual).into())]
        }
    };
    tr.t_args(&key(&row_problem_code(p)), &args)
}

/// "Line 3, column “media”: …" — how a problem is named to the user.
pub fn located(tr: &Tr, line: u64, p: &RowProblem) -> String {
    let text = row_problem(tr, p);
    match p.column() {
        Some(c) => tr.t_args(
            "import-at-line-column",
            &[
                ("line", i64::try_from(line).unwrap_or(i64::MAX).into()),
                ("column", column(tr, c).into()),
                ("problem", text.into()),
            ],
        ),
        None => tr.t_args(
            "import-at-line",
            &[
                ("line", i64::try_from(line).unwrap_or(i64::MAX).into()),
                ("problem", text.into()),
            ],
        ),
    }
}

pub fn table_code(e: &TableError) -> &'static str {
    match e {
        TableError::TooLarge { .. } => "csv_too_large",
        TableError::Empty => "csv_empty",
        TableError::NotUtf8 { .. } => "csv_not_utf8",
        TableError::TooManyRows { .. } => "csv_too_many_rows",
        TableError::MissingColumn { .. } => "csv_missing_column",
        TableError::DuplicateColumn { .. } => "csv_duplicate_column",
        TableError::UnknownColumn { .. } => "csv_unknown_column",
        TableError::Malformed { .. } => "csv_malformed",
        TableError::NoRows => "csv_no_rows",
    }
}

pub fn table_error(tr: &Tr, e: &TableError) -> String {
    let args: Vec<(&'static str, Arg)> = match e {
        TableError::TooLarge { max_bytes } => vec![("kib", (*max_bytes / 1024).into())],
        TableError::TooManyRows { max_rows } => vec![("max", (*max_rows).into())],
        TableError::NotUtf8 { line } | TableError::Malformed { line } => {
            vec![("line", i64::try_from(*line).unwrap_or(i64::MAX).into())]
        }
        TableError::MissingColumn { column: c } | TableError::DuplicateColumn { column: c } => {
            vec![("column", c.as_str().into())]
        }
        TableError::UnknownColumn { name } => vec![("name", name.as_str().into())],
        TableError::Empty | TableError::NoRows => Vec::new(),
    };
    tr.t_args(
        &format!("import-table-{}", table_code(e).replace('_', "-")),
        &args,
    )
}

/// A row problem for the API: code, line, column, message, warning flag.
pub fn row_problem_json(tr: &Tr, line: u64, p: &RowProblem) -> Value {
    json!({
        "code": row_problem_code(p),
        "line": line,
        "column": p.column().map(Column::as_str),
        "warning": p.is_warning(),
        "message": row_problem(tr, p),
    })
}
