//! The variables of a saved reply: `{username}` (the person answered) and
//! `{account}` (the Instagram account answering). A `{word}` made of
//! letters, digits and `_` is a variable; any other brace is plain text,
//! so "{ }" or "{:-)" stay as written.

/// The variables a saved reply may use.
pub const KNOWN_VARIABLES: [&str; 2] = ["username", "account"];

/// The values for one reply box. An unknown person (Instagram did not give
/// a username) expands to nothing rather than to a placeholder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyVariables {
    pub username: Option<String>,
    pub account: Option<String>,
}

impl ReplyVariables {
    fn value(&self, name: &str) -> Option<&str> {
        match name {
            "username" => Some(self.username.as_deref().unwrap_or("")),
            "account" => Some(self.account.as_deref().unwrap_or("")),
            _ => None,
        }
    }
}

/// The pieces of a text: literal runs and `{word}` variable names.
enum Piece<'a> {
    Text(&'a str),
    Var(&'a str),
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let word_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if word_len > 0 && after[word_len..].starts_with('}') {
            out.push(Piece::Text(&rest[..open]));
            out.push(Piece::Var(&after[..word_len]));
            rest = &after[word_len + 1..];
        } else {
            out.push(Piece::Text(&rest[..=open]));
            rest = after;
        }
    }
    out.push(Piece::Text(rest));
    out
}

/// The `{word}`s of `text` that are not known variables, each once, in
/// order of appearance.
pub fn unknown_variables(text: &str) -> Vec<String> {
    let mut unknown: Vec<String> = Vec::new();
    for p in pieces(text) {
        if let Piece::Var(name) = p
            && !KNOWN_VARIABLES.contains(&name)
            && !unknown.iter().any(|u| u == name)
        {
            unknown.push(name.to_string());
        }
    }
    unknown
}

/// `text` with its variables filled in; unknown `{word}`s (which saving
/// refuses) stay as written.
pub fn expand(text: &str, vars: &ReplyVariables) -> String {
    let mut out = String::with_capacity(text.len());
    for p in pieces(text) {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(name) => match vars.value(name) {
                Some(v) => out.push_str(v),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The reply box after inserting `expanded` without script: the expanded
/// text when the box is empty, else appended after one space (or straight
/// after a newline or space the user left).
pub fn insert_into(draft: &str, expanded: &str) -> String {
    if draft.trim().is_empty() {
        return expanded.to_string();
    }
    if draft.ends_with(char::is_whitespace) {
        format!("{draft}{expanded}")
    } else {
        format!("{draft} {expanded}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn vars() -> ReplyVariables {
        ReplyVariables {
            username: Some("anna_k".into()),
            account: Some("coffee.shop".into()),
        }
    }

    #[test]
    fn fills_every_occurrence_and_leaves_other_braces() {
        assert_eq!(
            expand(
                "Hi @{username}! {username}, {account} here {:-) { } {",
                &vars()
            ),
            "Hi @anna_k! anna_k, coffee.shop here {:-) { } {"
        );
        assert_eq!(expand("{username}", &ReplyVariables::default()), "");
        assert_eq!(expand("{{username}}", &vars()), "{anna_k}");
        assert_eq!(expand("{nope}", &vars()), "{nope}");
        assert_eq!(
            expand("Привет, {username} ☕", &vars()),
            "Привет, anna_k ☕"
        );
    }

    #[test]
    fn unknown_variables_are_found_once() {
        assert_eq!(
            unknown_variables("{name} {username} {name} {Account} {} {a b}"),
            vec!["name".to_string(), "Account".to_string()]
        );
        assert!(unknown_variables("{username}{account}").is_empty());
    }

    #[test]
    fn insertion_replaces_an_empty_box_or_appends() {
        assert_eq!(insert_into("", "Thanks!"), "Thanks!");
        assert_eq!(insert_into("  \n", "Thanks!"), "Thanks!");
        assert_eq!(insert_into("Hello.", "Thanks!"), "Hello. Thanks!");
        assert_eq!(insert_into("Hello.\n", "Thanks!"), "Hello.\nThanks!");
    }
}
