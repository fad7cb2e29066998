//! The schedule as CSV, in the import's columns, so an export imports
//! again: UTF-8 with a byte-order mark (Excel then reads it as UTF-8),
//! times as wall-clock times in the user's zone.

use super::table::Column;

/// One post as the export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    /// The account's username.
    pub account: String,
    /// `post`, `reel`, `story` or `carousel`.
    pub kind: &'static str,
    /// Empty for a draft.
    pub time: String,
    pub caption: String,
    pub first_comment: String,
    /// File names (or ids, where two files share a name).
    pub media: Vec<String>,
}

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// A `'` before a leading formula character keeps a caption text in a
/// spreadsheet; [`restore`] takes it off again on import.
fn neutralise(s: &str) -> String {
    if s.starts_with(FORMULA_STARTS) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The text as written before [`neutralise`].
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => s,
    }
}

/// The file: a header of the import's English keys, then one line per
/// row. Fields with delimiters, quotes or line breaks are quoted.
pub fn write_csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to memory cannot fail; a failed row is left out rather
        // than the whole export.
        let _ = w.write_record(Column::ALL.map(Column::as_str));
        for r in rows {
            let media = r.media.join("|");
            let caption = neutralise(&r.caption);
            let first_comment = neutralise(&r.first_comment);
            let _ = w.write_record([
                r.account.as_str(),
                r.kind,
                r.time.as_str(),
                caption.as_str(),
                first_comment.as_str(),
                media.as_str(),
            ]);
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::posts::import::{ImportLimits, parse_table};

    #[test]
    fn what_is_written_reads_back() {
        let row = ExportRow {
            account: "shop".into(),
            kind: "carousel",
            time: "2026-12-24 09:30".into(),
            caption: "Line one, \"quoted\";\nline two".into(),
            first_comment: String::new(),
            media: vec!["a b.jpg".into(), "c.jpg".into()],
        };
        let bytes = write_csv(std::slice::from_ref(&row));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let back = parse_table(&bytes, &ImportLimits::default()).unwrap();
        assert_eq!(back[0].caption, row.caption);
        assert_eq!(back[0].media, "a b.jpg|c.jpg");
        assert_eq!(back[0].time, row.time);
    }

    #[test]
    fn formulas_are_kept_as_text_and_come_back() {
        let row = ExportRow {
            account: "shop".into(),
            kind: "post",
            time: String::new(),
            caption: "=HYPERLINK(\"x\")".into(),
            first_comment: "-50% today".into(),
            media: vec!["a.jpg".into()],
        };
        let bytes = write_csv(&[row]);
        let back = parse_table(&bytes, &ImportLimits::default()).unwrap();
        assert_eq!(back[0].caption, "'=HYPERLINK(\"x\")");
        assert_eq!(restore(&back[0].caption), "=HYPERLINK(\"x\")");
        assert_eq!(restore(&back[0].first_comment), "-50% today");
        assert_eq!(restore("'quoted"), "'quoted");
    }
}
