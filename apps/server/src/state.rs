//! What every request handler can reach: the use cases and web settings.

use std::sync::Arc;

use socialflow_core::accounts::AccountService;
use socialflow_core::analytics::AnalyticsService;
use socialflow_core::auth::AuthService;
use socialflow_core::crypto::{SecretMinter, TokenCipher};
use socialflow_core::instagram::InstagramApi;
use socialflow_core::media::MediaLibrary;
use socialflow_core::meta::{MetaCallbacks, SignedRequestVerifier};
use socialflow_core::password::PasswordHasher;
use socialflow_core::posts::{PostMedia, PostService};
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::users::UserService;
use socialflow_core::{Clock, Store};

use crate::metered::MeteredInstagram;
use crate::metrics::Metrics;

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

/// The ports a server is built from.
pub struct Deps {
    pub store: Arc<dyn Store>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub minter: Arc<dyn SecretMinter>,
    pub clock: Arc<dyn Clock>,
    pub throttle: ThrottlePolicy,
    pub instagram: Arc<dyn InstagramApi>,
    pub cipher: Arc<dyn TokenCipher>,
    /// Whether an Instagram app (or the demo's fake) is configured, so
    /// accounts can be connected.
    pub instagram_configured: bool,
    /// Verifies Meta's `signed_request` with the Instagram app secret.
    pub signed_requests: Arc<dyn SignedRequestVerifier>,
    /// Uploaded media (see `wiring::media_library`).
    pub media: MediaLibrary,
    /// Webhook verification and the inbox's rules.
    pub inbox: crate::webhooks::InboxSettings,
    /// The media library as posts see it (files, their class, thumbnails).
    pub post_media: Arc<dyn PostMedia>,
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Arc<dyn Store>,
    pub auth: AuthService,
    pub users: UserService,
    pub accounts: AccountService,
    pub analytics: AnalyticsService,
    pub posts: PostService,
    /// The dashboard's checklist and users' milestones.
    pub onboarding: socialflow_core::onboarding::OnboardingService,
    pub post_media: Arc<dyn PostMedia>,
    pub meta: MetaCallbacks,
    pub media: MediaLibrary,
    pub inbox: socialflow_core::inbox::InboxService,
    pub webhooks: crate::webhooks::InboxSettings,
    pub instagram_configured: bool,
    pub clock: Arc<dyn Clock>,
    pub metrics: Arc<Metrics>,
    pub web: WebSettings,
    /// One-time secret printed at start-up while no user exists; it lets the
    /// operator create the first admin in the browser.
    pub setup_token: String,
    /// Policy, export, erasure and the admin's audit view.
    pub privacy: crate::privacy_services::PrivacyServices,
    /// Set by `serve --demo`: pages show the demo banner.
    demo: std::sync::atomic::AtomicBool,
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(deps: Deps, web: WebSettings) -> Self {
        Self::with_window(
            deps,
            web,
            socialflow_core::time_window::TimeWindow::default(),
        )
    }

    /// A state whose users may schedule posts only inside `window`.
    pub fn with_window(
        deps: Deps,
        web: WebSettings,
        window: socialflow_core::time_window::TimeWindow,
    ) -> Self {
        let auth = AuthService::new(
            socialflow_core::auth::AuthStorage::from_store(deps.store.clone()),
            deps.hasher.clone(),
            deps.minter.clone(),
            deps.clock.clone(),
        )
        .with_throttle(deps.throttle);
        let meta = MetaCallbacks::new(
            deps.store.clone(),
            deps.store.clone(),
            deps.store.clone(),
            deps.signed_requests,
            deps.minter.clone(),
            deps.clock.clone(),
        );
        let privacy = crate::privacy_services::PrivacyServices::new(
            deps.store.clone(),
            auth.password_check().clone(),
            deps.clock.clone(),
            Default::default(),
            &deps.media,
        );
        let users = UserService::new(
            deps.store.clone(),
            deps.store.clone(),
            deps.store.clone(),
            deps.hasher,
            deps.clock.clone(),
        );
        let metrics = Arc::new(Metrics::new());
        let instagram: Arc<dyn InstagramApi> =
            Arc::new(MeteredInstagram::new(deps.instagram, metrics.clone()));
        let accounts = AccountService::new(
            socialflow_core::accounts::AccountStorage::from_store(deps.store.clone()),
            instagram,
            deps.cipher,
            deps.minter.clone(),
            deps.clock.clone(),
        );
        let inbox = socialflow_core::inbox::InboxService::new(
            socialflow_core::inbox::InboxStorage::from_store(deps.store.clone()),
            accounts.clone(),
            deps.clock.clone(),
        )
        .with_policy(deps.inbox.policy);
        let analytics = AnalyticsService::new(
            socialflow_core::analytics::AnalyticsStorage::from_store(deps.store.clone()),
            accounts.clone(),
            deps.clock.clone(),
        );
        let posts = PostService::new(
            deps.store.clone(),
            deps.store.clone(),
            deps.store.clone(),
            deps.store.clone(),
            deps.post_media.clone(),
            deps.clock.clone(),
        )
        .with_window(window);
        let onboarding = socialflow_core::onboarding::OnboardingService::new(
            deps.store.clone(),
            deps.store.clone(),
            deps.store.clone(),
            deps.store.clone(),
            deps.clock.clone(),
        );
        use secrecy::ExposeSecret;
        let setup_token = deps.minter.mint().expose_secret().to_string();
        AppState(Arc::new(Inner {
            store: deps.store,
            auth,
            users,
            accounts,
            analytics,
            posts,
            onboarding,
            post_media: deps.post_media,
            meta,
            media: deps.media,
            inbox,
            webhooks: deps.inbox,
            instagram_configured: deps.instagram_configured,
            clock: deps.clock,
            metrics,
            web,
            setup_token,
            privacy,
            demo: std::sync::atomic::AtomicBool::new(false),
        }))
    }

    /// Marks this server as the demo (`serve --demo`).
    pub fn mark_demo(&self) {
        self.0
            .demo
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn is_demo(&self) -> bool {
        self.0.demo.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Applies the operator's privacy settings (call right after `new`,
    /// before the state is shared).
    pub fn with_privacy(mut self, settings: crate::privacy_settings::PrivacySettings) -> Self {
        match Arc::get_mut(&mut self.0) {
            Some(inner) => {
                inner.privacy =
                    inner
                        .privacy
                        .with_settings(inner.store.clone(), inner.clock.clone(), settings);
            }
            None => tracing::error!("privacy settings applied to a shared state; ignored"),
        }
        self
    }
}
