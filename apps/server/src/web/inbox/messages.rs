//! The Messages page: conversations by latest message with an unread
//! marker, a thread with its messages, and a reply box that explains when
//! Instagram's messaging window is closed and keeps the typed text when a
//! send is refused.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::User;
use socialflow_core::inbox::{CachedConversation, InboxError, MessagingWindow};

use super::common::refresh_account;
use super::common::{AccountTab, choose_account, error_text, refreshed_text, segment, when};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

pub struct ConversationRow {
    pub id: String,
    /// The id as a path segment.
    pub href: String,
    pub username: String,
    pub last: String,
    pub unread: bool,
}

pub struct MessageView {
    pub text: String,
    pub attachments: Vec<(String, Option<String>)>,
    pub time: String,
    pub inbound: bool,
    pub sender: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox_messages.html")]
pub struct MessagesPage {
    l: Layout,
    notice: Option<Notice>,
    tabs: Vec<AccountTab>,
    account: String,
    refreshed: String,
    conversations: Vec<ConversationRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox_thread.html")]
pub struct ThreadPage {
    l: Layout,
    notice: Option<Notice>,
    href: String,
    account: String,
    username: String,
    messages: Vec<MessageView>,
    /// Why the reply box is closed, or empty when it is open.
    closed: String,
    /// How the reply will be sent (inside 24 h, or as a human agent).
    window: String,
    draft: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    account: String,
    notice: String,
}

fn row(tr: &Tr, user: &User, c: &CachedConversation) -> ConversationRow {
    ConversationRow {
        id: c.id.clone(),
        href: segment(&c.id),
        username: c
            .participant_username
            .clone()
            .unwrap_or_else(|| tr.t("inbox-unknown-person")),
        last: c.last_message_at.map(|t| when(user, t)).unwrap_or_default(),
        unread: c.unread(),
    }
}

async fn list_page(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    raw_account: &str,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (tabs, account) = match choose_account(state, me.user.id, raw_account).await {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let conversations = match &account {
        Some(a) => match state.inbox.conversations(me.user.id, a.id).await {
            Ok(list) => list.iter().map(|c| row(&tr, &me.user, c)).collect(),
            Err(e) => {
                tracing::error!(error = %e, "cannot list conversations");
                return internal_error(req, Some(&me.user));
            }
        },
        None => Vec::new(),
    };
    MessagesPage {
        notice,
        refreshed: refreshed_text(state, &tr, &me.user, account.as_ref()).await,
        account: account.map(|a| a.id.to_string()).unwrap_or_default(),
        tabs,
        conversations,
        l: Layout::new(tr, "messages-title", Some(&me.user), csrf, "/messages"),
    }
    .with_status(status)
    .into_response()
}

#[handler]
pub async fn show(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ListQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "refreshed" => Notice::ok(tr.t("inbox-notice-refreshed")),
        _ => None,
    };
    super::common::opened(&state, &me.user).await;
    list_page(
        &state,
        req,
        &me,
        &csrf.0,
        &q.account,
        notice,
        StatusCode::OK,
    )
    .await
}

fn window_texts(tr: &Tr, user: &User, w: MessagingWindow) -> (String, String) {
    match w {
        MessagingWindow::Open { closes_at } => (
            String::new(),
            tr.t1("inbox-window-open", "time", when(user, closes_at)),
        ),
        MessagingWindow::HumanAgent { closes_at } => (
            String::new(),
            tr.t1("inbox-window-human-agent", "time", when(user, closes_at)),
        ),
        MessagingWindow::Closed { since: None, .. } => {
            (tr.t("inbox-window-never-opened"), String::new())
        }
        MessagingWindow::Closed {
            since: Some(t),
            human_agent_would_help,
        } => {
            let mut text = tr.t1("inbox-window-closed", "time", when(user, t));
            if human_agent_would_help {
                text.push(' ');
                text.push_str(&tr.t("inbox-window-human-agent-hint"));
            }
            (text, String::new())
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn thread_page(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    id: &str,
    notice: Option<Notice>,
    status: StatusCode,
    draft: String,
) -> Response {
    let tr = Tr::new(me.user.language);
    let (conversation, messages) = match state.inbox.open_thread(me.user.id, id).await {
        Ok(x) => x,
        Err(InboxError::NotFound) => {
            return error_page(
                req,
                Some(&me.user),
                StatusCode::NOT_FOUND,
                "error-not-found",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot open a conversation");
            return internal_error(req, Some(&me.user));
        }
    };
    let (closed, window) = window_texts(&tr, &me.user, state.inbox.window(&conversation));
    let username = row(&tr, &me.user, &conversation).username;
    ThreadPage {
        notice,
        href: segment(&conversation.id),
        account: conversation.account_id.to_string(),
        messages: messages
            .iter()
            .map(|m| MessageView {
                text: m.text.clone().unwrap_or_default(),
                attachments: m
                    .attachments
                    .iter()
                    .map(|a| {
                        (
                            a.kind.clone(),
                            a.url.clone().filter(|u| u.starts_with("https://")),
                        )
                    })
                    .collect(),
                time: when(&me.user, m.created_at),
                inbound: m.inbound,
                sender: if m.inbound {
                    username.clone()
                } else {
                    m.sender_username.clone().unwrap_or_default()
                },
            })
            .collect(),
        username,
        closed,
        window,
        draft,
        l: Layout::new(tr, "messages-title", Some(&me.user), csrf, "/messages"),
    }
    .with_status(status)
    .into_response()
}

#[handler]
pub async fn thread(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let tr = Tr::new(me.user.language);
    let notice = match q.notice.as_str() {
        "sent" => Notice::ok(tr.t("inbox-notice-sent")),
        _ => None,
    };
    thread_page(
        &state,
        req,
        &me,
        &csrf.0,
        &id,
        notice,
        StatusCode::OK,
        String::new(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SendForm {
    text: String,
    account: String,
}

#[handler]
pub async fn send(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<SendForm>,
    csrf: &CsrfToken,
    Path(id): Path<String>,
) -> Response {
    let ctx = client_context(req, &state.web);
    match state
        .inbox
        .send_message(me.user.id, &id, &f.text, &ctx)
        .await
    {
        Ok(_) => {
            let q = serde_urlencoded::to_string([("notice", "sent")]).unwrap_or_default();
            Redirect::see_other(format!("/messages/{}?{q}", segment(&id))).into_response()
        }
        Err(e) => {
            let tr = Tr::new(me.user.language);
            let fail = |s: StatusCode| {
                if s == StatusCode::NOT_FOUND {
                    error_page(req, Some(&me.user), s, "error-not-found")
                } else {
                    internal_error(req, Some(&me.user))
                }
            };
            match error_text(&tr, &e, fail) {
                Ok((status, text)) => {
                    thread_page(
                        &state,
                        req,
                        &me,
                        &csrf.0,
                        &id,
                        Notice::error(text),
                        status,
                        f.text,
                    )
                    .await
                }
                Err(page) => *page,
            }
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RefreshForm {
    account: String,
}

#[handler]
pub async fn refresh(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(f): CsrfForm<RefreshForm>,
    csrf: &CsrfToken,
) -> Response {
    match refresh_account(&state, &me, &f.account).await {
        Ok(()) => {
            let q = serde_urlencoded::to_string([
                ("account", f.account.as_str()),
                ("notice", "refreshed"),
            ])
            .unwrap_or_default();
            Redirect::see_other(format!("/messages?{q}")).into_response()
        }
        Err(e) => {
            let tr = Tr::new(me.user.language);
            let fail = |s: StatusCode| {
                if s == StatusCode::NOT_FOUND {
                    error_page(req, Some(&me.user), s, "error-not-found")
                } else {
                    internal_error(req, Some(&me.user))
                }
            };
            match error_text(&tr, &e, fail) {
                Ok((status, text)) => {
                    list_page(
                        &state,
                        req,
                        &me,
                        &csrf.0,
                        &f.account,
                        Notice::error(text),
                        status,
                    )
                    .await
                }
                Err(page) => *page,
            }
        }
    }
}
