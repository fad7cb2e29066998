//! The import page as drawn: the upload form, the preview (a table on wide
//! screens, a card per row on phones) and the confirm form that carries
//! the same CSV back.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use socialflow_core::posts::import::{ImportPreview, RowReport, UploadedFile};
use socialflow_core::timezone::TimeZone;

use crate::http::import_form::format_uploaded;
use crate::http::{import_text, posts_text};
use crate::i18n::Tr;
use crate::web::shared::format::moment;
use crate::web::shared::layout::{Layout, Notice};

#[derive(Template, WebTemplate)]
#[template(path = "import.html")]
pub struct ImportPage {
    pub l: Layout,
    pub notice: Option<Notice>,
    /// "At most 500 rows and 1024 KiB; …"
    pub limits_hint: String,
    /// How times are read, naming the user's zone.
    pub time_hint: String,
    pub preview: Option<PreviewView>,
}

/// The checked file.
pub struct PreviewView {
    pub rows: Vec<RowView>,
    /// "3 rows: 2 ready, 1 with problems."
    pub summary: String,
    /// "Import 3 posts"
    pub confirm_label: String,
    /// The CSV to post back when confirming (only when every row is fine).
    pub confirm_csv: Option<String>,
    pub uploaded: Vec<String>,
}

pub struct RowView {
    pub line: u64,
    pub account: String,
    pub kind: String,
    pub time: String,
    pub caption: String,
    pub media: String,
    pub ok: bool,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

fn row_view(tr: &Tr, zone: &TimeZone, r: &RowReport) -> RowView {
    let (warnings, problems): (Vec<_>, Vec<_>) = r.problems.iter().partition(|p| p.is_warning());
    let words = |ps: Vec<&socialflow_core::posts::import::RowProblem>| {
        ps.into_iter()
            .map(|p| import_text::located(tr, r.line, p))
            .collect()
    };
    let caption: String = r.caption.chars().take(140).collect();
    RowView {
        line: r.line,
        account: r.account.clone(),
        kind: r.kind.map(|k| posts_text::kind(tr, k)).unwrap_or_default(),
        time: match r.scheduled_at {
            Some(at) => moment(tr.lang, zone, at),
            None => tr.t("import-draft"),
        },
        caption: if r.caption.chars().count() > 140 {
            format!("{caption}…")
        } else {
            caption
        },
        media: r.media.join(", "),
        ok: r.ok(),
        problems: words(problems),
        warnings: words(warnings),
    }
}

pub fn preview_view(
    tr: &Tr,
    zone: &TimeZone,
    preview: &ImportPreview,
    csv: &[u8],
    uploaded: &[UploadedFile],
) -> PreviewView {
    let rows: Vec<RowView> = preview.rows.iter().map(|r| row_view(tr, zone, r)).collect();
    let total = rows.len();
    let bad = rows.iter().filter(|r| !r.ok).count();
    PreviewView {
        summary: tr.t_args(
            "import-summary",
            &[
                ("total", total.into()),
                ("ok", (total - bad).into()),
                ("bad", bad.into()),
            ],
        ),
        confirm_label: tr.t1("import-confirm", "count", total),
        rows,
        confirm_csv: preview
            .ok()
            .then(|| String::from_utf8_lossy(csv).into_owned()),
        uploaded: uploaded.iter().map(format_uploaded).collect(),
    }
}

impl ImportPage {
    pub fn respond(self, status: StatusCode) -> Response {
        self.with_status(status).into_response()
    }
}
