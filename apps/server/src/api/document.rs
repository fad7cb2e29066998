//! The OpenAPI document, built on first use instead of at start: building it
//! (a 670 KB JSON text, parsed once more for the `Allow` header) touched
//! megabytes an idle server kept resident for nothing (issue 20, goal 6).

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use poem::endpoint::make_sync;
use poem::{Endpoint, Response};

use super::{AllowedMethods, service};

/// The API's description for one public URL, each form made once.
pub struct ApiDocument {
    public_url: String,
    spec: OnceLock<Bytes>,
    allowed: OnceLock<AllowedMethods>,
}

impl ApiDocument {
    pub fn new(public_url: &str) -> Arc<Self> {
        Arc::new(ApiDocument {
            public_url: public_url.to_string(),
            spec: OnceLock::new(),
            allowed: OnceLock::new(),
        })
    }

    /// The OpenAPI JSON, shared by every answer (no copy per request).
    pub fn spec(&self) -> &Bytes {
        self.spec
            .get_or_init(|| Bytes::from(service(&self.public_url).spec()))
    }

    /// Each path's methods, for 405 answers (read from a spec made for the
    /// purpose when the first 405 happens and dropped: a scanner's wrong
    /// method does not keep the whole spec in memory).
    pub fn allowed(&self) -> &AllowedMethods {
        self.allowed.get_or_init(|| match self.spec.get() {
            Some(spec) => AllowedMethods::from_spec(std::str::from_utf8(spec).unwrap_or_default()),
            None => AllowedMethods::from_spec(&service(&self.public_url).spec()),
        })
    }

    /// poem-openapi's Swagger UI page, for the explorer to take its files
    /// from on its first visit.
    pub fn swagger_ui_html(&self) -> String {
        service(&self.public_url).swagger_ui_html()
    }

    /// `/api/openapi.json`.
    pub fn endpoint(self: &Arc<Self>) -> impl Endpoint<Output = Response> + 'static {
        let doc = self.clone();
        make_sync(move |_| {
            Response::builder()
                .content_type("application/json")
                .body(doc.spec().clone())
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn nothing_is_built_until_asked_and_then_once() {
        let doc = ApiDocument::new("http://x");
        assert!(doc.spec.get().is_none() && doc.allowed.get().is_none());
        let allow = doc.allowed().for_path("/posts").map(str::to_string);
        assert_eq!(allow.as_deref(), Some("GET, HEAD, POST"));
        assert!(doc.spec.get().is_none(), "a 405 keeps no spec");
        let first = doc.spec().as_ptr();
        assert_eq!(doc.spec().as_ptr(), first, "built once");
        let spec: serde_json::Value = serde_json::from_slice(doc.spec()).unwrap();
        assert_eq!(spec["servers"][0]["url"], "http://x/api/v1");
    }
}
