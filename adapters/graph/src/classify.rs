//! Instagram's error answers → the domain's error classes.
//!
//! Graph errors are classified by `code` and `error_subcode` through one
//! table (first matching row wins), never by HTTP status alone, as the
//! reference advises; `is_transient` and HTTP 5xx only decide what the table
//! does not. The OAuth host (api.instagram.com) and the upload host
//! (rupload) have shapes of their own.

use socialflow_core::instagram::InstagramError;
use time::Duration;

use crate::wire::{DebugInfoWire, ErrorBody, GraphErrorWire};

/// Which host answered: each has its own error shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// graph.instagram.com: `{"error":{message,type,code,error_subcode,…}}`.
    Graph,
    /// api.instagram.com's code exchange: `{"error_type","code","error_message"}`.
    OAuth,
    /// rupload.facebook.com: `{"debug_info":{retriable,type,message}}`.
    Upload,
}

/// What the caller should do, before the details are attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    TokenInvalid,
    RateLimited,
    Transient,
    ContainerNotReady,
    QuotaReached,
    OutsideMessagingWindow,
    RecipientUnavailable,
    PermissionMissing,
    NotFound,
    MediaRejected,
    Invalid,
}

/// Which errors a table row matches.
#[derive(Debug, Clone, Copy)]
enum Match {
    Code(i64),
    Subcode(i64),
    CodeAndSubcode(i64, i64),
    /// Codes in an inclusive range.
    CodeRange(i64, i64),
}

impl Match {
    fn matches(self, code: i64, subcode: Option<i64>) -> bool {
        match self {
            Match::Code(c) => code == c,
            Match::Subcode(s) => subcode == Some(s),
            Match::CodeAndSubcode(c, s) => code == c && subcode == Some(s),
            Match::CodeRange(lo, hi) => (lo..=hi).contains(&code),
        }
    }
}

use Class::*;
use Match::*;

/// §10.1 and §4.6 of the reference, most specific rows first.
const RULES: &[(Match, Class)] = &[
    // Publishing before the container finished: poll again, then publish.
    (Code(9007), ContainerNotReady),
    (Subcode(2207027), ContainerNotReady),
    // The 24 h publishing quota.
    (Subcode(2207042), QuotaReached),
    (Code(9), QuotaReached),
    // A DM outside the 24 h window (code 10, 403).
    (Subcode(2534022), OutsideMessagingWindow),
    (Code(551), RecipientUnavailable),
    (Subcode(1545041), RecipientUnavailable),
    // The token: expired, revoked, password changed, checkpoint… (458–492).
    (Code(190), TokenInvalid),
    (Code(102), TokenInvalid),
    // Rate limits: app (4), user (17), page (32), custom (613), Instagram
    // BUC (80002); 4/2207051 is "looks like spam": back off too. 368 is a
    // temporary block for a policy violation: wait.
    (Code(4), RateLimited),
    (Code(17), RateLimited),
    (Code(32), RateLimited),
    (Code(613), RateLimited),
    (Code(80002), RateLimited),
    (Code(368), RateLimited),
    // The media or caption: the user must fix it.
    (Code(36000), MediaRejected), // image too large (2207004)
    (Code(36001), MediaRejected), // image format (2207005)
    (Code(36003), MediaRejected), // aspect ratio (2207009)
    (Code(36004), MediaRejected), // caption too long, too many tags (2207010)
    (Code(352), MediaRejected),   // video format (2207026)
    // 9004/2207052: Instagram could not fetch the media URL. Surfaced as a
    // rejection with Instagram's text, but callers may retry it a few times
    // first: the fetch sometimes fails on Instagram's side.
    (Code(9004), MediaRejected),
    (Subcode(2207004), MediaRejected),
    (Subcode(2207005), MediaRejected),
    (Subcode(2207009), MediaRejected),
    (Subcode(2207010), MediaRejected),
    (Subcode(2207026), MediaRejected),
    (Subcode(2207052), MediaRejected),
    (Subcode(2207028), MediaRejected), // a carousel needs 2–10 items
    (Subcode(2207040), MediaRejected), // too many @-tags
    (Subcode(2207057), MediaRejected), // thumb_offset outside the video
    (Subcode(2207082), MediaRejected), // media upload failed (processing)
    // An expired container (-2/2207020): recreate it.
    (Subcode(2207020), NotFound),
    // Instagram's own trouble: unknown (1), temporary (2), server error /
    // create failed (-1), download timeout (-2), media not ready or builder
    // expired (24, "retry after 30 s–2 min, then recreate").
    (Code(1), Transient),
    (Code(2), Transient),
    (Code(-1), Transient),
    (Code(-2), Transient),
    (Code(24), Transient),
    // Permissions: the app lacks a capability (3), permission denied (10,
    // also "Not enough viewers"), a missing scope (200–299).
    (Code(3), PermissionMissing),
    (Code(10), PermissionMissing),
    (CodeRange(200, 299), PermissionMissing),
    // The object does not exist, is not visible, or lacks the operation.
    (CodeAndSubcode(100, 33), NotFound),
];

