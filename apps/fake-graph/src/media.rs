//! IG Media: posts, reels, carousels (with their children) and stories;
//! `GET /{ig-user-id}/media`, `/stories`, `GET /{media-id}`,
//! `/children`, and `POST /{media-id}?comment_enabled=`.

use serde_json::{Value, json};

use crate::clock::iso;

use crate::call::{Call, list};
use crate::errors::GraphError;
use crate::fields::{Node, Out, View, edge, object, render};
use crate::model::{Comment, Kind, Media, Product};
use crate::paging::Key;
use crate::selection::Field;
use crate::tokens::BASIC;

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Image => "IMAGE",
            Kind::Video => "VIDEO",
            Kind::CarouselAlbum => "CAROUSEL_ALBUM",
        }
    }
}

impl Product {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Product::Feed => "FEED",
            Product::Reels => "REELS",
            Product::Story => "STORY",
        }
    }
}

impl Media {
    pub(crate) fn key(&self) -> Key {
        Key {
            ts: self.timestamp.unix_timestamp(),
            id: self.id.clone(),
        }
    }

    /// The account's posts (or live stories), newest first.
    fn of_account<'a>(view: &View<'a>, stories: bool) -> Vec<&'a Media> {
        let since = view.now - time::Duration::hours(24);
        let mut items: Vec<&Media> = view
            .state
            .media_of(view.account)
            .filter(|m| m.parent.is_none())
            .filter(|m| {
                if stories {
                    m.product == Product::Story && m.timestamp > since
                } else {
                    m.product != Product::Story
                }
            })
            .collect();
        items.sort_by_key(|m| std::cmp::Reverse(m.key()));
        items
    }
}

impl Node for Media {
    fn node_type(&self) -> &'static str {
        "Media"
    }

    fn node_id(&self) -> String {
        self.id.clone()
    }

    fn default_fields(&self) -> &'static [&'static str] {
        &["id"]
    }

    fn key(&self) -> Key {
        Media::key(self)
    }

    fn field(&self, view: &View<'_>, f: &Field) -> Result<Out, GraphError> {
        let owner = view.state.accounts.get(self.account);
        Ok(match f.name.as_str() {
            "id" => Out::of(self.id.clone()),
            "caption" => Out::opt(self.caption.clone().filter(|c| !c.is_empty())),
            "media_type" => Out::of(self.kind.as_str()),
            "media_product_type" => Out::of(self.product.as_str()),
            "media_url" => Out::opt(self.media_url.clone()),
            "thumbnail_url" => Out::opt(
                self.thumbnail_url
                    .clone()
                    .filter(|_| self.kind == Kind::Video),
            ),
            "permalink" => Out::opt(self.permalink.clone()),
            "shortcode" => Out::of(self.shortcode.clone()),
            "timestamp" => Out::of(iso(self.timestamp)),
            "like_count" => Out::of(self.like_count),
            "comments_count" => Out::of(
                view.state
                    .comments
                    .iter()
                    .filter(|c| c.media_id == self.id)
                    .count() as u64,
            ),
            "is_comment_enabled" => Out::of(self.comment_enabled),
            "is_shared_to_feed" => Out::opt(self.shared_to_feed),
            "is_ai_generated" => Out::of(false),
            "media_audio_type" => {
                if self.kind == Kind::Video {
                    Out::of("ORIGINAL_SOUND")
                } else {
                    Out::Absent
                }
            }
            "alt_text" => Out::opt(self.alt_text.clone()),
            "username" => Out::opt(owner.map(|a| a.username.clone())),
            "owner" => {
                let Some(a) = owner else {
                    return Ok(Out::Absent);
                };
                Out::Value(object(
                    vec![("id", json!(a.ig_user_id)), ("username", json!(a.username))],
                    f.sub.as_deref(),
                    Some(&["id"]),
                    "User",
                )?)
            }
            "legacy_instagram_media_id" => {
                let digits: String = self.id.chars().skip(3).collect();
                Out::of(format!(
                    "3{digits}_{}",
                    owner.map(|a| a.ig_user_id.as_str()).unwrap_or("")
                ))
            }
            "children" => {
                if self.kind != Kind::CarouselAlbum {
                    return Ok(Out::Absent);
                }
                let data = children(view, self)
                    .into_iter()
                    .map(|c| render(view, c, f.sub.as_deref()))
                    .collect::<Result<Vec<_>, _>>()?;
                Out::of(json!({ "data": data }))
            }
            "comments" => {
                if self.parent.is_some() {
                    return Ok(Out::Absent);
                }
                let items = Comment::top_level(view.state, &self.id);
                let nodes: Vec<&dyn Node> = items.into_iter().map(|c| c as &dyn Node).collect();
                Out::Value(edge(view, nodes, f, 25, &format!("{}/comments", self.id))?)
            }
            _ => Out::Unknown,
        })
    }
}

/// A carousel's children, in carousel order.
fn children<'a>(view: &View<'a>, album: &Media) -> Vec<&'a Media> {
    album
        .children
        .iter()
        .filter_map(|id| view.state.media.iter().find(|m| &m.id == id))
        .collect()
}

/// `GET /{ig-user-id}/media` (stories excluded) or `/stories` (live ones):
/// newest first, cursor paging, `since`/`until` as Unix times.
pub(crate) fn list_media(cx: &Call<'_>, stories: bool) -> Result<Value, GraphError> {
    cx.auth.require(BASIC)?;
    let since = unix_param(cx, "since")?;
    let until = unix_param(cx, "until")?;
    let state = cx.state();
    let view = cx.view(&state);
    let items: Vec<&dyn Node> = Media::of_account(&view, stories)
        .into_iter()
        .filter(|m| since.is_none_or(|s| m.timestamp.unix_timestamp() >= s))
        .filter(|m| until.is_none_or(|u| m.timestamp.unix_timestamp() <= u))
        .map(|m| m as &dyn Node)
        .collect();
    list(cx, &view, items, 25, cx.config().max_page_size)
}

fn unix_param(cx: &Call<'_>, name: &str) -> Result<Option<i64>, GraphError> {
    cx.params
        .get(name)
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                GraphError::param(format!(
                    "(#100) Param {name} must be a valid unix timestamp"
                ))
            })
        })
        .transpose()
}

/// `GET /{media-id}`.
pub(crate) fn get(cx: &Call<'_>, index: usize) -> Result<Value, GraphError> {
    cx.auth.require(BASIC)?;
    let fields = cx.fields()?;
    let state = cx.state();
    let view = cx.view(&state);
    render(&view, &state.media[index], fields.as_deref())
}

/// `GET /{media-id}/children`.
pub(crate) fn get_children(cx: &Call<'_>, index: usize) -> Result<Value, GraphError> {
    cx.auth.require(BASIC)?;
    let fields = cx.fields()?;
    let state = cx.state();
    let view = cx.view(&state);
    let data = children(&view, &state.media[index])
        .into_iter()
        .map(|c| render(&view, c, fields.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json!({ "data": data }))
}

/// `POST /{media-id}?comment_enabled=true|false`.
pub(crate) fn update(cx: &Call<'_>, index: usize) -> Result<Value, GraphError> {
    cx.auth.require(BASIC)?;
    let enabled = cx.params.flag("comment_enabled").ok_or_else(|| {
        if cx.params.get("comment_enabled").is_some() {
            GraphError::param("(#100) Param comment_enabled must be a boolean")
        } else {
            GraphError::required("comment_enabled")
        }
    })?;
    let mut state = cx.state();
    state.media[index].comment_enabled = enabled;
    Ok(json!({ "success": true }))
}
