//! HTTP load benchmark: requests per second and latency percentiles of an
//! authenticated `GET /api/v1/me` (personal API token), the post list
//! (`GET /api/v1/posts`, token) and the dashboard (`GET /` with a session
//! cookie), next to a bare poem handler measured in the same run, with the
//! ratio of each to that baseline; on SQLite and on MariaDB.
//!
//! Run it (builds in release mode):
//!
//! ```text
//! cargo bench -p socialflow-server --bench http_load
//! BENCH_SECONDS=30 cargo bench -p socialflow-server --bench http_load
//! ```
//!
//! Settings, all optional environment variables:
//!
//! - `BENCH_SECONDS`: measured seconds per target (default 10), each after a
//!   2-second warm-up whose requests are not counted;
//! - `BENCH_CONNECTIONS`: concurrent connections (default 64);
//! - `BENCH_ACCESS_LOG=off`: do not write the JSON access log (on by default,
//!   as in production);
//! - `BENCH_DATABASES`: `sqlite`, `mariadb` or both (default `sqlite,mariadb`);
//!   MariaDB is expected at `SOCIALFLOW_TEST_MARIADB_URL` (default
//!   `mysql://root@127.0.0.1:3306`), in a scratch database dropped afterwards;
//! - `BENCH_AUTH_CACHE`: `on` (default, as in production), `off` (every
//!   request reads its session or token and user from the database), or
//!   `on,off` for both in one run.
//!
//! Everything runs in this one process on loopback: the real SocialFlow app
//! over production adapters (SQLite file in a temporary directory, bcrypt
//! cost 12, random secrets, system clock, default throttling), a bare poem
//! server, and the load generator (one reqwest client, HTTP/1.1 keep-alive,
//! one task per connection). Client and servers share the machine's cores,
//! so the absolute figures understate what a dedicated server would do; the
//! ratios to the bare baseline are the figures to compare across machines.
//! Each target and the bare handler run in alternating one-second slices
//! (`BENCH_SECONDS` of each), so a ratio compares the two under the same
//! load even when other work on the machine comes and goes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{Route, Server, get, handler};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::storage::HealthRepo;
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, SystemClock};
use socialflow_crypto::{BcryptHasher, RandomMinter};
use socialflow_server::{AppState, Deps, WebSettings};
use socialflow_sql::{ScratchDatabase, SqliteStore};

const DEFAULT_SECONDS: u64 = 10;
const DEFAULT_CONNECTIONS: usize = 64;
const WARM_UP: Duration = Duration::from_secs(2);
const USERNAME: &str = "bench";
const PASSWORD: &str = "bench password, long enough";
const BARE_BODY: &str = "Hello, world!";

#[handler]
fn hello() -> &'static str {
    BARE_BODY
}

/// One URL to hammer, with the headers that authenticate it.
#[derive(Clone)]
struct Target {
    name: String,
    url: String,
    headers: Vec<(&'static str, String)>,
}

impl Target {
    fn request(&self, client: &reqwest::Client) -> reqwest::RequestBuilder {
        self.headers
            .iter()
            .fold(client.get(&self.url), |req, (name, value)| {
                req.header(*name, value)
            })
    }
}

/// The outcome of loading one target for a while.
struct Sample {
    name: String,
    ok: usize,
    errors: u64,
    wall: Duration,
    /// Latencies of the successful requests, sorted.
    latencies: Vec<Duration>,
}

impl Sample {
    fn empty(name: &str) -> Sample {
        Sample {
            name: name.to_string(),
            ok: 0,
            errors: 0,
            wall: Duration::ZERO,
            latencies: Vec::new(),
        }
    }

    /// Adds another slice of the same target's run.
    fn add(&mut self, other: Sample) {
        self.ok += other.ok;
        self.errors += other.errors;
        self.wall += other.wall;
        self.latencies.extend(other.latencies);
    }

    fn rps(&self) -> f64 {
        self.ok as f64 / self.wall.as_secs_f64()
    }

    /// Nearest-rank percentile, `p` in 0..=1.
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = (p * self.latencies.len() as f64).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }

    fn max(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a positive number, not {v:?}")),
        Err(_) => default,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Binds a loopback port chosen by the OS.
async fn loopback_acceptor() -> (impl Acceptor, SocketAddr) {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .expect("bind 127.0.0.1:0");
    let addr = acceptor.local_addr()[0]
        .as_socket_addr()
        .copied()
        .expect("tcp address");
    (acceptor, addr)
}

/// The real SocialFlow app over production adapters and `store`, with or
/// without the authentication cache; returns its address and state.
async fn start_socialflow(
    dir: &Path,
    store: Arc<dyn Store>,
    cache: bool,
) -> (SocketAddr, AppState) {
    let (acceptor, addr) = loopback_acceptor().await;
    let media = socialflow_server::wiring::media_library(
        store.clone(),
        Arc::new(SystemClock),
        &dir.join("media"),
        socialflow_core::media::MediaSettings::new(&format!("http://{addr}"), 1 << 30, false),
        [42u8; 32],
    )
    .expect("media library");
    let post_media: Arc<dyn socialflow_core::posts::PostMedia> = Arc::new(
        socialflow_core::posts::LibraryPostMedia::new(media.clone(), store.clone()),
    );
    let deps = Deps {
        post_media,
        media,
        store,
        hasher: Arc::new(BcryptHasher::new(BcryptHasher::PRODUCTION_COST).expect("bcrypt")),
        minter: Arc::new(RandomMinter),
        clock: Arc::new(SystemClock),
        throttle: ThrottlePolicy::default(),
        instagram: Arc::new(socialflow_server::unconfigured::UnconfiguredInstagram),
        cipher: Arc::new(
            socialflow_crypto::AesSivTokenCipher::new(
                &socialflow_crypto::MasterKey::generate(),
                &[],
            )
            .expect("cipher"),
        ),
        instagram_configured: false,
        signed_requests: Arc::new(socialflow_crypto::MetaSignedRequestVerifier::new(None)),
        inbox: socialflow_server::webhooks::InboxSettings::new(None, None, false),
    };
    let web = WebSettings {
        public_url: format!("http://{addr}"),
        secure_cookies: false,
        trust_proxy: false,
        csrf_key: [42u8; 32],
        body_limit: 64 * 1024,
        metrics_token: None,
    };
    let mut services = socialflow_server::services::Services::new(deps);
    if !cache {
        services.auth = services.auth.clone().with_cache(Arc::new(
            socialflow_core::auth_cache::AuthCache::new(time::Duration::ZERO, 0),
        ));
    }
    let state = AppState::from_services(services, web);
    let app = socialflow_server::app(state.clone());
    tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor).run(app).await;
    });
    (addr, state)
}

async fn start_bare() -> SocketAddr {
    let (acceptor, addr) = loopback_acceptor().await;
    tokio::spawn(async move {
        let _ = Server::new_with_acceptor(acceptor)
            .run(Route::new().at("/", get(hello)))
            .await;
    });
    addr
}

/// A user, a personal API token and a session, made through the use cases.
async fn credentials(state: &AppState) -> (SecretString, SecretString) {
    let ctx = RequestContext::new("127.0.0.1", Some("http_load bench".to_string()));
    let user = state
        .users
        .create_user(
            USERNAME,
            SecretString::from(PASSWORD.to_string()),
            Role::User,
            Language::En,
            &ctx,
        )
        .await
        .expect("create user");
    let (_, token) = state
        .auth
        .create_api_token(user.id, "bench", &ctx)
        .await
        .expect("create api token");
    let session = state
        .auth
        .login(USERNAME, &SecretString::from(PASSWORD.to_string()), &ctx)
        .await
        .expect("login");
    (token, session.session_secret)
}

/// One request per target before measuring, so a misconfigured run fails
/// loudly instead of timing redirects or error pages.
async fn preflight(client: &reqwest::Client, target: &Target, must_contain: &str) {
    let resp = target
        .request(client)
        .send()
        .await
        .expect("preflight request");
    let status = resp.status();
    let body = resp.text().await.expect("preflight body");
    assert_eq!(
        status, 200,
        "{}: expected 200, got {status}: {body}",
        target.name
    );
    assert!(
        body.contains(must_contain),
        "{}: response lacks {must_contain:?}: {body}",
        target.name
    );
}