fn class_of(code: i64, subcode: Option<i64>) -> Option<Class> {
    RULES
        .iter()
        .find(|(m, _)| m.matches(code, subcode))
        .map(|(_, c)| *c)
}

/// Classifies a failed answer. `body` is the raw response text;
/// `retry_after` is what the usage headers (or `Retry-After`) said.
pub fn classify(
    host: Host,
    status: u16,
    body: &str,
    retry_after: Option<Duration>,
) -> InstagramError {
    let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
    let parsed = parsed.unwrap_or_default();
    match host {
        Host::OAuth => oauth(status, parsed, retry_after),
        Host::Upload | Host::Graph => {
            if let Some(e) = parsed.error.0 {
                return graph(status, e, retry_after);
            }
            if let Some(d) = parsed.debug_info.0 {
                return upload(status, d);
            }
            if let Some(message) = parsed.oauth.error_message.non_empty() {
                return InstagramError::OAuth { message };
            }
            without_error_object(status, retry_after)
        }
    }
}

fn without_error_object(status: u16, retry_after: Option<Duration>) -> InstagramError {
    let message = if (200..300).contains(&status) {
        "Instagram reported a failure without a reason".to_string()
    } else {
        format!("HTTP {status} without an error object")
    };
    match status {
        429 => InstagramError::RateLimited { retry_after },
        s if s >= 500 => InstagramError::Transient { message },
        // A proxy's timeout.
        408 => InstagramError::Transient { message },
        _ => InstagramError::Invalid { code: 0, message },
    }
}

fn graph(status: u16, e: GraphErrorWire, retry_after: Option<Duration>) -> InstagramError {
    let code = e.code.0.unwrap_or(0);
    let subcode = e.error_subcode.0;
    let message = e
        .message
        .non_empty()
        .unwrap_or_else(|| format!("error code {code} (HTTP {status})"));
    let class = class_of(code, subcode).unwrap_or(if e.is_transient.is_true() || status >= 500 {
        Transient
    } else {
        Invalid
    });
    match class {
        TokenInvalid => InstagramError::TokenInvalid { message },
        RateLimited => InstagramError::RateLimited { retry_after },
        Transient => InstagramError::Transient { message },
        ContainerNotReady => InstagramError::ContainerNotReady,
        QuotaReached => InstagramError::QuotaReached,
        OutsideMessagingWindow => InstagramError::OutsideMessagingWindow,
        RecipientUnavailable => InstagramError::RecipientUnavailable,
        PermissionMissing => InstagramError::PermissionMissing { message },
        NotFound => InstagramError::NotFound { message },
        MediaRejected => InstagramError::MediaRejected {
            code,
            subcode,
            title: e.error_user_title.non_empty(),
            message: e.error_user_msg.non_empty().unwrap_or(message),
        },
        Invalid => InstagramError::Invalid { code, message },
    }
}

