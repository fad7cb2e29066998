//! The triage list's buttons: mark done, open again — the checked items
//! (bulk) or the one whose own button was pressed — then back to the view
//! the form came from.

use poem::web::{Data, Redirect};
use poem::{IntoResponse, Request, Response, handler};
use socialflow_core::inbox::triage::{ItemRef, MAX_BULK_ITEMS, TriageError};

use crate::state::AppState;
use crate::web::request::safe_next;
use crate::web::shared::errors::internal_error;
use crate::web::shared::forms::CsrfForm;
use crate::web::shared::session::WebUser;

/// Where to go back to: the form's `back`, if it is one of the inbox's own
/// pages, else the list.
fn back_url(back: &str, notice: &str, n: u64) -> String {
    let path = safe_next(back);
    let path = if path.starts_with("/inbox") || path.starts_with("/comments") {
        path
    } else {
        "/inbox"
    };
    let (base, fragment) = path.split_once('#').unwrap_or((path, ""));
    let (route, query) = base.split_once('?').unwrap_or((base, ""));
    // An earlier notice of the same page gives way to this one.
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    pairs.retain(|(k, _)| k != "notice" && k != "n");
    pairs.push(("notice".into(), notice.into()));
    pairs.push(("n".into(), n.to_string()));
    let mut url = format!(
        "{route}?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    );
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

async fn mark(
    req: &Request,
    state: &AppState,
    me: &WebUser,
    pairs: Vec<(String, String)>,
    mark_done: bool,
) -> Response {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let back = field("back").to_string();
    // The item's own button names just that item; otherwise the checked.
    let chosen: Vec<&str> = match field("one") {
        "" => pairs
            .iter()
            .filter(|(k, _)| k == "items")
            .map(|(_, v)| v.as_str())
            .take(MAX_BULK_ITEMS + 1)
            .collect(),
        one => vec![one],
    };
    let refs: Vec<ItemRef> = chosen.iter().filter_map(|r| ItemRef::parse(r)).collect();
    let ok = if mark_done { "done" } else { "opened" };
    let url = match state
        .triage
        .set_done_seen(&me.access, &refs, mark_done)
        .await
    {
        Ok(n) => back_url(&back, ok, n),
        Err(TriageError::NoItems) => back_url(&back, "none", 0),
        Err(TriageError::TooManyItems) => back_url(&back, "too-many", 0),
        Err(TriageError::Store(e)) => {
            tracing::error!(error = %e, "cannot mark inbox items");
            return internal_error(req, Some(&me.user));
        }
    };
    Redirect::see_other(url).into_response()
}

#[handler]
pub async fn done(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    mark(req, &state, &me, pairs, true).await
}

#[handler]
pub async fn open(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    mark(req, &state, &me, pairs, false).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::back_url;

    #[test]
    fn goes_back_only_to_inbox_pages_keeping_the_anchor() {
        assert_eq!(
            back_url("/inbox?state=done", "done", 2),
            "/inbox?state=done&notice=done&n=2"
        );
        assert_eq!(
            back_url("/comments?account=a&media=m#c-1", "done", 1),
            "/comments?account=a&media=m&notice=done&n=1#c-1"
        );
        assert_eq!(
            back_url("https://evil.example/", "done", 1),
            "/inbox?notice=done&n=1"
        );
        assert_eq!(
            back_url("//evil.example/inbox", "done", 1),
            "/inbox?notice=done&n=1"
        );
        assert_eq!(back_url("/settings", "none", 0), "/inbox?notice=none&n=0");
        assert_eq!(
            back_url("/inbox?notice=done&n=1&state=all", "opened", 1),
            "/inbox?state=all&notice=opened&n=1"
        );
    }
}
