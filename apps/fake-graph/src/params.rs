//! Request parameters from the query string, a form body or a JSON body,
//! as Instagram accepts all three.

use std::collections::HashMap;

use serde_json::Value;

#[derive(Debug, Default, Clone)]
pub struct Params {
    pub map: HashMap<String, String>,
    pub json: Option<Value>,
}

impl Params {
    pub fn parse(query: &str, content_type: Option<&str>, body: &[u8]) -> Self {
        let mut map: HashMap<String, String> =
            serde_urlencoded::from_str(query).unwrap_or_default();
        let mut json = None;
        let ct = content_type.unwrap_or("");
        if ct.starts_with("application/json") {
            if let Ok(v) = serde_json::from_slice::<Value>(body) {
                if let Some(obj) = v.as_object() {
                    for (k, val) in obj {
                        let text = match val {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        map.insert(k.clone(), text);
                    }
                }
                json = Some(v);
            }
        } else if !body.is_empty() {
            let form: HashMap<String, String> =
                serde_urlencoded::from_bytes(body).unwrap_or_default();
            map.extend(form);
        }
        Params { map, json }
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.map
            .get(k)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The requested `fields`, top level only (nested `{…}` kept whole).
    pub fn fields(&self) -> Option<Vec<String>> {
        let raw = self.get("fields")?;
        let mut out = Vec::new();
        let mut depth = 0;
        let mut cur = String::new();
        for c in raw.chars() {
            match c {
                '{' | '(' => {
                    depth += 1;
                    cur.push(c);
                }
                '}' | ')' => {
                    depth -= 1;
                    cur.push(c);
                }
                ',' if depth == 0 => {
                    out.push(std::mem::take(&mut cur));
                }
                _ => cur.push(c),
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        Some(out.into_iter().map(|f| f.trim().to_string()).collect())
    }
}

/// The field's name without its expansion: `replies{id}` → `replies`.
pub fn field_name(f: &str) -> &str {
    f.split(['{', '.', '(']).next().unwrap_or(f)
}
