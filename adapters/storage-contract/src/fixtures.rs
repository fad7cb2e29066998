//! Values the contract cases build their rows from.

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::audit::{AuditEvent, AuditKind};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::password::PasswordHash;
use socialflow_core::session::Session;
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, User, UserId, Username};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// A timestamp with microseconds, to prove sub-second precision survives.
pub const T0: OffsetDateTime = datetime!(2026-03-04 05:06:07.123456 UTC);

pub fn user(name: &str) -> User {
    User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: PasswordHash(format!("$2b$12$hash-of-{name}")),
        role: Role::User,
        language: Language::Ru,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: T0,
        updated_at: T0,
    }
}

pub fn session(user: UserId, digest: &str, at: OffsetDateTime) -> Session {
    Session {
        digest: TokenDigest(digest.to_string()),
        user_id: user,
        created_at: at,
        last_seen_at: at,
        expires_at: at + Duration::days(30),
        ip: "203.0.113.7".into(),
        user_agent: Some("Mozilla/5.0 (test) ✓".into()),
    }
}

pub fn event(
    user: Option<UserId>,
    kind: AuditKind,
    at: OffsetDateTime,
    detail: &str,
) -> AuditEvent {
    AuditEvent::new(
        at,
        user,
        kind,
        &RequestContext::new("198.51.100.1", None),
        detail,
    )
}

pub fn account(owner: UserId, ig: &str, username: &str, expires_at: OffsetDateTime) -> Account {
    Account {
        id: AccountId::new(),
        owner,
        ig_user_id: ig.into(),
        app_scoped_id: format!("app-{ig}"),
        profile: AccountProfile {
            username: username.into(),
            name: Some("Acme Coffee ☕".into()),
            biography: Some("<b>bio</b> with \"quotes\"".into()),
            website: None,
            profile_picture_url: Some("https://cdn.example/p.jpg".into()),
            followers_count: Some(23_353),
            follows_count: Some(539),
            media_count: None,
            account_type: Some("BUSINESS".into()),
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1, 0, 255, 7, 42]),
            expires_at,
            refreshed_at: T0,
            scopes: vec![
                "instagram_business_basic".into(),
                "instagram_business_content_publish".into(),
            ],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: T0,
        profile_fetched_at: T0,
    }
}
