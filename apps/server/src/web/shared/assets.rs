//! The stylesheet, script and icons, embedded into the binary. Pages link
//! them with the build's version in the query (`?v=…`), so a browser keeps
//! them for a year and still fetches a new release's copy.

use std::sync::OnceLock;

use poem::endpoint::EmbeddedFilesEndpoint;
use poem::http::HeaderValue;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "static"]
pub struct Assets;

/// A short digest of every embedded file, computed once.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut names: Vec<_> = Assets::iter().collect();
        names.sort();
        let mut acc = [0u8; 8];
        for name in names {
            if let Some(file) = Assets::get(&name) {
                for (i, b) in file.metadata.sha256_hash().iter().enumerate() {
                    acc[i % 8] ^= b.rotate_left((i / 8) as u32);
                }
            }
        }
        acc.iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// `/static/<path>?v=<version>`.
pub fn versioned(path: &str) -> String {
    format!("/static/{path}?v={}", version())
}

/// Serves the embedded files; versioned requests may be cached for good,
/// others are revalidated (ETag) on every use.
pub fn endpoint() -> impl Endpoint<Output = Response> {
    EmbeddedFilesEndpoint::<Assets>::new().around(|next, req: Request| async move {
        let versioned = req
            .uri()
            .query()
            .is_some_and(|q| q.split('&').any(|p| p == format!("v={}", version())));
        let mut resp = next.call(req).await?.into_response();
        if resp.status().is_success() || resp.status() == poem::http::StatusCode::NOT_MODIFIED {
            let value = if versioned {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            resp.headers_mut()
                .insert("cache-control", HeaderValue::from_static(value));
        }
        Ok(resp)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_stable_and_names_real_files() {
        assert_eq!(version(), version());
        assert_eq!(version().len(), 16);
        assert!(versioned("style.css").starts_with("/static/style.css?v="));
        for f in [
            "style.css",
            "app.js",
            "icons.svg",
            "analytics.css",
            "import.css",
            "calendar.css",
            "calendar.js",
            "composer.css",
            "composer.js",
        ] {
            assert!(Assets::get(f).is_some(), "{f} is embedded");
        }
    }
}
