//! Field selection: parsing `fields=id,children{id,media_url},
//! replies.limit(5){text}` and rendering nodes with exactly those fields,
//! `id` always included and unknown fields refused with code 100.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::config::FakeGraphConfig;
use crate::errors::GraphError;
use crate::paging::{self, Key, Links, PageParams};
use crate::state::State;

/// One requested field, with its `.limit(n)` and nested selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub name: String,
    pub limit: Option<usize>,
    pub sub: Option<Vec<Field>>,
}

impl Field {
    pub(crate) fn plain(name: &str) -> Self {
        Field {
            name: name.to_string(),
            limit: None,
            sub: None,
        }
    }
}

/// Writes a selection back as text (for paging links of nested edges).
pub(crate) fn selection(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| {
            let mut s = f.name.clone();
            if let Some(n) = f.limit {
                s.push_str(&format!(".limit({n})"));
            }
            if let Some(sub) = &f.sub {
                s.push('{');
                s.push_str(&selection(sub));
                s.push('}');
            }
            s
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn parse_fields(src: &str) -> Result<Vec<Field>, GraphError> {
    let mut p = Parser {
        chars: src.chars().collect(),
        pos: 0,
        src,
    };
    let list = p.list()?;
    p.skip_ws();
    if let Some(c) = p.peek() {
        return Err(p.error(&format!("Expected end of string instead of \"{c}\".")));
    }
    Ok(list)
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    src: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn error(&self, what: &str) -> GraphError {
        GraphError::syntax(format!(
            "Syntax error \"{what}\" at character {}: {}",
            self.pos, self.src
        ))
    }

    fn expect(&mut self, c: char) -> Result<(), GraphError> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("Expected \"{c}\".")))
        }
    }

    fn ident(&mut self) -> Result<String, GraphError> {
        self.skip_ws();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(self.error("Field name expected."));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }

    fn list(&mut self) -> Result<Vec<Field>, GraphError> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some('}') => break,
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            out.push(self.item()?);
            self.skip_ws();
            if self.peek() == Some(',') {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(out)
    }

    fn item(&mut self) -> Result<Field, GraphError> {
        let name = self.ident()?;
        let mut limit = None;
        loop {
            self.skip_ws();
            if self.peek() != Some('.') {
                break;
            }
            self.pos += 1;
            let modifier = self.ident()?;
            self.expect('(')?;
            let start = self.pos;
            while self.peek().is_some_and(|c| c != ')') {
                self.pos += 1;
            }
            let arg: String = self.chars[start..self.pos].iter().collect();
            self.expect(')')?;
            // Other modifiers (`summary`, `order`…) are accepted and ignored.
            if modifier == "limit" {
                limit = Some(
                    arg.trim()
                        .parse()
                        .map_err(|_| self.error("Expected a number."))?,
                );
            }
        }
        self.skip_ws();
        let sub = if self.peek() == Some('{') {
            self.pos += 1;
            let list = self.list()?;
            self.expect('}')?;
            Some(list)
        } else {
            None
        };
        Ok(Field { name, limit, sub })
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_selections_and_limits() {
        let f = parse_fields("id, caption,children{id,media_url},replies.limit(5){text,from{id}}")
            .unwrap_or_default();
        assert_eq!(f.len(), 4);
        assert_eq!(f[2].sub.as_ref().map(Vec::len), Some(2));
        assert_eq!(f[3].limit, Some(5));
        assert_eq!(
            selection(&f),
            "id,caption,children{id,media_url},replies.limit(5){text,from{id}}"
        );
        assert!(parse_fields("id,children{id").is_err());
        assert!(parse_fields("id}").is_err());
        assert!(parse_fields("replies.limit(x){id}").is_err());
    }
}
