//! CSRF protection for the HTML forms: poem's `Csrf` (AES-GCM tokens checked
//! against a cookie), with its key bound to the session. A token and cookie
//! taken from one session (say, the attacker's own) are refused in any
//! other, and tokens from before a login stop working after it.
//!
//! The key is the master key's CSRF key for requests without a session
//! cookie, and HMAC(CSRF key, session secret) with one; every server
//! process derives the same keys, so they accept each other's forms.

use std::sync::Arc;

use poem::middleware::{CookieJarManager, CookieJarManagerEndpoint, Csrf};
use poem::web::cookie::SameSite;
use poem::{Endpoint, IntoResponse, Middleware, Request, Response};

use crate::web::request::session_secret;

/// Over HTTPS the cookie has the `__Host-` prefix: browsers then insist on
/// `Secure`, `Path=/` and no `Domain`, so a sibling subdomain cannot plant
/// one.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-sf_csrf" } else { "sf_csrf" }
}

#[derive(Clone, Copy)]
pub struct SessionCsrf {
    key: [u8; 32],
    secure: bool,
}

impl SessionCsrf {
    pub fn new(key: [u8; 32], secure: bool) -> Self {
        Self { key, secure }
    }
}

impl<E: Endpoint> Middleware<E> for SessionCsrf {
    type Output = CookieJarManagerEndpoint<SessionCsrfEndpoint<E>>;

    fn transform(&self, ep: E) -> Self::Output {
        // The session cookie is read from the same jar the handlers read it
        // from, so the token is bound to the session the handler acts for.
        CookieJarManager::new().transform(SessionCsrfEndpoint {
            inner: Arc::new(ep),
            config: *self,
        })
    }
}

pub struct SessionCsrfEndpoint<E> {
    inner: Arc<E>,
    config: SessionCsrf,
}

impl<E: Endpoint> Endpoint for SessionCsrfEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let key = match session_secret(&req) {
            Some(secret) => socialflow_crypto::session_bound_key(&self.config.key, &secret),
            None => self.config.key,
        };
        Csrf::new()
            .key(key)
            .cookie_name(cookie_name(self.config.secure))
            .secure(self.config.secure)
            .same_site(SameSite::Strict)
            .path("/")
            .transform(self.inner.clone())
            .call(req)
            .await
            .map(IntoResponse::into_response)
    }
}
