//! A user's webhook endpoint and the checks on what they type.

use std::fmt;

use time::OffsetDateTime;
use uuid::Uuid;

use crate::UserId;
use crate::crypto::EncryptedToken;
use crate::webhook_events::EventKind;

pub const MAX_ENDPOINTS_PER_USER: u32 = 20;
pub const MAX_URL_CHARS: usize = 2_000;
pub const MAX_DESCRIPTION_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EndpointId(pub Uuid);

impl EndpointId {
    pub fn new() -> Self {
        EndpointId(Uuid::now_v7())
    }
}

impl Default for EndpointId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for EndpointId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub id: EndpointId,
    pub owner: UserId,
    pub url: String,
    pub description: String,
    /// Subscribed events, sorted, without duplicates, never `Ping`.
    pub events: Vec<EventKind>,
    /// The signing secret, encrypted under `secret_context(id)`.
    pub secret: EncryptedToken,
    pub enabled: bool,
    /// When its deliveries started failing without a success since.
    pub failing_since: Option<OffsetDateTime>,
    /// Set when SocialFlow disabled it for failing (not the user).
    pub auto_disabled_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl Endpoint {
    pub fn wants(&self, kind: EventKind) -> bool {
        self.enabled && self.events.contains(&kind)
    }

    /// The encryption context of the secret: a ciphertext copied to another
    /// endpoint's row does not decrypt.
    pub fn secret_context(id: EndpointId) -> String {
        format!("webhook_endpoints.secret:{}", id.0)
    }
}

/// What a user sends to create or edit an endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointInput {
    pub url: String,
    pub description: String,
    /// Event names as sent (`post.published`, …).
    pub events: Vec<String>,
    pub enabled: bool,
}

/// Whether plain `http://` URLs are allowed (the operator's switch, for
/// receivers on a private network or tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UrlPolicy {
    pub allow_http: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointProblem {
    UrlMissing,
    UrlTooLong {
        max: usize,
    },
    /// Not `https://` (or `http://` when allowed), or no host.
    UrlInvalid,
    UrlNotHttps,
    /// User name or password in the URL: secrets belong in the signature.
    UrlHasCredentials,
    NoEvents,
    UnknownEvent(String),
    DescriptionTooLong {
        max: usize,
    },
}

/// Checks the input and returns the URL (trimmed), description and sorted
/// event kinds. Every problem is reported, not only the first.
pub fn validate_endpoint(
    input: &EndpointInput,
    policy: UrlPolicy,
) -> Result<(String, String, Vec<EventKind>), Vec<EndpointProblem>> {
    let mut problems = Vec::new();
    let url = input.url.trim().to_string();
    if url.is_empty() {
        problems.push(EndpointProblem::UrlMissing);
    } else if url.chars().count() > MAX_URL_CHARS {
        problems.push(EndpointProblem::UrlTooLong { max: MAX_URL_CHARS });
    } else if let Some(p) = url_problem(&url, policy) {
        problems.push(p);
    }
    let description = input.description.trim().to_string();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        problems.push(EndpointProblem::DescriptionTooLong {
            max: MAX_DESCRIPTION_CHARS,
        });
    }
    let mut events = Vec::new();
    // Bounded: at most one problem per distinct unknown name, names cut.
    for name in input.events.iter().take(64) {
        match EventKind::parse(name.trim()) {
            Some(EventKind::Ping) | None => {
                let shown: String = name.chars().take(40).collect();
                let p = EndpointProblem::UnknownEvent(shown);
                if !problems.contains(&p) {
                    problems.push(p);
                }
            }
            Some(k) => events.push(k),
        }
    }
    events.sort();
    events.dedup();
    if events.is_empty()
        && !problems
            .iter()
            .any(|p| matches!(p, EndpointProblem::UnknownEvent(_)))
    {
        problems.push(EndpointProblem::NoEvents);
    }
    if problems.is_empty() {
        Ok((url, description, events))
    } else {
        Err(problems)
    }
}

