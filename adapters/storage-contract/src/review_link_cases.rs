//! Contract cases of client review links: found by digest, scoped to their
//! workspace, only over the workspace's posts, capped per workspace under
//! parallel inserts, decisions recorded per post and rate-limited
//! atomically, gone with their posts and their workspace.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::client_review::{Decision, InsertOutcome, ReviewLink, ReviewLinkId, Verdict};
use socialflow_core::crypto::TokenDigest;
use socialflow_core::posts::{PostId, PostState};
use socialflow_core::storage::Store;
use time::Duration;
use uuid::Uuid;

use crate::fixtures::{T0, account, user};
use crate::posts_cases::post;

async fn owner_with_posts(store: &Arc<dyn Store>, name: &str, n: usize) -> (UserId, Vec<PostId>) {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    let a = account(u.id, &format!("ig-{name}"), name, T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let p = post(
            u.id,
            a.id,
            PostState::Scheduled,
            Some(T0 + Duration::days(1 + i as i64)),
        );
        store.insert_post(&p).await.unwrap();
        ids.push(p.id);
    }
    (u.id, ids)
}

fn link(owner: UserId, posts: Vec<PostId>, digest: &str, minute: i64) -> ReviewLink {
    ReviewLink {
        id: ReviewLinkId(Uuid::now_v7()),
        owner,
        posts,
        digest: TokenDigest(digest.repeat(64 / digest.len())),
        label: "Acme Coffee «клиент»".into(),
        created_by: Some(owner),
        created_at: T0 + Duration::minutes(minute),
        expires_at: T0 + Duration::days(7),
        revoked_at: None,
    }
}

fn decision(l: &ReviewLink, post: PostId, verdict: Verdict, minute: i64) -> Decision {
    Decision {
        link: l.id,
        post,
        verdict,
        note: (verdict == Verdict::ChangesRequested).then(|| "Brighter <b>photo</b>".into()),
        decided_at: T0 + Duration::minutes(minute),
    }
}

