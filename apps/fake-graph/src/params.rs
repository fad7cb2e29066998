//! Request parameters from the query string, a form body, a multipart body
//! or a JSON body: Instagram accepts all of them.

use std::collections::HashMap;

use poem::web::Multipart;
use poem::{Body, FromRequest, Request, RequestBody};
use serde_json::Value;

use crate::errors::GraphError;
use crate::selection::{Field, parse_fields};

#[derive(Debug, Default, Clone)]
pub(crate) struct Params {
    map: HashMap<String, String>,
    /// The query string's pairs in order (to rebuild paging links).
    query: Vec<(String, String)>,
    json: Option<Value>,
}

impl Params {
    pub(crate) fn from_query(query: &str) -> Self {
        let query: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        Params {
            map: query.iter().cloned().collect(),
            query,
            json: None,
        }
    }

    /// The query plus whatever the body holds, by its content type.
    pub(crate) async fn read(req: &Request, body: Body) -> Self {
        let mut p = Self::from_query(req.uri().query().unwrap_or(""));
        let ct = req
            .header("content-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if ct.starts_with("multipart/form-data") {
            let mut body = RequestBody::new(body);
            if let Ok(mut parts) = Multipart::from_request(req, &mut body).await {
                while let Ok(Some(field)) = parts.next_field().await {
                    let Some(name) = field.name().map(str::to_string) else {
                        continue;
                    };
                    if let Ok(bytes) = field.bytes().await {
                        p.map
                            .insert(name, String::from_utf8_lossy(&bytes).into_owned());
                    }
                }
            }
            return p;
        }
        let bytes = body.into_vec().await.unwrap_or_default();
        if bytes.is_empty() {
            return p;
        }
        if ct.starts_with("application/json") {
            if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
                if let Some(obj) = v.as_object() {
                    for (k, val) in obj {
                        let text = match val {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        p.map.insert(k.clone(), text);
                    }
                }
                p.json = Some(v);
            }
        } else {
            let form: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
            p.map.extend(form);
        }
        p
    }

    /// A non-empty parameter.
    pub(crate) fn get(&self, k: &str) -> Option<&str> {
        self.map
            .get(k)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn require(&self, k: &str) -> Result<&str, GraphError> {
        self.get(k).ok_or_else(|| GraphError::required(k))
    }

    /// `true`/`false` (also `1`/`0`); `None` when absent or unreadable.
    pub(crate) fn flag(&self, k: &str) -> Option<bool> {
        match self.get(k)?.to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    /// A structured parameter: the JSON body's value, or a query/form
    /// value holding JSON (as Instagram takes arrays and objects there).
    pub(crate) fn structured(&self, k: &str) -> Option<Value> {
        if let Some(v) = self.json.as_ref().and_then(|j| j.get(k)) {
            return match v {
                Value::String(s) => serde_json::from_str(s).ok().or_else(|| Some(v.clone())),
                other => Some(other.clone()),
            };
        }
        let raw = self.get(k)?;
        serde_json::from_str(raw)
            .ok()
            .or_else(|| Some(Value::String(raw.to_string())))
    }

    /// The `fields` selection, parsed; `None` when not given.
    pub(crate) fn fields(&self) -> Result<Option<Vec<Field>>, GraphError> {
        self.get("fields").map(parse_fields).transpose()
    }

    /// The query's pairs, in order.
    pub(crate) fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_query_values_and_json_in_strings() {
        let p = Params::from_query("a=1&children=%5B%2217%22%2C%2218%22%5D&hide=true&empty=");
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("empty"), None);
        assert_eq!(p.flag("hide"), Some(true));
        assert_eq!(
            p.structured("children"),
            Some(serde_json::json!(["17", "18"]))
        );
        assert!(p.require("nope").is_err());
    }
}
