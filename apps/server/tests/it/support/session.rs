//! A browser session on a [`TestApp`](super::TestApp) and the requests
//! scenarios make through it, so a scenario reads as what the user does
//! (`session.post_form("/settings/language", &[("language", "ru")])`)
//! rather than as request plumbing.

use std::ops::Deref;

/// A cookie-keeping client that does not follow redirects, bound to one
/// app's address. Derefs to the `reqwest::Client` for anything unusual.
#[derive(Clone)]
pub struct Session {
    client: reqwest::Client,
    base: String,
}

impl Deref for Session {
    type Target = reqwest::Client;

    fn deref(&self) -> &reqwest::Client {
        &self.client
    }
}

impl Session {
    pub(super) fn new(base: &str) -> Self {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self::with_client(client, base)
    }

    pub(super) fn with_client(client: reqwest::Client, base: &str) -> Self {
        Session {
            client,
            base: base.to_string(),
        }
    }

    /// The cookie-keeping client itself, for helpers that take one.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs `path`, whatever the answer.
    pub async fn visit(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// GETs `path` and returns the body, whatever the status (tests that
    /// care about it use [`Session::visit`]).
    pub async fn get_page(&self, path: &str) -> String {
        self.visit(path).await.text().await.expect("body")
    }

    /// The CSRF token of the first form on `page`.
    pub async fn csrf(&self, page: &str) -> String {
        let html = self.visit(page).await.text().await.expect("body");
        super::csrf_in(&html).unwrap_or_else(|| panic!("no csrf field on {page}: {html}"))
    }

    /// POSTs `fields` as a form to `path` with a CSRF token of this session
    /// (taken from the settings page, which every signed-in user has).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf("/settings").await;
        self.post_form_with(path, &token, fields).await
    }

    /// POSTs `fields` as a form to `path` with the CSRF token `csrf` (one
    /// taken earlier, or a wrong one).
    pub async fn post_form_with(
        &self,
        path: &str,
        csrf: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut form = vec![("csrf", csrf)];
        form.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// POSTs `form` (its CSRF field included, or deliberately not) to
    /// `path`.
    pub async fn submit(&self, path: &str, form: &impl serde::Serialize) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// POSTs the multipart `form` to `path` (the web upload form).
    pub async fn post_multipart(
        &self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }
}
