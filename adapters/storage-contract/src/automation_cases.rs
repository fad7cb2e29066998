//! Contract cases of automation rules.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::automation::{
    ActionSpec, DelaySpec, FiltersSpec, MatchMode, PostScope, Rule, RuleId, RuleInsert, RuleSpec,
    SendMode, TextMatchSpec, Trigger,
};
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, account, user};

fn spec(name: &str, keyword: &str) -> RuleSpec {
    RuleSpec {
        name: name.into(),
        enabled: true,
        trigger: Trigger::Comment {
            post: PostScope::Any,
        },
        text: TextMatchSpec {
            mode: MatchMode::Contains,
            include: vec![keyword.into()],
            exclude: vec!["спам".into()],
            pattern: None,
        },
        filters: FiltersSpec::default(),
        actions: vec![
            ActionSpec::PublicReply {
                variants: vec!["{username}, ответили в директ 📩".into()],
            },
            ActionSpec::PrivateReply {
                variants: vec!["Сәлеметсіз бе! Бағасы — 5 000 ₸ «акция»".into()],
            },
        ],
        delay: DelaySpec {
            min_seconds: 5,
            max_seconds: 30,
        },
        send: SendMode::Auto,
    }
}

/// A stored rule for other cases (automation jobs).
pub fn sample_rule(account: AccountId, name: &str) -> Rule {
    rule(account, name)
}

fn rule(account: AccountId, name: &str) -> Rule {
    Rule {
        id: RuleId::new(),
        account,
        position: 99,
        spec: spec(name, "цена"),
        bound_media_id: None,
        created_at: T0,
        updated_at: T0,
    }
}

async fn owner_with_account(store: &Arc<dyn Store>, name: &str) -> (UserId, AccountId) {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    let a = account(u.id, &format!("ig-{name}"), name, T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    (u.id, a.id)
}

pub async fn automation_rules_round_trip_in_order_scoped_to_their_owner(store: Arc<dyn Store>) {
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let (bob, _) = owner_with_account(&store, "bob").await;
    let first = rule(shop, "Цена → ответ");
    let second = rule(shop, "Бағасы");
    assert_eq!(
        store.insert_rule(alice, &first, 10).await.unwrap(),
        RuleInsert::Inserted { position: 0 }
    );
    assert_eq!(
        store.insert_rule(alice, &second, 10).await.unwrap(),
        RuleInsert::Inserted { position: 1 }
    );
    assert_eq!(
        store.insert_rule(bob, &rule(shop, "x"), 10).await.unwrap(),
        RuleInsert::NoAccount,
        "bob cannot add to alice's account"
    );
    let stored = store.rules(alice, shop).await.unwrap();
    let expected_first = Rule {
        position: 0,
        ..first.clone()
    };
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0], expected_first);
    assert_eq!(stored[1].id, second.id);
    assert_eq!(stored[1].position, 1);
    assert!(store.rules(bob, shop).await.unwrap().is_empty());
    assert_eq!(store.rule(bob, shop, first.id).await.unwrap(), None);
    assert_eq!(
        store.rule(alice, shop, first.id).await.unwrap(),
        Some(expected_first.clone())
    );

    let mut changed = expected_first.clone();
    changed.spec = spec("Цена (коротко)", "бағасы");
    changed.spec.enabled = false;
    changed.updated_at = T0 + Duration::minutes(5);
    assert!(
        !store.update_rule(bob, &changed).await.unwrap(),
        "another user's"
    );
    assert!(store.update_rule(alice, &changed).await.unwrap());
    assert_eq!(
        store.rule(alice, shop, first.id).await.unwrap(),
        Some(changed.clone())
    );
    // The same values again still find the row.
    assert!(store.update_rule(alice, &changed).await.unwrap());

    assert!(!store.delete_rule(bob, shop, first.id).await.unwrap());
    assert!(store.delete_rule(alice, shop, first.id).await.unwrap());
    assert!(!store.delete_rule(alice, shop, first.id).await.unwrap());
    // A new rule goes after the last one, never into a freed place.
    assert_eq!(
        store
            .insert_rule(alice, &rule(shop, "third"), 10)
            .await
            .unwrap(),
        RuleInsert::Inserted { position: 2 }
    );
}

pub async fn parallel_rule_inserts_never_pass_the_cap_or_share_a_position(store: Arc<dyn Store>) {
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .insert_rule(alice, &rule(shop, &format!("r{i}")), 5)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut inserted = 0;
    for t in tasks {
        match t.await.unwrap() {
            RuleInsert::Inserted { .. } => inserted += 1,
            RuleInsert::CapReached => {}
            RuleInsert::NoAccount => panic!("the account exists"),
        }
    }
    assert_eq!(inserted, 5);
    let positions: Vec<u32> = store
        .rules(alice, shop)
        .await
        .unwrap()
        .iter()
        .map(|r| r.position)
        .collect();
    assert_eq!(positions, [0, 1, 2, 3, 4]);
}

pub async fn automation_rules_go_with_their_account_and_user(store: Arc<dyn Store>) {
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let r = rule(shop, "r");
    store.insert_rule(alice, &r, 10).await.unwrap();
    assert!(store.delete_account(alice, shop).await.unwrap());
    assert!(store.rules(alice, shop).await.unwrap().is_empty());

    let (bob, cafe) = owner_with_account(&store, "bob").await;
    let r = rule(cafe, "r");
    store.insert_rule(bob, &r, 10).await.unwrap();
    assert!(store.delete_user(bob).await.unwrap());
    assert!(store.rules(bob, cafe).await.unwrap().is_empty());
}
