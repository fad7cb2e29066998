//! Contract cases of saved replies.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::saved_replies::{SavedReply, SavedReplyId};
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, user};

fn reply(owner: UserId, name: &str, text: &str) -> SavedReply {
    SavedReply {
        id: SavedReplyId::new(),
        owner,
        name: name.into(),
        text: text.into(),
        created_at: T0,
        updated_at: T0,
    }
}

pub async fn saved_replies_round_trip_scoped_to_their_owner(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let thanks = reply(alice.id, "Thanks", "Thank you, @{username}! ☕");
    let hours = reply(
        alice.id,
        "Hours",
        "Мы открыты 8–20.\nЖдём вас — {account} «кофейня»",
    );
    assert!(store.insert_saved_reply(&thanks, 10).await.unwrap());
    assert!(store.insert_saved_reply(&hours, 10).await.unwrap());
    // By name.
    assert_eq!(
        store.saved_replies(alice.id).await.unwrap(),
        vec![hours.clone(), thanks.clone()]
    );
    assert!(store.saved_replies(bob.id).await.unwrap().is_empty());
    assert_eq!(store.saved_reply(bob.id, thanks.id).await.unwrap(), None);
    assert_eq!(
        store.saved_reply(alice.id, thanks.id).await.unwrap(),
        Some(thanks.clone())
    );

    let mut changed = thanks.clone();
    changed.name = "Thanks (short)".into();
    changed.text = "Thanks!".into();
    changed.updated_at = T0 + Duration::minutes(5);
    let mut stolen = changed.clone();
    stolen.owner = bob.id;
    assert!(
        !store.update_saved_reply(&stolen).await.unwrap(),
        "another user's"
    );
    assert!(store.update_saved_reply(&changed).await.unwrap());
    assert_eq!(
        store.saved_reply(alice.id, thanks.id).await.unwrap(),
        Some(changed.clone())
    );
    // The same values again still find the row.
    assert!(store.update_saved_reply(&changed).await.unwrap());

    assert!(!store.delete_saved_reply(bob.id, thanks.id).await.unwrap());
    assert!(store.delete_saved_reply(alice.id, thanks.id).await.unwrap());
    assert!(!store.delete_saved_reply(alice.id, thanks.id).await.unwrap());
    assert_eq!(store.saved_replies(alice.id).await.unwrap(), vec![hours]);
}

pub async fn parallel_saved_reply_inserts_never_pass_the_cap(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let tasks: Vec<_> = (0..25)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let r = reply(alice.id, &format!("n{i}"), "text");
                store.insert_saved_reply(&r, 5).await.unwrap()
            })
        })
        .collect();
    let mut inserted = 0;
    for t in tasks {
        if t.await.unwrap() {
            inserted += 1;
        }
    }
    assert_eq!(inserted, 5);
    assert_eq!(store.saved_replies(alice.id).await.unwrap().len(), 5);
    // The cap is per user: Bob still has room.
    assert!(
        store
            .insert_saved_reply(&reply(bob.id, "b", "text"), 5)
            .await
            .unwrap()
    );
}

pub async fn saved_replies_go_with_their_user(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let r = reply(alice.id, "Thanks", "Thanks, {username}");
    assert!(store.insert_saved_reply(&r, 10).await.unwrap());
    assert!(store.delete_user(alice.id).await.unwrap());
    assert!(store.saved_replies(alice.id).await.unwrap().is_empty());
    assert_eq!(store.saved_reply(alice.id, r.id).await.unwrap(), None);
}
