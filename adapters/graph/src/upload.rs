//! Resumable video upload to rupload: a local file streamed from disk
//! (never whole in memory), or a URL Instagram fetches itself.

use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use secrecy::ExposeSecret;
use socialflow_core::instagram::{
    CreatedContainer, IgAccess, IgResult, InstagramError, UploadSource,
};

use crate::GraphClient;
use crate::classify::Host;
use crate::client::{Ctx, encode_segment};
use crate::convert;

/// Read size when streaming the file.
const CHUNK: usize = 256 * 1024;

fn local_error(message: String) -> InstagramError {
    InstagramError::Invalid { code: 0, message }
}

impl GraphClient {
    /// Where the video goes: the `uri` Instagram returned with the
    /// container, else `{upload_base_url}/ig-api-upload/{version}/{id}`.
    pub(crate) fn upload_url(&self, container: &CreatedContainer) -> String {
        container
            .upload_uri
            .clone()
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .unwrap_or_else(|| {
                format!(
                    "{}/ig-api-upload/{}/{}",
                    self.config.upload_base_url.trim_end_matches('/'),
                    self.config.api_version,
                    encode_segment(&container.id)
                )
            })
    }

    /// `POST {uri}` with `Authorization: OAuth <token>`, and either
    /// `offset: 0` + `file_size` + the bytes, or `file_url`.
    #[tracing::instrument(name = "instagram.upload_video", skip_all, fields(account = %a.ig_user_id, container = %container.id))]
    pub async fn upload_video(
        &self,
        a: &IgAccess,
        container: &CreatedContainer,
        source: &UploadSource,
    ) -> IgResult<()> {
        let mut auth = HeaderValue::from_str(&format!("OAuth {}", a.token.expose_secret()))
            .map_err(|_| InstagramError::TokenInvalid {
                message: "the access token cannot be sent in a header".into(),
            })?;
        auth.set_sensitive(true);
        let req = self
            .http
            .post(self.upload_url(container))
            .header(AUTHORIZATION, auth);
        let req = match source {
            UploadSource::HostedUrl(url) => {
                let value = HeaderValue::from_str(url)
                    .map_err(|_| local_error("the video URL cannot be sent in a header".into()))?;
                req.header("file_url", value)
            }
            UploadSource::File { path, size } => {
                let file = tokio::fs::File::open(path)
                    .await
                    .map_err(|e| local_error(format!("cannot read the video to upload: {e}")))?;
                let on_disk = file
                    .metadata()
                    .await
                    .map_err(|e| local_error(format!("cannot read the video to upload: {e}")))?
                    .len();
                if on_disk != *size {
                    return Err(local_error(format!(
                        "the video is {on_disk} bytes on disk, not the {size} expected"
                    )));
                }
                let stream = tokio_util::io::ReaderStream::with_capacity(file, CHUNK);
                req.header("offset", "0")
                    .header("file_size", size.to_string())
                    .header(CONTENT_TYPE, "application/octet-stream")
                    .header(CONTENT_LENGTH, size.to_string())
                    .timeout(self.config.upload_timeout)
                    .body(reqwest::Body::wrap_stream(stream))
            }
        };
        let ctx = Ctx {
            op: "upload_video",
            host: Host::Upload,
            account: Some(&a.ig_user_id),
            token: Some(&a.token),
        };
        let body = self.send(req, ctx).await?;
        convert::success(&body)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::GraphConfig;
    use secrecy::SecretString;

    #[test]
    fn upload_url_prefers_instagrams_uri() {
        let client = GraphClient::new(GraphConfig::new(
            "1",
            SecretString::from("s".to_string()),
            "https://x.example/cb",
        ))
        .unwrap();
        let c = CreatedContainer {
            id: "17889".into(),
            upload_uri: Some("https://rupload.facebook.com/ig-api-upload/v26.0/17889".into()),
        };
        assert_eq!(
            client.upload_url(&c),
            "https://rupload.facebook.com/ig-api-upload/v26.0/17889"
        );
        let c = CreatedContainer {
            id: "17889".into(),
            upload_uri: None,
        };
        assert_eq!(
            client.upload_url(&c),
            format!(
                "https://rupload.facebook.com/ig-api-upload/{}/17889",
                crate::config::DEFAULT_API_VERSION
            )
        );
    }
}
