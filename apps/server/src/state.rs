//! What every request handler can reach: the use cases ([`Services`]) and
//! the settings only the web server has (cookies, CSRF, the setup link, the
//! demo banner). The worker never builds one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use secrecy::ExposeSecret;
use socialflow_core::time_window::TimeWindow;

use crate::privacy_settings::PrivacySettings;
use crate::services::{Deps, Services};

/// Settings of the web layer that do not change while running.
#[derive(Clone)]
pub struct WebSettings {
    pub public_url: String,
    pub secure_cookies: bool,
    pub trust_proxy: bool,
    /// Key for the CSRF middleware, derived from the master key.
    pub csrf_key: [u8; 32],
    /// Largest form or JSON body accepted, in bytes.
    pub body_limit: usize,
    /// Bearer token for `/metrics`; without one only loopback clients may read it.
    pub metrics_token: Option<secrecy::SecretString>,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub services: Services,
    pub web: WebSettings,
    /// One-time secret printed at start-up while no user exists; it lets the
    /// operator create the first admin in the browser.
    pub setup_token: String,
    /// Set by `serve --demo`: pages show the demo banner.
    demo: AtomicBool,
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Handlers reach the use cases as `state.posts`, `state.inbox`, ….
impl std::ops::Deref for Inner {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.services
    }
}

impl AppState {
    pub fn new(deps: Deps, web: WebSettings) -> Self {
        Self::from_services(Services::new(deps), web)
    }

    /// A state whose users may schedule posts only inside `window`.
    pub fn with_window(deps: Deps, web: WebSettings, window: TimeWindow) -> Self {
        Self::from_services(Services::with_window(deps, window), web)
    }

    pub fn from_services(services: Services, web: WebSettings) -> Self {
        let setup_token = services.minter.mint().expose_secret().to_string();
        AppState(Arc::new(Inner {
            services,
            web,
            setup_token,
            demo: AtomicBool::new(false),
        }))
    }

    /// Marks this server as the demo (`serve --demo`).
    pub fn mark_demo(&self) {
        self.0.demo.store(true, Ordering::Relaxed);
    }

    pub fn is_demo(&self) -> bool {
        self.0.demo.load(Ordering::Relaxed)
    }

    /// Applies the operator's privacy settings (call right after `new`,
    /// before the state is shared).
    pub fn with_privacy(mut self, settings: PrivacySettings) -> Self {
        match Arc::get_mut(&mut self.0) {
            Some(inner) => inner.services = inner.services.clone().with_privacy(settings),
            None => tracing::error!("privacy settings applied to a shared state; ignored"),
        }
        self
    }
}