fn url_problem(url: &str, policy: UrlPolicy) -> Option<EndpointProblem> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(EndpointProblem::UrlInvalid);
    }
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        if !policy.allow_http {
            return Some(EndpointProblem::UrlNotHttps);
        }
        rest
    } else if lower.contains("://") {
        return Some(EndpointProblem::UrlNotHttps);
    } else {
        return Some(EndpointProblem::UrlInvalid);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Some(EndpointProblem::UrlHasCredentials);
    }
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    let port_ok = match authority
        .rsplit_once(']')
        .map_or(authority, |(_, p)| p)
        .split_once(':')
    {
        Some((_, port)) => port.parse::<u16>().is_ok_and(|p| p > 0),
        None => true,
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if host_ok && port_ok {
        None
    } else {
        Some(EndpointProblem::UrlInvalid)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn input(url: &str, events: &[&str]) -> EndpointInput {
        EndpointInput {
            url: url.into(),
            description: String::new(),
            events: events.iter().map(|e| e.to_string()).collect(),
            enabled: true,
        }
    }

    #[test]
    fn https_urls_with_known_events_pass() {
        let (url, _, events) = validate_endpoint(
            &input(
                " https://hooks.example.com:8443/in?x=1 ",
                &["post.published", "post.failed", "post.published"],
            ),
            UrlPolicy::default(),
        )
        .unwrap();
        assert_eq!(url, "https://hooks.example.com:8443/in?x=1");
        assert_eq!(
            events,
            vec![EventKind::PostPublished, EventKind::PostFailed]
        );
        assert!(
            validate_endpoint(
                &input("https://[2001:db8::1]/x", &["ping.x", "post.failed"]),
                UrlPolicy::default()
            )
            .is_err()
        );
        assert!(
            validate_endpoint(
                &input("https://[2606:4700::1]:443/x", &["post.failed"]),
                UrlPolicy::default()
            )
            .is_ok()
        );
    }

    #[test]
    fn bad_urls_and_events_are_each_named() {
        let policy = UrlPolicy::default();
        let cases: &[(&str, EndpointProblem)] = &[
            ("", EndpointProblem::UrlMissing),
            ("http://example.com/", EndpointProblem::UrlNotHttps),
            ("ftp://example.com/", EndpointProblem::UrlNotHttps),
            ("example.com/hook", EndpointProblem::UrlInvalid),
            ("https:///nohost", EndpointProblem::UrlInvalid),
            ("https://exa mple.com", EndpointProblem::UrlInvalid),
            ("https://example.com:99999/", EndpointProblem::UrlInvalid),
            (
                "https://user:pw@example.com/",
                EndpointProblem::UrlHasCredentials,
            ),
        ];
        for (url, want) in cases {
            let got = validate_endpoint(&input(url, &["post.failed"]), policy).unwrap_err();
            assert_eq!(got, vec![want.clone()], "{url}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(
            validate_endpoint(&input(&long, &["post.failed"]), policy).unwrap_err(),
            vec![EndpointProblem::UrlTooLong { max: MAX_URL_CHARS }]
        );
        assert_eq!(
            validate_endpoint(&input("https://e.com", &[]), policy).unwrap_err(),
            vec![EndpointProblem::NoEvents]
        );
        assert_eq!(
            validate_endpoint(&input("https://e.com", &["ping", "post.failed"]), policy)
                .unwrap_err(),
            vec![EndpointProblem::UnknownEvent("ping".into())]
        );
    }

    #[test]
    fn http_only_when_the_operator_allows_it() {
        let allow = UrlPolicy { allow_http: true };
        assert!(
            validate_endpoint(&input("http://127.0.0.1:9000/h", &["post.failed"]), allow).is_ok()
        );
        assert!(
            validate_endpoint(
                &input("http://127.0.0.1:9000/h", &["post.failed"]),
                UrlPolicy::default()
            )
            .is_err()
        );
    }
}
