//! A real server on a random port over in-memory (or given) storage, and an
//! HTTP client that keeps cookies, for tests that go through the whole stack.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::Arc;

use poem::Server;
use poem::listener::{Acceptor, Listener, TcpListener};
use secrecy::SecretString;
use socialflow_core::instagram::InstagramApi;
use socialflow_core::media::MediaSettings;
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, User};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{FakePostMedia, FastHasher, ManualClock, MemoryStore};
use socialflow_server::unconfigured::UnconfiguredInstagram;
use socialflow_server::{AppState, Deps, WebSettings};

pub const PASSWORD: &str = "correct horse battery";
/// The Instagram app secret test servers verify Meta's signed requests with.
pub const META_SECRET: &str = "meta-app-secret";
/// The webhook verify token test servers expect in Meta's handshake.
pub const WEBHOOK_VERIFY_TOKEN: &str = "verify-me";

pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub store: Arc<dyn Store>,
    /// The media directory, removed when the app is dropped.
    pub media_dir: tempfile::TempDir,
    /// The media library posts use: tests add files to it.
    pub media: Arc<FakePostMedia>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Throttling without sleeps, so tests stay fast; limits as in production.
pub fn fast_throttle() -> ThrottlePolicy {
    ThrottlePolicy {
        delay_step: time::Duration::ZERO,
        ..ThrottlePolicy::default()
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(
            Arc::new(MemoryStore::new()),
            Arc::new(ManualClock::default()),
        )
        .await
    }

    pub async fn spawn_on(store: Arc<dyn Store>, clock: Arc<ManualClock>) -> Self {
        Self::spawn_with(store, clock, Arc::new(UnconfiguredInstagram), false).await
    }

    pub async fn spawn_with(
        store: Arc<dyn Store>,
        clock: Arc<ManualClock>,
        instagram: Arc<dyn InstagramApi>,
        instagram_configured: bool,
    ) -> Self {
        Self::spawn_full(store, clock, instagram, instagram_configured, |_| {}).await
    }

    /// As if the public URL were https: cookies get `Secure`.
    pub async fn spawn_https() -> Self {
        Self::spawn_full(
            Arc::new(MemoryStore::new()),
            Arc::new(ManualClock::default()),
            Arc::new(UnconfiguredInstagram),
            false,
            |w| w.secure_cookies = true,
        )
        .await
    }

    pub async fn spawn_full(
        store: Arc<dyn Store>,
        clock: Arc<ManualClock>,
        instagram: Arc<dyn InstagramApi>,
        instagram_configured: bool,
        adjust: impl FnOnce(&mut WebSettings),
    ) -> Self {
        Self::spawn_media(
            store,
            clock,
            instagram,
            instagram_configured,
            adjust,
            |_| {},
        )
        .await
    }

    /// As `spawn_full`, with the media settings adjustable (upload cap,
    /// private-address check).
    pub async fn spawn_media(
        store: Arc<dyn Store>,
        clock: Arc<ManualClock>,
        instagram: Arc<dyn InstagramApi>,
        instagram_configured: bool,
        adjust: impl FnOnce(&mut WebSettings),
        adjust_media: impl FnOnce(&mut MediaSettings),
    ) -> Self {
        Self::spawn_hashing(
            store,
            clock,
            instagram,
            instagram_configured,
            adjust,
            adjust_media,
            Arc::new(FastHasher),
        )
        .await
    }

    /// On `store`, with passwords checked by `hasher` (e.g. one as slow as
    /// bcrypt, so parallel logins really overlap).
    pub async fn spawn_with_hasher(
        store: Arc<dyn Store>,
        hasher: Arc<dyn socialflow_core::password::PasswordHasher>,
    ) -> Self {
        Self::spawn_hashing(
            store,
            Arc::new(ManualClock::default()),
            Arc::new(UnconfiguredInstagram),
            false,
            |_| {},
            |_| {},
            hasher,
        )
        .await
    }

    async fn spawn_hashing(
        store: Arc<dyn Store>,
        clock: Arc<ManualClock>,
        instagram: Arc<dyn InstagramApi>,
        instagram_configured: bool,
        adjust: impl FnOnce(&mut WebSettings),
        adjust_media: impl FnOnce(&mut MediaSettings),
        hasher: Arc<dyn socialflow_core::password::PasswordHasher>,
    ) -> Self {
        let acceptor = TcpListener::bind("127.0.0.1:0")
            .into_acceptor()
            .await
            .expect("bind");
        let addr = acceptor.local_addr()[0]
            .as_socket_addr()
            .copied()
            .expect("tcp address");
        let base = format!("http://{addr}");
        let media_dir = tempfile::tempdir().expect("media dir");
        let mut media_settings = MediaSettings::new(&base, 1024 * 1024 * 1024, false);
        adjust_media(&mut media_settings);
        let media = socialflow_server::wiring::media_library(
            store.clone(),
            clock.clone(),
            media_dir.path(),
            media_settings,
            [9u8; 32],
        )
        .expect("media library");
        let post_media = Arc::new(FakePostMedia::new());
        let deps = Deps {
            media,
            store: store.clone(),
            hasher,
            minter: Arc::new(RandomMinter),
            clock: clock.clone(),
            throttle: fast_throttle(),
            instagram,
            cipher: Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).expect("cipher")),
            instagram_configured,
            signed_requests: Arc::new(socialflow_crypto::MetaSignedRequestVerifier::new(Some(
                secrecy::SecretString::from(META_SECRET.to_string()),
            ))),
            inbox: socialflow_server::webhooks::InboxSettings::new(
                Some(SecretString::from(META_SECRET.to_string())),
                Some(SecretString::from(WEBHOOK_VERIFY_TOKEN.to_string())),
                false,
            ),
            post_media: post_media.clone(),
        };
        let mut web = WebSettings {
            public_url: base.clone(),
            secure_cookies: false,
            trust_proxy: false,
            csrf_key: [7u8; 32],
            body_limit: 64 * 1024,
            metrics_token: None,
        };
        adjust(&mut web);
        let state = AppState::new(deps, web);
        let app = socialflow_server::app(state.clone());
        let server = tokio::spawn(async move {
            let _ = Server::new_with_acceptor(acceptor).run(app).await;
        });
        TestApp {
            addr,
            base,
            state,
            clock,
            store,
            media_dir,
            media: post_media,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn add_user(&self, name: &str, language: Language) -> User {
        self.state
            .users
            .create_user(
                name,
                SecretString::from(PASSWORD.to_string()),
                Role::User,
                language,
                &RequestContext::cli(),
            )
            .await
            .expect("create user")
    }

    /// An active Instagram account `name` of `owner`, stored directly (its
    /// token is a placeholder: these tests never call Instagram).
    pub async fn add_account(
        &self,
        owner: &User,
        name: &str,
    ) -> socialflow_core::account::AccountId {
        use socialflow_core::account::{
            Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
        };
        let t = socialflow_core::Clock::now(&*self.clock);
        let a = Account {
            id: AccountId::new(),
            owner: owner.id,
            ig_user_id: format!("ig-{name}"),
            app_scoped_id: format!("app-{name}"),
            profile: AccountProfile {
                username: name.into(),
                ..AccountProfile::default()
            },
            token: AccountToken {
                ciphertext: EncryptedToken(vec![1]),
                expires_at: t + time::Duration::days(60),
                refreshed_at: t,
                scopes: vec![],
            },
            status: AccountStatus::Active,
            status_detail: None,
            connected_at: t,
            profile_fetched_at: t,
        };
        self.store.insert_account(&a).await.unwrap();
        a.id
    }

    /// A personal API token of `user`.
    pub async fn api_token(&self, user: &User) -> String {
        use secrecy::ExposeSecret;
        let (_, s) = self
            .state
            .auth
            .create_api_token(user.id, "t", &RequestContext::cli())
            .await
            .unwrap();
        s.expose_secret().to_string()
    }

    /// A REST call with bearer token `tok`: the status and the JSON body
    /// (`Null` when the body is not JSON).
    pub async fn api_call(
        &self,
        tok: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut r = self
            .browser()
            .request(method, self.url(path))
            .bearer_auth(tok);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Fetches `path` and returns the CSRF token of its first form.
    pub async fn csrf(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client
            .get(self.url(path))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body");
        csrf_in(&html).unwrap_or_else(|| panic!("no csrf field on {path}: {html}"))
    }

    pub async fn login(
        &self,
        client: &reqwest::Client,
        username: &str,
        password: &str,
    ) -> reqwest::Response {
        let csrf = self.csrf(client, "/login").await;
        client
            .post(self.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", username),
                ("password", password),
                ("next", "/"),
            ])
            .send()
            .await
            .expect("post login")
    }

    pub async fn logged_in(&self, username: &str) -> reqwest::Client {
        let client = self.browser();
        let resp = self.login(&client, username, PASSWORD).await;
        assert_eq!(resp.status(), 303, "login of {username} failed");
        client
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// A tracing writer that keeps everything written, for tests of what the
/// logs contain.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLogs {
    type Writer = CapturedLogs;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl CapturedLogs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}
