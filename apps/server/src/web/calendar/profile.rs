//! The grid preview: an account's profile grid as Instagram shows it now
//! (three columns of 3:4 tiles, newest first), the scheduled posts in the
//! order they will appear above the media already published. Reordering
//! swaps two posts' times: by drag, or with the "publish earlier / later"
//! buttons on each tile (no script, keyboard).

use askama::Template;
use askama_web::WebTemplate;
use poem::http::StatusCode;
use poem::web::{CsrfToken, Data, Query};
use poem::{IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::account::AccountId;
use socialflow_core::posts::{Post, PostFilter, PostKind, PostState};
use time::OffsetDateTime;

use super::colors::classes_for;
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::posts::rows::Lookup;
use crate::web::shared::choice::Choice;
use crate::web::shared::errors::internal_error;
use crate::web::shared::format::moment;
use crate::web::shared::layout::{Layout, Notice};
use crate::web::shared::session::WebUser;

/// At most this many scheduled posts, and published tiles under them.
const MAX_SCHEDULED: u32 = 90;
const MAX_PUBLISHED: usize = 30;

pub struct Tile {
    /// The post's id (empty for media synced from Instagram).
    pub id: String,
    pub thumb: Option<String>,
    pub is_video: bool,
    pub kind: String,
    pub caption: String,
    pub when: String,
    pub when_iso: String,
    pub scheduled: bool,
    pub movable: bool,
    /// The neighbour to swap with to publish sooner, or later.
    pub earlier: Option<String>,
    pub later: Option<String>,
    pub link: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar_grid.html")]
pub struct GridPage {
    l: Layout,
    notice: Option<Notice>,
    /// For the content tabs.
    view: &'static str,
    filter_query: String,
    zone_note: String,
    accounts: Vec<Choice>,
    account: String,
    account_name: String,
    acc: &'static str,
    here: String,
    tiles: Vec<Tile>,
    scheduled: usize,
    /// "3 scheduled".
    count: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct GridQuery {
    pub account: String,
    pub notice: String,
}

impl GridQuery {
    pub fn of_path(next: &str) -> Self {
        next.split_once('?')
            .and_then(|(_, q)| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default()
    }
}

#[handler]
pub async fn grid(
    req: &Request,
    state: Data<&AppState>,
    me: WebUser,
    csrf: &CsrfToken,
    Query(q): Query<GridQuery>,
) -> Response {
    render(&state, req, &me, &csrf.0, q, None, StatusCode::OK).await
}

/// Whether the post shows on the profile grid (stories never; reels when
/// shared to the feed).
fn on_grid(p: &Post) -> bool {
    match p.content.kind {
        PostKind::Story => false,
        PostKind::Reel => p.content.share_to_feed,
        PostKind::Post | PostKind::Carousel => true,
    }
}

pub async fn render(
    state: &AppState,
    req: &Request,
    me: &WebUser,
    csrf: &str,
    q: GridQuery,
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let tr = Tr::new(me.user.language);
    let lookup = match Lookup::load(state, &me.workspace_user, &me.access).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "cannot load accounts");
            return internal_error(req, Some(&me.user));
        }
    };
    let chosen = uuid::Uuid::parse_str(&q.account)
        .ok()
        .map(AccountId)
        .filter(|a| lookup.accounts.iter().any(|(id, _)| id == a))
        .or_else(|| lookup.accounts.first().map(|(id, _)| *id));
    let zone = me.user.time_zone.clone();
    let now = state.clock.now();
    let ids: Vec<AccountId> = lookup.accounts.iter().map(|(id, _)| *id).collect();
    let colours = classes_for(&ids);
    let may_move = me
        .access
        .can(socialflow_core::workspaces::Capability::Publish);
    let mut tiles = Vec::new();
    let mut scheduled = 0;
    if let Some(account) = chosen {
        let filter = PostFilter {
            account: Some(account),
            states: vec![
                PostState::Scheduled,
                PostState::Preparing,
                PostState::Ready,
                PostState::Publishing,
                PostState::Published,
            ],
            from: None,
            to: None,
            limit: MAX_SCHEDULED * 2,
            accounts: None,
        };
        let posts = match state.posts.list_seen(&me.access, &filter).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "cannot list posts");
                return internal_error(req, Some(&me.user));
            }
        };
        // Newest first, as the profile shows them: the last to publish is
        // the top left tile.
        let mut upcoming: Vec<&Post> = posts
            .iter()
            .filter(|p| p.state.is_active() && on_grid(p) && p.content.scheduled_at.is_some())
            .collect();
        upcoming.sort_by_key(|p| std::cmp::Reverse(p.content.scheduled_at));
        upcoming.truncate(MAX_SCHEDULED as usize);
        scheduled = upcoming.len();
        for (i, p) in upcoming.iter().enumerate() {
            let row = lookup.row(&tr, p);
            let at = p.content.scheduled_at.unwrap_or(now);
            let neighbour = |j: Option<usize>| {
                j.and_then(|j| upcoming.get(j))
                    .filter(|n| n.state.is_editable())
                    .map(|n| n.id.to_string())
            };
            // Swapping times is rescheduling: roles that may publish.
            let movable = may_move && p.state.is_editable();
            tiles.push(Tile {
                id: row.id.clone(),
                thumb: row.thumb.clone(),
                is_video: row.is_video,
                kind: row.kind.clone(),
                caption: row.caption.clone(),
                when: moment(tr.lang, &zone, at),
                when_iso: row.when_iso.clone(),
                scheduled: true,
                movable,
                earlier: movable.then(|| neighbour(Some(i + 1))).flatten(),
                later: movable.then(|| neighbour(i.checked_sub(1))).flatten(),
                link: format!("/content/{}", row.id),
            });
        }
        // Then what is already on Instagram: the synced media, and our
        // published posts the last sync has not seen yet.
        let cached = match state.inbox.cached_media(me.access.owner(), account).await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "no synced posts on the grid");
                Vec::new()
            }
        };
        let mut published: Vec<(OffsetDateTime, Tile)> = cached
            .iter()
            .map(|m| {
                let thumb = m
                    .thumbnail_url
                    .clone()
                    .or_else(|| m.media_url.clone().filter(|_| m.media_type != "VIDEO"));
                (
                    m.timestamp,
                    Tile {
                        id: String::new(),
                        thumb,
                        is_video: m.media_type == "VIDEO",
                        kind: String::new(),
                        caption: m
                            .caption
                            .as_deref()
                            .and_then(|c| c.lines().next())
                            .unwrap_or("")
                            .chars()
                            .take(60)
                            .collect(),
                        when: moment(tr.lang, &zone, m.timestamp),
                        when_iso: String::new(),
                        scheduled: false,
                        movable: false,
                        earlier: None,
                        later: None,
                        link: m
                            .permalink
                            .clone()
                            .filter(|l| l.starts_with("https://"))
                            .unwrap_or_default(),
                    },
                )
            })
            .collect();
        for p in posts.iter().filter(|p| {
            p.state == PostState::Published
                && on_grid(p)
                && !cached
                    .iter()
                    .any(|m| Some(m.id.as_str()) == p.ig_media_id.as_deref())
        }) {
            let row = lookup.row(&tr, p);
            let at = p.published_at.or(p.content.scheduled_at).unwrap_or(now);
            published.push((
                at,
                Tile {
                    id: String::new(),
                    thumb: row.thumb.clone(),
                    is_video: row.is_video,
                    kind: row.kind.clone(),
                    caption: row.caption.clone(),
                    when: moment(tr.lang, &zone, at),
                    when_iso: String::new(),
                    scheduled: false,
                    movable: false,
                    earlier: None,
                    later: None,
                    link: format!("/content/{}", row.id),
                },
            ));
        }
        published.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
        tiles.extend(published.into_iter().take(MAX_PUBLISHED).map(|(_, t)| t));
    }
    let account_name = chosen
        .and_then(|a| lookup.accounts.iter().find(|(id, _)| *id == a))
        .map(|(_, n)| format!("@{n}"))
        .unwrap_or_default();
    let acc = chosen
        .and_then(|a| ids.iter().position(|id| *id == a))
        .and_then(|i| colours.get(i).copied())
        .unwrap_or("acc-0");
    let notice = notice.or_else(|| match q.notice.as_str() {
        "swapped" => Notice::ok(tr.t("calendar-swapped")),
        "moved" => Notice::ok(tr.t("calendar-moved")),
        _ => None,
    });
    let account = chosen.map(|a| a.to_string()).unwrap_or_default();
    GridPage {
        notice,
        view: "grid",
        filter_query: String::new(),
        zone_note: tr.t1("posts-times-in-zone", "zone", zone.name()),
        accounts: lookup
            .accounts
            .iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: format!("@{name}"),
                selected: Some(*id) == chosen,
            })
            .collect(),
        here: format!("/calendar/grid?account={account}"),
        account,
        account_name,
        acc,
        tiles,
        scheduled,
        count: tr.t1("calendar-grid-count", "count", scheduled),
        l: Layout::new(tr, "calendar-grid-title", Some(&me.user), csrf, "/content"),
    }
    .with_status(status)
    .into_response()
}
