//! A real server on a random port over in-memory (or given) storage, and an
//! HTTP client that keeps cookies, for tests that go through the whole stack.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::Arc;

pub mod browser;
pub mod graph_world;
mod session;
pub mod stores;

pub use session::Session;

use poem::Server;
use poem::listener::{Acceptor, Listener, TcpListener};
use secrecy::SecretString;
use socialflow_core::crypto::TokenCipher;
use socialflow_core::instagram::InstagramApi;
use socialflow_core::media::MediaSettings;
use socialflow_core::password::PasswordHasher;
use socialflow_core::posts::{LibraryPostMedia, PostMedia};
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, User};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{FakePostMedia, FastHasher, ManualClock, MemoryStore};
use socialflow_server::privacy_settings::PrivacySettings;
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

/// How to build a [`TestApp`]: every setting has the default most tests
/// want (memory store, manual clock at its default time, no Instagram, fast
/// password hashing, http, production-sized limits).
pub struct TestAppBuilder {
    store: Arc<dyn Store>,
    clock: Arc<ManualClock>,
    instagram: Arc<dyn InstagramApi>,
    instagram_configured: bool,
    hasher: Arc<dyn PasswordHasher>,
    web: Box<dyn FnOnce(&mut WebSettings) + Send>,
    media: Box<dyn FnOnce(&mut MediaSettings) + Send>,
    cipher: Option<Arc<dyn TokenCipher>>,
    privacy: Option<PrivacySettings>,
    library_post_media: bool,
    meta_secrets: bool,
    /// Media in an S3 bucket (and whether Instagram gets presigned URLs).
    s3_media: Option<(socialflow_s3_media::S3Config, bool)>,
}

impl TestAppBuilder {
    /// On `store` instead of a fresh in-memory one (SQLite, MariaDB, or one
    /// store shared by two apps).
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = store;
        self
    }

    /// On `clock` (say, one set to the fake Instagram's time, or shared by
    /// two apps).
    pub fn clock(mut self, clock: Arc<ManualClock>) -> Self {
        self.clock = clock;
        self
    }

    /// With Instagram configured and answered by `instagram` (a mock, or
    /// the Graph client against the fake Instagram).
    pub fn instagram(mut self, instagram: Arc<dyn InstagramApi>) -> Self {
        self.instagram = instagram;
        self.instagram_configured = true;
        self
    }

    /// Passwords checked by `hasher` (e.g. one as slow as bcrypt, so
    /// parallel logins really overlap).
    pub fn hasher(mut self, hasher: Arc<dyn PasswordHasher>) -> Self {
        self.hasher = hasher;
        self
    }

    /// As if the public URL were https: cookies get `Secure`.
    pub fn https(self) -> Self {
        self.web(|w| w.secure_cookies = true)
    }

    /// The web settings adjusted (metrics token, cookies…).
    pub fn web(mut self, adjust: impl FnOnce(&mut WebSettings) + Send + 'static) -> Self {
        self.web = Box::new(adjust);
        self
    }

    /// The media settings adjusted (upload cap, private-address check).
    pub fn media(mut self, adjust: impl FnOnce(&mut MediaSettings) + Send + 'static) -> Self {
        self.media = Box::new(adjust);
        self
    }

    /// Tokens encrypted with `cipher` (one whose key the test holds, to
    /// decrypt what was stored) instead of a random key's.
    pub fn cipher(mut self, cipher: Arc<dyn TokenCipher>) -> Self {
        self.cipher = Some(cipher);
        self
    }

    /// The operator's privacy settings (policy version, operator name…).
    pub fn privacy(mut self, settings: PrivacySettings) -> Self {
        self.privacy = Some(settings);
        self
    }

    /// Posts take their media from the real media library (files on disk)
    /// rather than from [`TestApp::media`]'s fake.
    pub fn library_post_media(mut self) -> Self {
        self.library_post_media = true;
        self
    }

    /// No Meta app secret and no webhook verify token, as on a server whose
    /// operator has not set them.
    pub fn without_meta_secrets(mut self) -> Self {
        self.meta_secrets = false;
        self
    }

    /// Media in the S3 bucket `s3` (a real server the test started), with
    /// Instagram fetching presigned URLs when `presign`.
    pub fn s3_media(mut self, s3: socialflow_s3_media::S3Config, presign: bool) -> Self {
        self.s3_media = Some((s3, presign));
        self
    }

    /// Starts the server on a random port of 127.0.0.1.
    pub async fn spawn(self) -> TestApp {
        let TestAppBuilder {
            store,
            clock,
            instagram,
            instagram_configured,
            hasher,
            web: adjust,
            media: adjust_media,
            cipher,
            privacy,
            library_post_media,
            meta_secrets,
            s3_media,
        } = self;
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
        let media = match s3_media {
            Some((s3, presign)) => socialflow_server::wiring::s3_media_library(
                store.clone(),
                clock.clone(),
                media_dir.path(),
                media_settings,
                [9u8; 32],
                &s3,
                presign,
            ),
            None => socialflow_server::wiring::media_library(
                store.clone(),
                clock.clone(),
                media_dir.path(),
                media_settings,
                [9u8; 32],
            ),
        }
        .expect("media library");
        let post_media = Arc::new(FakePostMedia::new());
        let posts_media: Arc<dyn PostMedia> = if library_post_media {
            Arc::new(LibraryPostMedia::new(media.clone(), store.clone()))
        } else {
            post_media.clone()
        };
        let secret = |s: &str| meta_secrets.then(|| SecretString::from(s.to_string()));
        let deps = Deps {
            media,
            store: store.clone(),
            hasher,
            minter: Arc::new(RandomMinter),
            clock: clock.clone(),
            throttle: fast_throttle(),
            instagram,
            cipher: cipher.unwrap_or_else(|| {
                Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).expect("cipher"))
            }),
            instagram_configured,
            signed_requests: Arc::new(socialflow_crypto::MetaSignedRequestVerifier::new(secret(
                META_SECRET,
            ))),
            inbox: socialflow_server::webhooks::InboxSettings::new(
                secret(META_SECRET),
                secret(WEBHOOK_VERIFY_TOKEN),
                false,
            ),
            post_media: posts_media,
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
        let mut state = AppState::new(deps, web);
        if let Some(settings) = privacy {
            state = state.with_privacy(settings);
        }
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
}

