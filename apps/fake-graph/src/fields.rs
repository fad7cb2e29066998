//! Rendering nodes with exactly the selected fields (see [`crate::selection`]),
//! `id` always included and unknown fields refused with code 100.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::config::FakeGraphConfig;
use crate::errors::GraphError;
use crate::paging::{self, Key, Links, PageParams};
use crate::selection::{Field, selection};
use crate::state::State;

/// What rendering needs to see: the world (locked), whose call it is, and
/// how to write links.
pub(crate) struct View<'a> {
    pub state: &'a State,
    pub account: usize,
    pub config: &'a FakeGraphConfig,
    pub links: &'a Links,
    pub now: OffsetDateTime,
}

/// A field's answer.
pub(crate) enum Out {
    Value(Value),
    /// Known, but Instagram leaves it out here (e.g. `thumbnail_url` on an
    /// image, `media_url` on copyrighted media).
    Absent,
    /// Not a field of this node type: code 100.
    Unknown,
}

impl Out {
    pub(crate) fn of(v: impl Into<Value>) -> Self {
        Out::Value(v.into())
    }

    pub(crate) fn opt<T: Into<Value>>(v: Option<T>) -> Self {
        v.map_or(Out::Absent, |x| Out::Value(x.into()))
    }
}

/// A Graph node: an object with an id, fields and edges.
pub(crate) trait Node {
    fn node_type(&self) -> &'static str;
    fn node_id(&self) -> String;
    /// What a request without `fields` gets.
    fn default_fields(&self) -> &'static [&'static str];
    fn field(&self, view: &View<'_>, field: &Field) -> Result<Out, GraphError>;
    /// Its place in a newest-first list (for cursors).
    fn key(&self) -> Key {
        Key {
            ts: 0,
            id: self.node_id(),
        }
    }
}

/// The node with the selected fields (or its defaults), `id` included.
pub(crate) fn render(
    view: &View<'_>,
    node: &dyn Node,
    sel: Option<&[Field]>,
) -> Result<Value, GraphError> {
    let defaults: Vec<Field>;
    let fields: &[Field] = match sel {
        Some(s) if !s.is_empty() => s,
        _ => {
            defaults = node
                .default_fields()
                .iter()
                .map(|n| Field::plain(n))
                .collect();
            &defaults
        }
    };
    let mut out = Map::new();
    for f in fields {
        match node.field(view, f)? {
            Out::Value(v) => {
                out.insert(f.name.clone(), v);
            }
            Out::Absent => {}
            Out::Unknown => return Err(GraphError::nonexisting_field(&f.name, node.node_type())),
        }
    }
    out.entry("id")
        .or_insert_with(|| Value::String(node.node_id()));
    Ok(Value::Object(out))
}

/// A small embedded object (`from`, `owner`, `media`): the selected keys
/// of `pairs`, or `default` ones (all when `None`) without a selection.
pub(crate) fn object(
    pairs: Vec<(&str, Value)>,
    sub: Option<&[Field]>,
    default: Option<&[&str]>,
    node: &str,
) -> Result<Value, GraphError> {
    let mut out = Map::new();
    match sub.filter(|s| !s.is_empty()) {
        Some(sub) => {
            for f in sub {
                let (k, v) = pairs
                    .iter()
                    .find(|(k, _)| *k == f.name)
                    .ok_or_else(|| GraphError::nonexisting_field(&f.name, node))?;
                out.insert((*k).to_string(), v.clone());
            }
        }
        None => {
            for (k, v) in pairs {
                if default.is_none_or(|d| d.contains(&k)) {
                    out.insert(k.to_string(), v);
                }
            }
        }
    }
    Ok(Value::Object(out))
}

/// A nested edge (`children{…}`, `replies.limit(5){…}`): `{"data":[…]}`,
/// with paging when `limit` cut it short. `path` is the edge's own URL
/// path (`<parent-id>/<edge>`) for the `next` link.
pub(crate) fn edge(
    view: &View<'_>,
    items: Vec<&dyn Node>,
    field: &Field,
    default_limit: usize,
    path: &str,
) -> Result<Value, GraphError> {
    let limit = field
        .limit
        .unwrap_or(default_limit)
        .clamp(1, view.config.max_page_size.max(1));
    let page = paging::slice(items, |n| n.key(), &PageParams::first(limit));
    let data = page
        .items
        .iter()
        .map(|n| render(view, *n, field.sub.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut params = vec![("limit".to_string(), limit.to_string())];
    if let Some(sub) = &field.sub {
        params.push(("fields".to_string(), selection(sub)));
    }
    let link = view.links.template(path, params);
    Ok(page.envelope(data, Some(&link)))
}
