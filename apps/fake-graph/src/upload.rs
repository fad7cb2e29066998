//! rupload.facebook.com: the resumable upload of a video's bytes
//! (`Authorization: OAuth <token>`, `offset`, `file_size`, raw body), or of
//! a hosted file (`file_url`), into a container created with
//! `upload_type=resumable`.

use poem::http::StatusCode;
use poem::{Body, Request};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

use crate::FakeGraph;
use crate::errors::GraphError;
use crate::fetch::is_mp4;
use crate::publishing::{fetch_video_later, video_limit};
use crate::tokens::{PUBLISH, check};

/// Bytes kept to recognise the format.
const HEAD: usize = 64;
/// Past this a body is not even drained.
const DRAIN_CAP: u64 = 1 << 30;

fn refused(message: &str) -> GraphError {
    GraphError::rupload(StatusCode::BAD_REQUEST, false, message)
}

fn success() -> Value {
    json!({ "success": true, "message": "Upload successful." })
}

/// `POST /ig-api-upload/{version}/{container-id}`.
pub(crate) async fn upload(
    fake: &FakeGraph,
    req: &Request,
    body: Body,
    container_id: &str,
) -> Result<(Value, usize), GraphError> {
    let unauthorized =
        || GraphError::rupload(StatusCode::UNAUTHORIZED, false, "unauthorized user request");
    let token = req
        .header("authorization")
        .and_then(|h| {
            h.strip_prefix("OAuth ")
                .or_else(|| h.strip_prefix("Bearer "))
        })
        .map(str::trim)
        .ok_or_else(unauthorized)?;
    let (index, kind, received) = {
        let state = fake.state();
        let auth = check(&state, token).map_err(|_| unauthorized())?;
        auth.require(PUBLISH).map_err(|_| unauthorized())?;
        let index = state
            .container_index(auth.account, container_id)
            .ok_or_else(|| refused(&format!("The container {container_id} does not exist")))?;
        let c = &state.containers[index];
        if !c.resumable {
            return Err(refused(
                "The container was not created with upload_type=resumable",
            ));
        }
        if !c.pending || c.media_url.is_some() {
            return Err(refused("The media of this container was already uploaded"));
        }
        (index, c.kind, c.received)
    };
    let account = fake.state().containers[index].account;
    if let Some(url) = req.header("file_url") {
        if fake.config().fetch_media {
            {
                let mut state = fake.state();
                state.containers[index].media_url = Some(url.to_string());
            }
            fetch_video_later(
                fake,
                container_id.to_string(),
                url.to_string(),
                video_limit(kind),
                true,
            );
        } else {
            let mut state = fake.state();
            let now = state.now();
            let c = &mut state.containers[index];
            c.media_url = Some(url.to_string());
            c.pending = false;
            c.ready_from = now;
        }
        return Ok((success(), account));
    }
    let file_size = req
        .header("file_size")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| refused("Missing or invalid file_size header"))?;
    let offset = match req.header("offset") {
        None => 0,
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map_err(|_| refused("Invalid offset header"))?,
    };
    if offset != received {
        return Err(refused(&format!(
            "Offset mismatch: {received} bytes were received so far"
        )));
    }
    let mut reader = body.into_async_read();
    let mut buf = vec![0u8; 64 * 1024];
    let mut got = 0u64;
    let mut head = Vec::new();
    loop {
        let n = reader.read(&mut buf).await.map_err(|_| {
            GraphError::rupload(StatusCode::BAD_REQUEST, true, "The upload was interrupted")
        })?;
        if n == 0 {
            break;
        }
        got += n as u64;
        if head.len() < HEAD {
            let take = (HEAD - head.len()).min(n);
            head.extend_from_slice(&buf[..take]);
        }
        if got > DRAIN_CAP {
            break;
        }
    }
    if offset + got > file_size {
        return Err(refused("Partial request (did not match length of file)"));
    }
    let mut state = fake.state();
    let now = state.now();
    let c = &mut state.containers[index];
    if offset == 0 {
        c.upload_head = head;
    }
    c.expected_size = Some(file_size);
    c.received = offset + got;
    if c.received == file_size {
        c.pending = false;
        c.ready_from = now;
        if c.failure.is_none() && (!is_mp4(&c.upload_head) || file_size > video_limit(kind)) {
            c.failure = Some(2207026);
        }
    }
    Ok((success(), account))
}