impl TestApp {
    /// A builder for anything but the defaults.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            store: Arc::new(MemoryStore::new()),
            clock: Arc::new(ManualClock::default()),
            instagram: Arc::new(UnconfiguredInstagram),
            instagram_configured: false,
            hasher: Arc::new(FastHasher),
            web: Box::new(|_| {}),
            media: Box::new(|_| {}),
            cipher: None,
            privacy: None,
            library_post_media: false,
            meta_secrets: true,
            s3_media: None,
        }
    }

    /// The app with every default: memory store, manual clock, no Instagram.
    pub async fn spawn() -> Self {
        Self::builder().spawn().await
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

    /// The user `id` as stored now.
    pub async fn user(&self, id: socialflow_core::UserId) -> User {
        self.store
            .user_by_id(id)
            .await
            .expect("read user")
            .expect("user exists")
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

    /// A browser-like session, signed out: keeps cookies, does not follow
    /// redirects.
    pub fn browser(&self) -> Session {
        Session::new(&self.base)
    }

    /// A session on `client` (say, one that follows redirects or keeps no
    /// cookies).
    pub fn session_with(&self, client: reqwest::Client) -> Session {
        Session::with_client(client, &self.base)
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

    /// A session signed in as `username` (created with [`PASSWORD`]).
    pub async fn login_as(&self, username: &str) -> Session {
        let session = self.browser();
        let resp = self.login(&session, username, PASSWORD).await;
        assert_eq!(resp.status(), 303, "login of {username} failed");
        session
    }

    /// A REST GET with bearer token `tok`: the status and the JSON body.
    pub async fn api_get(&self, tok: &str, path: &str) -> (u16, serde_json::Value) {
        self.api_call(tok, reqwest::Method::GET, path, None).await
    }

    /// A REST POST of `body` with bearer token `tok`: the status and the
    /// JSON body.
    pub async fn api_post(
        &self,
        tok: &str,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        self.api_call(tok, reqwest::Method::POST, path, Some(body))
            .await
    }

    /// `POST /api/v1/posts` with `body`: the status and the answer (the
    /// post under `post`, or the problems).
    pub async fn create_post(
        &self,
        tok: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        self.api_post(tok, "/api/v1/posts", body).await
    }

    /// A photo post of `image` on `account` scheduled for `at` (RFC 3339),
    /// created over the API; its id. Fails the test unless it is accepted.
    pub async fn schedule_post(
        &self,
        tok: &str,
        account: impl serde::Serialize,
        image: impl serde::Serialize,
        at: &str,
    ) -> String {
        let body = serde_json::json!({
            "account_id": account, "kind": "post", "media_ids": [image],
            "caption": "scheduled", "scheduled_at": at,
        });
        let (status, answer) = self.create_post(tok, body).await;
        assert_eq!(status, 201, "{answer}");
        assert_eq!(answer["post"]["state"], "scheduled", "{answer}");
        answer["post"]["id"].as_str().expect("post id").to_string()
    }

    /// Uploads the 4:5 photo of `fixtures/media` through the API with token
    /// `tok`; the media id. Fails the test unless it is accepted.
    pub async fn upload_photo(&self, tok: &str) -> String {
        let (status, media) = self
            .upload(tok, "portrait-4x5.jpg", fixture("portrait-4x5.jpg"))
            .await;
        assert_eq!(status, 201, "{media}");
        media["id"].as_str().expect("media id").to_string()
    }

    /// Uploads `bytes` as file `name` through `POST /api/v1/media`: the
    /// status and the JSON answer.
    pub async fn upload(&self, tok: &str, name: &str, bytes: Vec<u8>) -> (u16, serde_json::Value) {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
        let resp = reqwest::Client::new()
            .post(self.url("/api/v1/media"))
            .bearer_auth(tok)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }
}

/// A file of `fixtures/media/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/media/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
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
