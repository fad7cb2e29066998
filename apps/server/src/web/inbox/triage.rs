//! `/inbox`: the inbox's home, one triage list over the user's accounts.
//! Comment threads show their post; conversations their latest message.
//! Filters are a plain GET form, paging follows an opaque cursor, and
//! items are marked done or open again one at a time or in bulk (one
//! form, checkboxes). Keyboard shortcuts come from `static/inbox.js`.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::{Deserialize, Serialize};
use socialflow_core::User;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::triage::{
    ItemKey, ItemKind, QueryProblem, StateFilter, TriageFilter, TriageItem, TriageQuery,
    has_question,
};

use super::common::{AccountTab, segment, when};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::errors::internal_error;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// How much of a text and a caption a row shows.
const TEXT_CHARS: usize = 280;
const CAPTION_CHARS: usize = 80;

/// The list's filters as the URL carries them (also what the bulk form
/// sends back to return to the same view).
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct TriageParams {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub account: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub media: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub state: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub question: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hidden: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub q: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cursor: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notice: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub n: String,
}

impl TriageParams {
    /// The state shown: unanswered unless the user chose another.
    pub fn state(&self) -> StateFilter {
        if self.state.is_empty() {
            StateFilter::Unanswered
        } else {
            StateFilter::parse(&self.state).unwrap_or(StateFilter::Unanswered)
        }
    }

    /// `/inbox?…` for these filters (without cursor and notice unless
    /// asked).
    pub fn url(&self) -> String {
        let q = serde_urlencoded::to_string(self).unwrap_or_default();
        if q.is_empty() {
            "/inbox".into()
        } else {
            format!("/inbox?{q}")
        }
    }

    fn without_page(&self) -> Self {
        Self {
            cursor: String::new(),
            notice: String::new(),
            n: String::new(),
            ..self.clone()
        }
    }
}

pub struct PostLine {
    pub picture: Option<String>,
    pub caption: String,
    pub permalink: Option<String>,
    pub filter_href: String,
}

pub struct ItemRow {
    pub item_ref: String,
    pub dom_id: String,
    pub kind_label: String,
    pub is_comment: bool,
    pub username: String,
    pub account: String,
    pub time: String,
    pub text: String,
    pub unanswered: bool,
    pub answered: bool,
    pub done: bool,
    pub hidden: bool,
    pub question: bool,
    pub replies: String,
    pub post: Option<PostLine>,
    pub open_href: String,
    pub reply_href: String,
}

