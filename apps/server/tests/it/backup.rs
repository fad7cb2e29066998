//! `socialflow backup` / `restore`: back up, wipe and restore a data
//! directory (SQLite) and a MariaDB database, and find everything again:
//! users, sessions, accounts with tokens still decryptable, audit, media.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::account::{Account, AccountId, AccountProfile, AccountStatus, AccountToken};
use socialflow_core::audit::{AuditEvent, AuditKind};
use socialflow_core::crypto::{TokenCipher, TokenDigest};
use socialflow_core::password::PasswordHash;
use socialflow_core::session::Session;
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, TimeZone, User, UserId, Username};
use socialflow_crypto::MasterKey;
use socialflow_server::backup;
use socialflow_server::config::{self, Config};
use socialflow_server::wiring;
use socialflow_sql::ScratchDatabase;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const TOKEN: &str = "IGAAL-plaintext-access-token-of-acme";
const T0: OffsetDateTime = datetime!(2026-05-06 07:08:09.123456 UTC);

fn config(data_dir: &Path, database_url: Option<&str>, key: &MasterKey) -> Config {
    let dir = data_dir.display().to_string();
    let key = key.to_base64().expose_secret().to_string();
    let url = database_url.map(str::to_string);
    Config::from_lookup(move |k| match k {
        config::DATA_DIR => Some(dir.clone()),
        config::MASTER_KEY => Some(key.clone()),
        config::DATABASE_URL => url.clone(),
        _ => None,
    })
    .unwrap()
}

struct Seeded {
    user: User,
    account: AccountId,
    session: TokenDigest,
}

fn context(id: AccountId) -> String {
    format!("accounts.token:{id}")
}

async fn seed(cfg: &Config, key: &MasterKey) -> Seeded {
    let store = wiring::open_store(cfg).await.unwrap();
    let cipher = wiring::token_cipher(cfg, key).unwrap();
    let user = User {
        id: UserId::new(),
        username: Username::parse("alice").unwrap(),
        password_hash: PasswordHash(
            "$2b$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWX".into(),
        ),
        role: Role::Admin,
        language: Language::Kk,
        time_zone: TimeZone::parse("Asia/Almaty").unwrap(),
        created_at: T0,
        updated_at: T0,
    };
    store.insert_user(&user).await.unwrap();
    let session = TokenDigest("d".repeat(64));
    store
        .insert_session(&Session {
            digest: session.clone(),
            user_id: user.id,
            created_at: T0,
            last_seen_at: T0 + Duration::minutes(3),
            expires_at: T0 + Duration::days(30),
            ip: "203.0.113.5".into(),
            user_agent: None,
        })
        .await
        .unwrap();
    store
        .insert_audit(&AuditEvent::new(
            T0,
            Some(user.id),
            AuditKind::AccountConnected,
            &RequestContext::cli(),
            "acme",
        ))
        .await
        .unwrap();
    store
        .acknowledge_policy(user.id, "2026-11-27", T0)
        .await
        .unwrap();
    let id = AccountId::new();
    let ciphertext = cipher
        .encrypt(&SecretString::from(TOKEN.to_string()), &context(id))
        .unwrap();
    store
        .insert_account(&Account {
            id,
            owner: user.id,
            ig_user_id: "17841400000000001".into(),
            app_scoped_id: "2728135859155".into(),
            profile: AccountProfile {
                username: "acme_coffee".into(),
                biography: Some("Кофе ☕ \"best\"".into()),
                followers_count: Some(23_353),
                ..AccountProfile::default()
            },
            token: AccountToken {
                ciphertext,
                expires_at: T0 + Duration::days(60),
                refreshed_at: T0,
                scopes: vec!["instagram_business_basic".into()],
            },
            status: AccountStatus::Active,
            status_detail: None,
            connected_at: T0,
            profile_fetched_at: T0,
        })
        .await
        .unwrap();
    Seeded {
        user,
        account: id,
        session,
    }
}