/// `connections` tasks, each sending requests back to back until `duration`
/// has passed.
async fn load(
    client: &reqwest::Client,
    target: &Target,
    connections: usize,
    duration: Duration,
) -> Sample {
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let client = client.clone();
            let target = target.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(16 * 1024);
                let mut errors = 0u64;
                while Instant::now() < deadline {
                    let t0 = Instant::now();
                    let ok = match target.request(&client).send().await {
                        Ok(resp) => {
                            let status = resp.status();
                            // Read the whole body: the request is over, and the
                            // connection goes back to the pool.
                            resp.bytes().await.is_ok() && status == 200
                        }
                        Err(_) => false,
                    };
                    if ok {
                        latencies.push(t0.elapsed());
                    } else {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.expect("load task");
        latencies.extend(l);
        errors += e;
    }
    // Includes the tail of the requests in flight at the deadline.
    let wall = started.elapsed();
    latencies.sort_unstable();
    Sample {
        name: target.name.clone(),
        ok: latencies.len(),
        errors,
        wall,
        latencies,
    }
}

/// Issue 20, goal 1: an authenticated request reaches at least this share
/// of the bare handler's requests per second.
const GOAL_RATIO: f64 = 0.5;

/// One slice of the paired runs below.
const SLICE: Duration = Duration::from_secs(1);

/// Loads `bare` and `target` in alternating one-second slices, `seconds`
/// of each, so that both see the same machine: on shared cores whose other
/// load changes from one second to the next, a baseline measured once,
/// minutes earlier, would not be "the same run".
async fn load_paired(
    client: &reqwest::Client,
    bare: &Target,
    target: &Target,
    connections: usize,
    seconds: u64,
) -> (Sample, Sample) {
    let (mut b, mut t) = (Sample::empty(&bare.name), Sample::empty(&target.name));
    for _ in 0..seconds {
        b.add(load(client, bare, connections, SLICE).await);
        t.add(load(client, target, connections, SLICE).await);
    }
    b.latencies.sort_unstable();
    t.latencies.sort_unstable();
    (b, t)
}

fn print_table(samples: &[(Sample, Sample)]) {
    println!(
        "{:<36} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7} {:>10} {:>9} {:>11} {:>10}  goal req/s/bare >= {GOAL_RATIO}",
        "target",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "errors",
        "bare req/s",
        "bare p99",
        "req/s/bare",
        "p99/bare"
    );
    println!(
        "{}",
        "-".repeat(36 + 9 + 8 * 4 + 7 + 10 + 9 + 11 + 10 + 9 + 30)
    );
    for (bare, s) in samples {
        let ratio = s.rps() / bare.rps();
        let verdict = if ratio >= GOAL_RATIO && s.errors == 0 && bare.errors == 0 {
            "met"
        } else {
            "missed"
        };
        println!(
            "{:<36} {:>9} {:>8.0} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>10.0} {:>9.2} {:>10.2}x {:>9.2}x  {verdict}",
            s.name,
            s.ok,
            s.rps(),
            ms(s.percentile(0.50)),
            ms(s.percentile(0.99)),
            ms(s.max()),
            s.errors + bare.errors,
            bare.rps(),
            ms(bare.percentile(0.99)),
            ratio,
            ms(s.percentile(0.99)) / ms(bare.percentile(0.99)),
        );
    }
}

async fn run() -> bool {
    let seconds: u64 = env_number("BENCH_SECONDS", DEFAULT_SECONDS);
    let connections: usize = env_number("BENCH_CONNECTIONS", DEFAULT_CONNECTIONS);
    assert!(
        seconds > 0 && connections > 0,
        "BENCH_SECONDS and BENCH_CONNECTIONS must be positive"
    );
    let access_log = !matches!(
        std::env::var("BENCH_ACCESS_LOG").as_deref(),
        Ok("off" | "0" | "false")
    );
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);

    let dir = tempfile::tempdir().expect("tempdir");
    let _log_guard = access_log.then(|| {
        socialflow_server::logging::init_with_access_log("warn", &dir.path().join("logs"))
            .expect("access log")
    });

    println!("SocialFlow HTTP load benchmark");
    println!(
        "  machine: {cores} cores, shared by the load generator and both servers (one process, one tokio runtime, {cores} workers)"
    );
    println!(
        "  load: {connections} concurrent connections, HTTP/1.1 keep-alive over loopback, {}s warm-up then {seconds}s per target",
        WARM_UP.as_secs()
    );
    println!(
        "  socialflow: SQLite (WAL) in {} and/or MariaDB (scratch database), bcrypt cost {}, access log {}",
        dir.path().display(),
        BcryptHasher::PRODUCTION_COST,
        if access_log {
            "on (JSON lines to a file, as in production)"
        } else {
            "off"
        }
    );

    let databases = std::env::var("BENCH_DATABASES").unwrap_or_else(|_| "sqlite,mariadb".into());
    let modes = std::env::var("BENCH_AUTH_CACHE").unwrap_or_else(|_| "on".into());
    let bare_addr = start_bare().await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client");
    let bare = Target {
        name: "bare poem GET /".to_string(),
        url: format!("http://{bare_addr}/"),
        headers: vec![],
    };
    preflight(&client, &bare, BARE_BODY).await;
    let mut samples: Vec<(Sample, Sample)> = Vec::new();

    let mut scratch = Vec::new();
    for (db, db_name) in [("sqlite", "SQLite"), ("mariadb", "MariaDB")] {
        if !databases.contains(db) {
            continue;
        }
        for (mode, cache) in [("on", true), ("off", false)] {
            if !modes.split(',').any(|m| m.trim() == mode) {
                continue;
            }
            let store: Arc<dyn Store> = if db == "sqlite" {
                let url = format!(
                    "sqlite://{}",
                    dir.path().join(format!("bench-{mode}.db")).display()
                );
                let sqlite = SqliteStore::connect(&url).await.expect("open sqlite");
                sqlite.migrate().await.expect("migrate");
                Arc::new(sqlite)
            } else {
                let scratch_db = ScratchDatabase::create(&ScratchDatabase::server_url())
                    .await
                    .unwrap_or_else(|e| panic!("MariaDB: {e}"));
                let store = scratch_db
                    .store()
                    .await
                    .unwrap_or_else(|e| panic!("MariaDB: {e}"));
                scratch.push(scratch_db);
                Arc::new(store)
            };
            let (app_addr, state) = start_socialflow(dir.path(), store, cache).await;
            let (token, session) = credentials(&state).await;
            let label = |what: &str| format!("{db_name}, cache {mode}: {what}");
            let bearer = || vec![("authorization", format!("Bearer {}", token.expose_secret()))];
            let targets = [
                (
                    Target {
                        name: label("GET /api/v1/me"),
                        url: format!("http://{app_addr}/api/v1/me"),
                        headers: bearer(),
                    },
                    format!("\"username\":\"{USERNAME}\""),
                ),
                (
                    Target {
                        name: label("GET /api/v1/posts"),
                        url: format!("http://{app_addr}/api/v1/posts"),
                        headers: bearer(),
                    },
                    "[".to_string(),
                ),
                (
                    Target {
                        name: label("GET / dashboard"),
                        url: format!("http://{app_addr}/"),
                        headers: vec![(
                            "cookie",
                            format!("sf_session={}", session.expose_secret()),
                        )],
                    },
                    USERNAME.to_string(),
                ),
            ];
            for (target, must_contain) in &targets {
                preflight(&client, target, must_contain).await;
                println!(
                    "  running {} and the bare handler, alternating every second ...",
                    target.name
                );
                load(&client, &bare, connections, WARM_UP).await;
                load(&client, target, connections, WARM_UP).await;
                samples.push(load_paired(&client, &bare, target, connections, seconds).await);
            }
        }
    }
    for db in scratch {
        db.drop_database().await.expect("drop scratch database");
    }

    println!();
    print_table(&samples);
    println!();
    println!(
        "Each target and the bare poem handler ran in alternating 1 s slices, {seconds} s each (req/s/bare: higher is better; p99/bare: lower is better)."
    );
    println!(
        "Client and servers share the same {cores} cores: absolute figures understate a dedicated server."
    );

    let errors: u64 = samples.iter().map(|(b, s)| b.errors + s.errors).sum();
    if errors > 0 {
        eprintln!(
            "{errors} requests failed or answered other than 200: the figures above are not valid"
        );
    }
    errors == 0
}

fn main() {
    // `cargo bench` passes `--bench`; there are no other arguments.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let ok = runtime.block_on(run());
    // Server tasks are still running; dropping the runtime cancels them.
    runtime.shutdown_timeout(Duration::from_secs(1));
    if !ok {
        std::process::exit(1);
    }
}
