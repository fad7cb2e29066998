//! Contract cases of saved captions and hashtag groups.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::snippets::{Snippet, SnippetId, SnippetKind};
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, user};

fn snippet(owner: UserId, kind: SnippetKind, name: &str, text: &str) -> Snippet {
    Snippet {
        id: SnippetId::new(),
        owner,
        kind,
        name: name.into(),
        text: text.into(),
        created_at: T0,
        updated_at: T0,
    }
}

pub async fn snippets_round_trip_scoped_to_their_owner(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let tags = snippet(alice.id, SnippetKind::Hashtags, "Coffee", "#coffee #beans");
    let text = snippet(
        alice.id,
        SnippetKind::Caption,
        "Свежая обжарка ☕",
        "Line one\nline two — «quoted»",
    );
    assert!(store.insert_snippet(&tags, 10).await.unwrap());
    assert!(store.insert_snippet(&text, 10).await.unwrap());
    // By kind, then name.
    assert_eq!(
        store.snippets(alice.id).await.unwrap(),
        vec![text.clone(), tags.clone()]
    );
    assert!(store.snippets(bob.id).await.unwrap().is_empty());
    assert_eq!(store.snippet(bob.id, tags.id).await.unwrap(), None);
    assert_eq!(
        store.snippet(alice.id, tags.id).await.unwrap(),
        Some(tags.clone())
    );

    let mut changed = tags.clone();
    changed.name = "Coffee (short)".into();
    changed.text = "#coffee".into();
    changed.updated_at = T0 + Duration::minutes(5);
    let mut stolen = changed.clone();
    stolen.owner = bob.id;
    assert!(
        !store.update_snippet(&stolen).await.unwrap(),
        "another user's"
    );
    assert!(store.update_snippet(&changed).await.unwrap());
    assert_eq!(
        store.snippet(alice.id, tags.id).await.unwrap(),
        Some(changed.clone())
    );
    // The same values again still find the row.
    assert!(store.update_snippet(&changed).await.unwrap());

    assert!(!store.delete_snippet(bob.id, tags.id).await.unwrap());
    assert!(store.delete_snippet(alice.id, tags.id).await.unwrap());
    assert!(!store.delete_snippet(alice.id, tags.id).await.unwrap());
    assert_eq!(store.snippets(alice.id).await.unwrap(), vec![text]);
}

pub async fn parallel_snippet_inserts_never_pass_the_cap(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let tasks: Vec<_> = (0..25)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let s = snippet(alice.id, SnippetKind::Caption, &format!("n{i}"), "text");
                store.insert_snippet(&s, 5).await.unwrap()
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
    assert_eq!(store.snippets(alice.id).await.unwrap().len(), 5);
}

pub async fn snippets_go_with_their_user(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let s = snippet(alice.id, SnippetKind::Hashtags, "Tags", "#a #b");
    assert!(store.insert_snippet(&s, 10).await.unwrap());
    assert!(store.delete_user(alice.id).await.unwrap());
    assert!(store.snippets(alice.id).await.unwrap().is_empty());
}
