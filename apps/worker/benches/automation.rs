//! Automation benchmark (issue 19): comments arrive as Meta's webhook
//! deliveries, spread evenly over a minute, across many accounts with many
//! rules each; the worker's automation loops answer each with the price
//! rule's public and private reply through the fake Instagram over HTTP,
//! which waits 50 ms before every answer. Prints the reaction time from
//! webhook receipt to the replies being sent (p50, p99, max), duplicates,
//! lost comments and the process's peak memory.
//!
//! ```text
//! cargo bench -p socialflow-worker --bench automation
//! BENCH_COMMENTS=500 BENCH_SECONDS=10 cargo bench -p socialflow-worker --bench automation
//! ```
//!
//! Parameters (environment): `BENCH_COMMENTS` (10000), `BENCH_ACCOUNTS`
//! (100), `BENCH_RULES` per account (20; the price rule is the last one, so
//! every comment is tried against all of them), `BENCH_SECONDS` over which
//! the comments arrive (60), `BENCH_LATENCY_MS` of the fake Instagram (50),
//! `BENCH_WORKERS` automation loops (2, as two worker processes would run),
//! `BENCH_STORE` `sqlite` (a file in a temporary directory, WAL) or
//! `mariadb` (a scratch database of `SOCIALFLOW_TEST_MARIADB_URL`, dropped
//! afterwards).
//!
//! "Receipt" is the moment the delivery's JSON is handed to the engine (as
//! the webhook receiver does once it stored and verified it); "sent" is
//! when the job recorded Instagram's answer to its last reply. The fake
//! Instagram runs in this process, so the peak memory includes it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use async_trait::async_trait;
use secrecy::SecretString;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::automation::engine::{
    AutomationEngine, EngineAccount, EngineHost, HostError, Job, JobState,
};
use socialflow_core::automation::{AutomationService, RuleSpec};
use socialflow_core::clock::SystemClock;
use socialflow_core::instagram::{IgAccess, InstagramApi};
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::HealthRepo;
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, Store, TimeZone, User, UserId, Username};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig, SeedProfile, SeededAccount};
use socialflow_graph::{GraphClient, GraphConfig};
use socialflow_sql::{ScratchDatabase, SqliteStore};
use time::{Duration, OffsetDateTime};
use tokio::sync::{Notify, watch};

