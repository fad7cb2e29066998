//! A fake of Instagram's hosts (graph.instagram.com, api.instagram.com's
//! OAuth, rupload) over real HTTP with in-memory state, built to the
//! behaviour reference in `shared/docs/instagram-api.md`. Tests drive it and
//! inject faults; the product's demo mode and benchmarks run on it.
//!
//! Points the reference marks unverified are switches in [`FakeGraphConfig`].

mod demo;
mod errors;
mod json;
mod params;
mod routes;
mod world;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::web::Data;
use poem::{Body, EndpointExt, Request, Response, Route, Server, handler};

use world::World;
pub use world::{FaultKind, RecordedRequest};

/// The token exchange's answer shape, which the reference cannot settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenResponseShape {
    /// `{"access_token", "user_id": <number>, "permissions"}` (observed live).
    #[default]
    Flat,
    /// `{"data": [{…}]}` (documented).
    Wrapped,
}

#[derive(Debug, Clone)]
pub struct FakeGraphConfig {
    pub app_id: String,
    pub app_secret: String,
    /// How long image and carousel containers stay IN_PROGRESS.
    pub image_processing: Duration,
    /// How long video containers stay IN_PROGRESS.
    pub video_processing: Duration,
    /// Posts per 24 h (the reference says 50 in one place, 100 in another).
    pub quota_total: u32,
    /// Hashtags per caption: 30 (API docs) or 5 (the app's Dec 2025 cap).
    pub hashtag_limit: usize,
    pub token_response: TokenResponseShape,
    /// Fetch `image_url`/`video_url` like Meta does (and fail like Meta
    /// when they cannot be fetched).
    pub fetch_media: bool,
}

impl Default for FakeGraphConfig {
    fn default() -> Self {
        Self {
            app_id: "fake-app-id".into(),
            app_secret: "fake-app-secret".into(),
            image_processing: Duration::ZERO,
            video_processing: Duration::from_secs(2),
            quota_total: 100,
            hashtag_limit: 30,
            token_response: TokenResponseShape::Flat,
            fetch_media: true,
        }
    }
}

/// A profile to seed an account with.
#[derive(Debug, Clone)]
pub struct SeedProfile {
    pub username: String,
    pub name: String,
    pub biography: String,
    pub followers_count: u64,
    pub follows_count: u64,
    pub account_type: String,
}

/// The ids of a seeded account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededAccount {
    pub index: usize,
    pub app_scoped_id: String,
    pub ig_user_id: String,
    pub username: String,
}

/// A post published through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedMedia {
    pub id: String,
    pub container_id: String,
    pub caption: String,
    pub permalink: String,
}

#[derive(Clone)]
pub struct FakeGraph {
    world: Arc<Mutex<World>>,
    config: Arc<FakeGraphConfig>,
    base_url: Arc<OnceLock<String>>,
}

