//! The rules use case on the in-memory store: create from the fixture,
//! owner scoping, the per-account cap under parallel creates, replace and
//! delete.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::automation::{AutomationError, AutomationService, RuleProblem};
use socialflow_core::storage::{AccountRepo, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Language, TimeZone, User, UserId, Username};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::Duration;

use crate::automation_support::{NOW, fixture_spec};

async fn owner_with_account(store: &MemoryStore, name: &str) -> (UserId, AccountId) {
    let u = User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::Ru,
        time_zone: TimeZone::utc(),
        created_at: NOW,
        updated_at: NOW,
    };
    store.insert_user(&u).await.unwrap();
    let account = Account {
        id: AccountId::new(),
        owner: u.id,
        ig_user_id: format!("ig-{name}"),
        app_scoped_id: format!("app-{name}"),
        profile: AccountProfile {
            username: name.into(),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1]),
            expires_at: NOW + Duration::days(60),
            refreshed_at: NOW,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: NOW,
        profile_fetched_at: NOW,
    };
    store.insert_account(&account).await.unwrap();
    (u.id, account.id)
}

fn service(store: &Arc<MemoryStore>) -> AutomationService {
    AutomationService::new(store.clone(), Arc::new(ManualClock::new(NOW)))
}

#[tokio::test]
async fn the_fixture_is_created_listed_replaced_and_deleted() {
    let store = Arc::new(MemoryStore::new());
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let rules = service(&store);
    let mut spec = fixture_spec();
    spec.name = "  Цена  ".into();
    let created = rules.create(alice, shop, &spec).await.unwrap();
    assert_eq!(created.spec.name, "Цена", "stored trimmed");
    assert_eq!(created.position, 0);
    assert_eq!(
        rules.list(alice, shop).await.unwrap(),
        std::slice::from_ref(&created)
    );

    spec.enabled = false;
    let replaced = rules.replace(alice, shop, created.id, &spec).await.unwrap();
    assert!(!replaced.spec.enabled);
    assert_eq!(rules.get(alice, shop, created.id).await.unwrap(), replaced);

    spec.actions.clear();
    let Err(AutomationError::Invalid(problems)) =
        rules.replace(alice, shop, created.id, &spec).await
    else {
        panic!("an invalid replacement is refused");
    };
    assert_eq!(problems, [RuleProblem::ActionsRequired]);
    assert!(
        !rules
            .get(alice, shop, created.id)
            .await
            .unwrap()
            .spec
            .enabled
    );

    rules.delete(alice, shop, created.id).await.unwrap();
    assert!(matches!(
        rules.get(alice, shop, created.id).await,
        Err(AutomationError::NotFound)
    ));
}

#[tokio::test]
async fn another_users_account_reads_as_absent() {
    let store = Arc::new(MemoryStore::new());
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let (bob, _) = owner_with_account(&store, "bob").await;
    let rules = service(&store);
    let created = rules.create(alice, shop, &fixture_spec()).await.unwrap();
    assert!(matches!(
        rules.create(bob, shop, &fixture_spec()).await,
        Err(AutomationError::NotFound)
    ));
    assert!(rules.list(bob, shop).await.unwrap().is_empty());
    assert!(matches!(
        rules.replace(bob, shop, created.id, &fixture_spec()).await,
        Err(AutomationError::NotFound)
    ));
    assert!(matches!(
        rules.delete(bob, shop, created.id).await,
        Err(AutomationError::NotFound)
    ));
    assert_eq!(rules.list(alice, shop).await.unwrap().len(), 1);
}

#[tokio::test]
async fn parallel_creates_stop_at_the_cap() {
    let store = Arc::new(MemoryStore::new());
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let rules = service(&store).with_max_per_account(3);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let rules = rules.clone();
            tokio::spawn(async move { rules.create(alice, shop, &fixture_spec()).await })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => created += 1,
            Err(AutomationError::TooMany { max: 3 }) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(created, 3);
    let positions: Vec<u32> = rules
        .list(alice, shop)
        .await
        .unwrap()
        .iter()
        .map(|r| r.position)
        .collect();
    assert_eq!(positions, [0, 1, 2]);
}
