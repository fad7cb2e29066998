//! The retention run on the manual clock, on memory, SQLite and MariaDB: one
//! run removes each kind of stale data the privacy policy names; a second
//! run removes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use socialflow_core::account::{AccountStatus, ERASED_TOKEN_DETAIL};
use socialflow_core::inbox::InboxPurge;
use socialflow_core::media::{
    MediaDeps, MediaId, MediaLibrary, MediaSettings, MediaStore, MockMediaConverter,
    MockMediaProber, MockMediaReachability, MockTranscoder, MockUrlSigner,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, Store, User, UserId, Username};
use socialflow_fakes::{ManualClock, MemoryStore};
use socialflow_fs_media::FsMediaStore;
use socialflow_worker::{Maintenance, MaintenanceReport};
use time::Duration;

/// An access log "directory" on the clock: file times, pruned like the
/// server's pruner does (older than 30 days at the time it is given).
#[derive(Default)]
struct FakeLogs {
    files: Mutex<Vec<SystemTime>>,
}

impl FakeLogs {
    fn prune(&self, now: SystemTime) -> u64 {
        let cutoff = now - std::time::Duration::from_secs(30 * 24 * 3600);
        let mut files = self.files.lock().unwrap();
        let before = files.len();
        files.retain(|t| *t >= cutoff);
        (before - files.len()) as u64
    }
}

async fn put(store: &FsMediaStore, id: MediaId, bytes: &'static [u8]) {
    store
        .put(
            id,
            Box::pin(futures::stream::iter([Ok(bytes::Bytes::from_static(
                bytes,
            ))])),
            1 << 20,
        )
        .await
        .unwrap();
}

async fn retention_removes_each_kind_once(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::default());
    let t0 = clock.now();
    let dir = tempfile::tempdir().unwrap();
    let files = Arc::new(FsMediaStore::new(dir.path()));
    let media = MediaLibrary::new(
        MediaDeps {
            repo: store.clone(),
            store: files.clone(),
            prober: Arc::new(MockMediaProber::new()),
            converter: Arc::new(MockMediaConverter::new()),
            transcoder: Arc::new(MockTranscoder::new()),
            signer: Arc::new(MockUrlSigner::new()),
            reach: Arc::new(MockMediaReachability::new()),
            clock: clock.clone(),
        },
        MediaSettings::new("https://sf.example", 1 << 20, false),
    );
    let user = User {
        id: UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: t0,
        updated_at: t0,
    };
    store.insert_user(&user).await.unwrap();
    // A row in every table: a session, a login failure, an OAuth state, an
    // account whose token expires in 60 days, an upload its post uses, the
    // inbox cache, follower and profile snapshots, an `Idempotency-Key`…
    crate::privacy_seed::seed_everything(&store, &user, t0).await;
    let used = store.media_of(user.id).await.unwrap()[0].clone();
    put(&files, used.id, b"used by a post").await;
    // …and an upload no post uses.
    let mut unused = used.clone();
    unused.id = MediaId::new();
    store.insert_media(&unused).await.unwrap();
    put(&files, unused.id, b"no post uses me").await;
    let logs = Arc::new(FakeLogs::default());
    logs.files.lock().unwrap().extend([
        SystemTime::from(t0),
        SystemTime::from(t0 + Duration::days(700)),
    ]);

    let pruner = logs.clone();
    let job = Maintenance::new(store.clone(), clock.clone())
        .with_media(media)
        .with_access_logs(Arc::new(move |now| Ok(pruner.prune(now))));
    // Nothing is stale yet.
    assert_eq!(job.run_once().await.unwrap(), MaintenanceReport::default());

    clock.advance(Duration::days(730));
    let report = job.run_once().await.unwrap();
    assert_eq!(
        report,
        MaintenanceReport {
            expired_sessions: 1,
            old_login_failures: 1,
            expired_oauth_states: 1,
            inbox: InboxPurge {
                media: 1,
                comments: 1,
                conversations: 1,
                messages: 1,
            },
            old_follower_snapshots: 1,
            old_profile_snapshots: 1,
            // The user's account and their shared workspace's account (the
            // privacy seed connects one in each).
            expired_tokens: 2,
            unused_uploads: 1,
            old_access_logs: 1,
            expired_idempotency_keys: 1,
        }
    );
    // The expired token's ciphertext is gone; the account asks to reconnect.
    let account = store.accounts_of(user.id).await.unwrap()[0].clone();
    assert!(account.token.ciphertext.is_erased());
    assert_eq!(account.status, AccountStatus::NeedsReconnect);
    assert_eq!(account.status_detail.as_deref(), Some(ERASED_TOKEN_DETAIL));
    // The unused upload is gone from disk and database; the used one stays.
    assert!(!files.path(unused.id).exists());
    assert!(
        store
            .media_file(user.id, unused.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(files.path(used.id).exists());
    assert!(store.media_file(user.id, used.id).await.unwrap().is_some());
    assert_eq!(logs.files.lock().unwrap().len(), 1, "the recent log stays");

    // Idempotent: a second run (or another worker) removes nothing.
    assert_eq!(job.run_once().await.unwrap().total(), 0);
}

#[tokio::test]
async fn retention_removes_each_kind_once_in_memory() {
    retention_removes_each_kind_once(Arc::new(MemoryStore::new())).await;
}

#[tokio::test]
async fn retention_removes_each_kind_once_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = socialflow_sql::SqliteStore::connect(&url).await.unwrap();
    socialflow_core::storage::HealthRepo::migrate(&store)
        .await
        .unwrap();
    retention_removes_each_kind_once(Arc::new(store)).await;
}

#[tokio::test]
async fn retention_removes_each_kind_once_on_mariadb() {
    let url = socialflow_sql::ScratchDatabase::server_url();
    let db = socialflow_sql::ScratchDatabase::create(&url)
        .await
        .expect("MariaDB must be reachable (SOCIALFLOW_TEST_MARIADB_URL)");
    retention_removes_each_kind_once(Arc::new(db.store().await.unwrap())).await;
    db.drop_database().await.unwrap();
}
