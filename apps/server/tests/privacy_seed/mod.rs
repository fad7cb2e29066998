//! Seeding a user's data into every table, and scanning raw rows of every
//! table (listed from the database schema) for traces of them.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken, OAuthState,
};
use socialflow_core::audit::{AuditEvent, AuditKind};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::privacy::{CellValue, DatabaseDump, TableSchema};
use socialflow_core::session::Session;
use socialflow_core::throttle::ThrottleKey;
use socialflow_core::token::{ApiToken, ApiTokenId};
use socialflow_core::{RequestContext, Store, User};
use time::{Duration, OffsetDateTime};

/// Tables that hold no user's data by design (Meta's deletion records keep
/// only a digest of an Instagram id and a confirmation code).
pub const NOT_USER_DATA: &[&str] = &["deletion_requests"];

/// What identifies a user's rows: raw id bytes and distinctive strings.
pub struct Needles {
    pub bytes: Vec<Vec<u8>>,
    pub texts: Vec<String>,
}

impl Needles {
    pub fn found_in(&self, cell: &CellValue) -> bool {
        match cell {
            CellValue::Text(s) => self.texts.iter().any(|t| s.contains(t.as_str())),
            CellValue::Bytes(b) => self
                .bytes
                .iter()
                .cloned()
                .chain(self.texts.iter().map(|t| t.as_bytes().to_vec()))
                .any(|n| !n.is_empty() && b.windows(n.len()).any(|w| w == n.as_slice())),
            _ => false,
        }
    }
}

/// Puts data of `user` into every table that exists today. A new table
/// that holds user data must get a row here (the erasure test says so).
pub async fn seed_everything(store: &Arc<dyn Store>, user: &User, now: OffsetDateTime) -> Needles {
    let tag = user.username.to_string();
    let session_digest = format!("session-of-{tag}");
    store
        .insert_session(&Session {
            digest: TokenDigest(session_digest.clone()),
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::days(30),
            ip: "198.51.100.9".into(),
            user_agent: Some(format!("agent-of-{tag}")),
        })
        .await
        .unwrap();
    store
        .insert_api_token(&ApiToken {
            id: ApiTokenId(uuid::Uuid::now_v7()),
            user_id: user.id,
            name: format!("token-of-{tag}"),
            digest: TokenDigest(format!("apidigest-of-{tag}")),
            created_at: now,
            last_used_at: None,
        })
        .await
        .unwrap();
    store
        .insert_audit(&AuditEvent::new(
            now,
            Some(user.id),
            AuditKind::LoginSucceeded,
            &RequestContext::new("198.51.100.9", None),
            format!("event-of-{tag}"),
        ))
        .await
        .unwrap();
    store
        .record_login_failure(&ThrottleKey::Username(tag.clone()).storage_key(), now)
        .await
        .unwrap();
    let account = Account {
        id: AccountId::new(),
        owner: user.id,
        ig_user_id: format!("ig-of-{tag}"),
        app_scoped_id: format!("scoped-of-{tag}"),
        profile: AccountProfile {
            username: format!("insta-of-{tag}"),
            name: Some(format!("name-of-{tag}")),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(format!("cipher-of-{tag}").into_bytes()),
            expires_at: now + Duration::days(60),
            refreshed_at: now,
            scopes: vec!["instagram_business_basic".into()],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    store.insert_account(&account).await.unwrap();
    store
        .insert_oauth_state(&OAuthState {
            digest: TokenDigest(format!("oauth-of-{tag}")),
            user_id: user.id,
            session_digest: TokenDigest(session_digest.clone()),
            created_at: now,
            expires_at: now + Duration::minutes(10),
        })
        .await
        .unwrap();
    store
        .acknowledge_policy(user.id, "2026-11-27", now)
        .await
        .unwrap();
    Needles {
        bytes: vec![
            user.id.0.as_bytes().to_vec(),
            account.id.0.as_bytes().to_vec(),
        ],
        texts: vec![
            // "u:<name>" keys the throttle records; "-of-<name>" marks the rest.
            format!("u:{tag}"),
            format!("-of-{tag}"),
            user.id.to_string(),
        ],
    }
}

/// Every row of every table, by table.
pub async fn all_rows(dump: &dyn DatabaseDump) -> Vec<(TableSchema, Vec<Vec<CellValue>>)> {
    let mut out = Vec::new();
    for t in dump.tables().await.unwrap() {
        let mut rows = Vec::new();
        loop {
            let batch = dump.read_rows(&t, rows.len() as u64, 1000).await.unwrap();
            if batch.is_empty() {
                break;
            }
            rows.extend(batch);
        }
        out.push((t, rows));
    }
    out
}

/// Tables (by name) with a row containing one of the needles.
pub async fn tables_holding(dump: &dyn DatabaseDump, needles: &Needles) -> Vec<String> {
    all_rows(dump)
        .await
        .into_iter()
        .filter(|(_, rows)| rows.iter().flatten().any(|c| needles.found_in(c)))
        .map(|(t, _)| t.name)
        .collect()
}
