//! The Messages page as a chat: conversations with initials, the latest
//! message and an unread marker; a thread as bubbles (theirs left, ours
//! right) under day separators in the user's zone, attachments shown, and
//! a reply box that says how long Instagram's window stays open, offers
//! saved replies, and keeps the typed text when a send is refused.

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::inbox::InboxError;
use socialflow_core::saved_replies::{ReplyVariables, SavedReplyError};

use super::chat_view::{self, ChatDay, ConversationRow};
use super::common::refresh_account;
use super::common::{AccountTab, choose_account, error_text, refreshed_text, segment};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::request::client_context;
use crate::web::saved_replies::picker::{self, PickerBox, PickerFields, SavedReplyChoices};
use crate::web::shared::errors::{error_page, internal_error};
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

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
#[template(path = "inbox_chat.html")]
pub struct ThreadPage {
    l: Layout,
    notice: Option<Notice>,
    href: String,
    account: String,
    username: String,
    initials: String,
    days: Vec<ChatDay>,
    /// Why the reply box is closed, or empty when it is open.
    closed: String,
    /// How long and how the reply may be sent.
    window: String,
    /// The window is past 24 h (a person's reply only).
    human_agent: bool,
    draft: String,
    saved: SavedReplyChoices,
    account_username: String,
}

impl ThreadPage {
    /// The saved-reply picker of the reply box.
    pub fn picker(&self) -> PickerBox<'_> {
        self.saved
            .for_box(&self.username, &self.account_username, "reply")
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    account: String,
    notice: String,
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
    let (tabs, account) = match choose_account(state, &me.access, raw_account).await {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "cannot list accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let conversations = match &account {
        Some(a) => match state
            .inbox
            .conversation_previews(me.access.owner(), a.id)
            .await
        {
            Ok(list) => {
                let now = state.inbox.now();
                list.iter()
                    .map(|p| chat_view::conversation_row(&tr, &me.user, now, p))
                    .collect()
            }
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
    let (conversation, messages) = match state.inbox.open_thread_seen(&me.access, id).await {
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
    let now = state.inbox.now();
    let (closed, window) =
        chat_view::window_texts(&tr, &me.user, now, state.inbox.window(&conversation));
    let human_agent = matches!(
        state.inbox.window(&conversation),
        socialflow_core::inbox::MessagingWindow::HumanAgent { .. }
    );
    let username = conversation
        .participant_username
        .clone()
        .unwrap_or_else(|| tr.t("inbox-unknown-person"));
    let account_username = account_username(state, me, conversation.account_id).await;
    ThreadPage {
        notice,
        href: segment(&conversation.id),
        account: conversation.account_id.to_string(),
        days: chat_view::days(&tr, &me.user, now, &username, &messages),
        initials: chat_view::initials(&username),
        username,
        closed,
        window,
        human_agent,
        draft,
        saved: SavedReplyChoices::load(state, me.access.owner()).await,
        account_username,
        l: Layout::new(tr, "messages-title", Some(&me.user), csrf, "/messages"),
    }
    .with_status(status)
    .into_response()
}

/// The answering account's username (for `{account}`); empty if it cannot
/// be read, which only leaves the variable blank.
async fn account_username(
    state: &AppState,
    me: &WebUser,
    id: socialflow_core::account::AccountId,
) -> String {
    match state.accounts.get(me.access.owner(), id).await {
        Ok(a) => a.profile.username,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the account of a conversation");
            String::new()
        }
    }
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
    #[serde(flatten)]
    picker: PickerFields,
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
    let tr = Tr::new(me.user.language);
    // The chosen saved reply, expanded for this person into the box.
    let text = match conversation_vars(&state, &me, &id).await {
        Ok(vars) => match picker::apply(&state, me.access.owner(), &f.picker, &f.text, &vars).await
        {
            Ok(t) => t,
            Err(SavedReplyError::NotFound) => {
                return thread_page(
                    &state,
                    req,
                    &me,
                    &csrf.0,
                    &id,
                    Notice::error(tr.t("saved-reply-gone")),
                    StatusCode::NOT_FOUND,
                    f.text,
                )
                .await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot insert a saved reply");
                return internal_error(req, Some(&me.user));
            }
        },
        Err(InboxError::NotFound) => {
            return error_page(
                req,
                Some(&me.user),
                StatusCode::NOT_FOUND,
                "error-not-found",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read a conversation");
            return internal_error(req, Some(&me.user));
        }
    };
    if f.picker.inserting() {
        return thread_page(&state, req, &me, &csrf.0, &id, None, StatusCode::OK, text).await;
    }
    let ctx = client_context(req, &state.web);
    match state
        .inbox
        .send_message(me.access.owner(), &id, &text, &ctx)
        .await
    {
        Ok(_) => {
            let q = serde_urlencoded::to_string([("notice", "sent")]).unwrap_or_default();
            Redirect::see_other(format!("/messages/{}?{q}#reply", segment(&id))).into_response()
        }
        Err(e) => {
            let fail = |s: StatusCode| {
                if s == StatusCode::NOT_FOUND {
                    error_page(req, Some(&me.user), s, "error-not-found")
                } else {
                    internal_error(req, Some(&me.user))
                }
            };
            match error_text(&tr, &e, fail) {
                Ok((status, message)) => {
                    thread_page(
                        &state,
                        req,
                        &me,
                        &csrf.0,
                        &id,
                        Notice::error(message),
                        status,
                        text,
                    )
                    .await
                }
                Err(page) => *page,
            }
        }
    }
}

/// The values of `{username}` and `{account}` in the owner's conversation.
async fn conversation_vars(
    state: &AppState,
    me: &WebUser,
    id: &str,
) -> Result<ReplyVariables, InboxError> {
    let c = state.inbox.conversation_seen(&me.access, id).await?;
    let account = account_username(state, me, c.account_id).await;
    Ok(ReplyVariables {
        username: c.participant_username,
        account: Some(account).filter(|a| !a.is_empty()),
    })
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
