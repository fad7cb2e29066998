//! Serving media at signed, expiring URLs (`/media/{id}?exp=…&sig=…`), the
//! way Instagram fetches them: correct content type, byte ranges (206/416),
//! no session needed.

use poem::http::{StatusCode, header};
use poem::web::{Data, Path, Query};
use poem::{Body, IntoResponse, Request, Response, handler};
use serde::Deserialize;
use socialflow_core::media::{MediaError, MediaId};

use crate::state::AppState;

/// A byte range to serve, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    pub start: u64,
    pub end: u64,
}

/// What a `Range` header asks of a file of `size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    /// No header, or one we serve whole (several ranges, other units).
    Full,
    Partial(ByteRange),
    Unsatisfiable,
}

pub fn parse_range(header: Option<&str>, size: u64) -> RangeRequest {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeRequest::Full;
    };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeRequest::Full;
    };
    let (a, b) = (a.trim(), b.trim());
    let range = if a.is_empty() {
        // The last `b` bytes.
        match b.parse::<u64>() {
            Ok(0) | Err(_) => return RangeRequest::Unsatisfiable,
            Ok(n) => ByteRange {
                start: size.saturating_sub(n),
                end: size.saturating_sub(1),
            },
        }
    } else {
        let Ok(start) = a.parse::<u64>() else {
            return RangeRequest::Full;
        };
        let end = if b.is_empty() {
            size.saturating_sub(1)
        } else {
            match b.parse::<u64>() {
                Ok(e) if e >= start => e.min(size.saturating_sub(1)),
                _ => return RangeRequest::Full,
            }
        };
        ByteRange { start, end }
    };
    if size == 0 || range.start >= size {
        return RangeRequest::Unsatisfiable;
    }
    RangeRequest::Partial(range)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Signed {
    exp: i64,
    sig: String,
}

fn refused(status: StatusCode, text: &'static str) -> Response {
    text.with_content_type("text/plain; charset=utf-8")
        .with_status(status)
        .into_response()
}

#[handler]
pub async fn serve(
    req: &Request,
    state: Data<&AppState>,
    Path(id): Path<String>,
    Query(q): Query<Signed>,
) -> Response {
    let Ok(id) = id.parse::<MediaId>() else {
        return refused(StatusCode::NOT_FOUND, "No such media file.");
    };
    if state
        .media
        .verify_url(id, q.exp, &q.sig, state.clock.now())
        .is_err()
    {
        return refused(
            StatusCode::FORBIDDEN,
            "This media link is invalid or has expired.",
        );
    }
    let (content_type, size) = match state.media.served(id).await {
        Ok(v) => v,
        Err(MediaError::NotFound) => return refused(StatusCode::NOT_FOUND, "No such media file."),
        Err(e) => {
            tracing::error!(error = %e, "cannot serve a media file");
            return refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The file cannot be read.",
            );
        }
    };
    let (status, start, len) = match parse_range(req.header(header::RANGE), size) {
        RangeRequest::Full => (StatusCode::OK, 0, size),
        RangeRequest::Partial(r) => (StatusCode::PARTIAL_CONTENT, r.start, r.end - r.start + 1),
        RangeRequest::Unsatisfiable => {
            return Response::builder()
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                .header(header::ACCEPT_RANGES, "bytes")
                .body(Body::empty());
        }
    };
    let stream = match state.media.store().read_range(id, start, len).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot read a media file");
            return refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The file cannot be read.",
            );
        }
    };
    let mut resp = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, len.to_string())
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "private, max-age=3600");
    if status == StatusCode::PARTIAL_CONTENT {
        resp = resp.header(
            header::CONTENT_RANGE,
            format!("bytes {start}-{}/{size}", start + len - 1),
        );
    }
    resp.body(Body::from_bytes_stream(stream))
}

/// Starts transcoding in the background now rather than at the worker's
/// next pass (claims make this safe next to running workers).
pub fn kick_transcoder(state: &AppState) {
    let media = state.media.clone();
    tokio::spawn(async move {
        loop {
            match media.transcode_next().await {
                Ok(Some(outcome)) => {
                    if let Err(reason) = outcome.result {
                        tracing::warn!(id = %outcome.id, reason, "transcode failed");
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "transcoding stopped; the worker retries");
                    break;
                }
            }
        }
    });
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn p(s: u64, e: u64) -> RangeRequest {
        RangeRequest::Partial(ByteRange { start: s, end: e })
    }

    #[test]
    fn parses_ranges() {
        assert_eq!(parse_range(None, 100), RangeRequest::Full);
        assert_eq!(parse_range(Some("bytes=0-9"), 100), p(0, 9));
        assert_eq!(parse_range(Some("bytes=90-"), 100), p(90, 99));
        assert_eq!(parse_range(Some("bytes=-10"), 100), p(90, 99));
        assert_eq!(parse_range(Some("bytes=-500"), 100), p(0, 99));
        assert_eq!(parse_range(Some("bytes=50-500"), 100), p(50, 99));
        assert_eq!(
            parse_range(Some("bytes=100-"), 100),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(
            parse_range(Some("bytes=-0"), 100),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100), RangeRequest::Full);
        assert_eq!(parse_range(Some("items=0-1"), 100), RangeRequest::Full);
        assert_eq!(parse_range(Some("bytes=9-3"), 100), RangeRequest::Full);
    }
}
