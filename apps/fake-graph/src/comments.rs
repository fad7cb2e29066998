//! Comments on media: top-level lists with `replies{…}` expansion, single
//! comments, replies, new comments, hide/unhide and delete.

use serde_json::{Value, json};

use crate::call::{Call, list};
use crate::clock::iso;
use crate::errors::GraphError;
use crate::fields::{Node, Out, View, edge, object, render};
use crate::model::Comment;
use crate::paging::Key;
use crate::selection::Field;
use crate::state::State;
use crate::tokens::COMMENTS;

/// Comments per page: Instagram returns at most 50.
const MAX_PAGE: usize = 50;

impl Comment {
    /// Top-level comments on a media, newest first.
    pub(crate) fn top_level<'a>(state: &'a State, media_id: &str) -> Vec<&'a Comment> {
        let mut items: Vec<&Comment> = state
            .comments
            .iter()
            .filter(|c| c.media_id == media_id && c.parent_id.is_none())
            .collect();
        items.sort_by_key(|c| std::cmp::Reverse(Node::key(*c)));
        items
    }

    /// Replies to a comment, newest first.
    fn replies<'a>(state: &'a State, comment_id: &str) -> Vec<&'a Comment> {
        let mut items: Vec<&Comment> = state
            .comments
            .iter()
            .filter(|c| c.parent_id.as_deref() == Some(comment_id))
            .collect();
        items.sort_by_key(|c| std::cmp::Reverse(Node::key(*c)));
        items
    }
}

impl Node for Comment {
    fn node_type(&self) -> &'static str {
        "IGComment"
    }

    fn node_id(&self) -> String {
        self.id.clone()
    }

    fn default_fields(&self) -> &'static [&'static str] {
        &["timestamp", "text", "id"]
    }

    fn key(&self) -> Key {
        Key {
            ts: self.timestamp.unix_timestamp(),
            id: self.id.clone(),
        }
    }

    fn field(&self, view: &View<'_>, f: &Field) -> Result<Out, GraphError> {
        Ok(match f.name.as_str() {
            "id" => Out::of(self.id.clone()),
            "text" => Out::of(self.text.clone()),
            "username" => Out::of(self.username.clone()),
            "timestamp" => Out::of(iso(self.timestamp)),
            "like_count" => Out::of(self.like_count),
            "hidden" => Out::of(self.hidden),
            "parent_id" => Out::opt(self.parent_id.clone()),
            "legacy_instagram_comment_id" => {
                Out::of(format!("1{}", self.id.chars().skip(3).collect::<String>()))
            }
            "from" => Out::Value(object(
                vec![
                    ("id", json!(self.from_id)),
                    ("username", json!(self.username)),
                ],
                f.sub.as_deref(),
                None,
                "User",
            )?),
            "user" => {
                if !self.by_owner {
                    return Ok(Out::Absent);
                }
                Out::Value(object(
                    vec![("id", json!(self.from_id))],
                    f.sub.as_deref(),
                    None,
                    "User",
                )?)
            }
            "media" => {
                let Some(m) = view.state.media.iter().find(|m| m.id == self.media_id) else {
                    return Ok(Out::Absent);
                };
                Out::Value(object(
                    vec![
                        ("id", json!(m.id)),
                        ("media_product_type", json!(m.product.as_str())),
                    ],
                    f.sub.as_deref(),
                    Some(&["id"]),
                    "Media",
                )?)
            }
            "replies" => {
                if self.parent_id.is_some() {
                    return Ok(Out::Absent);
                }
                let nodes: Vec<&dyn Node> = Comment::replies(view.state, &self.id)
                    .into_iter()
                    .map(|c| c as &dyn Node)
                    .collect();
                Out::Value(edge(view, nodes, f, 25, &format!("{}/replies", self.id))?)
            }
            _ => Out::Unknown,
        })
    }
}

/// `GET /{media-id}/comments`: top-level only, newest first, ≤ 50 a page.
pub(crate) fn list_comments(cx: &Call<'_>, media: usize) -> Result<Value, GraphError> {
    cx.auth.require(COMMENTS)?;
    let state = cx.state();
    let view = cx.view(&state);
    let items: Vec<&dyn Node> = Comment::top_level(&state, &state.media[media].id)
        .into_iter()
        .map(|c| c as &dyn Node)
        .collect();
    list(cx, &view, items, 25, MAX_PAGE)
}

/// The comment's index now. Comments can be deleted by other calls between
/// resolving the path and handling it, so handlers look it up again under
/// their own lock.
fn find(state: &State, id: &str, method: &poem::http::Method) -> Result<usize, GraphError> {
    state
        .comments
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| GraphError::unsupported(method, id))
}

