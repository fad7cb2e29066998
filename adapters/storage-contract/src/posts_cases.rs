//! Contract cases for posts: owner scoping, versions, leases, cascades.

use std::collections::HashSet;
use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::media::MediaId;
use socialflow_core::posts::{
    Post, PostContent, PostEvent, PostFilter, PostHold, PostId, PostKind, PostLogEntry, PostState,
    UserTagSpec,
};
use socialflow_core::storage::Store;
use time::{Duration, OffsetDateTime};

use crate::fixtures::{T0, account, user};

pub(crate) fn post(
    owner: UserId,
    account: AccountId,
    state: PostState,
    at: Option<OffsetDateTime>,
) -> Post {
    Post {
        id: PostId::new(),
        owner,
        content: PostContent {
            account_id: account,
            kind: PostKind::Carousel,
            media: vec![MediaId::new(), MediaId::new()],
            cover: None,
            thumb_offset_ms: Some(1_500),
            share_to_feed: true,
            caption: "Кофе <script>alert(1)</script> ☕ \"quoted\"".into(),
            hashtags: "#coffee #morning".into(),
            first_comment: Some("first!".into()),
            collaborators: vec!["friend.one".into()],
            location_id: None,
            alt_text: Some("a cup".into()),
            user_tags: vec![UserTagSpec {
                username: "barista".into(),
                x: 0.25,
                y: 0.75,
            }],
            options: Default::default(),
            scheduled_at: at,
        },
        state,
        child_containers: vec!["c1".into()],
        container_id: None,
        ig_media_id: None,
        permalink: None,
        first_comment_id: None,
        first_comment_tried: false,
        hold: None,
        reason: None,
        attempts: 0,
        next_action_at: at,
        publish_started_at: None,
        published_at: None,
        failure_acknowledged: false,
        version: 1,
        content_rev: 1,
        containers_rev: None,
        containers_at: None,
        submitted_by: None,
        created_at: T0,
        updated_at: T0,
    }
}

pub(crate) async fn owner_with_account(
    store: &Arc<dyn Store>,
    name: &str,
    ig: &str,
) -> (UserId, AccountId) {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    let a = account(u.id, ig, name, T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    (u.id, a.id)
}

pub async fn posts_round_trip_scoped_to_their_owner(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, _) = owner_with_account(&store, "bob", "1002").await;
    let mut p = post(
        alice,
        acc,
        PostState::Scheduled,
        Some(T0 + Duration::hours(2)),
    );
    p.content.cover = Some(MediaId::new());
    store.insert_post(&p).await.unwrap();
    assert_eq!(store.post(alice, p.id).await.unwrap(), Some(p.clone()));
    assert_eq!(
        store.post(bob, p.id).await.unwrap(),
        None,
        "bob cannot read it"
    );

    let draft = post(alice, acc, PostState::Draft, None);
    store.insert_post(&draft).await.unwrap();
    let later = post(
        alice,
        acc,
        PostState::Scheduled,
        Some(T0 + Duration::days(3)),
    );
    store.insert_post(&later).await.unwrap();

    let all = store
        .list_posts(alice, &PostFilter::default())
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|p| p.id).collect();
    // Drafts sort by creation (T0), before the scheduled ones.
    assert_eq!(ids, vec![draft.id, p.id, later.id]);
    assert!(
        store
            .list_posts(bob, &PostFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    let window = PostFilter {
        from: Some(T0 + Duration::hours(1)),
        to: Some(T0 + Duration::days(1)),
        states: vec![PostState::Scheduled],
        account: Some(acc),
        limit: 10,
        accounts: None,
    };
    let in_window = store.list_posts(alice, &window).await.unwrap();
    assert_eq!(
        in_window.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![p.id]
    );
    // A member limited to some accounts: only theirs, and none for none.
    let only = |accounts: Vec<AccountId>| PostFilter {
        accounts: Some(accounts),
        ..PostFilter::default()
    };
    let mine = store.list_posts(alice, &only(vec![acc])).await.unwrap();
    assert_eq!(mine.len(), 3);
    let other = AccountId(uuid::Uuid::now_v7());
    for accounts in [vec![other], vec![]] {
        assert!(
            store
                .list_posts(alice, &only(accounts))
                .await
                .unwrap()
                .is_empty()
        );
    }

    let entry = PostLogEntry {
        post_id: p.id,
        at: T0,
        event: PostEvent::ContainerCreated,
        detail: "178900 <b>".into(),
    };
    store.append_post_log(&entry).await.unwrap();
    assert_eq!(store.post_log(alice, p.id).await.unwrap(), vec![entry]);
    assert!(store.post_log(bob, p.id).await.unwrap().is_empty());
}

pub async fn post_updates_need_the_current_version(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, _) = owner_with_account(&store, "bob", "1002").await;
    let p = post(alice, acc, PostState::Draft, None);
    store.insert_post(&p).await.unwrap();

    let mut edit = p.clone();
    edit.content.caption = "new caption".into();
    edit.content.media = vec![MediaId::new()];
    edit.content.kind = PostKind::Post;
    edit.version = 2;
    assert!(store.update_post(&edit).await.unwrap());
    assert_eq!(store.post(alice, p.id).await.unwrap(), Some(edit.clone()));

    // A second edit based on version 1 lost the race.
    let mut stale = p.clone();
    stale.version = 2;
    assert!(!store.update_post(&stale).await.unwrap());
    // Bob cannot write alice's post even with the right version.
    let mut foreign = edit.clone();
    foreign.owner = bob;
    foreign.version = 3;
    assert!(!store.update_post(&foreign).await.unwrap());
    assert_eq!(
        store
            .post(alice, p.id)
            .await
            .unwrap()
            .unwrap()
            .content
            .caption,
        "new caption"
    );
}

