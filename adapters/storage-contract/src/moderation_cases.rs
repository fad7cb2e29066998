//! Contract cases of moderation lists and log.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::inbox::CachedComment;
use socialflow_core::moderation::{EntryId, ListKind, ModerationEntry, ModerationList};
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, account, user};

async fn owner_with_account(store: &Arc<dyn Store>, name: &str) -> (UserId, AccountId) {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    let a = account(u.id, &format!("ig-{name}"), name, T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    (u.id, a.id)
}

fn list(account: AccountId, kind: ListKind, enabled: bool, words: &[&str]) -> ModerationList {
    ModerationList {
        account,
        kind,
        enabled,
        words: words.iter().map(|w| (*w).to_string()).collect(),
        updated_at: T0,
    }
}

fn entry(account: AccountId, comment: &str, secs: i64) -> ModerationEntry {
    ModerationEntry {
        id: EntryId::new(),
        account,
        comment_id: comment.into(),
        media_id: "m1".into(),
        kind: ListKind::Spam,
        word: "заработок в день".into(),
        hidden_at: T0 + Duration::seconds(secs),
        undone_at: None,
    }
}

pub async fn moderation_lists_round_trip_scoped_to_their_owner(store: Arc<dyn Store>) {
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let (bob, _) = owner_with_account(&store, "bob").await;
    let spam = list(
        shop,
        ListKind::Spam,
        true,
        &["заработок в день", "ақша табу", "follow back", "крипт*"],
    );
    let rude = list(shop, ListKind::Profanity, false, &["бля"]);
    assert!(store.save_moderation_list(alice, &spam).await.unwrap());
    assert!(store.save_moderation_list(alice, &rude).await.unwrap());
    // Bob cannot write into Alice's account nor read it.
    assert!(!store.save_moderation_list(bob, &spam).await.unwrap());
    assert!(store.moderation_lists(bob, shop).await.unwrap().is_empty());

    assert_eq!(
        store.moderation_lists(alice, shop).await.unwrap(),
        vec![rude.clone(), spam.clone()]
    );
    assert_eq!(
        store.enabled_moderation_lists(shop).await.unwrap(),
        vec![spam.clone()]
    );

    // Saving again replaces the list of that kind.
    let mut edited = spam.clone();
    edited.enabled = false;
    edited.words = vec!["пиши в директ".into()];
    edited.updated_at = T0 + Duration::minutes(5);
    assert!(store.save_moderation_list(alice, &edited).await.unwrap());
    assert_eq!(
        store.moderation_lists(alice, shop).await.unwrap(),
        vec![rude, edited]
    );
    assert!(
        store
            .enabled_moderation_lists(shop)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn one_moderation_entry_per_comment_and_undo_once(store: Arc<dyn Store>) {
    let (alice, shop) = owner_with_account(&store, "alice").await;
    let (bob, _) = owner_with_account(&store, "bob").await;
    store
        .upsert_comments(&[CachedComment {
            account_id: shop,
            id: "c1".into(),
            media_id: "m1".into(),
            parent_id: None,
            text: "Заработок в день от 5000!".into(),
            username: Some("spammer".into()),
            timestamp: T0,
            hidden: true,
            like_count: None,
            fetched_at: T0,
        }])
        .await
        .unwrap();
    let first = entry(shop, "c1", 0);
    let second = entry(shop, "c2", 10);
    assert!(store.insert_moderation_entry(&first).await.unwrap());
    assert!(store.insert_moderation_entry(&second).await.unwrap());
    // The same comment again (a webhook and a sync racing) is refused.
    assert!(
        !store
            .insert_moderation_entry(&entry(shop, "c1", 20))
            .await
            .unwrap()
    );
    let mut done = store
        .moderated_comments(shop, &["c1".into(), "c2".into(), "c3".into()])
        .await
        .unwrap();
    done.sort();
    assert_eq!(done, vec!["c1".to_string(), "c2".to_string()]);

    let log = store.moderation_log(alice, shop, 10).await.unwrap();
    assert_eq!(log.len(), 2);
    // Newest first; the cached comment's text and author come along.
    assert_eq!(log[0].entry, second);
    assert_eq!(log[0].text, None);
    assert_eq!(log[1].entry, first);
    assert_eq!(log[1].text.as_deref(), Some("Заработок в день от 5000!"));
    assert_eq!(log[1].username.as_deref(), Some("spammer"));
    assert_eq!(store.moderation_log(alice, shop, 1).await.unwrap().len(), 1);
    assert!(
        store
            .moderation_log(bob, shop, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Only the owner sees and undoes an entry, and only once.
    assert_eq!(store.moderation_entry(bob, first.id).await.unwrap(), None);
    let at = T0 + Duration::hours(1);
    assert!(
        !store
            .mark_moderation_undone(bob, first.id, at)
            .await
            .unwrap()
    );
    assert!(
        store
            .mark_moderation_undone(alice, first.id, at)
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_moderation_undone(alice, first.id, at)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .moderation_entry(alice, first.id)
            .await
            .unwrap()
            .unwrap()
            .undone_at,
        Some(at)
    );
    // An undone entry still holds the comment: it is never hidden again.
    assert!(
        !store
            .insert_moderation_entry(&entry(shop, "c1", 30))
            .await
            .unwrap()
    );

    // A refused hide releases its claim.
    store
        .delete_moderation_entry(shop, second.id)
        .await
        .unwrap();
    assert_eq!(
        store
            .moderated_comments(shop, &["c2".into()])
            .await
            .unwrap(),
        Vec::<String>::new()
    );
}

pub async fn moderation_goes_with_its_account_and_user(store: Arc<dyn Store>) {
    let (alice, shop) = owner_with_account(&store, "alice").await;
    store
        .save_moderation_list(alice, &list(shop, ListKind::Custom, true, &["x"]))
        .await
        .unwrap();
    store
        .insert_moderation_entry(&entry(shop, "c1", 0))
        .await
        .unwrap();
    assert!(store.delete_account(alice, shop).await.unwrap());
    assert!(
        store
            .enabled_moderation_lists(shop)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .moderated_comments(shop, &["c1".into()])
            .await
            .unwrap()
            .is_empty()
    );

    let (bob, cafe) = owner_with_account(&store, "bob").await;
    store
        .save_moderation_list(bob, &list(cafe, ListKind::Spam, true, &["x"]))
        .await
        .unwrap();
    store
        .insert_moderation_entry(&entry(cafe, "c1", 0))
        .await
        .unwrap();
    assert!(store.delete_user(bob).await.unwrap());
    assert!(
        store
            .enabled_moderation_lists(cafe)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .moderated_comments(cafe, &["c1".into()])
            .await
            .unwrap()
            .is_empty()
    );
}