/// api.instagram.com refuses codes and app credentials with HTTP 400 and
/// its own shape; any 4xx there is a refused sign-in.
fn oauth(status: u16, b: ErrorBody, retry_after: Option<Duration>) -> InstagramError {
    let message = b
        .oauth
        .error_message
        .non_empty()
        .or_else(|| b.error.0.and_then(|e| e.message.non_empty()))
        .unwrap_or_else(|| format!("HTTP {status}"));
    match status {
        429 => InstagramError::RateLimited { retry_after },
        s if s >= 500 || s == 408 => InstagramError::Transient { message },
        _ => InstagramError::OAuth { message },
    }
}

fn upload(status: u16, d: DebugInfoWire) -> InstagramError {
    let message = d
        .message
        .non_empty()
        .or_else(|| d.kind.non_empty())
        .unwrap_or_else(|| format!("upload failed (HTTP {status})"));
    if d.retriable.is_true() || status >= 500 {
        InstagramError::Transient { message }
    } else if message.contains("unauthorized") || status == 401 {
        InstagramError::TokenInvalid { message }
    } else {
        InstagramError::Invalid { code: 0, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_error(code: i64, subcode: Option<i64>) -> String {
        let sub = subcode.map_or(String::new(), |s| format!(",\"error_subcode\":{s}"));
        format!(r#"{{"error":{{"message":"m","type":"OAuthException","code":{code}{sub}}}}}"#)
    }

    #[test]
    fn the_table_covers_every_documented_code() {
        let class = |code, sub| classify(Host::Graph, 400, &graph_error(code, sub), None);
        for sub in [
            None,
            Some(458),
            Some(459),
            Some(460),
            Some(463),
            Some(464),
            Some(467),
            Some(492),
        ] {
            assert!(matches!(
                class(190, sub),
                InstagramError::TokenInvalid { .. }
            ));
        }
        for code in [4, 17, 32, 613, 80002, 368] {
            assert_eq!(
                class(code, None),
                InstagramError::RateLimited { retry_after: None }
            );
        }
        assert_eq!(
            class(4, Some(2207051)),
            InstagramError::RateLimited { retry_after: None }
        );
        for code in [1, 2, -1, -2, 24] {
            assert!(
                matches!(class(code, None), InstagramError::Transient { .. }),
                "{code}"
            );
        }
        assert_eq!(
            class(9007, Some(2207027)),
            InstagramError::ContainerNotReady
        );
        assert_eq!(class(9, Some(2207042)), InstagramError::QuotaReached);
        assert_eq!(
            class(10, Some(2534022)),
            InstagramError::OutsideMessagingWindow
        );
        assert_eq!(
            class(551, Some(1545041)),
            InstagramError::RecipientUnavailable
        );
        for code in [3, 10, 200, 250, 299] {
            assert!(
                matches!(class(code, None), InstagramError::PermissionMissing { .. }),
                "{code}"
            );
        }
        assert!(matches!(
            class(100, Some(33)),
            InstagramError::NotFound { .. }
        ));
        assert!(matches!(
            class(-2, Some(2207020)),
            InstagramError::NotFound { .. }
        ));
        for (code, sub) in [
            (36000, 2207004),
            (36001, 2207005),
            (36003, 2207009),
            (36004, 2207010),
            (352, 2207026),
            (9004, 2207052),
            (100, 2207028),
            (100, 2207040),
        ] {
            assert!(
                matches!(class(code, Some(sub)), InstagramError::MediaRejected { code: c, subcode: Some(s), .. } if c == code && s == sub),
                "{code}/{sub}"
            );
        }
        assert_eq!(
            class(100, None),
            InstagramError::Invalid {
                code: 100,
                message: "m".into()
            }
        );
        assert_eq!(
            class(100, Some(2207023)),
            InstagramError::Invalid {
                code: 100,
                message: "m".into()
            }
        );
        assert!(matches!(
            class(25, Some(2207050)),
            InstagramError::Invalid { code: 25, .. }
        ));
    }

    #[test]
    fn is_transient_and_5xx_decide_only_what_the_table_does_not() {
        let body = r#"{"error":{"message":"x","code":12345,"is_transient":true}}"#;
        assert!(matches!(
            classify(Host::Graph, 400, body, None),
            InstagramError::Transient { .. }
        ));
        let body = r#"{"error":{"message":"x","code":12345}}"#;
        assert!(matches!(
            classify(Host::Graph, 500, body, None),
            InstagramError::Transient { .. }
        ));
        assert!(matches!(
            classify(Host::Graph, 400, body, None),
            InstagramError::Invalid { code: 12345, .. }
        ));
        // A 500 with a token error is still about the token.
        assert!(matches!(
            classify(Host::Graph, 500, &graph_error(190, Some(463)), None),
            InstagramError::TokenInvalid { .. }
        ));
    }

    #[test]
    fn rate_limits_carry_the_wait() {
        let wait = Some(Duration::minutes(7));
        assert_eq!(
            classify(Host::Graph, 400, &graph_error(80002, None), wait),
            InstagramError::RateLimited { retry_after: wait }
        );
        assert_eq!(
            classify(Host::Graph, 429, "", wait),
            InstagramError::RateLimited { retry_after: wait }
        );
    }

    #[test]
    fn media_rejections_prefer_instagrams_user_texts() {
        let body = r#"{"error":{"message":"tech","code":36003,"error_subcode":2207009,
            "error_user_title":"Invalid aspect ratio","error_user_msg":"The submitted image with aspect ratio 0.75 cannot be published."}}"#;
        assert_eq!(
            classify(Host::Graph, 400, body, None),
            InstagramError::MediaRejected {
                code: 36003,
                subcode: Some(2207009),
                title: Some("Invalid aspect ratio".into()),
                message: "The submitted image with aspect ratio 0.75 cannot be published.".into(),
            }
        );
        assert_eq!(
            classify(Host::Graph, 400, &graph_error(352, Some(2207026)), None),
            InstagramError::MediaRejected {
                code: 352,
                subcode: Some(2207026),
                title: None,
                message: "m".into(),
            }
        );
    }

    #[test]
    fn oauth_host_errors() {
        let body =
            r#"{"error_type":"OAuthException","code":400,"error_message":"Invalid platform app"}"#;
        assert_eq!(
            classify(Host::OAuth, 400, body, None),
            InstagramError::OAuth {
                message: "Invalid platform app".into()
            }
        );
        assert!(matches!(
            classify(Host::OAuth, 400, "", None),
            InstagramError::OAuth { .. }
        ));
        assert!(matches!(
            classify(Host::OAuth, 400, &graph_error(100, None), None),
            InstagramError::OAuth { message } if message == "m"
        ));
        assert!(matches!(
            classify(Host::OAuth, 503, "", None),
            InstagramError::Transient { .. }
        ));
    }

    #[test]
    fn upload_host_errors() {
        let body = r#"{"debug_info":{"retriable":false,"type":"ProcessingFailedError","message":"{\"success\":false,\"error\":{\"message\":\"unauthorized user request\"}}"}}"#;
        assert!(matches!(
            classify(Host::Upload, 400, body, None),
            InstagramError::TokenInvalid { .. }
        ));
        let body = r#"{"debug_info":{"retriable":true,"type":"ProcessingFailedError","message":"try again"}}"#;
        assert!(matches!(
            classify(Host::Upload, 400, body, None),
            InstagramError::Transient { .. }
        ));
        let body =
            r#"{"debug_info":{"retriable":false,"type":"ProcessingFailedError","message":"bad"}}"#;
        assert!(matches!(
            classify(Host::Upload, 400, body, None),
            InstagramError::Invalid { .. }
        ));
        assert!(matches!(
            classify(Host::Upload, 400, &graph_error(100, Some(33)), None),
            InstagramError::NotFound { .. }
        ));
    }

    #[test]
    fn bodies_without_an_error_object() {
        assert!(matches!(
            classify(Host::Graph, 502, "<html>bad gateway</html>", None),
            InstagramError::Transient { .. }
        ));
        assert!(matches!(
            classify(Host::Graph, 404, "", None),
            InstagramError::Invalid { .. }
        ));
        assert!(matches!(
            classify(Host::Graph, 400, "[1,2]", None),
            InstagramError::Invalid { .. }
        ));
    }
}
