//! `/ui/counts`: the navigation's live counters (unanswered comments,
//! unread conversations over all the user's accounts), which the page
//! script polls while the tab is visible.

use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use serde_json::json;

use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::shared::session::WebUser;

#[handler]
pub async fn counts(state: Data<&AppState>, me: WebUser) -> Response {
    let tr = Tr::new(me.user.language);
    match state.inbox.counts_seen(&me.access).await {
        Ok(c) => {
            let comments = i64::try_from(c.unanswered_comments).unwrap_or(i64::MAX);
            let messages = i64::try_from(c.unread_conversations).unwrap_or(i64::MAX);
            let mut resp = Json(json!({
                "comments": comments,
                "messages": messages,
                "labels": {
                    "comments": tr.t1("dashboard-unanswered-comments", "count", comments),
                    "messages": tr.t1("dashboard-unread-conversations", "count", messages),
                },
            }))
            .into_response();
            resp.headers_mut().insert(
                "cache-control",
                poem::http::HeaderValue::from_static("no-store"),
            );
            resp
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot count the inbox");
            poem::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
