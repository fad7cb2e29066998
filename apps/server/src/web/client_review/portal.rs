//! The review page of a member with the client role (`/client`): the
//! posts of the accounts assigned to them, those awaiting review first,
//! then the upcoming scheduled ones, each with Approve and Ask for changes.
//! Nothing else of the workspace is shown here.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::client_review::{ClientReviewError, Verdict};
use socialflow_core::posts::PostId;

use super::cards::{ReviewCard, media_urls, member_card};
use super::problem_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

#[derive(Template, WebTemplate)]
#[template(path = "client_portal.html")]
pub struct PortalPage {
    pub l: Layout,
    pub notice: Option<Notice>,
    pub cards: Vec<ReviewCard>,
}

impl PortalPage {
    pub fn form_action(&self, post: &str) -> String {
        format!("/client/posts/{post}/decide")
    }

    pub fn hidden(&self, _post: &str) -> Vec<(&'static str, String)> {
        vec![("csrf", self.l.csrf.clone())]
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    pub done: String,
}

async fn render(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    notice: Option<Notice>,
    refused: Option<(PostId, String, String)>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let posts = match state.client_review.member_queue(&me.access).await {
        Ok(p) => p,
        Err(ClientReviewError::Forbidden(_)) => {
            return error_page(
                req,
                Some(&me.user),
                StatusCode::FORBIDDEN,
                "review-forbidden",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot list the posts to review");
            return internal_error(req, Some(&me.user));
        }
    };
    let media = media_urls(state, me.access.owner()).await;
    let cards = posts
        .iter()
        .map(|(p, a)| {
            let mut c = member_card(&tr, &me.user.time_zone, &media, p, a);
            if let Some((id, typed, why)) = &refused
                && *id == p.id
            {
                c.typed_note = typed.clone();
                c.error = Some(why.clone());
            }
            c
        })
        .collect();
    PortalPage {
        l: Layout::new(tr, "client-portal-title", Some(&me.user), csrf, "/client"),
        notice,
        cards,
    }
    .with_status(status)
    .into_response()
}

#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<DoneQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match Verdict::parse(&q.done) {
        Some(Verdict::Approved) => Notice::ok(tr.t("client-portal-approved")),
        Some(Verdict::ChangesRequested) => Notice::ok(tr.t("client-portal-changes-sent")),
        None => None,
    };
    render(req, &state, &me, &csrf.0, notice, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    pub verdict: String,
    pub note: String,
}

/// Approve or ask for changes; back to the page at the post.
#[handler]
pub async fn decide(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<DecideForm>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (Ok(post), Some(verdict)) = (id.parse::<PostId>(), Verdict::parse(&f.verdict)) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    let ctx = client_context(req, &state.web);
    let refuse = |why: String, status: StatusCode| {
        let typed = f.note.clone();
        let (state, me) = (&state, &me);
        async move {
            render(
                req,
                state,
                me,
                &csrf.0,
                Notice::error(why.clone()),
                Some((post, typed, why)),
                status,
            )
            .await
        }
    };
    match state
        .client_review
        .decide_as_member(
            &me.access,
            me.user.username.as_str(),
            post,
            verdict,
            &f.note,
            &ctx,
        )
        .await
    {
        Ok(()) => Redirect::see_other(format!("/client?done={}#post-{post}", verdict.as_str()))
            .into_response(),
        Err(ClientReviewError::Forbidden(_)) => error_page(
            req,
            Some(&me.user),
            StatusCode::FORBIDDEN,
            "review-forbidden",
        ),
        Err(ClientReviewError::NotFound) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(ClientReviewError::WrongState) => {
            refuse(tr.t("review-wrong-state"), StatusCode::CONFLICT).await
        }
        Err(ClientReviewError::Invalid(p)) => {
            refuse(problem_text(&tr, p), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot record a review decision");
            internal_error(req, Some(&me.user))
        }
    }
}
