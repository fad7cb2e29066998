//! Encryption at rest, verified on the raw rows of every table (listed from
//! the schema): after connecting an account through the fake Instagram no
//! access token appears in plaintext anywhere, and stored passwords are
//! bcrypt hashes of cost 12 or more. On SQLite and MariaDB.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::support::TestApp;
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::crypto::TokenCipher;
use socialflow_core::instagram::InstagramApi;
use socialflow_core::privacy::{CellValue, DatabaseDump};
use socialflow_core::{Language, Store};
use socialflow_crypto::{AesSivTokenCipher, MasterKey};
use socialflow_fake_graph::{FakeGraph, FakeGraphConfig};
use socialflow_graph::{GraphClient, GraphConfig};
use socialflow_server::config::{self, Config};
use socialflow_server::wiring;
use socialflow_sql::{ScratchDatabase, SqliteStore};

/// Connects an account through Instagram's (fake) dialog, refreshes it,
/// and returns the access tokens SocialFlow stored (decrypted with the
/// key the test holds).
async fn connect_through_the_fake(store: Arc<dyn Store>) -> Vec<String> {
    let fake = FakeGraph::new(FakeGraphConfig::default());
    let running = fake.start().await.unwrap();
    let account = fake.seed_demo();
    fake.consent_as(&account);
    let mut cfg = GraphConfig::new(
        "fake-app-id",
        SecretString::from("fake-app-secret".to_string()),
        "http://127.0.0.1:9/oauth/instagram/callback",
    );
    cfg.graph_base_url = running.base_url.clone();
    cfg.oauth_base_url = running.base_url.clone();
    let client: Arc<dyn InstagramApi> = Arc::new(GraphClient::new(cfg).unwrap());
    let key = MasterKey::generate();
    let app = TestApp::builder()
        .store(store.clone())
        .instagram(client)
        .cipher(Arc::new(AesSivTokenCipher::new(&key, &[]).unwrap()))
        .library_post_media()
        .without_meta_secrets()
        .media(|m| m.max_upload_bytes = 1024 * 1024)
        .spawn()
        .await;
    let (base, state) = (&app.base, &app.state);
    let alice = app.add_user("alice", Language::En).await;
    let c = app.login_as("alice").await;
    let start = c
        .get(format!("{base}/oauth/instagram/start"))
        .send()
        .await
        .unwrap();
    let authorize = start.headers()["location"].to_str().unwrap().to_string();
    let dialog = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let back = dialog.get(&authorize).send().await.unwrap();
    let callback = back.headers()["location"].to_str().unwrap().to_string();
    let path = callback.split_once("/oauth/instagram/callback").unwrap().1;
    let done = c
        .get(format!("{base}/oauth/instagram/callback{path}"))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    let accounts = store.accounts_of(alice.id).await.unwrap();
    assert_eq!(accounts.len(), 1);
    let cipher = AesSivTokenCipher::new(&key, &[]).unwrap();
    let context = format!("accounts.token:{}", accounts[0].id);
    let mut tokens = vec![
        cipher
            .decrypt(&accounts[0].token.ciphertext, &context)
            .unwrap()
            .expose_secret()
            .to_string(),
    ];
    // Refresh too: Instagram hands out a new token, stored the same way.
    state
        .accounts
        .refresh(alice.id, accounts[0].id)
        .await
        .unwrap();
    let after = store
        .account(alice.id, accounts[0].id)
        .await
        .unwrap()
        .unwrap();
    tokens.push(
        cipher
            .decrypt(&after.token.ciphertext, &context)
            .unwrap()
            .expose_secret()
            .to_string(),
    );
    tokens
}

