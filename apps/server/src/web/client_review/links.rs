//! The workspace's review links (`/review-links`): choose posts, name the
//! link (usually the client) and how long it works; the new link is shown
//! once; the list shows each link's posts, expiry and decisions, and
//! revokes. Needs the `publish` capability (editors and up).

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use secrecy::ExposeSecret;
use socialflow_core::client_review::{
    ClientReviewError, LinkSummary, MAX_DAYS, MAX_LABEL_CHARS, MAX_POSTS, ReviewLinkId, Verdict,
    awaits_review,
};
use socialflow_core::posts::PostId;
use socialflow_core::workspaces::Capability;

use super::cards::media_urls;
use super::problem_text;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::format::moment;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// How long a new link works unless changed.
const DEFAULT_DAYS: i64 = 7;

/// A post that can be put in a link.
pub struct Choice {
    pub id: String,
    pub thumb: Option<String>,
    pub caption: String,
    pub account: String,
    pub when: String,
    /// "In review" for a post that already waits for a decision.
    pub in_review: bool,
    pub checked: bool,
}

/// A link in the list.
pub struct LinkRow {
    pub id: String,
    pub label: String,
    pub posts: usize,
    pub status: String,
    pub working: bool,
    /// "2 approved, 1 change asked".
    pub decisions: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "review_links.html")]
pub struct LinksPage {
    pub l: Layout,
    pub notice: Option<Notice>,
    pub new_url: Option<String>,
    pub choices: Vec<Choice>,
    pub label: String,
    pub days: String,
    /// Send the chosen posts for review (checked unless unticked).
    pub hold: bool,
    pub max_days: i64,
    pub max_label: usize,
    pub choose_legend: String,
    pub links: Vec<LinkRow>,
}

/// What the form keeps when it comes back.
struct Typed {
    label: String,
    days: String,
    hold: bool,
    posts: Vec<PostId>,
}

impl Default for Typed {
    fn default() -> Self {
        Self {
            label: String::new(),
            days: String::new(),
            // Holding is what sharing for approval usually means.
            hold: true,
            posts: Vec::new(),
        }
    }
}

fn forbidden(req: &Request, me: &WebUser) -> Response {
    error_page(
        req,
        Some(&me.user),
        StatusCode::FORBIDDEN,
        "review-forbidden",
    )
}

fn short(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 80 {
        format!("{}…", one.chars().take(79).collect::<String>())
    } else {
        one
    }
}

fn count(s: &LinkSummary, v: Verdict) -> i64 {
    i64::try_from(s.decisions.iter().filter(|d| d.verdict == v).count()).unwrap_or(i64::MAX)
}

fn link_rows(
    tr: &Tr,
    me: &WebUser,
    now: time::OffsetDateTime,
    links: &[LinkSummary],
) -> Vec<LinkRow> {
    links
        .iter()
        .map(|s| {
            let l = &s.link;
            let status = if let Some(at) = l.revoked_at {
                tr.t1(
                    "review-links-revoked",
                    "time",
                    moment(tr.lang, &me.user.time_zone, at),
                )
            } else if l.works(now) {
                tr.t1(
                    "review-links-expires",
                    "time",
                    moment(tr.lang, &me.user.time_zone, l.expires_at),
                )
            } else {
                tr.t1(
                    "review-links-expired",
                    "time",
                    moment(tr.lang, &me.user.time_zone, l.expires_at),
                )
            };
            LinkRow {
                id: l.id.to_string(),
                label: l.label.clone(),
                posts: l.posts.len(),
                status,
                working: l.works(now),
                decisions: format!(
                    "{}, {}",
                    tr.t1(
                        "review-links-approved",
                        "count",
                        count(s, Verdict::Approved)
                    ),
                    tr.t1(
                        "review-links-changes",
                        "count",
                        count(s, Verdict::ChangesRequested)
                    ),
                ),
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments, reason = "one page's parts, each named")]
async fn render(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    typed: Typed,
    new_url: Option<String>,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let svc = &state.client_review;
    let (posts, links) = match (
        svc.shareable_posts(&me.access).await,
        svc.list(&me.access).await,
    ) {
        (Ok(p), Ok(l)) => (p, l),
        (Err(ClientReviewError::Forbidden(_)), _) | (_, Err(ClientReviewError::Forbidden(_))) => {
            return forbidden(req, me);
        }
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "cannot list review links");
            return internal_error(req, Some(&me.user));
        }
    };
    let media = media_urls(state, me.access.owner()).await;
    let choices = posts
        .iter()
        .map(|(p, a)| Choice {
            id: p.id.to_string(),
            thumb: p
                .content
                .media
                .iter()
                .chain(p.content.cover.iter())
                .find_map(|m| media.get(m).and_then(|c| c.thumbnail_url.clone())),
            caption: short(&p.content.caption),
            account: a.profile.username.clone(),
            when: p.content.scheduled_at.map_or_else(
                || tr.t("review-when-unscheduled"),
                |at| moment(tr.lang, &me.user.time_zone, at),
            ),
            in_review: awaits_review(p),
            checked: typed.posts.contains(&p.id),
        })
        .collect();
    let view = LinksPage {
        l: Layout::new(tr, "review-links-title", Some(&me.user), csrf, "/content"),
        notice,
        new_url,
        choices,
        label: typed.label,
        days: if typed.days.is_empty() {
            DEFAULT_DAYS.to_string()
        } else {
            typed.days
        },
        hold: typed.hold,
        max_days: MAX_DAYS,
        max_label: MAX_LABEL_CHARS,
        choose_legend: tr.t1("review-links-choose", "max", MAX_POSTS),
        links: link_rows(&tr, me, state.clock.now(), &links),
    };
    let mut resp = view.with_status(status).into_response();
    // A new link's secret is in this response only; never cache it.
    resp.headers_mut().insert(
        "cache-control",
        poem::http::HeaderValue::from_static("no-store"),
    );
    resp
}

