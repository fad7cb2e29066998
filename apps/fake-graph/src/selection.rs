//! Field selection: parsing `fields=id,children{id,media_url},
//! replies.limit(5){text}` into a tree, and writing it back for links.

use crate::errors::GraphError;

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
