//! Opening the composer: empty (with the account, kind and time from the
//! link), or filled from a post that can still be edited.

use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use socialflow_core::posts::PostKind;

use super::form::ComposerForm;
use super::page::composer;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts::owned::{load, not_found};
use crate::web::posts::show::show_page;
use crate::web::shared::layout::Notice;
use crate::web::shared::session::WebUser;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    account: String,
    kind: String,
    /// Pre-fill the schedule (`YYYY-MM-DD`, `HH:MM` on the user's clock),
    /// e.g. from the suggested time to post.
    date: String,
    time: String,
}

#[handler]
pub async fn new_form(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<NewQuery>,
) -> Response {
    let mut f = ComposerForm {
        account_id: q.account,
        kind: PostKind::parse(&q.kind)
            .unwrap_or(PostKind::Post)
            .as_str()
            .into(),
        share_to_feed: true,
        date: q.date,
        time: q.time,
        ..ComposerForm::default()
    };
    add_uploaded(req, &mut f);
    composer(
        &state,
        req,
        &me,
        &csrf.0,
        None,
        f,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// Pre-fills the schedule of the post being edited (the suggested time).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditQuery {
    date: String,
    time: String,
    /// Another kind chosen in the kind step.
    kind: String,
}

/// Files just uploaded from the composer (`?media=<id>&media=…`, repeated):
/// chosen, after any already chosen.
fn add_uploaded(req: &Request, f: &mut ComposerForm) {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or("")).unwrap_or_default();
    for (k, v) in pairs {
        if k == "media"
            && v.parse::<socialflow_core::media::MediaId>().is_ok()
            && !f.media.contains(&v)
        {
            f.media.push(v);
        }
    }
}

#[handler]
pub async fn edit_form(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Path(id): Path<String>,
    Query(q): Query<EditQuery>,
) -> Response {
    let Some(post) = load(&state, req, &me, &id).await else {
        return not_found(req, &me);
    };
    let post = match post {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !post.state.is_editable() {
        let tr = Tr::new(me.user.language);
        let notice = Notice::error(tr.t("posts-error-not-editable"));
        return show_page(
            &state,
            req,
            &me,
            &csrf.0,
            post,
            notice,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let mut f = ComposerForm::of_post(&post, &me.user.time_zone);
    if !q.date.is_empty() || !q.time.is_empty() {
        (f.date, f.time) = (q.date, q.time);
    }
    if let Some(kind) = PostKind::parse(&q.kind) {
        f.kind = kind.as_str().into();
    }
    add_uploaded(req, &mut f);
    composer(
        &state,
        req,
        &me,
        &csrf.0,
        Some(post.id),
        f,
        Vec::new(),
        None,
        StatusCode::OK,
    )
    .await
}
