//! Contract cases of moving automation rules up and down.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::automation::{
    ActionSpec, MatchMode, PostScope, Rule, RuleId, RuleMove, RuleSpec, TextMatchSpec, Trigger,
};
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, account, user};

fn rule(account: AccountId, name: &str) -> Rule {
    Rule {
        id: RuleId::new(),
        account,
        position: 0,
        spec: RuleSpec {
            name: name.into(),
            enabled: false,
            trigger: Trigger::Comment {
                post: PostScope::Any,
            },
            text: TextMatchSpec {
                mode: MatchMode::Contains,
                include: vec!["цена".into()],
                exclude: Vec::new(),
                pattern: None,
            },
            filters: Default::default(),
            actions: vec![ActionSpec::Hide],
            delay: Default::default(),
            send: Default::default(),
        },
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

async fn names(store: &Arc<dyn Store>, owner: UserId, account: AccountId) -> Vec<(String, u32)> {
    store
        .rules(owner, account)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.spec.name, r.position))
        .collect()
}

pub async fn rules_move_up_and_down_swapping_places_scoped_to_their_owner(store: Arc<dyn Store>) {
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let (bob, bobs) = owner_with_account(&store, "bob").await;
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        let r = rule(shop, name);
        ids.push(r.id);
        store.insert_rule(alice, &r, 10).await.unwrap();
    }
    let order = |v: &[(&str, u32)]| {
        v.iter()
            .map(|(n, p)| ((*n).to_string(), *p))
            .collect::<Vec<_>>()
    };
    assert!(
        store
            .move_rule(alice, shop, ids[2], RuleMove::Up)
            .await
            .unwrap()
    );
    assert_eq!(
        names(&store, alice, shop).await,
        order(&[("a", 0), ("c", 1), ("b", 2)])
    );
    assert!(
        store
            .move_rule(alice, shop, ids[2], RuleMove::Up)
            .await
            .unwrap()
    );
    assert_eq!(
        names(&store, alice, shop).await,
        order(&[("c", 0), ("a", 1), ("b", 2)])
    );
    // At the top, up changes nothing; at the bottom, down neither.
    assert!(
        store
            .move_rule(alice, shop, ids[2], RuleMove::Up)
            .await
            .unwrap()
    );
    assert!(
        store
            .move_rule(alice, shop, ids[1], RuleMove::Down)
            .await
            .unwrap()
    );
    assert_eq!(
        names(&store, alice, shop).await,
        order(&[("c", 0), ("a", 1), ("b", 2)])
    );
    assert!(
        store
            .move_rule(alice, shop, ids[0], RuleMove::Down)
            .await
            .unwrap()
    );
    assert_eq!(
        names(&store, alice, shop).await,
        order(&[("c", 0), ("b", 1), ("a", 2)])
    );
    // Another user's rule, or a rule under another account: absent.
    assert!(
        !store
            .move_rule(bob, shop, ids[0], RuleMove::Up)
            .await
            .unwrap()
    );
    assert!(
        !store
            .move_rule(bob, bobs, ids[0], RuleMove::Up)
            .await
            .unwrap()
    );
    assert!(
        !store
            .move_rule(alice, shop, RuleId::new(), RuleMove::Up)
            .await
            .unwrap()
    );
    assert_eq!(
        names(&store, alice, shop).await,
        order(&[("c", 0), ("b", 1), ("a", 2)])
    );
    // A new rule still goes last.
    store
        .insert_rule(alice, &rule(shop, "d"), 10)
        .await
        .unwrap();
    assert_eq!(names(&store, alice, shop).await[3], ("d".to_string(), 3));
}