pub async fn due_posts_are_leased_to_one_worker(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let due = post(alice, acc, PostState::Scheduled, Some(T0));
    let future = post(
        alice,
        acc,
        PostState::Scheduled,
        Some(T0 + Duration::hours(1)),
    );
    let draft = post(alice, acc, PostState::Draft, None);
    let mut done = post(
        alice,
        acc,
        PostState::Published,
        Some(T0 - Duration::hours(1)),
    );
    // A finished post has no next action; a cancelled one is never claimed.
    done.next_action_at = None;
    let mut cancelled = post(alice, acc, PostState::Cancelled, Some(T0));
    cancelled.next_action_at = Some(T0 - Duration::hours(1));
    for p in [&due, &future, &draft, &done, &cancelled] {
        store.insert_post(p).await.unwrap();
    }
    let lease = Duration::minutes(5);
    let w1 = store
        .claim_due_posts(T0, "w1", T0 + lease, 10)
        .await
        .unwrap();
    assert_eq!(w1.iter().map(|p| p.id).collect::<Vec<_>>(), vec![due.id]);
    assert_eq!(w1[0].version, due.version + 1, "a claim bumps the version");
    assert!(
        store
            .claim_due_posts(T0, "w2", T0 + lease, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // w1's write under its lease works and keeps the lease.
    let mut mine = w1[0].clone();
    mine.state = PostState::Preparing;
    mine.container_id = Some("17900".into());
    mine.version += 1;
    assert!(store.save_claimed_post(&mine, "w1", false).await.unwrap());
    // w1 "crashes"; after the lease expires w2 takes over.
    let t1 = T0 + lease + Duration::seconds(1);
    let w2 = store
        .claim_due_posts(t1, "w2", t1 + lease, 10)
        .await
        .unwrap();
    assert_eq!(w2.len(), 1);
    assert_eq!(
        w2[0].container_id.as_deref(),
        Some("17900"),
        "the container id survived"
    );
    assert_eq!(w2[0].state, PostState::Preparing);
    // The stale worker can no longer write.
    mine.version += 1;
    assert!(!store.save_claimed_post(&mine, "w1", true).await.unwrap());
    // w2 finishes the step and releases with a later next action.
    let mut theirs = w2[0].clone();
    theirs.state = PostState::Ready;
    theirs.hold = Some(PostHold::Quota);
    theirs.reason = Some("quota".into());
    theirs.next_action_at = Some(t1 + Duration::minutes(10));
    theirs.version += 1;
    assert!(store.save_claimed_post(&theirs, "w2", true).await.unwrap());
    assert!(
        store
            .claim_due_posts(t1, "w3", t1 + lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let stored = store.post(alice, due.id).await.unwrap().unwrap();
    assert_eq!(stored.state, PostState::Ready);
    assert_eq!(stored.hold, Some(PostHold::Quota));
    assert_eq!(
        stored.content, due.content,
        "the worker never rewrites content"
    );
    // Released and due again: anyone may claim it.
    let t2 = T0 + Duration::hours(1);
    let again = store
        .claim_due_posts(t2, "w3", t2 + lease, 10)
        .await
        .unwrap();
    assert_eq!(
        again.len(),
        2,
        "the reel due at T0+1h and the quota-held post"
    );
}

/// The heartbeat: only the holder renews, renewing keeps others out past
/// the first expiry, and a lease that ran out and was taken stays taken.
pub async fn lease_renewal_is_for_the_holder_only(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let due = post(alice, acc, PostState::Scheduled, Some(T0));
    store.insert_post(&due).await.unwrap();
    let lease = Duration::seconds(45);
    let w1 = store
        .claim_due_posts(T0, "w1", T0 + lease, 10)
        .await
        .unwrap();
    assert_eq!(w1.len(), 1);
    assert!(
        !store
            .renew_post_lease(due.id, "w2", T0 + Duration::hours(1))
            .await
            .unwrap(),
        "a worker that does not hold the post cannot renew it"
    );
    let t1 = T0 + Duration::seconds(30);
    assert!(
        store
            .renew_post_lease(due.id, "w1", t1 + lease)
            .await
            .unwrap()
    );
    // Past the first expiry the renewed lease still keeps w2 out.
    let t2 = T0 + Duration::seconds(60);
    assert!(
        store
            .claim_due_posts(t2, "w2", t2 + lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "the renewed lease holds"
    );
    // Renewing does not bump the version: w1's next write still fits.
    let mut mine = w1[0].clone();
    mine.state = PostState::Preparing;
    mine.version += 1;
    assert!(store.save_claimed_post(&mine, "w1", false).await.unwrap());
    // w1 stops renewing; once the lease runs out w2 takes the post over
    // and w1 can neither renew nor write any more.
    let t3 = t1 + lease + Duration::seconds(1);
    let w2 = store
        .claim_due_posts(t3, "w2", t3 + lease, 10)
        .await
        .unwrap();
    assert_eq!(w2.len(), 1);
    assert!(
        !store
            .renew_post_lease(due.id, "w1", t3 + lease)
            .await
            .unwrap(),
        "the old holder cannot take the post back"
    );
    mine.version += 1;
    assert!(!store.save_claimed_post(&mine, "w1", false).await.unwrap());
    assert!(
        store
            .claim_due_posts(t3 + Duration::seconds(44), "w3", t3 + lease * 2, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Released: nobody holds it, so nobody renews it.
    let mut theirs = w2[0].clone();
    theirs.next_action_at = Some(t3 + Duration::hours(1));
    theirs.version += 1;
    assert!(store.save_claimed_post(&theirs, "w2", true).await.unwrap());
    assert!(
        !store
            .renew_post_lease(due.id, "w2", t3 + lease)
            .await
            .unwrap()
    );
    assert!(
        !store
            .renew_post_lease(PostId::new(), "w2", t3 + lease)
            .await
            .unwrap()
    );
}

pub async fn concurrent_claims_never_share_a_post(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    for i in 0..40 {
        let p = post(
            alice,
            acc,
            PostState::Scheduled,
            Some(T0 - Duration::seconds(i)),
        );
        store.insert_post(&p).await.unwrap();
    }
    let mut tasks = Vec::new();
    for w in 0..6 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let worker = format!("w{w}");
            let mut got = Vec::new();
            loop {
                let batch = store
                    .claim_due_posts(T0, &worker, T0 + Duration::minutes(5), 3)
                    .await
                    .unwrap();
                if batch.is_empty() {
                    break;
                }
                got.extend(batch.into_iter().map(|p| p.id));
            }
            got
        }));
    }
    let mut seen = HashSet::new();
    let mut total = 0;
    for t in tasks {
        for id in t.await.unwrap() {
            total += 1;
            assert!(seen.insert(id), "post {id} claimed twice");
        }
    }
    assert_eq!(total, 40);
}

pub async fn deleting_posts_users_and_accounts_removes_posts(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let (bob, bob_acc) = owner_with_account(&store, "bob", "1002").await;
    let shared = MediaId::new();
    let mut a = post(alice, acc, PostState::Draft, None);
    a.content.media = vec![shared, MediaId::new()];
    a.content.cover = Some(MediaId::new());
    let mut b = post(alice, acc, PostState::Draft, None);
    b.content.media = vec![shared, MediaId::new()];
    store.insert_post(&a).await.unwrap();
    store.insert_post(&b).await.unwrap();
    store
        .append_post_log(&PostLogEntry {
            post_id: a.id,
            at: T0,
            event: PostEvent::Created,
            detail: String::new(),
        })
        .await
        .unwrap();
    assert!(store.media_in_use(shared, Some(a.id)).await.unwrap());
    assert!(
        store
            .media_in_use(a.content.cover.unwrap(), None)
            .await
            .unwrap()
    );
    assert!(
        !store
            .media_in_use(a.content.media[1], Some(a.id))
            .await
            .unwrap()
    );

    // Wrong owner or stale version: nothing happens.
    assert_eq!(store.delete_post(bob, a.id, a.version).await.unwrap(), None);
    assert_eq!(
        store.delete_post(alice, a.id, a.version + 1).await.unwrap(),
        None
    );
    let mut media = store
        .delete_post(alice, a.id, a.version)
        .await
        .unwrap()
        .unwrap();
    media.sort();
    let mut expected = vec![shared, a.content.media[1], a.content.cover.unwrap()];
    expected.sort();
    assert_eq!(media, expected);
    assert_eq!(store.post(alice, a.id).await.unwrap(), None);
    assert!(store.post_log(alice, a.id).await.unwrap().is_empty());
    assert!(!store.media_in_use(shared, Some(b.id)).await.unwrap());

    // Disconnecting the account removes its posts.
    store.delete_account(alice, acc).await.unwrap();
    assert_eq!(store.post(alice, b.id).await.unwrap(), None);
    // Deleting the user removes theirs.
    let c = post(bob, bob_acc, PostState::Scheduled, Some(T0));
    store.insert_post(&c).await.unwrap();
    assert_eq!(
        store.count_posts_by_state().await.unwrap(),
        vec![(PostState::Scheduled, 1)]
    );
    store.delete_user(bob).await.unwrap();
    assert!(store.count_posts_by_state().await.unwrap().is_empty());
    // A post needs an account of its owner.
    let orphan = post(alice, AccountId::new(), PostState::Draft, None);
    assert!(store.insert_post(&orphan).await.is_err());
}

pub async fn uploads_no_post_uses_are_found_once_old_enough(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let old_unused = crate::media_cases::video(alice, "old.mp4", T0 - Duration::days(2));
    let old_used = crate::media_cases::video(alice, "used.mp4", T0 - Duration::days(2));
    let fresh = crate::media_cases::video(alice, "new.mp4", T0);
    for m in [&old_unused, &old_used, &fresh] {
        store.insert_media(m).await.unwrap();
    }
    let mut p = post(alice, acc, PostState::Draft, None);
    p.content.media = vec![old_used.id];
    store.insert_post(&p).await.unwrap();
    let found = store
        .unused_media(T0 - Duration::days(1), 10)
        .await
        .unwrap();
    assert_eq!(found, vec![(alice, old_unused.id)]);
}

/// A claim takes posts whose lease ran out (their worker died holding them)
/// before fresh due posts, even fresh ones due earlier: a survivor with a
/// backlog of its own resumes a dead worker's posts within one lease.
pub async fn expired_leases_are_claimed_before_fresh_posts(store: Arc<dyn Store>) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let lease = Duration::seconds(45);
    let mut held = post(alice, acc, PostState::Scheduled, Some(T0));
    held.next_action_at = Some(T0 - Duration::minutes(1));
    store.insert_post(&held).await.unwrap();
    let taken = store
        .claim_due_posts(
            T0 - Duration::minutes(1),
            "dead",
            T0 - Duration::seconds(10),
            10,
        )
        .await
        .unwrap();
    assert_eq!(taken.len(), 1, "the worker that dies holds it");
    // Fresh posts, all due before the held one.
    let mut fresh = Vec::new();
    for minutes in [10, 9, 8] {
        let mut p = post(alice, acc, PostState::Scheduled, Some(T0));
        p.next_action_at = Some(T0 - Duration::minutes(minutes));
        store.insert_post(&p).await.unwrap();
        fresh.push(p.id);
    }
    // One at a time: the expired lease alone fills the first claim.
    let first = store
        .claim_due_posts(T0, "survivor", T0 + lease, 1)
        .await
        .unwrap();
    let ids: Vec<PostId> = first.iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![held.id], "the expired lease first");
    let second = store
        .claim_due_posts(T0, "survivor", T0 + lease, 1)
        .await
        .unwrap();
    let ids: Vec<PostId> = second.iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![fresh[0]], "then the earliest fresh post");
    let rest = store
        .claim_due_posts(T0, "survivor", T0 + lease, 10)
        .await
        .unwrap();
    assert_eq!(
        rest.iter().map(|p| p.id).collect::<Vec<_>>(),
        fresh[1..].to_vec(),
        "the rest in due order"
    );
}
