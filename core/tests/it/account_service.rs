//! Connecting accounts and keeping their tokens alive, on the in-memory
//! store, the real AES-SIV cipher, a manual clock and a mocked Instagram.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::account::AccountStatus;
use socialflow_core::accounts::{AccountService, CallbackParams, ConnectError};
use socialflow_core::audit::AuditKind;
use socialflow_core::crypto::{SecretMinter, TokenDigest};
use socialflow_core::instagram::{
    InstagramError, LongLivedToken, MockInstagramApi, Profile, Scope, ShortLivedToken,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{AccountRepo, AuditRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, RequestContext, Store, User, UserId, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::Duration;

const IG_ID: &str = "17841457215396811";

fn profile() -> Profile {
    Profile {
        app_scoped_id: "27281358591558845".into(),
        ig_user_id: IG_ID.into(),
        username: "acme".into(),
        name: Some("Acme".into()),
        followers_count: Some(23_353),
        account_type: Some("BUSINESS".into()),
        ..Profile::default()
    }
}

fn long(token: &str) -> LongLivedToken {
    LongLivedToken {
        token: SecretString::from(token.to_string()),
        expires_in: Duration::days(60),
        permissions: None,
    }
}

/// A mock Instagram whose OAuth calls succeed, counting code exchanges.
fn happy_instagram(granted: Option<Vec<String>>, exchanges: Arc<Mutex<u32>>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_authorize_url().returning(|state, scopes| {
        format!(
            "https://ig.example/oauth/authorize?state={state}&scopes={}",
            scopes.len()
        )
    });
    ig.expect_exchange_code().returning(move |code| {
        assert_eq!(code, "the-code", "the #_ suffix is stripped");
        *exchanges.lock().unwrap() += 1;
        Ok(ShortLivedToken {
            token: SecretString::from("short-token".to_string()),
            user_id: "27281358591558845".into(),
            permissions: granted.clone(),
        })
    });
    ig.expect_exchange_long_lived().returning(|short| {
        assert_eq!(short.expose_secret(), "short-token");
        Ok(long("IGAA-long-lived-secret"))
    });
    ig.expect_profile().returning(|_| Ok(profile()));
    ig
}

struct World {
    store: Arc<MemoryStore>,
    clock: Arc<ManualClock>,
    service: AccountService,
    exchanges: Arc<Mutex<u32>>,
}

fn world_with(ig: MockInstagramApi, exchanges: Arc<Mutex<u32>>) -> World {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let cipher = Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap());
    let dyn_store: Arc<dyn Store> = store.clone();
    let service = AccountService::new(
        dyn_store,
        Arc::new(ig),
        cipher,
        Arc::new(RandomMinter),
        clock.clone(),
    );
    World {
        store,
        clock,
        service,
        exchanges,
    }
}

fn world() -> World {
    let exchanges = Arc::new(Mutex::new(0));
    world_with(happy_instagram(None, exchanges.clone()), exchanges)
}

async fn user(store: &MemoryStore, name: &str) -> UserId {
    let u = User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: PasswordHash("x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: time::OffsetDateTime::UNIX_EPOCH,
        updated_at: time::OffsetDateTime::UNIX_EPOCH,
    };
    store.insert_user(&u).await.unwrap();
    u.id
}

fn ctx() -> RequestContext {
    RequestContext::new("203.0.113.1", None)
}

fn session(name: &str) -> TokenDigest {
    RandomMinter.digest(name)
}

fn state_of(url: &str) -> String {
    url.split("state=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string()
}

fn callback(state: &str) -> CallbackParams {
    CallbackParams {
        state: Some(state.to_string()),
        code: Some("the-code#_".into()),
        ..CallbackParams::default()
    }
}

#[tokio::test]
async fn connecting_stores_the_account_with_an_encrypted_token() {
    let w = world();
    let alice = user(&w.store, "alice").await;
    let url = w
        .service
        .start_connect(alice, &session("s1"))
        .await
        .unwrap();
    assert!(
        url.ends_with("&scopes=5"),
        "all five scopes requested: {url}"
    );
    let done = w
        .service
        .complete_connect(alice, &session("s1"), callback(&state_of(&url)), &ctx())
        .await
        .unwrap();
    assert!(!done.reconnected);
    assert!(done.missing.is_empty());
    let stored = w
        .store
        .account(alice, done.account.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.ig_user_id, IG_ID);
    assert_eq!(stored.profile.username, "acme");
    assert_eq!(stored.token.expires_at, w.clock.now() + Duration::days(60));
    let raw = &stored.token.ciphertext.0;
    assert!(
        !raw.windows(8).any(|win| win == b"IGAA-lon"),
        "token stored encrypted"
    );
    assert_eq!(
        w.service.access(&stored).unwrap().token.expose_secret(),
        "IGAA-long-lived-secret"
    );
    let events = w.store.audit_for_user(alice, 5).await.unwrap();
    assert_eq!(events[0].kind, AuditKind::AccountConnected);
}

#[tokio::test]
async fn bad_reused_foreign_and_expired_states_are_refused_before_any_exchange() {
    let w = world();
    let alice = user(&w.store, "alice").await;
    let bob = user(&w.store, "bob").await;

    // Unknown state, and none at all.
    let err = w
        .service
        .complete_connect(alice, &session("s1"), callback("made-up"), &ctx())
        .await;
    assert!(matches!(err, Err(ConnectError::InvalidState)));
    let none = CallbackParams {
        code: Some("the-code".into()),
        ..CallbackParams::default()
    };
    assert!(matches!(
        w.service
            .complete_connect(alice, &session("s1"), none, &ctx())
            .await,
        Err(ConnectError::InvalidState)
    ));

    // Another session's or another user's state.
    let url = w
        .service
        .start_connect(alice, &session("s1"))
        .await
        .unwrap();
    let err = w
        .service
        .complete_connect(alice, &session("other"), callback(&state_of(&url)), &ctx())
        .await;
    assert!(matches!(err, Err(ConnectError::InvalidState)));
    let url = w
        .service
        .start_connect(alice, &session("s1"))
        .await
        .unwrap();
    let err = w
        .service
        .complete_connect(bob, &session("s1"), callback(&state_of(&url)), &ctx())
        .await;
    assert!(matches!(err, Err(ConnectError::InvalidState)));

    // Expired.
    let url = w
        .service
        .start_connect(alice, &session("s1"))
        .await
        .unwrap();
    w.clock.advance(Duration::minutes(16));
    let err = w
        .service
        .complete_connect(alice, &session("s1"), callback(&state_of(&url)), &ctx())
        .await;
    assert!(matches!(err, Err(ConnectError::InvalidState)));
    assert_eq!(*w.exchanges.lock().unwrap(), 0, "no code was exchanged");

    // Reused: works once, then refused.
    let url = w
        .service
        .start_connect(alice, &session("s1"))
        .await
        .unwrap();
    let state = state_of(&url);
    w.service
        .complete_connect(alice, &session("s1"), callback(&state), &ctx())
        .await
        .unwrap();
    let err = w
        .service
        .complete_connect(alice, &session("s1"), callback(&state), &ctx())
        .await;
    assert!(matches!(err, Err(ConnectError::InvalidState)));
    assert_eq!(*w.exchanges.lock().unwrap(), 1);
    assert!(w.store.accounts_of(bob).await.unwrap().is_empty());
}

#[tokio::test]
async fn declined_consent_stores_nothing() {
    let w = world();
    let alice = user(&w.store, "alice").await;
    let url = w
        .service
        .start_connect(alice, &session("s1"))
        .await
        .unwrap();
    let params = CallbackParams {
        state: Some(state_of(&url)),
        error: Some("access_denied".into()),
        error_reason: Some("user_denied".into()),
        error_description: Some("The user denied your request".into()),
        ..CallbackParams::default()
    };
    let err = w
        .service
        .complete_connect(alice, &session("s1"), params, &ctx())
        .await;
    assert!(
        matches!(err, Err(ConnectError::Denied { description: Some(d) }) if d.contains("denied"))
    );
    assert!(w.store.accounts_of(alice).await.unwrap().is_empty());
    assert_eq!(*w.exchanges.lock().unwrap(), 0);
}

#[tokio::test]
async fn an_account_belongs_to_one_user_and_reconnecting_replaces_the_token() {
    let w = world();
    let alice = user(&w.store, "alice").await;
    let bob = user(&w.store, "bob").await;
    let first = w
        .service
        .attach(alice, long("token-1"), None, &ctx())
        .await
        .unwrap();
    let err = w.service.attach(bob, long("token-b"), None, &ctx()).await;
    assert!(matches!(err, Err(ConnectError::ConnectedElsewhere)));
    assert!(w.store.accounts_of(bob).await.unwrap().is_empty());

    w.service
        .mark_needs_reconnect(&first.account, "Session has expired")
        .await
        .unwrap();
    w.clock.advance(Duration::days(2));
    let again = w
        .service
        .attach(alice, long("token-2"), None, &ctx())
        .await
        .unwrap();
    assert!(again.reconnected);
    assert_eq!(again.account.id, first.account.id);
    assert_eq!(again.account.status, AccountStatus::Active);
    assert_eq!(
        w.service
            .access(&again.account)
            .unwrap()
            .token
            .expose_secret(),
        "token-2"
    );
    assert_eq!(w.store.accounts_of(alice).await.unwrap().len(), 1);
}

#[tokio::test]
async fn missing_permissions_are_reported() {
    let exchanges = Arc::new(Mutex::new(0));
    let granted = vec![
        "instagram_business_basic".to_string(),
        "instagram_business_content_publish".to_string(),
        "instagram_business_manage_comments".to_string(),
    ];
    let w = world_with(happy_instagram(Some(granted), exchanges.clone()), exchanges);
    let alice = user(&w.store, "alice").await;
    let url = w
        .service
        .start_connect(alice, &session("s1"))
        .await
        .unwrap();
    let done = w
        .service
        .complete_connect(alice, &session("s1"), callback(&state_of(&url)), &ctx())
        .await
        .unwrap();
    assert_eq!(
        done.missing,
        vec![Scope::ManageMessages, Scope::ManageInsights]
    );
}

#[tokio::test]
async fn disconnecting_is_owner_only() {
    let w = world();
    let alice = user(&w.store, "alice").await;
    let bob = user(&w.store, "bob").await;
    let done = w
        .service
        .attach(alice, long("t"), None, &ctx())
        .await
        .unwrap();
    assert!(
        w.service
            .disconnect(bob, done.account.id, &ctx())
            .await
            .is_err()
    );
    assert!(
        w.store
            .account(alice, done.account.id)
            .await
            .unwrap()
            .is_some()
    );
    w.service
        .disconnect(alice, done.account.id, &ctx())
        .await
        .unwrap();
    assert!(
        w.store
            .account_by_ig_user_id(IG_ID)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        w.store.audit_for_user(alice, 1).await.unwrap()[0].kind,
        AuditKind::AccountDisconnected
    );
}

fn refreshing_instagram(
    outcomes: Arc<Mutex<Vec<Result<LongLivedToken, InstagramError>>>>,
    calls: Arc<Mutex<u32>>,
) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(|_| Ok(profile()));
    ig.expect_refresh_token().returning(move |_| {
        *calls.lock().unwrap() += 1;
        outcomes.lock().unwrap().remove(0)
    });
    ig
}

#[tokio::test]
async fn tokens_are_refreshed_a_month_before_expiry_and_failures_need_reconnecting() {
    let outcomes = Arc::new(Mutex::new(vec![
        Err(InstagramError::Transient {
            message: "timeout".into(),
        }),
        Ok(long("refreshed-token")),
        Err(InstagramError::TokenInvalid {
            message: "Error validating access token: Session has expired".into(),
        }),
    ]));
    let calls = Arc::new(Mutex::new(0));
    let w = world_with(
        refreshing_instagram(outcomes, calls.clone()),
        Arc::new(Mutex::new(0)),
    );
    let alice = user(&w.store, "alice").await;
    let id = w
        .service
        .attach(alice, long("original"), None, &ctx())
        .await
        .unwrap()
        .account
        .id;

    // 29 days in: 31 days remain, nothing to do.
    w.clock.advance(Duration::days(29));
    assert_eq!(w.service.refresh_due_tokens().await.unwrap().refreshed, 0);
    assert_eq!(*calls.lock().unwrap(), 0);

    // 31 days in: due. A transient failure defers; the next run refreshes.
    w.clock.advance(Duration::days(2));
    let report = w.service.refresh_due_tokens().await.unwrap();
    assert_eq!((report.refreshed, report.deferred), (0, 1));
    w.clock.advance(Duration::hours(1));
    assert_eq!(w.service.refresh_due_tokens().await.unwrap().refreshed, 1);
    let account = w.store.account(alice, id).await.unwrap().unwrap();
    assert_eq!(account.token.expires_at, w.clock.now() + Duration::days(60));
    assert_eq!(
        w.service.access(&account).unwrap().token.expose_secret(),
        "refreshed-token"
    );
    // Freshly refreshed: not due again.
    assert_eq!(
        w.service.refresh_due_tokens().await.unwrap(),
        Default::default()
    );

    // 31 days later Instagram refuses: the account needs reconnecting and
    // drops out of the refresh job.
    w.clock.advance(Duration::days(31));
    assert_eq!(
        w.service
            .refresh_due_tokens()
            .await
            .unwrap()
            .needs_reconnect,
        1
    );
    let account = w.store.account(alice, id).await.unwrap().unwrap();
    assert_eq!(account.status, AccountStatus::NeedsReconnect);
    assert!(
        account
            .status_detail
            .unwrap()
            .contains("Session has expired")
    );
    assert_eq!(
        w.service.refresh_due_tokens().await.unwrap(),
        Default::default()
    );
    assert_eq!(*calls.lock().unwrap(), 3);
    assert_eq!(
        w.store.audit_for_user(alice, 1).await.unwrap()[0].kind,
        AuditKind::AccountNeedsReconnect
    );
}

#[tokio::test]
async fn an_expired_token_is_not_sent_to_instagram() {
    let calls = Arc::new(Mutex::new(0));
    let w = world_with(
        refreshing_instagram(Arc::new(Mutex::new(vec![])), calls.clone()),
        Arc::new(Mutex::new(0)),
    );
    let alice = user(&w.store, "alice").await;
    let id = w
        .service
        .attach(alice, long("t"), None, &ctx())
        .await
        .unwrap()
        .account
        .id;
    w.clock.advance(Duration::days(61));
    assert_eq!(
        w.service
            .refresh_due_tokens()
            .await
            .unwrap()
            .needs_reconnect,
        1
    );
    assert_eq!(*calls.lock().unwrap(), 0);
    assert_eq!(
        w.store.account(alice, id).await.unwrap().unwrap().status,
        AccountStatus::NeedsReconnect
    );
}

#[tokio::test]
async fn rotating_the_master_key_reencrypts_every_token() {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let old_key = MasterKey::generate();
    let exchanges = Arc::new(Mutex::new(0));
    let make = |cipher: AesSivTokenCipher| {
        AccountService::new(
            store.clone() as Arc<dyn Store>,
            Arc::new(happy_instagram(None, exchanges.clone())),
            Arc::new(cipher),
            Arc::new(RandomMinter),
            clock.clone(),
        )
    };
    let before = make(AesSivTokenCipher::new(&old_key, &[]).unwrap());
    let alice = user(&store, "alice").await;
    let id = before
        .attach(alice, long("keep-me"), None, &ctx())
        .await
        .unwrap()
        .account
        .id;

    let new_key = MasterKey::generate();
    let old_copy = MasterKey::from_base64(old_key.to_base64().expose_secret()).unwrap();
    let after = make(AesSivTokenCipher::new(&new_key, &[old_copy]).unwrap());
    assert_eq!(after.reencrypt_tokens().await.unwrap(), 1);
    assert_eq!(after.reencrypt_tokens().await.unwrap(), 0, "idempotent");
    let only_new = make(
        AesSivTokenCipher::new(
            &MasterKey::from_base64(new_key.to_base64().expose_secret()).unwrap(),
            &[],
        )
        .unwrap(),
    );
    let account = store.account(alice, id).await.unwrap().unwrap();
    assert_eq!(
        only_new.access(&account).unwrap().token.expose_secret(),
        "keep-me"
    );
}

#[tokio::test]
async fn an_erased_token_means_reconnect_not_a_key_problem() {
    let w = world();
    let alice = user(&w.store, "alice").await;
    let id = w
        .service
        .attach(alice, long("token-1"), None, &ctx())
        .await
        .unwrap()
        .account
        .id;
    // The retention job erases the token once it has expired.
    w.clock.advance(Duration::days(61));
    let detail = socialflow_core::account::ERASED_TOKEN_DETAIL;
    assert_eq!(
        w.store
            .erase_expired_tokens(w.clock.now(), detail)
            .await
            .unwrap(),
        1
    );
    let account = w.store.account(alice, id).await.unwrap().unwrap();
    assert_eq!(
        w.service.access(&account).unwrap_err(),
        socialflow_core::crypto::CipherError::Erased
    );
    // A user's refresh says "reconnect", as when Instagram refuses a token.
    let err = w.service.refresh(alice, id).await.unwrap_err();
    assert!(
        matches!(
            &err,
            socialflow_core::accounts::AccountError::Instagram(
                socialflow_core::instagram::InstagramError::TokenInvalid { message }
            ) if message == detail
        ),
        "{err:?}"
    );
    // Key rotation and the refresh job leave it alone.
    assert_eq!(w.service.reencrypt_tokens().await.unwrap(), 0);
    assert_eq!(w.service.refresh_due_tokens().await.unwrap().refreshed, 0);
    // Reconnecting stores a new token.
    let again = w
        .service
        .attach(alice, long("token-2"), None, &ctx())
        .await
        .unwrap();
    assert!(again.reconnected);
    assert_eq!(again.account.status, AccountStatus::Active);
    assert_eq!(
        w.service
            .access(&again.account)
            .unwrap()
            .token
            .expose_secret(),
        "token-2"
    );
}
