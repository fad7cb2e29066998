//! Saved replies: validation of variables, insertion with the variables of
//! the person answered, owner scoping and the cap.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use socialflow_core::saved_replies::{
    MAX_SAVED_REPLIES_PER_USER, ReplyVariables, SavedReplyError, SavedReplyId, SavedReplyInput,
    SavedReplyProblem, SavedReplyService,
};
use socialflow_core::storage::UserRepo;
use socialflow_core::user::Role;
use socialflow_core::{Clock, Language, TimeZone, User, UserId, Username};
use socialflow_fakes::{ManualClock, MemoryStore};

async fn user(store: &MemoryStore, name: &str, clock: &ManualClock) -> UserId {
    let now = clock.now();
    let u = User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::utc(),
        created_at: now,
        updated_at: now,
    };
    store.insert_user(&u).await.unwrap();
    u.id
}

fn input(name: &str, text: &str) -> SavedReplyInput {
    SavedReplyInput {
        name: name.into(),
        text: text.into(),
    }
}

fn setup() -> (Arc<MemoryStore>, Arc<ManualClock>, SavedReplyService) {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::default());
    let service = SavedReplyService::new(store.clone(), clock.clone());
    (store, clock, service)
}

#[tokio::test]
async fn an_inserted_reply_names_the_person_and_the_account() {
    let (store, clock, service) = setup();
    let alice = user(&store, "alice", &clock).await;
    let saved = service
        .create(
            alice,
            &input("Thanks", "Thank you, @{username}! Team {account}"),
        )
        .await
        .unwrap();
    let vars = ReplyVariables {
        username: Some("anna_k".into()),
        account: Some("coffee.shop".into()),
    };
    assert_eq!(
        service.insert(alice, saved.id, "", &vars).await.unwrap(),
        "Thank you, @anna_k! Team coffee.shop"
    );
    assert_eq!(
        service
            .insert(alice, saved.id, "Hello!", &vars)
            .await
            .unwrap(),
        "Hello! Thank you, @anna_k! Team coffee.shop"
    );
    // Another user cannot use (or learn of) Alice's reply.
    let bob = user(&store, "bob", &clock).await;
    assert!(matches!(
        service.insert(bob, saved.id, "", &vars).await,
        Err(SavedReplyError::NotFound)
    ));
    assert!(matches!(
        service.insert(alice, SavedReplyId::new(), "", &vars).await,
        Err(SavedReplyError::NotFound)
    ));
}

#[tokio::test]
async fn unknown_variables_are_refused_on_create_and_update() {
    let (store, clock, service) = setup();
    let alice = user(&store, "alice", &clock).await;
    match service.create(alice, &input("Hi", "Hi {name}!")).await {
        Err(SavedReplyError::Invalid(p)) => assert_eq!(
            p,
            vec![SavedReplyProblem::UnknownVariable {
                name: "name".into()
            }]
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let ok = service
        .create(alice, &input("Hi", "Hi {username}!"))
        .await
        .unwrap();
    assert!(matches!(
        service
            .update(alice, ok.id, &input("Hi", "Hi {usrname}!"))
            .await,
        Err(SavedReplyError::Invalid(_))
    ));
    assert_eq!(
        service.get(alice, ok.id).await.unwrap().text,
        "Hi {username}!"
    );
}

#[tokio::test]
async fn parallel_creates_stop_at_the_cap() {
    let (store, clock, service) = setup();
    let service = service.with_max_per_user(3);
    let alice = user(&store, "alice", &clock).await;
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let service = service.clone();
            tokio::spawn(async move { service.create(alice, &input(&format!("r{i}"), "x")).await })
        })
        .collect();
    let mut made = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => made += 1,
            Err(SavedReplyError::TooMany { max: 3 }) => refused += 1,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!((made, refused), (3, 9));
    assert_eq!(service.list(alice).await.unwrap().len(), 3);
    const { assert!(MAX_SAVED_REPLIES_PER_USER >= 50, "enough for real use") };
}