pub struct StateTab {
    pub href: String,
    pub label: String,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox_triage.html")]
pub struct TriagePage {
    l: Layout,
    notice: Option<Notice>,
    accounts: Vec<AccountTab>,
    states: Vec<StateTab>,
    p: TriageParams,
    /// The chosen post's caption, when filtering by post.
    post_filter: Option<String>,
    clear_post_href: String,
    items: Vec<ItemRow>,
    next_href: Option<String>,
    first_href: Option<String>,
    /// This view's URL (without cursor), for the forms to return to.
    back: String,
    /// The search error, shown at the field.
    search_error: Option<String>,
    unanswered_total: i64,
    /// Automation replies waiting for approval, over the user's accounts.
    approvals: Option<usize>,
}

fn excerpt(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn kind_label(tr: &Tr, k: ItemKind) -> String {
    tr.t(match k {
        ItemKind::Comment => "triage-kind-comment",
        ItemKind::Message => "triage-kind-message",
        ItemKind::StoryMention => "triage-kind-story-mention",
        ItemKind::StoryReply => "triage-kind-story-reply",
    })
}

pub fn row(tr: &Tr, user: &User, p: &TriageParams, i: &TriageItem) -> ItemRow {
    let account = i.account_id.to_string();
    let (open_href, reply_href) = match i.key {
        ItemKey::Comment => {
            // The post's thread view (also when the post is not cached
            // yet: its threads show by the post's id).
            let media = i
                .post
                .as_ref()
                .map(|p| p.id.as_str())
                .or(i.media_id.as_deref())
                .unwrap_or_default();
            let base = format!(
                "/comments?{}",
                serde_urlencoded::to_string([("account", account.as_str()), ("media", media)])
                    .unwrap_or_default()
            );
            (
                format!("{base}#c-{}", segment(&i.id)),
                format!("{base}#reply-{}", segment(&i.id)),
            )
        }
        ItemKey::Conversation => {
            let href = format!("/messages/{}?account={account}", segment(&i.id));
            (href.clone(), format!("{href}#reply"))
        }
    };
    let post = i.post.as_ref().map(|post| PostLine {
        picture: post
            .picture()
            .filter(|u| u.starts_with("https://"))
            .map(str::to_string),
        caption: excerpt(post.caption.as_deref().unwrap_or(""), CAPTION_CHARS),
        permalink: post.permalink.clone().filter(|u| u.starts_with("https://")),
        filter_href: TriageParams {
            account: account.clone(),
            media: post.id.clone(),
            ..p.without_page()
        }
        .url(),
    });
    ItemRow {
        item_ref: i.item_ref().to_string(),
        dom_id: format!("item-{}-{}", i.key.code(), segment(&i.id)),
        kind_label: kind_label(tr, i.kind),
        is_comment: i.key == ItemKey::Comment,
        username: i.username.clone().unwrap_or_default(),
        account: i.account_username.clone(),
        time: when(user, i.at),
        text: excerpt(&i.text, TEXT_CHARS),
        unanswered: i.unanswered(),
        answered: i.answered,
        done: i.done,
        hidden: i.hidden,
        question: has_question(&i.text),
        replies: if i.replies > 0 {
            tr.t1("triage-replies", "count", i64::from(i.replies))
        } else {
            String::new()
        },
        post,
        open_href,
        reply_href,
    }
}

fn notice(tr: &Tr, p: &TriageParams) -> Option<Notice> {
    let n: i64 = p.n.parse().unwrap_or(0);
    match p.notice.as_str() {
        "done" => Notice::ok(tr.t1("triage-notice-done", "count", n)),
        "opened" => Notice::ok(tr.t1("triage-notice-opened", "count", n)),
        "none" => Notice::error(tr.t("triage-notice-none")),
        "too-many" => Notice::error(tr.t("triage-notice-too-many")),
        // Actions of the thread view that land here.
        "replied" => Notice::ok(tr.t("inbox-notice-replied")),
        "commented" => Notice::ok(tr.t("inbox-notice-commented")),
        "hidden" => Notice::ok(tr.t("inbox-notice-hidden")),
        "unhidden" => Notice::ok(tr.t("inbox-notice-unhidden")),
        "deleted" => Notice::ok(tr.t("inbox-notice-deleted")),
        "refreshed" => Notice::ok(tr.t("inbox-notice-refreshed")),
        _ => None,
    }
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(p): Query<TriageParams>,
) -> Response {
    super::common::opened(&state, &me.user).await;
    let tr = Tr::new(me.user.language);
    let fail = |e: socialflow_core::StoreError| {
        tracing::error!(error = %e, "cannot show the inbox");
        internal_error(req, Some(&me.user))
    };
    let accounts = match state.accounts.list_seen(&me.access).await {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let chosen = uuid::Uuid::parse_str(&p.account)
        .ok()
        .map(AccountId)
        .filter(|id| accounts.iter().any(|a| a.id == *id));
    let tabs: Vec<AccountTab> = accounts
        .iter()
        .map(|a| AccountTab {
            id: a.id.to_string(),
            username: a.profile.username.clone(),
            active: Some(a.id) == chosen,
        })
        .collect();
    let st = p.state();
    let filter = TriageFilter {
        account: chosen,
        media: Some(p.media.clone()).filter(|m| !m.is_empty()),
        state: st,
        hidden: p.hidden == "1",
        question: p.question == "1",
        search: Some(p.q.clone()),
        accounts: None,
    };
    let mut status = StatusCode::OK;
    let mut search_error = None;
    let mut page_notice = notice(&tr, &p);
    let query = match TriageQuery::new(filter.clone(), Some(&p.cursor), None) {
        Ok(q) => Some(q),
        Err(QueryProblem::Search) => {
            status = StatusCode::UNPROCESSABLE_ENTITY;
            search_error = Some(tr.t1(
                "triage-error-search",
                "max",
                socialflow_core::inbox::triage::MAX_SEARCH_CHARS as i64,
            ));
            None
        }
        Err(_) => {
            // A stale or edited cursor (or post id): the first page instead.
            page_notice = Notice::error(tr.t("triage-error-cursor"));
            TriageQuery::new(
                TriageFilter {
                    media: None,
                    ..filter.clone()
                },
                None,
                None,
            )
            .ok()
        }
    };
    let page = match &query {
        Some(q) => match state.triage.page_seen(&me.access, q).await {
            Ok(pg) => Some(pg),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let base = p.without_page();
    let items: Vec<ItemRow> = page
        .as_ref()
        .map(|pg| {
            pg.items
                .iter()
                .map(|i| row(&tr, &me.user, &base, i))
                .collect()
        })
        .unwrap_or_default();
    let post_filter = if p.media.is_empty() {
        None
    } else {
        page.as_ref()
            .and_then(|pg| pg.items.iter().find_map(|i| i.post.as_ref()))
            .map(|post| excerpt(post.caption.as_deref().unwrap_or(""), CAPTION_CHARS))
            .or(Some(String::new()))
    };
    let unanswered_total = match state.inbox.counts_seen(&me.access).await {
        Ok(c) => i64::try_from(c.unanswered_comments).unwrap_or(i64::MAX),
        Err(e) => return fail(e),
    };
    // A few accounts, each one bounded count of held replies.
    let operator = state.automation_operator();
    let mut approvals = 0usize;
    for a in &accounts {
        match operator.held_count(me.access.owner(), a.id).await {
            Ok(n) => approvals += n as usize,
            Err(e) => tracing::warn!(error = %e, "cannot count held replies"),
        }
    }
    let states = [
        StateFilter::Unanswered,
        StateFilter::Open,
        StateFilter::Done,
        StateFilter::All,
    ]
    .into_iter()
    .map(|s| StateTab {
        href: TriageParams {
            state: s.as_str().to_string(),
            ..base.clone()
        }
        .url(),
        label: tr.t(&format!("triage-state-{}", s.as_str())),
        active: s == st,
    })
    .collect();
    let next_href = page.as_ref().and_then(|pg| pg.next.clone()).map(|c| {
        TriageParams {
            cursor: c,
            ..base.clone()
        }
        .url()
    });
    let page_out = TriagePage {
        notice: page_notice,
        accounts: tabs,
        states,
        clear_post_href: TriageParams {
            media: String::new(),
            ..base.clone()
        }
        .url(),
        post_filter,
        items,
        next_href,
        first_href: (!p.cursor.is_empty()).then(|| base.url()),
        back: base.url(),
        search_error,
        unanswered_total,
        approvals: (approvals > 0).then_some(approvals),
        p,
        l: Layout::new(tr, "triage-title", Some(&me.user), &csrf.0, "/inbox"),
    };
    page_out.with_status(status).into_response()
}
