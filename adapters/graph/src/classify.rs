//! Instagram's error objects → the domain's error classes, by `code` and
//! `error_subcode` (never by HTTP status alone, as the reference advises).

use serde_json::Value;
use socialflow_core::instagram::{InstagramError, RateUsage};

/// Media and caption refusals the user must fix (§4.6 of the reference).
const MEDIA_CODES: &[i64] = &[36000, 36001, 36003, 36004, 352, 9004];
const MEDIA_SUBCODES: &[i64] = &[
    2207004, 2207005, 2207009, 2207010, 2207026, 2207052, 2207057, 2207082, 2207023, 2207028,
    2207040,
];

/// Classifies a non-success answer. `body` is the raw response text.
pub fn classify(status: u16, body: &str, usage: Option<RateUsage>) -> InstagramError {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    // The OAuth host's own shape: {"error_type","code","error_message"}.
    if let Some(msg) = v.get("error_message").and_then(Value::as_str) {
        return InstagramError::OAuth {
            message: msg.to_string(),
        };
    }
    // rupload's shape: {"debug_info":{"retriable","type","message"}}.
    if let Some(d) = v.get("debug_info") {
        let message = d
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("upload failed")
            .to_string();
        return if d.get("retriable").and_then(Value::as_bool) == Some(true) {
            InstagramError::Transient { message }
        } else if message.contains("unauthorized") {
            InstagramError::TokenInvalid { message }
        } else {
            InstagramError::Invalid { code: 0, message }
        };
    }
    let Some(e) = v.get("error") else {
        return if status >= 500 || status == 429 {
            InstagramError::Transient {
                message: format!("HTTP {status} without an error object"),
            }
        } else {
            InstagramError::Invalid {
                code: 0,
                message: format!("HTTP {status} without an error object"),
            }
        };
    };
    let code = e.get("code").and_then(Value::as_i64).unwrap_or(0);
    let subcode = e.get("error_subcode").and_then(Value::as_i64);
    let message = e
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let title = e
        .get("error_user_title")
        .and_then(Value::as_str)
        .map(str::to_string);
    let user_msg = e
        .get("error_user_msg")
        .and_then(Value::as_str)
        .map(str::to_string);
    let transient = e.get("is_transient").and_then(Value::as_bool) == Some(true);

    match (code, subcode) {
        (190, _) => InstagramError::TokenInvalid { message },
        (4 | 17 | 32 | 613 | 80002, _) => InstagramError::RateLimited {
            retry_after: usage.and_then(|u| u.regain_access_in),
        },
        (9007, _) | (_, Some(2207027)) => InstagramError::ContainerNotReady,
        (9, Some(2207042)) => InstagramError::QuotaReached,
        (10, Some(2534022)) => InstagramError::OutsideMessagingWindow,
        (551, _) => InstagramError::RecipientUnavailable,
        // 9004 (media not fetchable) is shown to the user; callers may retry
        // it a few times first, as Instagram sometimes fails to fetch.
        (c, s) if MEDIA_CODES.contains(&c) || s.is_some_and(|s| MEDIA_SUBCODES.contains(&s)) => {
            InstagramError::MediaRejected {
                code: c,
                subcode: s,
                title,
                message: user_msg.unwrap_or(message),
            }
        }
        (1 | 2 | -1 | -2, _) => InstagramError::Transient { message },
        _ if transient || status >= 500 => InstagramError::Transient { message },
        (3 | 10, _) | (200..=299, _) => InstagramError::PermissionMissing { message },
        (100, Some(33)) | (24, _) => InstagramError::NotFound { message },
        (c, _) => InstagramError::Invalid { code: c, message },
    }
}
