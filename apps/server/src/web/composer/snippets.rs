//! Saved captions and hashtag groups: the page that lists, adds, edits and
//! deletes them (`/content/snippets`). The composer inserts them.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::snippets::{
    MAX_NAME_CHARS, MAX_TEXT_CHARS, Snippet, SnippetError, SnippetId, SnippetInput, SnippetKind,
};

use crate::http::snippets_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::choice::Choice;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// The add form or one snippet's edit form, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SnippetForm {
    kind: String,
    name: String,
    text: String,
}

impl SnippetForm {
    fn input(&self) -> SnippetInput {
        SnippetInput {
            kind: SnippetKind::parse(&self.kind).unwrap_or(SnippetKind::Caption),
            name: self.name.clone(),
            text: self.text.clone(),
        }
    }
}

pub struct Row {
    pub id: String,
    pub kind_label: String,
    pub kinds: Vec<Choice>,
    pub name: String,
    pub text: String,
    /// Problems of this row's refused edit.
    pub problems: Vec<(&'static str, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "composer_snippets.html")]
pub struct SnippetsPage {
    l: Layout,
    notice: Option<Notice>,
    rows: Vec<Row>,
    /// The add form, as typed when refused.
    new: SnippetForm,
    new_kinds: Vec<Choice>,
    new_problems: Vec<(&'static str, String)>,
    max_name: usize,
    max_text: usize,
    /// "12 of 200 kept."
    count_text: String,
}

impl SnippetsPage {
    pub fn errors(&self, field: &str) -> Vec<&str> {
        self.new_problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

fn kinds(tr: &Tr, chosen: &str) -> Vec<Choice> {
    SnippetKind::ALL
        .into_iter()
        .map(|k| Choice {
            value: k.as_str().into(),
            label: tr.t(&format!("composer-snippet-kind-{}", k.as_str())),
            selected: k.as_str() == chosen,
        })
        .collect()
}

/// A refused edit: the row id, what was typed and why.
type Refused = (String, SnippetForm, Vec<(&'static str, String)>);

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    notice: Option<Notice>,
    new: SnippetForm,
    new_problems: Vec<(&'static str, String)>,
    refused: Option<Refused>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let all: Vec<Snippet> = match state.snippets.list(me.access.owner()).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "cannot list snippets");
            return internal_error(req, Some(&me.user));
        }
    };
    let count = all.len();
    let rows = all
        .into_iter()
        .map(|s| {
            let id = s.id.to_string();
            let (kind, name, text, problems) = match &refused {
                Some((rid, f, p)) if *rid == id => {
                    (f.kind.clone(), f.name.clone(), f.text.clone(), p.clone())
                }
                _ => (s.kind.as_str().to_string(), s.name, s.text, Vec::new()),
            };
            Row {
                kind_label: tr.t(&format!("composer-snippet-kind-{}", s.kind.as_str())),
                kinds: kinds(&tr, &kind),
                id,
                name,
                text,
                problems,
            }
        })
        .collect();
    let new_kind = if new.kind.is_empty() {
        "caption".to_string()
    } else {
        new.kind.clone()
    };
    SnippetsPage {
        notice,
        rows,
        new_kinds: kinds(&tr, &new_kind),
        new,
        new_problems,
        max_name: MAX_NAME_CHARS,
        max_text: MAX_TEXT_CHARS,
        count_text: tr.t_args(
            "composer-snippets-count",
            &[
                ("count", count.into()),
                ("max", (state.snippets.max_per_user() as usize).into()),
            ],
        ),
        l: Layout::new(
            tr,
            "composer-snippets-title",
            Some(&me.user),
            csrf,
            "/content",
        ),
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
        "saved" => Notice::ok(tr.t("composer-snippet-saved")),
        "deleted" => Notice::ok(tr.t("composer-snippet-deleted")),
        _ => None,
    };
    render(
        &state,
        req,
        &me,
        &csrf.0,
        notice,
        SnippetForm::default(),
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<SnippetForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    match state
        .snippets
        .create(me.access.owner(), &form.input())
        .await
    {
        Ok(_) => Redirect::see_other("/content/snippets?notice=saved").into_response(),
        Err(e) => match snippets_text::refusal(&tr, &e) {
            Some(problems) => {
                render(
                    &state,
                    req,
                    &me,
                    &csrf.0,
                    None,
                    form,
                    problems,
                    None,
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
    CsrfForm(form): CsrfForm<SnippetForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let Ok(sid) = id.parse::<SnippetId>() else {
        return failed(&state, req, &me, &csrf.0, SnippetError::NotFound).await;
    };
    match state
        .snippets
        .update(me.access.owner(), sid, &form.input())
        .await
    {
        Ok(_) => Redirect::see_other("/content/snippets?notice=saved").into_response(),
        Err(e) => match snippets_text::refusal(&tr, &e) {
            Some(problems) => {
                render(
                    &state,
                    req,
                    &me,
                    &csrf.0,
                    None,
                    SnippetForm::default(),
                    Vec::new(),
                    Some((id, form, problems)),
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
    let Ok(sid) = id.parse::<SnippetId>() else {
        return failed(&state, req, &me, &csrf.0, SnippetError::NotFound).await;
    };
    match state.snippets.delete(me.access.owner(), sid).await {
        Ok(()) => Redirect::see_other("/content/snippets?notice=deleted").into_response(),
        Err(e) => failed(&state, req, &me, &csrf.0, e).await,
    }
}

/// Another user's or a vanished snippet (404 with the list), or a failure.
async fn failed(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    e: SnippetError,
) -> Response {
    let tr = Tr::new(me.user.language);
    match e {
        SnippetError::NotFound => {
            render(
                state,
                req,
                me,
                csrf,
                Notice::error(tr.t("composer-snippet-gone")),
                SnippetForm::default(),
                Vec::new(),
                None,
                StatusCode::NOT_FOUND,
            )
            .await
        }
        e => {
            tracing::error!(error = %e, "snippet change failed");
            internal_error(req, Some(&me.user))
        }
    }
}
