//! The page a review link opens (`/r/{secret}`), without an account: the
//! link's posts as Instagram will show them, each with Approve and Ask for
//! changes. Its form is protected without a session: a hidden token bound
//! to the link (HMAC with the CSRF key over the link's id), POST only.
//! Unknown, expired and revoked links all get the same 410 page.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::{HeaderValue, StatusCode};
use poem::web::{Data, Form, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::Language;
use socialflow_core::client_review::{ClientReviewError, OpenReview, ReviewLinkId, Verdict};
use socialflow_core::posts::PostId;

use super::cards::{ReviewCard, card, media_urls};
use super::problem_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::error_page_in;
use crate::web::shared::layout::{Layout, Notice};

#[derive(Template, WebTemplate)]
#[template(path = "client_review.html")]
pub struct ReviewPage {
    pub l: Layout,
    pub label: String,
    pub expires: String,
    pub cards: Vec<ReviewCard>,
    /// Where the forms post (this page).
    pub action: String,
    pub token: String,
    pub languages: Vec<Language>,
    pub notice: Option<Notice>,
}

impl ReviewPage {
    pub fn form_action(&self, _post: &str) -> &str {
        &self.action
    }

    /// The form's hidden fields: the link's token, the post, the language.
    pub fn hidden(&self, post: &str) -> Vec<(&'static str, String)> {
        vec![
            ("token", self.token.clone()),
            ("post", post.to_string()),
            ("lang", self.l.tr.code().to_string()),
        ]
    }
}

/// The form token of a link: HMAC(CSRF key, link id). Only a page the
/// server rendered for this link carries it.
pub fn form_token(key: &[u8; 32], link: ReviewLinkId) -> String {
    socialflow_crypto::hmac_sha256_hex(key, format!("review-link:{link}").as_bytes())
}

fn token_ok(key: &[u8; 32], link: ReviewLinkId, sent: &str) -> bool {
    let want = form_token(key, link);
    // Compared in constant time: the token is a secret of the page.
    want.len() == sent.len()
        && want
            .bytes()
            .zip(sent.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// No referrer (the secret is in the URL), no indexing, no caching.
fn harden(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert("cache-control", HeaderValue::from_static("no-store"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    resp
}

fn gone(tr: Tr) -> Response {
    harden(error_page_in(tr, None, "", StatusCode::GONE, "review-gone"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LangQuery {
    pub lang: String,
}

fn chosen(lang: &str, fallback: Language) -> Language {
    lang.parse().unwrap_or(fallback)
}

async fn render(
    state: &AppState,
    secret: &str,
    review: &OpenReview,
    lang: Language,
    notice: Option<Notice>,
    refused: Option<(PostId, String, String)>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(lang);
    let media = media_urls(state, review.link.owner).await;
    let cards = review
        .posts
        .iter()
        .map(|(p, a)| {
            let d = review
                .decisions
                .iter()
                .find(|d| d.post == p.id)
                .map(|d| (d, review.link.label.as_str()));
            let mut c = card(&tr, &review.time_zone, &media, p, a, d);
            if let Some((id, typed, why)) = &refused
                && *id == p.id
            {
                c.typed_note = typed.clone();
                c.error = Some(why.clone());
            }
            c
        })
        .collect();
    let mut l = Layout::new(tr, "review-title", None, "", "");
    l.title = tr.t1("review-heading", "label", review.link.label.as_str());
    let view = ReviewPage {
        label: review.link.label.clone(),
        expires: tr.t1(
            "review-expires",
            "time",
            crate::web::shared::format::moment(lang, &review.time_zone, review.link.expires_at),
        ),
        cards,
        action: format!("/r/{secret}"),
        token: form_token(&state.web.csrf_key, review.link.id),
        languages: Language::ALL.to_vec(),
        notice,
        l,
    };
    harden(view.with_status(status).into_response())
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    Path(secret): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    match state.client_review.open(&secret).await {
        Ok(review) => {
            let lang = chosen(&q.lang, review.language);
            render(&state, &secret, &review, lang, None, None, StatusCode::OK).await
        }
        Err(ClientReviewError::Gone) => gone(Tr::new(chosen(
            &q.lang,
            crate::web::request::language(req, None),
        ))),
        Err(e) => {
            tracing::error!(error = %e, "cannot open a review link");
            harden(crate::web::shared::errors::internal_error(req, None))
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecideForm {
    pub token: String,
    pub post: String,
    pub verdict: String,
    pub note: String,
    pub lang: String,
}

#[handler]
pub async fn decide(
    req: &Request,
    state: Data<&AppState>,
    Path(secret): Path<String>,
    Form(f): Form<DecideForm>,
) -> Response {
    let fallback = crate::web::request::language(req, None);
    let review = match state.client_review.open(&secret).await {
        Ok(r) => r,
        Err(ClientReviewError::Gone) => return gone(Tr::new(chosen(&f.lang, fallback))),
        Err(e) => {
            tracing::error!(error = %e, "cannot open a review link");
            return harden(crate::web::shared::errors::internal_error(req, None));
        }
    };
    let lang = chosen(&f.lang, review.language);
    let tr = Tr::new(lang);
    if !token_ok(&state.web.csrf_key, review.link.id, &f.token) {
        return harden(error_page_in(
            tr,
            None,
            "",
            StatusCode::FORBIDDEN,
            "error-csrf",
        ));
    }
    let (Ok(post), Some(verdict)) = (f.post.parse::<PostId>(), Verdict::parse(&f.verdict)) else {
        return harden(error_page_in(
            tr,
            None,
            "",
            StatusCode::BAD_REQUEST,
            "error-bad-request",
        ));
    };
    let ctx = client_context(req, &state.web);
    let refuse = |why: String, status: StatusCode| {
        let review = &review;
        let typed = f.note.clone();
        let secret = secret.clone();
        let state = &state;
        async move {
            render(
                state,
                &secret,
                review,
                lang,
                Notice::error(why.clone()),
                Some((post, typed, why)),
                status,
            )
            .await
        }
    };
    match state
        .client_review
        .decide_by_link(&secret, post, verdict, &f.note, &ctx)
        .await
    {
        Ok(_) => {
            // Back to the page (a local path built here) at the post, in
            // the language the reviewer chose.
            harden(
                Redirect::see_other(format!("/r/{secret}?lang={}#post-{post}", lang.code()))
                    .into_response(),
            )
        }
        Err(ClientReviewError::Gone) => gone(tr),
        Err(ClientReviewError::NotFound) => harden(error_page_in(
            tr,
            None,
            "",
            StatusCode::NOT_FOUND,
            "error-not-found",
        )),
        Err(ClientReviewError::RateLimited) => {
            refuse(tr.t("review-rate-limited"), StatusCode::TOO_MANY_REQUESTS).await
        }
        Err(ClientReviewError::WrongState) => {
            refuse(tr.t("review-wrong-state"), StatusCode::CONFLICT).await
        }
        Err(ClientReviewError::Invalid(p)) => {
            refuse(problem_text(&tr, p), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot record a review decision");
            harden(crate::web::shared::errors::internal_error(req, None))
        }
    }
}
