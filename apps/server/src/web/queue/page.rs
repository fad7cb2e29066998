//! `/queue`: the page, and how the forms show it again with what went wrong.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::posts::{PostFilter, PostState};
use socialflow_core::queue::{MAX_SLOTS, QueueError};

use super::view::{self, DayHead, DayView, DraftView, GridRow, SuggestionsView};
use crate::i18n::{Arg, Tr};
use crate::state::AppState;
use crate::web::shared::choice::Choice;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::format;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// Drafts offered for "Add to queue" at most.
const DRAFTS_SHOWN: u32 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "queue.html")]
pub struct QueuePage {
    pub l: Layout,
    pub notice: Option<Notice>,
    pub accounts: Vec<Choice>,
    /// The chosen account's id (empty when the user has none).
    pub account: String,
    pub username: String,
    pub time_zone: String,
    pub days: Vec<DayView>,
    pub drafts: Vec<DraftView>,
    pub heads: Vec<DayHead>,
    pub grid: Vec<GridRow>,
    /// "3 of at most 50 slots…"
    pub slots_intro: String,
    pub slot_errors: Vec<String>,
    pub new_time: String,
    pub new_days: Vec<String>,
    pub suggestions: SuggestionsView,
    pub feed_active: bool,
    pub feed_since: String,
    /// The feed's URL, right after it was made (shown once).
    pub feed_url: Option<String>,
}

impl QueuePage {
    pub fn new_day_checked(&self, code: &str) -> bool {
        self.new_days.iter().any(|d| d == code)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    account: String,
    notice: String,
    /// The post just queued (for the notice).
    post: String,
}

/// What a form brings back to the page besides the stored state.
#[derive(Default)]
pub struct Extra {
    pub notice: Option<Notice>,
    pub slot_errors: Vec<String>,
    /// The slot grid as the user sent it (kept on error).
    pub grid: Option<Vec<GridRow>>,
    pub new_time: String,
    pub new_days: Vec<String>,
    pub feed_url: Option<String>,
}

/// `raw` names none of the user's accounts.
struct NotTheirs;

/// The account chosen by `raw` among the user's (the first when empty).
fn pick<'a>(accounts: &'a [Account], raw: &str) -> Result<Option<&'a Account>, NotTheirs> {
    if raw.is_empty() {
        return Ok(accounts.first());
    }
    let id = raw.parse::<uuid::Uuid>().map_err(|_| NotTheirs)?;
    accounts
        .iter()
        .find(|a| a.id == AccountId(id))
        .map(Some)
        .ok_or(NotTheirs)
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<QueueQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "queued" => queued_notice(&state, &me, &tr, &q.post).await,
        "slots" => Notice::ok(tr.t("queue-notice-slots-saved")),
        "revoked" => Notice::ok(tr.t("queue-notice-feed-revoked")),
        _ => None,
    };
    render(
        &state,
        req,
        &me,
        &csrf.0,
        &q.account,
        Extra {
            notice,
            ..Extra::default()
        },
        StatusCode::OK,
    )
    .await
}

/// "Queued for Tue, Dec 8 09:00."
async fn queued_notice(state: &AppState, me: &WebUser, tr: &Tr, post: &str) -> Option<Notice> {
    let id = post.parse().ok()?;
    let p = state.posts.get(me.access.owner(), id).await.ok()?;
    let at = p.content.scheduled_at?;
    Notice::ok(tr.t1(
        "queue-notice-queued",
        "when",
        format::moment(tr.lang, &me.user.time_zone, at).as_str(),
    ))
}

/// The page for the account `raw` (or the first), with `extra`.
pub async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    raw: &str,
    extra: Extra,
    status: StatusCode,
) -> Response {
    match build(state, me, csrf, raw, extra).await {
        Ok(Some(page)) => page.with_status(status).into_response(),
        Ok(None) => error_page(
            req,
            Some(&me.user),
            StatusCode::NOT_FOUND,
            "error-not-found",
        ),
        Err(e) => {
            tracing::error!(error = %e, "cannot show the queue");
            internal_error(req, Some(&me.user))
        }
    }
}

async fn build(
    state: &AppState,
    me: &WebUser,
    csrf: &str,
    raw: &str,
    extra: Extra,
) -> Result<Option<QueuePage>, QueueError> {
    let user = &me.workspace_user;
    // The page speaks the member's language and names them in the header;
    // the queue's times are the workspace's.
    let tr = Tr::new(me.user.language);
    let accounts = state.accounts.list_seen(&me.access).await?;
    let Ok(chosen) = pick(&accounts, raw) else {
        return Ok(None);
    };
    let l = Layout::new(tr, "queue-title", Some(&me.user), csrf, "/queue");
    let mut page = QueuePage {
        l,
        notice: extra.notice,
        accounts: accounts
            .iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: format!("@{}", a.profile.username),
                selected: chosen.is_some_and(|c| c.id == a.id),
            })
            .collect(),
        account: String::new(),
        username: String::new(),
        time_zone: user.time_zone.name().to_string(),
        days: Vec::new(),
        drafts: Vec::new(),
        heads: view::heads(&tr),
        grid: Vec::new(),
        slots_intro: String::new(),
        slot_errors: extra.slot_errors,
        new_time: extra.new_time,
        new_days: extra.new_days,
        suggestions: SuggestionsView {
            from_data: false,
            items: Vec::new(),
        },
        feed_active: false,
        feed_since: String::new(),
        feed_url: extra.feed_url,
    };
    let Some(account) = chosen else {
        return Ok(Some(page));
    };
    let id = account.id;
    let slots = state.queue.slots(user.id, id).await?;
    let upcoming = state.queue.upcoming(user, id).await?;
    let suggestions = state.queue.suggestions(user, id).await?;
    let feed = state.queue.feed(user.id, id).await?;
    let drafts = state
        .posts
        .list(
            user.id,
            &PostFilter {
                account: Some(id),
                states: vec![PostState::Draft],
                limit: DRAFTS_SHOWN,
                ..PostFilter::default()
            },
        )
        .await?;
    page.account = id.to_string();
    page.username = account.profile.username.clone();
    page.days = view::days(&tr, user, &page.account, state.clock.now(), &upcoming);
    page.drafts = view::drafts(&tr, &drafts);
    page.slots_intro = tr.t_args(
        "queue-slots-intro",
        &[
            ("count", Arg::from(slots.len())),
            ("max", Arg::from(MAX_SLOTS)),
        ],
    );
    page.grid = extra.grid.unwrap_or_else(|| view::grid(&tr, &slots));
    page.suggestions = view::suggestions(&tr, &suggestions);
    page.feed_active = feed.is_some();
    page.feed_since = feed
        .map(|f| {
            tr.t1(
                "queue-feed-since",
                "when",
                format::moment(tr.lang, &user.time_zone, f.created_at).as_str(),
            )
        })
        .unwrap_or_default();
    Ok(Some(page))
}
