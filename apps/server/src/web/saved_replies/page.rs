//! `/inbox/saved-replies`: a user's saved replies, each editable in place;
//! a refused form comes back with what was typed and why.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::saved_replies::{
    MAX_NAME_CHARS, MAX_TEXT_CHARS, SavedReply, SavedReplyError, SavedReplyId, SavedReplyInput,
};

use crate::http::saved_replies_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// The add form or one reply's edit form, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReplyForm {
    name: String,
    text: String,
}

impl ReplyForm {
    fn input(&self) -> SavedReplyInput {
        SavedReplyInput {
            name: self.name.clone(),
            text: self.text.clone(),
        }
    }
}

pub struct Row {
    pub id: String,
    pub name: String,
    pub text: String,
    /// Problems of this row's refused edit.
    pub problems: Vec<(&'static str, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "saved_replies.html")]
pub struct SavedRepliesPage {
    l: Layout,
    notice: Option<Notice>,
    rows: Vec<Row>,
    /// The add form, as typed when refused.
    new: ReplyForm,
    new_problems: Vec<(&'static str, String)>,
    max_name: usize,
    max_text: usize,
    /// "3 of 100 kept."
    count_text: String,
    /// "{username}, {account}"
    variables: String,
}

impl SavedRepliesPage {
    pub fn errors(&self, field: &str) -> Vec<&str> {
        self.new_problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// A refused edit: the row id, what was typed and why.
type Refused = (String, ReplyForm, Vec<(&'static str, String)>);

/// What the page shows besides the list.
#[derive(Default)]
struct Shown {
    notice: Option<Notice>,
    new: ReplyForm,
    new_problems: Vec<(&'static str, String)>,
    refused: Option<Refused>,
}

async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let all: Vec<SavedReply> = match state.saved_replies.list(me.access.owner()).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list saved replies");
            return internal_error(req, Some(&me.user));
        }
    };
    let count = all.len();
    let rows = all
        .into_iter()
        .map(|r| {
            let id = r.id.to_string();
            match &shown.refused {
                Some((rid, f, p)) if *rid == id => Row {
                    id,
                    name: f.name.clone(),
                    text: f.text.clone(),
                    problems: p.clone(),
                },
                _ => Row {
                    id,
                    name: r.name,
                    text: r.text,
                    problems: Vec::new(),
                },
            }
        })
        .collect();
    SavedRepliesPage {
        notice: shown.notice,
        rows,
        new: shown.new,
        new_problems: shown.new_problems,
        max_name: MAX_NAME_CHARS,
        max_text: MAX_TEXT_CHARS,
        count_text: tr.t_args(
            "saved-replies-count",
            &[
                ("count", count.into()),
                ("max", (state.saved_replies.max_per_user() as usize).into()),
            ],
        ),
        variables: saved_replies_text::known_variables(),
        l: Layout::new(tr, "saved-replies-title", Some(&me.user), csrf, "/messages"),
    }
    .with_status(status)
    .into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    notice: String,
}

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "saved" => Notice::ok(tr.t("saved-reply-saved")),
        "deleted" => Notice::ok(tr.t("saved-reply-deleted")),
        _ => None,
    };
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    render(&state, req, &me, &csrf.0, shown, StatusCode::OK).await
}

#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<ReplyForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    match state
        .saved_replies
        .create(me.access.owner(), &form.input())
        .await
    {
        Ok(_) => Redirect::see_other("/inbox/saved-replies?notice=saved").into_response(),
        Err(e) => match saved_replies_text::refusal(&tr, &e) {
            Some(problems) => {
                let shown = Shown {
                    new: form,
                    new_problems: problems,
                    ..Shown::default()
                };
                render(
                    &state,
                    req,
                    &me,
                    &csrf.0,
                    shown,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            None => failed(&state, req, &me, &csrf.0, e).await,
        },
    }
}

#[handler]
pub async fn update(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ReplyForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let Ok(rid) = id.parse::<SavedReplyId>() else {
        return failed(&state, req, &me, &csrf.0, SavedReplyError::NotFound).await;
    };
    match state
        .saved_replies
        .update(me.access.owner(), rid, &form.input())
        .await
    {
        Ok(_) => Redirect::see_other("/inbox/saved-replies?notice=saved").into_response(),
        Err(e) => match saved_replies_text::refusal(&tr, &e) {
            Some(problems) => {
                let shown = Shown {
                    refused: Some((id, form, problems)),
                    ..Shown::default()
                };
                render(
                    &state,
                    req,
                    &me,
                    &csrf.0,
                    shown,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            None => failed(&state, req, &me, &csrf.0, e).await,
        },
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Empty {}

#[handler]
pub async fn delete(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    let Ok(rid) = id.parse::<SavedReplyId>() else {
        return failed(&state, req, &me, &csrf.0, SavedReplyError::NotFound).await;
    };
    match state.saved_replies.delete(me.access.owner(), rid).await {
        Ok(()) => Redirect::see_other("/inbox/saved-replies?notice=deleted").into_response(),
        Err(e) => failed(&state, req, &me, &csrf.0, e).await,
    }
}

/// Another user's or a vanished reply (404 with the list), or a failure.
async fn failed(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    e: SavedReplyError,
) -> Response {
    let tr = Tr::new(me.user.language);
    match e {
        SavedReplyError::NotFound => {
            let shown = Shown {
                notice: Notice::error(tr.t("saved-reply-gone")),
                ..Shown::default()
            };
            render(state, req, me, csrf, shown, StatusCode::NOT_FOUND).await
        }
        e => {
            tracing::error!(error = %e, "saved reply change failed");
            internal_error(req, Some(&me.user))
        }
    }
}