/// `GET /{comment-id}/replies`.
pub(crate) fn list_replies(cx: &Call<'_>, id: &str) -> Result<Value, GraphError> {
    cx.auth.require(COMMENTS)?;
    let state = cx.state();
    let comment = find(&state, id, &poem::http::Method::GET)?;
    let view = cx.view(&state);
    let items: Vec<&dyn Node> = Comment::replies(&state, &state.comments[comment].id)
        .into_iter()
        .map(|c| c as &dyn Node)
        .collect();
    list(cx, &view, items, 25, MAX_PAGE)
}

/// `GET /{comment-id}`.
pub(crate) fn get(cx: &Call<'_>, id: &str) -> Result<Value, GraphError> {
    cx.auth.require(COMMENTS)?;
    let fields = cx.fields()?;
    let state = cx.state();
    let comment = find(&state, id, &poem::http::Method::GET)?;
    let view = cx.view(&state);
    render(&view, &state.comments[comment], fields.as_deref())
}

fn new_comment(
    state: &mut State,
    account: usize,
    media_id: String,
    parent_id: Option<String>,
    text: &str,
) -> String {
    let id = state.ids.numeric("178");
    let now = state.now();
    let (username, from_id) = state
        .accounts
        .get(account)
        .map(|a| (a.username.clone(), a.ig_user_id.clone()))
        .unwrap_or_default();
    state.comments.push(Comment {
        id: id.clone(),
        media_id,
        parent_id,
        text: text.to_string(),
        username,
        from_id,
        timestamp: now,
        like_count: 0,
        hidden: false,
        by_owner: true,
        replied_privately: false,
    });
    id
}

/// `POST /{media-id}/comments?message=` → `{"id"}`.
pub(crate) fn create(cx: &Call<'_>, media: usize) -> Result<Value, GraphError> {
    cx.auth.require(COMMENTS)?;
    let message = cx.params.require("message")?.to_string();
    let mut state = cx.state();
    let m = &state.media[media];
    if !m.comment_enabled {
        return Err(GraphError::param(
            "(#100) Comments are turned off for this media",
        ));
    }
    if m.parent.is_some() {
        return Err(GraphError::unsupported(&poem::http::Method::POST, &m.id));
    }
    let media_id = m.id.clone();
    let id = new_comment(&mut state, cx.auth.account, media_id, None, &message);
    Ok(json!({ "id": id }))
}

/// `POST /{comment-id}/replies?message=` → `{"id"}`. A reply to a reply
/// joins the top-level comment's thread, as in the app.
pub(crate) fn reply(cx: &Call<'_>, id: &str) -> Result<Value, GraphError> {
    cx.auth.require(COMMENTS)?;
    let message = cx.params.require("message")?.to_string();
    let mut state = cx.state();
    let comment = find(&state, id, &poem::http::Method::POST)?;
    let c = &state.comments[comment];
    let parent = c.parent_id.clone().unwrap_or_else(|| c.id.clone());
    let media_id = c.media_id.clone();
    let id = new_comment(
        &mut state,
        cx.auth.account,
        media_id,
        Some(parent),
        &message,
    );
    Ok(json!({ "id": id }))
}

/// `POST /{comment-id}?hide=true|false` → `{"success":true}`. The media
/// owner's own comments always stay visible: hiding one is refused.
pub(crate) fn hide(cx: &Call<'_>, id: &str) -> Result<Value, GraphError> {
    cx.auth.require(COMMENTS)?;
    let hide = cx
        .params
        .flag("hide")
        .ok_or_else(|| GraphError::required("hide"))?;
    let mut state = cx.state();
    let comment = find(&state, id, &poem::http::Method::POST)?;
    let c = &mut state.comments[comment];
    if c.by_owner && hide {
        return Err(GraphError::param(
            "(#100) Comments made by the media owner cannot be hidden",
        ));
    }
    c.hidden = hide;
    Ok(json!({ "success": true }))
}

/// `DELETE /{comment-id}` → `{"success":true}`; a top-level comment takes
/// its replies with it.
pub(crate) fn delete(cx: &Call<'_>, id: &str) -> Result<Value, GraphError> {
    cx.auth.require(COMMENTS)?;
    let mut state = cx.state();
    find(&state, id, &poem::http::Method::DELETE)?;
    state
        .comments
        .retain(|c| c.id != id && c.parent_id.as_deref() != Some(id));
    Ok(json!({ "success": true }))
}