fn param(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The accounts as the engine's host sees them: access from the fake's
/// tokens, no encryption.
#[derive(Default)]
struct Host {
    by_ig: HashMap<String, EngineAccount>,
    access: HashMap<AccountId, IgAccess>,
}

#[async_trait]
impl EngineHost for Host {
    async fn access(
        &self,
        _owner: UserId,
        account: AccountId,
    ) -> Result<Option<IgAccess>, HostError> {
        Ok(self.access.get(&account).cloned())
    }
    async fn account_of(&self, ig_user_id: &str) -> Result<Option<EngineAccount>, HostError> {
        Ok(self.by_ig.get(ig_user_id).cloned())
    }
    async fn zone(&self, _owner: UserId) -> Result<TimeZone, HostError> {
        Ok(TimeZone::utc())
    }
    async fn token_refused(
        &self,
        _owner: UserId,
        _account: AccountId,
        detail: &str,
    ) -> Result<(), HostError> {
        panic!("the fake refused a token: {detail}");
    }
    async fn mark_done(&self, _job: &Job) -> Result<(), HostError> {
        Ok(())
    }
    async fn notify_team(&self, _job: &Job) -> Result<(), HostError> {
        Ok(())
    }
}

struct Seeded {
    owner: UserId,
    account: AccountId,
    ig: SeededAccount,
    media: String,
}

fn price_rule() -> RuleSpec {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/automation/price-rule.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A rule no comment of the benchmark matches (tried before the price rule).
fn other_rule(k: u64) -> RuleSpec {
    serde_json::from_value(serde_json::json!({
        "name": format!("Правило {k}"),
        "enabled": true,
        "trigger": {"kind": "comment", "post": {"scope": "any"}},
        "match": {"mode": "contains", "include": [format!("доставка{k}"), format!("адрес{k}")]},
        "actions": [{"kind": "public_reply", "variants": ["{username}, ответили в личные сообщения"]}]
    }))
    .unwrap()
}

async fn seed(
    store: &Arc<dyn Store>,
    fake: &FakeGraph,
    clock: Arc<dyn Clock>,
    engine_for_settings: &AutomationEngine,
    accounts: u64,
    rules: u64,
) -> (Vec<Seeded>, Host) {
    let now = socialflow_core::clock::truncate_to_micros(OffsetDateTime::now_utc());
    let service = AutomationService::new(store.clone(), clock);
    let mut out = Vec::new();
    let mut host = Host::default();
    for i in 0..accounts {
        let ig = fake.add_account(SeedProfile {
            username: format!("shop_{i}"),
            ..SeedProfile::default()
        });
        let media = fake.post_from_app(&ig, "Новый кофе", false);
        let user = User {
            id: UserId::new(),
            username: Username::parse(&format!("bench{i}")).unwrap(),
            password_hash: PasswordHash("x".into()),
            role: Role::User,
            language: Language::Ru,
            time_zone: TimeZone::utc(),
            created_at: now,
            updated_at: now,
        };
        store.insert_user(&user).await.unwrap();
        let account = Account {
            id: AccountId::new(),
            owner: user.id,
            ig_user_id: ig.ig_user_id.clone(),
            app_scoped_id: ig.app_scoped_id.clone(),
            profile: AccountProfile {
                username: ig.username.clone(),
                ..AccountProfile::default()
            },
            token: AccountToken {
                ciphertext: EncryptedToken(vec![1, 2, 3]),
                expires_at: now + Duration::days(60),
                refreshed_at: now,
                scopes: vec![],
            },
            status: AccountStatus::Active,
            status_detail: None,
            connected_at: now,
            profile_fetched_at: now,
        };
        store.insert_account(&account).await.unwrap();
        for k in 1..rules {
            service
                .create(user.id, account.id, &other_rule(k))
                .await
                .unwrap();
        }
        service
            .create(user.id, account.id, &price_rule())
            .await
            .unwrap();
        // The highest caps Instagram allows: the benchmark measures speed.
        engine_for_settings
            .set_settings(user.id, account.id, false, 750, 5_000)
            .await
            .unwrap();
        host.by_ig.insert(
            ig.ig_user_id.clone(),
            EngineAccount {
                owner: user.id,
                account: account.id,
                username: ig.username.clone(),
            },
        );
        host.access.insert(
            account.id,
            IgAccess {
                ig_user_id: ig.ig_user_id.clone(),
                token: SecretString::from(fake.issue_token(&ig)),
            },
        );
        out.push(Seeded {
            owner: user.id,
            account: account.id,
            ig,
            media,
        });
    }
    (out, host)
}

/// The process's peak resident memory (VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn run(name: &str, store: Arc<dyn Store>) {
    let comments = param("BENCH_COMMENTS", 10_000);
    let accounts = param("BENCH_ACCOUNTS", 100).max(1);
    let rules = param("BENCH_RULES", 20).clamp(1, 50);
    let seconds = param("BENCH_SECONDS", 60).max(1);
    let latency = param("BENCH_LATENCY_MS", 50);
    let workers = param("BENCH_WORKERS", 2).max(1);

    let fake = FakeGraph::new(FakeGraphConfig {
        max_page_size: 100,
        ..FakeGraphConfig::default()
    });
    let running = fake.start().await.unwrap();
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1/oauth/instagram/callback".to_string(),
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let instagram: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);

    let settings_engine = AutomationEngine::new(
        store.clone(),
        store.clone(),
        instagram.clone(),
        Arc::new(Host::default()),
        clock.clone(),
    );
    let seeding = Instant::now();
    let (seeded, host) = seed(
        &store,
        &fake,
        clock.clone(),
        &settings_engine,
        accounts,
        rules,
    )
    .await;
    println!(
        "{name}: seeded {accounts} accounts × {rules} rules in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    fake.faults().latency(StdDuration::from_millis(latency));

    let wake = Arc::new(Notify::new());
    let ring = wake.clone();
    let engine = AutomationEngine::new(
        store.clone(),
        store.clone(),
        instagram,
        Arc::new(host),
        clock.clone(),
    )
    .with_queued_hook(Arc::new(move || ring.notify_one()));
    let (stop, rx) = watch::channel(false);
    let mut loops = Vec::new();
    for w in 0..workers {
        loops.push(tokio::spawn(socialflow_worker::run_automation(
            engine.clone(),
            format!("bench-worker-{w}"),
            StdDuration::from_millis(250),
            u32::MAX,
            Arc::new(|_, _| {}),
            wake.clone(),
            rx.clone(),
        )));
    }

    // Comments arrive evenly over `seconds`, each as its own delivery.
    let received: Arc<Mutex<HashMap<String, OffsetDateTime>>> = Arc::default();
    let gap = StdDuration::from_secs_f64(seconds as f64 / comments as f64);
    let started = Instant::now();
    let mut deliveries = Vec::new();
    let mut all = Vec::with_capacity(comments as usize);
    for i in 0..comments {
        tokio::time::sleep_until(tokio::time::Instant::from_std(started + gap * i as u32)).await;
        let s = &seeded[(i % accounts) as usize];
        let username = format!("fan_{i}");
        let comment = fake.receive_comment(&s.media, None, &username, "ЦЕНА?");
        all.push((comment.clone(), (i % accounts) as usize));
        let body = serde_json::json!({"object": "instagram", "entry": [{
            "id": s.ig.ig_user_id,
            "time": OffsetDateTime::now_utc().unix_timestamp(),
            "changes": [{"field": "comments", "value": {
                "id": comment, "text": "ЦЕНА?",
                "from": {"id": format!("690{i}"), "username": username},
                "media": {"id": s.media, "media_product_type": "FEED"}}}]}]})
        .to_string();
        let engine = engine.clone();
        let received = received.clone();
        deliveries.push(tokio::spawn(async move {
            let at = OffsetDateTime::now_utc();
            received.lock().unwrap().insert(comment, at);
            let events = socialflow_core::inbox::parse_webhook(body.as_bytes(), at).unwrap();
            engine.on_webhook(&events).await.unwrap()
        }));
    }
    let mut queued = 0;
    for d in deliveries {
        queued += d.await.unwrap();
    }
    let fed = started.elapsed().as_secs_f64();

    // Wait for every job to finish (at most two minutes after the last).
    let deadline = Instant::now() + StdDuration::from_secs(120);
    while Instant::now() < deadline && store.open_job_count().await.unwrap() > 0 {
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    let drained = started.elapsed().as_secs_f64();
    let _ = stop.send(true);
    for l in loops {
        let _ = l.await;
    }

    let mut jobs: HashMap<String, Job> = HashMap::new();
    for s in &seeded {
        for j in store
            .account_jobs(s.owner, s.account, 1_000_000)
            .await
            .unwrap()
        {
            jobs.insert(j.event_key.clone(), j);
        }
    }
    let received = received.lock().unwrap().clone();
    let mut reaction = Vec::new();
    let (mut duplicates, mut lost) = (0u64, 0u64);
    let mut private_sent: HashMap<usize, usize> = HashMap::new();
    for (comment, a) in &all {
        let public = fake.replies_to(comment).len();
        let private = fake.replied_privately(comment);
        duplicates += public.saturating_sub(1) as u64;
        *private_sent.entry(*a).or_default() += usize::from(private);
        let job = jobs.get(comment);
        if public == 0 || !private || job.is_none_or(|j| j.state != JobState::Sent) {
            lost += 1;
            continue;
        }
        let (Some(job), Some(at)) = (job, received.get(comment)) else {
            continue;
        };
        if let Some(sent) = job.actions.iter().filter_map(|a| a.at).max() {
            reaction.push((sent - *at).as_seconds_f64());
        }
    }
    // Private replies: the fake allows one per comment; any more texts than
    // comments would be a second one sent some other way.
    for (a, s) in seeded.iter().enumerate() {
        let texts = fake
            .sent_messages(&s.ig)
            .into_iter()
            .filter(|m| {
                m.text
                    .as_deref()
                    .is_some_and(|t| t.starts_with("Здравствуйте"))
            })
            .count();
        duplicates += texts.saturating_sub(private_sent.get(&a).copied().unwrap_or(0)) as u64;
    }
    reaction.sort_by(f64::total_cmp);
    println!(
        "{name}: {comments} comments over {fed:.1} s ({queued} jobs) across {accounts} accounts × {rules} rules, \
         fake Instagram {latency} ms, {workers} workers; all answered after {drained:.1} s"
    );
    println!(
        "{name}: reaction webhook → both replies sent: p50 {:.3} s, p99 {:.3} s, max {:.3} s; \
         duplicates {duplicates}, lost {lost}; peak RSS {:.0} MiB",
        percentile(&reaction, 0.5),
        percentile(&reaction, 0.99),
        reaction.last().copied().unwrap_or(f64::NAN),
        peak_rss_mib()
    );
}

#[tokio::main]
async fn main() {
    match std::env::var("BENCH_STORE").as_deref() {
        Ok("mariadb") => {
            let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let store = scratch.store().await.unwrap();
            let pool = store.pool().clone();
            run("mariadb", Arc::new(store)).await;
            pool.close().await;
            scratch.drop_database().await.unwrap();
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("bench.db").display());
            let sqlite = SqliteStore::connect(&url).await.unwrap();
            sqlite.migrate().await.unwrap();
            run("sqlite", Arc::new(sqlite)).await;
        }
    }
}