fn posts_of(pairs: &[(String, String)]) -> Vec<PostId> {
    pairs
        .iter()
        .filter(|(k, _)| k == "post")
        .filter_map(|(_, v)| v.parse().ok())
        .collect()
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `/review-links`, with `?post=` preselecting posts (from the post list).
#[handler]
pub async fn page(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
) -> Response {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
    let typed = Typed {
        posts: posts_of(&pairs),
        ..Typed::default()
    };
    render(req, &state, &me, &csrf.0, typed, None, None, StatusCode::OK).await
}

/// Makes a link; the page comes back with it, shown once.
#[handler]
pub async fn create(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let tr = Tr::new(me.user.language);
    if !me.access.can(Capability::Publish) {
        return forbidden(req, &me);
    }
    let typed = Typed {
        label: field(&pairs, "label").to_string(),
        days: field(&pairs, "days").to_string(),
        hold: field(&pairs, "hold") == "on",
        posts: posts_of(&pairs),
    };
    let Ok(days) = typed.days.trim().parse::<i64>() else {
        let text = tr.t1("review-links-days-invalid", "max", MAX_DAYS);
        return render(
            req,
            &state,
            &me,
            &csrf.0,
            typed,
            None,
            Notice::error(text),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let ctx = client_context(req, &state.web);
    match state
        .client_review
        .create(
            &me.access,
            &typed.posts,
            &typed.label,
            days,
            typed.hold,
            &ctx,
        )
        .await
    {
        Ok(new) => {
            let url = format!(
                "{}/r/{}",
                state.web.public_url.trim_end_matches('/'),
                new.secret.expose_secret()
            );
            render(
                req,
                &state,
                &me,
                &csrf.0,
                Typed::default(),
                Some(url),
                Notice::ok(if typed.hold {
                    tr.t1(
                        "review-links-created-held",
                        "count",
                        i64::try_from(new.held).unwrap_or(i64::MAX),
                    )
                } else {
                    tr.t("review-links-created")
                }),
                StatusCode::OK,
            )
            .await
        }
        Err(ClientReviewError::Invalid(p)) => {
            render(
                req,
                &state,
                &me,
                &csrf.0,
                typed,
                None,
                Notice::error(problem_text(&tr, p)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(ClientReviewError::Forbidden(_)) => forbidden(req, &me),
        Err(ClientReviewError::NotFound) => {
            render(
                req,
                &state,
                &me,
                &csrf.0,
                typed,
                None,
                Notice::error(tr.t("review-links-post-gone")),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot create a review link");
            internal_error(req, Some(&me.user))
        }
    }
}

/// Revokes a link and goes back to the list.
#[handler]
pub async fn revoke(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<crate::web::shared::forms::TokenOnly>,
) -> Response {
    let Ok(id) = uuid::Uuid::parse_str(&id) else {
        return error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        );
    };
    let ctx = client_context(req, &state.web);
    match state
        .client_review
        .revoke(&me.access, ReviewLinkId(id), &ctx)
        .await
    {
        Ok(()) => Redirect::see_other("/review-links").into_response(),
        Err(ClientReviewError::Forbidden(_)) => forbidden(req, &me),
        Err(ClientReviewError::NotFound) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot revoke a review link");
            internal_error(req, Some(&me.user))
        }
    }
}
