//! Contract cases of approvals: team notes are scoped to the post's
//! workspace, capped per post, deleted only by their author, kept (without
//! author) when the author goes and gone with the post; posts in review are
//! never claimed by the worker; the expiry sweep finds them across owners
//! and its conditional write lets exactly one of two sweepers win.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::approvals::{NoteId, PostNote};
use socialflow_core::posts::{Change, Post, PostState};
use socialflow_core::storage::{Store, StoreError};
use socialflow_core::unit_of_work::UnitOfWork;
use time::Duration;

use crate::fixtures::{T0, user};
use crate::posts_cases::{owner_with_account, post};

fn note(post: &Post, author: UserId, body: &str, minutes: i64) -> PostNote {
    PostNote {
        id: NoteId::new(),
        post: post.id,
        owner: post.owner,
        author: Some(author),
        author_name: None,
        body: body.into(),
        created_at: T0 + Duration::minutes(minutes),
    }
}

pub async fn post_notes_are_scoped_capped_and_follow_their_post_and_author(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, _) = owner_with_account(&store, "bob", "1002").await;
    let carol = user("carol");
    store.insert_user(&carol).await.unwrap();
    let p = post(alice, acc, PostState::Draft, None);
    store.insert_post(&p).await.unwrap();

    let first = note(&p, alice, "Кофе <b>@carol</b> ☕", 1);
    let second = note(&p, carol.id, "looks good", 2);
    assert!(store.insert_post_note(&first, 3).await.unwrap());
    assert!(store.insert_post_note(&second, 3).await.unwrap());
    // A note claiming bob's workspace on alice's post is refused.
    let mut stray = note(&p, bob, "not mine", 3);
    stray.owner = bob;
    assert!(!store.insert_post_note(&stray, 3).await.unwrap());

    let listed = store.post_notes(alice, p.id).await.unwrap();
    assert_eq!(
        listed.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        vec!["Кофе <b>@carol</b> ☕", "looks good"],
        "oldest first, text as written"
    );
    assert_eq!(listed[0].author_name.as_deref(), Some("alice"));
    assert_eq!(listed[1].author_name.as_deref(), Some("carol"));
    assert!(store.post_notes(bob, p.id).await.unwrap().is_empty());

    // The cap counts per post.
    assert!(
        store
            .insert_post_note(&note(&p, alice, "third", 4), 3)
            .await
            .unwrap()
    );
    assert!(
        !store
            .insert_post_note(&note(&p, alice, "fourth", 5), 3)
            .await
            .unwrap()
    );

    // Only the author deletes their note, and only in its workspace.
    assert!(
        !store
            .delete_post_note(alice, p.id, second.id, alice)
            .await
            .unwrap()
    );
    assert!(
        !store
            .delete_post_note(bob, p.id, second.id, carol.id)
            .await
            .unwrap()
    );
    assert!(
        store
            .delete_post_note(alice, p.id, first.id, alice)
            .await
            .unwrap()
    );
    assert!(
        !store
            .delete_post_note(alice, p.id, first.id, alice)
            .await
            .unwrap()
    );

    assert_eq!(
        store
            .notes_by_author(carol.id)
            .await
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect::<Vec<_>>(),
        vec![second.id]
    );
    // The author goes: the note stays, without an author.
    assert!(store.delete_user(carol.id).await.unwrap());
    let left = store.post_notes(alice, p.id).await.unwrap();
    assert_eq!(left.len(), 2);
    let kept = left.iter().find(|n| n.id == second.id).unwrap();
    assert_eq!((kept.author, kept.author_name.as_deref()), (None, None));
    // The post goes: its notes go.
    assert!(
        store
            .delete_post(alice, p.id, p.version)
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.post_notes(alice, p.id).await.unwrap().is_empty());
    assert!(store.notes_by_author(alice).await.unwrap().is_empty());
    // And a workspace's notes go with its owner.
    let q = post(alice, acc, PostState::Draft, None);
    store.insert_post(&q).await.unwrap();
    let bobs = note(&q, bob, "bob was here", 6);
    assert!(store.insert_post_note(&bobs, 3).await.unwrap());
    assert!(store.delete_user(alice).await.unwrap());
    assert!(store.notes_by_author(bob).await.unwrap().is_empty());
}

pub async fn posts_in_review_are_never_claimed_and_expire_once(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, bob_acc) = owner_with_account(&store, "bob", "1002").await;
    let contributor = user("carol");
    store.insert_user(&contributor).await.unwrap();
    let now = T0 + Duration::hours(3);
    // Due by every clock the worker has, but waiting for review.
    let mut in_review = post(
        alice,
        acc,
        PostState::InReview,
        Some(T0 + Duration::hours(1)),
    );
    in_review.submitted_by = Some(contributor.id);
    let mut changes = post(
        bob,
        bob_acc,
        PostState::ChangesRequested,
        Some(T0 + Duration::hours(2)),
    );
    changes.reason = Some("shorter caption, please".into());
    let later = post(
        alice,
        acc,
        PostState::InReview,
        Some(now + Duration::hours(1)),
    );
    let expired = post(alice, acc, PostState::Expired, Some(T0));
    for p in [&in_review, &changes, &later, &expired] {
        store.insert_post(p).await.unwrap();
    }
    assert_eq!(
        store.post(alice, in_review.id).await.unwrap(),
        Some(in_review.clone()),
        "states and the submitter round-trip"
    );
    assert_eq!(
        store.post(bob, changes.id).await.unwrap(),
        Some(changes.clone())
    );
    assert!(
        store
            .claim_due_posts(now, "w1", now + Duration::minutes(1), 10)
            .await
            .unwrap()
            .is_empty(),
        "the worker never takes a post in review"
    );

    let overdue = store.overdue_reviews(now, 10).await.unwrap();
    assert_eq!(
        overdue.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![in_review.id, changes.id],
        "both owners' posts past their time, oldest first"
    );
    assert_eq!(store.overdue_reviews(now, 1).await.unwrap().len(), 1);

    // Two sweepers expire the same post: one unit wins, the other is a
    // conflict and writes nothing.
    let mut gone = in_review.clone();
    gone.expire().unwrap();
    gone.version += 1;
    let (a, b) = tokio::join!(
        UnitOfWork::<Change>::commit(&*store, vec![Change::UpdatePost(gone.clone())]),
        UnitOfWork::<Change>::commit(&*store, vec![Change::UpdatePost(gone.clone())]),
    );
    let wins = [&a, &b].iter().filter(|r| r.is_ok()).count();
    assert_eq!(wins, 1, "{a:?} {b:?}");
    assert!(
        [a, b]
            .into_iter()
            .any(|r| matches!(r, Err(StoreError::Conflict)))
    );
    let stored = store.post(alice, in_review.id).await.unwrap().unwrap();
    assert_eq!((stored.state, stored.version), (PostState::Expired, 2));
    assert_eq!(
        store
            .overdue_reviews(now, 10)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect::<Vec<_>>(),
        vec![changes.id]
    );
    // The submitter goes: the post stays, without a submitter.
    assert!(store.delete_user(contributor.id).await.unwrap());
    assert_eq!(
        store
            .post(alice, in_review.id)
            .await
            .unwrap()
            .unwrap()
            .submitted_by,
        None
    );
}
