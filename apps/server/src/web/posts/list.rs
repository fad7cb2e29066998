//! The Content Manager's list of posts, filtered by account and state. The
//! month, week and day views are the planner's (`/calendar`); their old
//! addresses here lead there.

use askama::Template;
use askama_web::WebTemplate;
use poem::web::{CsrfToken, Data, Query, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::AccountId;
use socialflow_core::posts::{PostFilter, PostState};

use super::rows::{Lookup, PostRow};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts_text as text;
use crate::web::shared::choice::Choice;
use crate::web::shared::errors::internal_error;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

#[derive(Template, WebTemplate)]
#[template(path = "posts_list.html")]
pub struct ListPage {
    l: Layout,
    notice: Option<Notice>,
    view: &'static str,
    zone_note: String,
    has_accounts: bool,
    accounts: Vec<Choice>,
    states: Vec<Choice>,
    /// The filter as a query string (`account=…&state=…`), kept by links.
    filter_query: String,
    rows: Vec<PostRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    account: String,
    state: String,
    view: String,
    date: String,
    notice: String,
}

#[handler]
pub async fn list(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<ListQuery>,
) -> Response {
    if matches!(q.view.as_str(), "month" | "week" | "day") {
        let mut pairs = vec![("view", q.view.as_str()), ("date", q.date.as_str())];
        pairs.push(("account", q.account.as_str()));
        pairs.push(("state", q.state.as_str()));
        pairs.retain(|(_, v)| !v.is_empty());
        let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        return Redirect::see_other(format!("/calendar?{qs}")).into_response();
    }
    let tr = Tr::new(me.user.language);
    let lookup = match Lookup::load(&state, &me.workspace_user, &me.access).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let account = uuid::Uuid::parse_str(&q.account).ok().map(AccountId);
    let state_filter = PostState::parse(&q.state);
    let view = "list";
    let mut filter_query = Vec::new();
    if let Some(a) = account {
        filter_query.push(("account", a.to_string()));
    }
    if let Some(s) = state_filter {
        filter_query.push(("state", s.as_str().to_string()));
    }
    let filter_query = serde_urlencoded::to_string(&filter_query).unwrap_or_default();
    let filter = PostFilter {
        account,
        states: state_filter.into_iter().collect(),
        from: None,
        to: None,
        limit: 500,
        accounts: None,
    };
    let zone = me.user.time_zone.clone();
    let posts = match state.posts.list_seen(&me.access, &filter).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot list posts");
            return internal_error(req, Some(&me.user));
        }
    };
    let rows = posts.iter().map(|p| lookup.row(&tr, p)).collect();
    let notice = match q.notice.as_str() {
        "deleted" => Notice::ok(tr.t("posts-deleted")),
        _ => None,
    };
    let accounts = lookup
        .accounts
        .iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: format!("@{name}"),
            selected: Some(*id) == account,
        })
        .collect();
    let states = PostState::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: text::state(&tr, s),
            selected: Some(s) == state_filter,
        })
        .collect();
    ListPage {
        notice,
        view,
        zone_note: tr.t1("posts-times-in-zone", "zone", zone.name()),
        has_accounts: !lookup.accounts.is_empty(),
        accounts,
        states,
        filter_query,
        rows,
        l: Layout::new(tr, "posts-title", Some(&me.user), &csrf.0, "/content"),
    }
    .into_response()
}