fn write_media(media: &Path) -> Vec<(String, Vec<u8>)> {
    let files = vec![
        (
            "alice/reel.mp4".to_string(),
            (0..300_000u32)
                .map(|i| (i % 251) as u8)
                .collect::<Vec<u8>>(),
        ),
        (
            "alice/covers/one.jpg".to_string(),
            b"JPEG-MEDIA-MARKER".to_vec(),
        ),
        ("empty.txt".to_string(), Vec::new()),
    ];
    for (rel, bytes) in &files {
        let p = media.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    files
}

/// Everything is back, and the token still decrypts.
async fn assert_restored(
    cfg: &Config,
    key: &MasterKey,
    seeded: &Seeded,
    media: &Path,
    files: &[(String, Vec<u8>)],
) {
    let store: Arc<dyn Store> = wiring::open_store(cfg).await.unwrap();
    let user = store
        .user_by_username(&seeded.user.username)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user, seeded.user);
    let session = store
        .session_by_digest(&seeded.session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.last_seen_at, T0 + Duration::minutes(3));
    let account = store
        .account(user.id, seeded.account)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        account.profile.biography.as_deref(),
        Some("Кофе ☕ \"best\"")
    );
    let cipher = wiring::token_cipher(cfg, key).unwrap();
    let plain = cipher
        .decrypt(&account.token.ciphertext, &context(account.id))
        .unwrap();
    assert_eq!(plain.expose_secret(), TOKEN);
    let events = store.audit_for_user(user.id, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, AuditKind::AccountConnected);
    assert_eq!(
        store.acknowledged_policy(user.id).await.unwrap().as_deref(),
        Some("2026-11-27")
    );
    for (rel, bytes) in files {
        assert_eq!(&std::fs::read(media.join(rel)).unwrap(), bytes, "{rel}");
    }
}

#[tokio::test]
async fn back_up_wipe_and_restore_a_data_directory() {
    let key = MasterKey::generate();
    let data = tempfile::tempdir().unwrap();
    let cfg = config(data.path(), None, &key);
    let seeded = seed(&cfg, &key).await;
    let media = backup::media_dir(&cfg, None);
    let files = write_media(&media);

    let safe = tempfile::tempdir().unwrap();
    let archive = safe.path().join("socialflow.backup");
    let summary = backup::backup(&cfg, &media, &archive).await.unwrap();
    assert_eq!(summary.files, 3);
    assert!(summary.rows >= 5, "{summary:?}");
    // Nothing readable inside; an existing archive is never overwritten.
    let sealed = std::fs::read(&archive).unwrap();
    for needle in [
        TOKEN.as_bytes(),
        b"alice",
        b"acme_coffee",
        b"JPEG-MEDIA-MARKER",
        b"$2b$12$",
    ] {
        assert!(!sealed.windows(needle.len()).any(|w| w == needle));
    }
    assert!(backup::backup(&cfg, &media, &archive).await.is_err());

    // Wipe the data directory (the master key lives in the environment).
    std::fs::remove_dir_all(data.path()).unwrap();
    let s = backup::restore(&cfg, &media, &archive, false)
        .await
        .unwrap();
    assert_eq!((s.files, s.rows), (summary.files, summary.rows));
    assert_restored(&cfg, &key, &seeded, &media, &files).await;

    // Not into a non-empty installation, unless forced (and then no doubles).
    let refused = backup::restore(&cfg, &media, &archive, false)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("not empty"), "{refused}");
    backup::restore(&cfg, &media, &archive, true).await.unwrap();
    assert_restored(&cfg, &key, &seeded, &media, &files).await;

    // Another master key cannot read it, and changes nothing.
    let other = tempfile::tempdir().unwrap();
    let wrong = config(other.path(), None, &MasterKey::generate());
    let err = backup::restore(&wrong, &backup::media_dir(&wrong, None), &archive, false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("another master key"), "{err}");

    // A damaged archive is refused before anything changes.
    let mut damaged = sealed.clone();
    let at = damaged.len() / 2;
    damaged[at] ^= 0x40;
    let bad = safe.path().join("damaged.backup");
    std::fs::write(&bad, &damaged).unwrap();
    let err = backup::restore(&cfg, &media, &bad, true).await.unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_restored(&cfg, &key, &seeded, &media, &files).await;
}

#[tokio::test]
async fn back_up_and_restore_mariadb() {
    let key = MasterKey::generate();
    let source = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let target = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let dir1 = tempfile::tempdir().unwrap();
    let dir2 = tempfile::tempdir().unwrap();
    let cfg1 = config(dir1.path(), Some(&source.url), &key);
    let cfg2 = config(dir2.path(), Some(&target.url), &key);
    let seeded = seed(&cfg1, &key).await;
    let media1 = backup::media_dir(&cfg1, None);
    let files = write_media(&media1);
    let archive = dir1.path().join("maria.backup");
    backup::backup(&cfg1, &media1, &archive).await.unwrap();

    let media2 = backup::media_dir(&cfg2, None);
    backup::restore(&cfg2, &media2, &archive, false)
        .await
        .unwrap();
    assert_restored(&cfg2, &key, &seeded, &media2, &files).await;

    // A MariaDB dump does not go into SQLite.
    let dir3 = tempfile::tempdir().unwrap();
    let cfg3 = config(dir3.path(), None, &key);
    let err = backup::restore(&cfg3, &backup::media_dir(&cfg3, None), &archive, false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("mariadb"), "{err}");

    source.drop_database().await.unwrap();
    target.drop_database().await.unwrap();
}
