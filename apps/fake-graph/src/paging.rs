//! Cursor paging as the Graph does it: `{"data":[…],"paging":{"cursors":
//! {"before","after"},"next","previous"}}`, `next`/`previous` only when
//! more items exist that way, links that embed the access token.

use std::cmp::Ordering;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::errors::GraphError;
use crate::params::Params;

/// An item's place in a newest-first list: its time, then its id. Cursors
/// hold a key rather than an offset, so pages stay right when items are
/// added or deleted between calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    pub ts: i64,
    pub id: String,
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.ts
            .cmp(&other.ts)
            .then(self.id.len().cmp(&other.id.len()))
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Opaque and base64-ish; starts with `QVFI` like Instagram's.
pub(crate) fn encode(k: &Key) -> String {
    URL_SAFE_NO_PAD.encode(format!("AQH{}:{}", k.ts, k.id))
}

pub(crate) fn decode(s: &str) -> Option<Key> {
    let bytes = URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (ts, id) = text.strip_prefix("AQH")?.split_once(':')?;
    Some(Key {
        ts: ts.parse().ok()?,
        id: id.to_string(),
    })
}

/// `limit`, `after`, `before` of a list request.
#[derive(Debug, Clone)]
pub(crate) struct PageParams {
    pub limit: usize,
    pub after: Option<Key>,
    pub before: Option<Key>,
}

impl PageParams {
    pub(crate) fn first(limit: usize) -> Self {
        PageParams {
            limit,
            after: None,
            before: None,
        }
    }

    /// Reads the request's paging parameters; `limit` defaults to
    /// `default` and is capped at `max` (silently, as the Graph does).
    pub(crate) fn read(p: &Params, default: usize, max: usize) -> Result<Self, GraphError> {
        let limit = match p.get("limit") {
            None => default,
            Some(l) => l
                .parse::<usize>()
                .map_err(|_| GraphError::param("(#100) Param limit must be a positive integer"))?,
        };
        let cursor = |name: &str| -> Result<Option<Key>, GraphError> {
            p.get(name)
                .map(|c| {
                    decode(c).ok_or_else(|| {
                        GraphError::param(format!("(#100) The {name} cursor is invalid"))
                    })
                })
                .transpose()
        };
        Ok(PageParams {
            limit: limit.clamp(1, max.max(1)),
            after: cursor("after")?,
            before: cursor("before")?,
        })
    }
}

/// Where links point: the host the client used, the API version it used,
/// and its token (Instagram's `next` links embed it).
#[derive(Debug, Clone)]
pub(crate) struct Links {
    pub origin: String,
    pub version: Option<String>,
    pub token: String,
}

impl Links {
    pub(crate) fn url(&self, path: &str) -> String {
        match &self.version {
            Some(v) => format!("{}/{v}/{path}", self.origin),
            None => format!("{}/{path}", self.origin),
        }
    }

    /// A link to `path` with `params` and the token.
    pub(crate) fn template(&self, path: &str, mut params: Vec<(String, String)>) -> LinkTemplate {
        params.retain(|(k, _)| k != "access_token" && k != "after" && k != "before");
        params.push(("access_token".into(), self.token.clone()));
        LinkTemplate {
            base: self.url(path),
            params,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LinkTemplate {
    base: String,
    params: Vec<(String, String)>,
}

impl LinkTemplate {
    pub(crate) fn with(&self, key: &str, value: &str) -> String {
        self.with_all(&[(key, value.to_string())])
    }

    /// The link with these parameters set (replacing any of the same name).
    pub(crate) fn with_all(&self, pairs: &[(&str, String)]) -> String {
        let mut params = self.params.clone();
        params.retain(|(k, _)| !pairs.iter().any(|(p, _)| p == k));
        params.extend(pairs.iter().map(|(k, v)| ((*k).to_string(), v.clone())));
        let q = serde_urlencoded::to_string(&params).unwrap_or_default();
        format!("{}?{q}", self.base)
    }
}

/// One page cut from a newest-first list.
pub(crate) struct Slice<T> {
    pub items: Vec<T>,
    first: Option<Key>,
    last: Option<Key>,
    more_after: bool,
    more_before: bool,
}

/// Cuts the page `p` asks for out of `items` (newest first).
pub(crate) fn slice<T>(mut items: Vec<T>, key: impl Fn(&T) -> Key, p: &PageParams) -> Slice<T> {
    let len = items.len();
    let (start, end) = if let Some(before) = &p.before {
        let end = items.iter().take_while(|i| key(i) > *before).count();
        (end.saturating_sub(p.limit), end)
    } else {
        let start = match &p.after {
            Some(after) => items.iter().take_while(|i| key(i) >= *after).count(),
            None => 0,
        };
        (start, (start + p.limit).min(len))
    };
    let page: Vec<T> = items.drain(start..end).collect();
    Slice {
        first: page.first().map(&key),
        last: page.last().map(&key),
        items: page,
        more_after: end < len,
        more_before: start > 0,
    }
}

impl<T> Slice<T> {
    /// `{"data": …, "paging": …}`; an empty page is just `{"data": []}`.
    pub(crate) fn envelope(&self, data: Vec<Value>, link: Option<&LinkTemplate>) -> Value {
        let (Some(first), Some(last)) = (&self.first, &self.last) else {
            return json!({ "data": data });
        };
        let (before, after) = (encode(first), encode(last));
        let mut paging = json!({ "cursors": { "before": before, "after": after } });
        if let Some(link) = link {
            if self.more_after {
                paging["next"] = json!(link.with("after", &after));
            }
            if self.more_before {
                paging["previous"] = json!(link.with("before", &before));
            }
        }
        json!({ "data": data, "paging": paging })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: &i64) -> Key {
        Key {
            ts: *n,
            id: format!("17{n:03}"),
        }
    }

    #[test]
    fn pages_forward_and_back_by_key() {
        let items: Vec<i64> = (0..7).rev().collect(); // newest first
        let p = PageParams::first(3);
        let s = slice(items.clone(), key, &p);
        assert_eq!(s.items, vec![6, 5, 4]);
        assert!(s.more_after && !s.more_before);
        let after = s.last.clone();
        let s = slice(
            items.clone(),
            key,
            &PageParams {
                after,
                ..PageParams::first(3)
            },
        );
        assert_eq!(s.items, vec![3, 2, 1]);
        assert!(s.more_after && s.more_before);
        let s2 = slice(
            items.clone(),
            key,
            &PageParams {
                after: s.last.clone(),
                ..PageParams::first(3)
            },
        );
        assert_eq!(s2.items, vec![0]);
        assert!(!s2.more_after);
        let back = slice(
            items,
            key,
            &PageParams {
                before: s.first.clone(),
                ..PageParams::first(3)
            },
        );
        assert_eq!(back.items, vec![6, 5, 4]);
        let k = key(&42);
        assert_eq!(decode(&encode(&k)), Some(k.clone()));
        assert!(encode(&k).starts_with("QVFI"));
        assert_eq!(decode("garbage"), None);
    }
}