/// The server task; aborted when dropped.
pub struct RunningFakeGraph {
    pub base_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RunningFakeGraph {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[handler]
async fn entry(req: &Request, body: Body, fake: Data<&FakeGraph>) -> Response {
    routes::handle(fake.0.clone(), req, body).await
}

impl FakeGraph {
    pub fn new(config: FakeGraphConfig) -> Self {
        Self {
            world: Arc::new(Mutex::new(World::default())),
            config: Arc::new(config),
            base_url: Arc::new(OnceLock::new()),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn config(&self) -> &FakeGraphConfig {
        &self.config
    }

    /// The base URL once started (empty before).
    pub fn base_url(&self) -> String {
        self.base_url.get().cloned().unwrap_or_default()
    }

    pub async fn start(&self) -> std::io::Result<RunningFakeGraph> {
        self.start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub async fn start_on(&self, addr: SocketAddr) -> std::io::Result<RunningFakeGraph> {
        let acceptor = TcpListener::bind(addr).into_acceptor().await?;
        let local = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().copied())
            .ok_or_else(|| std::io::Error::other("no local address"))?;
        let base_url = format!("http://{local}");
        let _ = self.base_url.set(base_url.clone());
        let app = Route::new()
            .at("/*path", entry)
            .at("/", entry)
            .data(self.clone());
        let task = tokio::spawn(async move {
            let _ = Server::new_with_acceptor(acceptor).run(app).await;
        });
        Ok(RunningFakeGraph { base_url, task })
    }

    pub fn add_account(&self, profile: SeedProfile) -> SeededAccount {
        let mut w = self.lock();
        let index = w.accounts.len();
        let app_scoped_id = format!("2728135859155{:04}", 8845 + index);
        let ig_user_id = format!("178414572153{:05}", 96811 + index);
        w.accounts.push(world::Account {
            app_scoped_id: app_scoped_id.clone(),
            ig_user_id: ig_user_id.clone(),
            username: profile.username.clone(),
            name: profile.name,
            biography: profile.biography,
            followers_count: profile.followers_count,
            follows_count: profile.follows_count,
            account_type: profile.account_type,
            follower_series: (0..30).map(|d| 20 + (d * 7) % 25).collect(),
            calls: 0,
        });
        SeededAccount {
            index,
            app_scoped_id,
            ig_user_id,
            username: profile.username,
        }
    }

    /// A realistic demo account: profile, ~50 media, comments with replies,
    /// conversations inside and outside the messaging window, insights.
    pub fn seed_demo(&self) -> SeededAccount {
        demo::seed(self)
    }

    /// A long-lived token for an account, as if it had gone through OAuth.
    pub fn issue_token(&self, account: &SeededAccount) -> String {
        let mut w = self.lock();
        let token = w.secret("IGAAL");
        let now = w.now();
        w.tokens.insert(
            token.clone(),
            world::Token {
                account: account.index,
                kind: world::TokenKind::Long,
                issued_at: now,
                expires_at: now + time::Duration::days(60),
                scopes: vec![
                    "instagram_business_basic".into(),
                    "instagram_business_content_publish".into(),
                    "instagram_business_manage_comments".into(),
                    "instagram_business_manage_messages".into(),
                    "instagram_business_manage_insights".into(),
                ],
                revoked: false,
            },
        );
        token
    }

    /// Which account consents in the OAuth dialog (default: the first).
    pub fn consent_as(&self, account: &SeededAccount) {
        self.lock().consenting_account = account.index;
    }

    pub fn faults(&self) -> Faults {
        Faults(self.clone())
    }

    /// Moves the fake's clock forward (token ages, windows, expiry).
    pub fn advance(&self, by: Duration) {
        self.lock().offset += by;
    }

    pub fn published_media(&self, account: &SeededAccount) -> Vec<PublishedMedia> {
        self.lock()
            .media
            .iter()
            .filter(|m| m.account == account.index)
            .filter_map(|m| {
                m.from_container.as_ref().map(|c| PublishedMedia {
                    id: m.id.clone(),
                    container_id: c.clone(),
                    caption: m.caption.clone(),
                    permalink: m.permalink.clone(),
                })
            })
            .collect()
    }

    /// Every request received, method and path (never the token).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }
}

/// Faults a test arms; each queued fault answers one request.
pub struct Faults(FakeGraph);

impl Faults {
    /// Delay before every answer.
    pub fn latency(&self, d: Duration) {
        self.0.lock().faults.latency = d;
    }

    /// The next `n` requests fail with `kind`.
    pub fn fail_next(&self, n: usize, kind: FaultKind) {
        let mut w = self.0.lock();
        for _ in 0..n {
            w.faults.queue.push(kind);
        }
    }

    /// The next OAuth dialog is declined by the user.
    pub fn deny_next_consent(&self) {
        self.0.lock().faults.deny_next_consent = true;
    }

    /// The user grants only these scopes in the dialog.
    pub fn grant_scopes(&self, scopes: Vec<String>) {
        self.0.lock().faults.granted_scopes = Some(scopes);
    }

    /// Invalidates a token as a password change would.
    pub fn revoke_token(&self, token: &str) {
        if let Some(t) = self.0.lock().tokens.get_mut(token) {
            t.revoked = true;
        }
    }

    pub fn clear(&self) {
        self.0.lock().faults = world::FaultState::default();
    }
}
