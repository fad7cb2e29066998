//! The composer's "Tag people" field: one person per line, `@username` with
//! an optional position in the photo (`x y`, from 0 to 1, left/top = 0;
//! the centre when omitted), e.g. `@alice 0.3 0.7`.

use socialflow_core::posts::UserTagSpec;

/// Where a tag goes when no position is given.
const CENTRE: f64 = 0.5;

/// The tags, or the lines that could not be read (as the user typed them).
pub fn parse(text: &str) -> Result<Vec<UserTagSpec>, Vec<String>> {
    let mut tags = Vec::new();
    let mut bad = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match parse_line(line) {
            Some(tag) => tags.push(tag),
            None => bad.push(line.to_string()),
        }
    }
    if bad.is_empty() { Ok(tags) } else { Err(bad) }
}

fn parse_line(line: &str) -> Option<UserTagSpec> {
    let mut parts = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty());
    let username = parts.next()?.trim_start_matches('@');
    if !is_username(username) {
        return None;
    }
    let (x, y) = match (parts.next(), parts.next()) {
        (None, _) => (CENTRE, CENTRE),
        (Some(x), Some(y)) => (x.parse().ok()?, y.parse().ok()?),
        (Some(_), None) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(UserTagSpec {
        username: username.to_string(),
        x,
        y,
    })
}

/// Instagram usernames: letters, digits, `.` and `_`, at most 30.
fn is_username(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= 30
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// The field's text for stored tags (what `parse` reads back).
pub fn format(tags: &[UserTagSpec]) -> String {
    tags.iter()
        .map(|t| format!("@{} {} {}", t.username, t.x, t.y))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_with_and_without_positions() {
        let tags = parse("@alice 0.3 0.7\n\n  bob  \ncarol.c, 1, 0\n").expect("tags");
        let got: Vec<_> = tags
            .iter()
            .map(|t| (t.username.as_str(), t.x, t.y))
            .collect();
        assert_eq!(
            got,
            vec![
                ("alice", 0.3, 0.7),
                ("bob", 0.5, 0.5),
                ("carol.c", 1.0, 0.0)
            ]
        );
    }

    #[test]
    fn names_the_lines_it_cannot_read() {
        let bad = parse("@ok\n@bad name here\n@x 0.5\n@y a b\n@toolong_toolong_toolong_toolong_x")
            .expect_err("bad lines");
        assert_eq!(
            bad,
            vec![
                "@bad name here",
                "@x 0.5",
                "@y a b",
                "@toolong_toolong_toolong_toolong_x"
            ]
        );
    }

    fn same(a: &[UserTagSpec], b: &[UserTagSpec]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(a, b)| {
                a.username == b.username
                    && a.x.to_bits() == b.x.to_bits()
                    && a.y.to_bits() == b.y.to_bits()
            })
    }

    proptest::proptest! {
        /// Any text: no panic; the lines named as unreadable are lines of
        /// the input (so the answer is no bigger than the question); what
        /// is read are valid usernames, and writes back to the same tags.
        #[test]
        fn any_text_is_read_or_named_back(
            text in "\\PC{0,200}|([@a-z0-9._, \\t]{0,40}(\\n|\\r\\n)?){0,8}|(@[a-z_]{1,8} (-?[0-9]{1,3}(\\.[0-9]{0,5})?|NaN|inf|1e400) (-?[0-9.]{1,6}|-0)\\n){0,5}"
        ) {
            match parse(&text) {
                Ok(tags) => {
                    proptest::prop_assert!(tags.len() <= text.lines().count());
                    for t in &tags {
                        proptest::prop_assert!(is_username(&t.username));
                    }
                    let again = parse(&format(&tags)).expect("written tags read back");
                    proptest::prop_assert!(same(&again, &tags), "{tags:?} -> {again:?}");
                }
                Err(bad) => {
                    proptest::prop_assert!(!bad.is_empty());
                    let lines: Vec<&str> = text.lines().map(str::trim).collect();
                    for b in &bad {
                        proptest::prop_assert!(lines.contains(&b.as_str()), "{b:?}");
                    }
                    proptest::prop_assert!(bad.iter().map(String::len).sum::<usize>() <= text.len());
                }
            }
        }

        #[test]
        fn valid_tags_round_trip(
            tags in proptest::collection::vec(("[a-z0-9._]{1,30}", 0.0f64..=1.0, 0.0f64..=1.0), 0..20)
        ) {
            let tags: Vec<_> = tags
                .into_iter()
                .map(|(username, x, y)| UserTagSpec { username, x, y })
                .collect();
            let again = parse(&format(&tags)).expect("read back");
            proptest::prop_assert!(same(&again, &tags));
        }
    }

    #[test]
    fn stored_tags_read_back_the_same() {
        let tags = parse("@alice 0.25 0.75\n@bob").expect("tags");
        assert_eq!(parse(&format(&tags)).expect("again"), tags);
    }
}
