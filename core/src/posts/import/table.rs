//! The CSV a user uploads, read into rows of text: UTF-8 with or without a
//! byte-order mark, `,` or `;` between fields (Excel in Russian and Kazakh
//! locales writes `;`), quoted fields that hold delimiters and line breaks.
//! Sizes are capped before and while reading, so a hostile file costs at
//! most [`ImportLimits::max_bytes`] of memory.

use serde::Serialize;

/// The columns of an import (and of the schedule export, so an export
/// imports again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Account,
    Kind,
    Time,
    Caption,
    FirstComment,
    Media,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::Account,
        Column::Kind,
        Column::Time,
        Column::Caption,
        Column::FirstComment,
        Column::Media,
    ];

    /// The header the export writes (English, as documented).
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Account => "account",
            Column::Kind => "kind",
            Column::Time => "time",
            Column::Caption => "caption",
            Column::FirstComment => "first_comment",
            Column::Media => "media",
        }
    }

    /// A header cell as a column: the English key in any case, with spaces
    /// or dashes for the underscore, or its Russian or Kazakh name.
    pub fn parse_header(h: &str) -> Option<Self> {
        let norm: String = h
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        Some(match norm.as_str() {
            "account" | "username" | "аккаунт" | "аккаунт_instagram" => {
                Column::Account
            }
            "kind" | "type" | "тип" | "түрі" | "вид" => Column::Kind,
            "time" | "scheduled_at" | "date" | "время" | "дата" | "уақыт" => {
                Column::Time
            }
            "caption" | "text" | "подпись" | "текст" | "мәтін" | "сипаттама" => {
                Column::Caption
            }
            "first_comment" | "comment" | "первый_комментарий" | "бірінші_пікір" => {
                Column::FirstComment
            }
            "media" | "files" | "file" | "медиа" | "файлы" | "файлдар" => {
                Column::Media
            }
            _ => return None,
        })
    }

    /// Columns a row cannot do without (an empty time makes a draft; the
    /// caption and the first comment may be empty).
    pub fn required(self) -> bool {
        matches!(self, Column::Account | Column::Kind | Column::Media)
    }
}

/// Caps on what an import may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// The file, in bytes.
    pub max_bytes: usize,
    /// Rows after the header.
    pub max_rows: usize,
    /// Characters in one field (captions are checked against Instagram's
    /// 2,200 afterwards; this only bounds what is read).
    pub max_field_chars: usize,
    /// Files named in one row (a carousel takes 10).
    pub max_media_names: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_bytes: 1 << 20,
            max_rows: 500,
            max_field_chars: 5_000,
            max_media_names: 10,
        }
    }
}

/// Why a whole file is refused before any row is looked at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TableError {
    #[error("the file is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the file is not UTF-8 text (line {line})")]
    NotUtf8 { line: u64 },
    #[error("more than {max_rows} rows")]
    TooManyRows { max_rows: usize },
    #[error("the header has no column {}", .column.as_str())]
    MissingColumn { column: Column },
    #[error("the header names column {} twice", .column.as_str())]
    DuplicateColumn { column: Column },
    #[error("unknown column {name:?} in the header")]
    UnknownColumn { name: String },
    #[error("line {line} cannot be read as CSV")]
    Malformed { line: u64 },
    #[error("the file has a header but no rows")]
    NoRows,
}

/// One row as written: the text of each column and the line it starts on
/// (1-based, the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableRow {
    pub line: u64,
    pub account: String,
    pub kind: String,
    pub time: String,
    pub caption: String,
    pub first_comment: String,
    pub media: String,
    /// Columns whose text was cut at the field cap: (column, characters
    /// sent).
    pub too_long: Vec<(Column, usize)>,
    /// More fields than the header has columns.
    pub extra_fields: bool,
}

impl TableRow {
    pub fn get(&self, c: Column) -> &str {
        match c {
            Column::Account => &self.account,
            Column::Kind => &self.kind,
            Column::Time => &self.time,
            Column::Caption => &self.caption,
            Column::FirstComment => &self.first_comment,
            Column::Media => &self.media,
        }
    }