pub async fn review_links_round_trip_scoped_to_their_workspace(store: Arc<dyn Store>) {
    let (alice, posts) = owner_with_posts(&store, "alice", 3).await;
    let (bob, bobs) = owner_with_posts(&store, "bob", 1).await;
    let first = link(alice, vec![posts[2], posts[0]], "a", 0);
    let second = link(alice, vec![posts[1]], "b", 1);
    assert_eq!(
        store.insert_review_link(&first, 100, T0).await.unwrap(),
        InsertOutcome::Stored
    );
    assert_eq!(
        store.insert_review_link(&second, 100, T0).await.unwrap(),
        InsertOutcome::Stored
    );
    assert_eq!(
        store.review_links(alice).await.unwrap(),
        vec![second.clone(), first.clone()],
        "newest first, posts in the chosen order"
    );
    assert_eq!(
        store.review_link_by_digest(&first.digest).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(
        store.review_link(alice, first.id).await.unwrap(),
        Some(first.clone())
    );
    // Bob's workspace sees none of it, and no link may mix workspaces.
    assert!(store.review_links(bob).await.unwrap().is_empty());
    assert_eq!(store.review_link(bob, first.id).await.unwrap(), None);
    assert!(!store.revoke_review_link(bob, first.id, T0).await.unwrap());
    assert_eq!(
        store
            .insert_review_link(&link(alice, vec![posts[0], bobs[0]], "c", 2), 100, T0)
            .await
            .unwrap(),
        InsertOutcome::PostMissing
    );
    assert_eq!(
        store
            .insert_review_link(&link(bob, vec![posts[0]], "d", 2), 100, T0)
            .await
            .unwrap(),
        InsertOutcome::PostMissing
    );
    // Decisions: one per post of the link, the latest kept.
    let d1 = decision(&first, posts[0], Verdict::ChangesRequested, 3);
    assert!(store.record_decision(&d1).await.unwrap());
    let d2 = decision(&first, posts[2], Verdict::Approved, 4);
    assert!(store.record_decision(&d2).await.unwrap());
    let d3 = decision(&first, posts[0], Verdict::Approved, 5);
    assert!(store.record_decision(&d3).await.unwrap());
    assert!(
        !store
            .record_decision(&decision(&first, posts[1], Verdict::Approved, 5))
            .await
            .unwrap(),
        "not a post of this link"
    );
    assert_eq!(
        store.decisions(first.id).await.unwrap(),
        vec![d2, d3],
        "in the link's order"
    );
    assert!(store.decisions(second.id).await.unwrap().is_empty());
    // Revoking keeps the link (for the list) but marks it.
    assert!(
        store
            .revoke_review_link(alice, first.id, T0 + Duration::hours(1))
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_review_link(alice, first.id, T0 + Duration::hours(2))
            .await
            .unwrap()
    );
    let back = store
        .review_link_by_digest(&first.digest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back.revoked_at, Some(T0 + Duration::hours(1)));
}

pub async fn parallel_review_link_inserts_never_pass_the_cap(store: Arc<dyn Store>) {
    let (alice, posts) = owner_with_posts(&store, "alice", 1).await;
    let tasks: Vec<_> = (0..25)
        .map(|i| {
            let store = store.clone();
            let posts = posts.clone();
            tokio::spawn(async move {
                let l = link(alice, posts, &format!("{:02}", i), i);
                store.insert_review_link(&l, 5, T0).await.unwrap()
            })
        })
        .collect();
    let mut stored = 0;
    for t in tasks {
        match t.await.unwrap() {
            InsertOutcome::Stored => stored += 1,
            other => assert_eq!(other, InsertOutcome::TooMany),
        }
    }
    assert_eq!(stored, 5);
    let links = store.review_links(alice).await.unwrap();
    assert_eq!(links.len(), 5);
    // Revoked and expired links no longer count.
    assert!(
        store
            .revoke_review_link(alice, links[0].id, T0)
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .insert_review_link(&link(alice, posts.clone(), "x", 30), 5, T0)
            .await
            .unwrap(),
        InsertOutcome::Stored
    );
    assert_eq!(
        store
            .insert_review_link(&link(alice, posts.clone(), "y", 31), 5, T0)
            .await
            .unwrap(),
        InsertOutcome::TooMany
    );
    assert_eq!(
        store
            .insert_review_link(&link(alice, posts, "z", 32), 5, T0 + Duration::days(8))
            .await
            .unwrap(),
        InsertOutcome::Stored
    );
}

pub async fn decision_slots_are_counted_atomically_per_hour(store: Arc<dyn Store>) {
    let (alice, posts) = owner_with_posts(&store, "alice", 1).await;
    let l = link(alice, posts.clone(), "e", 0);
    let other = link(alice, posts, "f", 0);
    store.insert_review_link(&l, 100, T0).await.unwrap();
    store.insert_review_link(&other, 100, T0).await.unwrap();
    let now = T0 + Duration::minutes(10);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            let id = l.id;
            tokio::spawn(async move { store.take_decision_slot(id, now, 7).await.unwrap() })
        })
        .collect();
    let mut taken = 0;
    for t in tasks {
        taken += usize::from(t.await.unwrap());
    }
    assert_eq!(taken, 7);
    assert!(!store.take_decision_slot(l.id, now, 7).await.unwrap());
    // Another link has its own count.
    assert!(store.take_decision_slot(other.id, now, 7).await.unwrap());
    // An hour after the window began, a new one starts.
    let later = T0 + Duration::minutes(61);
    assert!(store.take_decision_slot(l.id, later, 7).await.unwrap());
    for _ in 0..6 {
        assert!(store.take_decision_slot(l.id, later, 7).await.unwrap());
    }
    assert!(!store.take_decision_slot(l.id, later, 7).await.unwrap());
    assert!(
        !store
            .take_decision_slot(ReviewLinkId(Uuid::now_v7()), later, 7)
            .await
            .unwrap(),
        "no such link"
    );
}

pub async fn review_links_go_with_their_posts_and_workspace(store: Arc<dyn Store>) {
    let (alice, posts) = owner_with_posts(&store, "alice", 2).await;
    let l = link(alice, posts.clone(), "g", 0);
    store.insert_review_link(&l, 100, T0).await.unwrap();
    store
        .record_decision(&decision(&l, posts[0], Verdict::Approved, 1))
        .await
        .unwrap();
    let p = store.post(alice, posts[0]).await.unwrap().unwrap();
    assert!(
        store
            .delete_post(alice, posts[0], p.version)
            .await
            .unwrap()
            .is_some()
    );
    let back = store.review_link(alice, l.id).await.unwrap().unwrap();
    assert_eq!(back.posts, vec![posts[1]]);
    assert!(store.decisions(l.id).await.unwrap().is_empty());
    // A member who made a link may go; the link stays the workspace's.
    let carol = user("carol");
    store.insert_user(&carol).await.unwrap();
    let mut by_carol = link(alice, vec![posts[1]], "h", 2);
    by_carol.created_by = Some(carol.id);
    store.insert_review_link(&by_carol, 100, T0).await.unwrap();
    assert!(store.delete_user(carol.id).await.unwrap());
    let kept = store
        .review_link(alice, by_carol.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.created_by, None);
    // The workspace going takes every link with it.
    assert!(store.delete_user(alice).await.unwrap());
    assert_eq!(store.review_link_by_digest(&l.digest).await.unwrap(), None);
    assert_eq!(
        store.review_link_by_digest(&by_carol.digest).await.unwrap(),
        None
    );
}
