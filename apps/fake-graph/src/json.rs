//! Rendering objects as Instagram does: field selection and paging.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::errors::GraphError;
use crate::params::field_name;

/// `2019-09-26T22:36:43+0000`, Instagram's timestamp format.
pub fn ts(t: OffsetDateTime) -> String {
    t.format(format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]+0000"
    ))
    .unwrap_or_default()
}

/// Keeps the requested fields of `full` (always `id`); unknown fields are
/// Instagram's code 100.
pub fn select(full: &Value, fields: Option<&[String]>, node: &str) -> Result<Value, GraphError> {
    let Some(fields) = fields else {
        return Ok(json!({ "id": full["id"] }));
    };
    let mut out = Map::new();
    if let Some(id) = full.get("id") {
        out.insert("id".into(), id.clone());
    }
    for f in fields {
        let name = field_name(f);
        match full.get(name) {
            Some(Value::Null) => {}
            Some(v) => {
                out.insert(name.to_string(), v.clone());
            }
            None if KNOWN_ABSENT.contains(&name) => {}
            None => return Err(GraphError::nonexisting_field(name, node)),
        }
    }
    Ok(Value::Object(out))
}

/// Fields Instagram knows but may omit (e.g. `media_url` on copyrighted media).
const KNOWN_ABSENT: &[&str] = &[
    "thumbnail_url",
    "media_url",
    "parent_id",
    "website",
    "children",
    "replies",
    "alt_text",
    "attachments",
];

pub fn cursor(index: usize) -> String {
    format!("QVFI{index:08x}")
}

pub fn parse_cursor(c: &str) -> Option<usize> {
    usize::from_str_radix(c.strip_prefix("QVFI")?, 16).ok()
}

/// A `data`/`paging` page of `items` from `start`; `next` only if more
/// exist. Like Instagram's, the `next` URL embeds the access token (`base`
/// carries it), which is why clients must not log or follow it blindly.
pub fn page(items: Vec<Value>, start: usize, limit: usize, total: usize, base: &str) -> Value {
    let end = (start + limit).min(total);
    let mut paging = json!({ "cursors": { "before": cursor(start), "after": cursor(end) } });
    if end < total {
        paging["next"] = json!(format!("{base}&limit={limit}&after={}", cursor(end)));
    }
    if start > 0 {
        paging["previous"] = json!(format!("{base}&limit={limit}&before={}", cursor(start)));
    }
    json!({ "data": items, "paging": paging })
}