    fn set(&mut self, c: Column, v: String) {
        let slot = match c {
            Column::Account => &mut self.account,
            Column::Kind => &mut self.kind,
            Column::Time => &mut self.time,
            Column::Caption => &mut self.caption,
            Column::FirstComment => &mut self.first_comment,
            Column::Media => &mut self.media,
        };
        *slot = v;
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `;` when the header line has more semicolons than commas outside
/// quotes (Excel's CSV in locales whose decimal mark is a comma).
fn delimiter(text: &[u8]) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

/// Reads the table. Whole-file problems refuse it; problems of single rows
/// (a field over the cap) are left on the row for the preview to list.
pub fn parse_table(bytes: &[u8], limits: &ImportLimits) -> Result<Vec<TableRow>, TableError> {
    if bytes.len() > limits.max_bytes {
        return Err(TableError::TooLarge {
            max_bytes: limits.max_bytes,
        });
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(TableError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(bytes))
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(read_error(&e, 1)),
        None => return Err(TableError::Empty),
    };
    let columns = header_columns(&header)?;
    let mut rows = Vec::new();
    // Lines counted from the bytes: the reader's own count goes astray
    // with CRLF line ends around quoted line breaks.
    let (mut counted_to, mut line) = (0usize, 1u64);
    for record in records {
        let record = record.map_err(|e| read_error(&e, 0))?;
        let mut start = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .unwrap_or(counted_to)
            .min(bytes.len());
        // The reader leaves the previous line end (and blank lines) unread
        // until the next record: the record starts after them.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            line += bytes[counted_to..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted_to = start;
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank lines (Excel leaves some at the end)
        }
        if rows.len() == limits.max_rows {
            return Err(TableError::TooManyRows {
                max_rows: limits.max_rows,
            });
        }
        let mut row = TableRow {
            line,
            extra_fields: record.len() > columns.len(),
            ..TableRow::default()
        };
        for (field, column) in record.iter().zip(&columns) {
            let Some(column) = column else { continue };
            let text = std::str::from_utf8(field).map_err(|_| TableError::NotUtf8 { line })?;
            let text = text.trim();
            let n = text.chars().count();
            if n > limits.max_field_chars {
                row.too_long.push((*column, n));
                continue;
            }
            row.set(*column, text.to_string());
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(TableError::NoRows);
    }
    Ok(rows)
}

fn read_error(e: &csv::Error, fallback_line: u64) -> TableError {
    let line = e.position().map_or(fallback_line, |p| p.line());
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => TableError::NotUtf8 { line },
        _ => TableError::Malformed { line },
    }
}

/// Each header cell's column; an empty cell is a column to ignore (Excel
/// adds some), an unknown name is refused so a typo does not silently drop
/// a column.
fn header_columns(header: &csv::ByteRecord) -> Result<Vec<Option<Column>>, TableError> {
    let mut columns = Vec::with_capacity(header.len());
    for cell in header.iter() {
        let name = std::str::from_utf8(cell).map_err(|_| TableError::NotUtf8 { line: 1 })?;
        if name.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let column = Column::parse_header(name).ok_or_else(|| TableError::UnknownColumn {
            name: name.trim().chars().take(40).collect(),
        })?;
        if columns.contains(&Some(column)) {
            return Err(TableError::DuplicateColumn { column });
        }
        columns.push(Some(column));
    }
    for column in Column::ALL {
        if column.required() && !columns.contains(&Some(column)) {
            return Err(TableError::MissingColumn { column });
        }
    }
    Ok(columns)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Vec<TableRow>, TableError> {
        parse_table(s.as_bytes(), &ImportLimits::default())
    }

    #[test]
    fn semicolons_bom_and_quoted_newlines() {
        let csv = "\u{feff}account;kind;time;caption;media\n\
                   shop;post;2026-12-24 09:30;\"Two\nlines; one quote \"\"x\"\"\";a.jpg\n";
        let rows = parse(csv).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].account, "shop");
        assert_eq!(rows[0].caption, "Two\nlines; one quote \"x\"");
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn lines_count_the_newlines_inside_quotes() {
        let csv = "account,kind,media,caption\na,post,x.jpg,\"1\n2\n3\"\nb,post,y.jpg,z\n";
        let rows = parse(csv).unwrap();
        assert_eq!(rows[1].line, 5);
        let crlf =
            "\u{feff}account,kind,media,caption\r\na,post,x.jpg,\"1\n2\"\r\n\r\nb,post,y.jpg,z\r\n";
        let rows = parse(crlf).unwrap();
        assert_eq!((rows[0].line, rows[1].line), (2, 5));
    }

    #[test]
    fn caps_and_header_errors() {
        let big = "a".repeat((1 << 20) + 1);
        assert_eq!(
            parse(&big),
            Err(TableError::TooLarge { max_bytes: 1 << 20 })
        );
        assert_eq!(
            parse("account,kind\nx,post\n"),
            Err(TableError::MissingColumn {
                column: Column::Media
            })
        );
        assert!(matches!(
            parse("account,kind,media,colour\n"),
            Err(TableError::UnknownColumn { .. })
        ));
        assert_eq!(parse("account,kind,media\n"), Err(TableError::NoRows));
        let limits = ImportLimits {
            max_rows: 2,
            ..ImportLimits::default()
        };
        let three = "account,kind,media\na,post,x\na,post,x\na,post,x\n";
        assert_eq!(
            parse_table(three.as_bytes(), &limits),
            Err(TableError::TooManyRows { max_rows: 2 })
        );
    }

    #[test]
    fn a_long_field_is_a_problem_of_its_row() {
        let csv = format!(
            "account,kind,media,caption\na,post,x,{}\n",
            "c".repeat(5_001)
        );
        let rows = parse(&csv).unwrap();
        assert_eq!(rows[0].too_long, vec![(Column::Caption, 5_001)]);
        assert!(rows[0].caption.is_empty());
    }

    #[test]
    fn russian_headers() {
        let rows = parse("Аккаунт;Тип;Время;Подпись;Медиа\nshop;пост;;hi;a.jpg\n").unwrap();
        assert_eq!(rows[0].kind, "пост");
        assert_eq!(rows[0].media, "a.jpg");
    }

    #[test]
    fn latin1_is_refused_with_its_line() {
        let mut bytes = b"account,kind,media\na,post,caf".to_vec();
        bytes.extend([0xE9, b'\n']);
        assert_eq!(
            parse_table(&bytes, &ImportLimits::default()),
            Err(TableError::NotUtf8 { line: 2 })
        );
    }
}