async fn no_token_in_plaintext(store: Arc<dyn Store>, dump: Arc<dyn DatabaseDump>) {
    let tokens = connect_through_the_fake(store).await;
    assert!(
        tokens.iter().any(|t| t.starts_with("IGAAL")),
        "a long-lived token was used: {tokens:?}"
    );
    let rows = crate::privacy_seed::all_rows(dump.as_ref()).await;
    let mut cells = 0;
    for (table, rows) in &rows {
        for row in rows {
            for (column, cell) in table.columns.iter().zip(row) {
                cells += 1;
                let hit = tokens.iter().any(|t| match cell {
                    CellValue::Text(s) => s.contains(t.as_str()),
                    CellValue::Bytes(b) => b.windows(t.len()).any(|w| w == t.as_bytes()),
                    _ => false,
                });
                assert!(!hit, "a plaintext token in {}.{column}", table.name);
            }
        }
    }
    assert!(cells > 20, "scanned {cells} cells");
    let accounts = rows.iter().find(|(t, _)| t.name == "accounts").unwrap();
    assert_eq!(accounts.1.len(), 1, "the account row was scanned");
}

#[tokio::test]
async fn no_access_token_in_plaintext_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = SqliteStore::connect(&url).await.unwrap();
    socialflow_core::storage::HealthRepo::migrate(&store)
        .await
        .unwrap();
    no_token_in_plaintext(Arc::new(store.clone()), Arc::new(store)).await;
}

#[tokio::test]
async fn no_access_token_in_plaintext_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = scratch.store().await.unwrap();
    no_token_in_plaintext(Arc::new(store.clone()), Arc::new(store.clone())).await;
    store.pool().close().await;
    scratch.drop_database().await.unwrap();
}

/// Users made the production way (the `socialflow user add` path) are
/// stored as bcrypt hashes of cost ≥ 12, nowhere the plaintext.
async fn passwords_are_bcrypt(cfg: Config) {
    let (users, _) = wiring::management(&cfg).await.unwrap();
    let password = "correct horse battery staple";
    users
        .create_user(
            "alice",
            SecretString::from(password.to_string()),
            socialflow_core::user::Role::User,
            Language::En,
            &socialflow_core::RequestContext::cli(),
        )
        .await
        .unwrap();
    let dump = socialflow_server::backup::open_dump(&cfg).await.unwrap();
    let rows = crate::privacy_seed::all_rows(dump.as_ref()).await;
    let (users_table, user_rows) = rows.iter().find(|(t, _)| t.name == "users").unwrap();
    let col = users_table
        .columns
        .iter()
        .position(|c| c == "password_hash")
        .unwrap();
    // MariaDB reports utf8mb4_bin text as binary; both hold the same bytes.
    let hash = match &user_rows[0][col] {
        CellValue::Text(s) => s.clone(),
        CellValue::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        other => panic!("password_hash is {other:?}"),
    };
    assert_eq!(hash.len(), 60, "{hash}");
    assert!(
        hash.starts_with("$2b$") || hash.starts_with("$2y$"),
        "{hash}"
    );
    let cost: u32 = hash[4..6].parse().unwrap();
    assert!(cost >= 12, "bcrypt cost {cost}");
    for (_, rows) in &rows {
        for cell in rows.iter().flatten() {
            let stored = match cell {
                CellValue::Text(s) => s.as_bytes(),
                CellValue::Bytes(b) => b.as_slice(),
                _ => continue,
            };
            assert!(
                !stored
                    .windows(password.len())
                    .any(|w| w == password.as_bytes()),
                "plaintext password stored"
            );
        }
    }
}

#[tokio::test]
async fn passwords_are_bcrypt_cost_12_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let cfg = Config::from_lookup(|k| (k == config::DATA_DIR).then(|| d.clone())).unwrap();
    passwords_are_bcrypt(cfg).await;
}

#[tokio::test]
async fn passwords_are_bcrypt_cost_12_on_mariadb() {
    let scratch = ScratchDatabase::create(&ScratchDatabase::server_url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let url = scratch.url.clone();
    let cfg = Config::from_lookup(|k| (k == config::DATABASE_URL).then(|| url.clone())).unwrap();
    passwords_are_bcrypt(cfg).await;
    scratch.drop_database().await.unwrap();
}
