//! Contract cases for the triage list: one list over the owner's accounts,
//! keyset paging, filters, and done states that survive the cache refresh
//! and go with their item and account.

use std::sync::Arc;

use socialflow_core::account::Account;
use socialflow_core::inbox::triage::{
    ItemKey, ItemKind, ItemRef, StateFilter, TriageFilter, TriageItem, TriageQuery,
};
use socialflow_core::inbox::*;
use socialflow_core::instagram::Attachment;
use socialflow_core::storage::Store;
use time::{Duration, OffsetDateTime};

use crate::fixtures::{T0, account, user};

async fn setup_account(store: &Arc<dyn Store>, name: &str, ig: &str) -> Account {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    add_account(store, &u.id, name, ig).await
}

async fn add_account(
    store: &Arc<dyn Store>,
    owner: &socialflow_core::UserId,
    name: &str,
    ig: &str,
) -> Account {
    let a = account(*owner, ig, &format!("{name}_shop"), T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    a
}

fn at(minutes: i64) -> OffsetDateTime {
    T0 + Duration::minutes(minutes)
}

fn comment(
    a: &Account,
    id: &str,
    parent: Option<&str>,
    by: &str,
    text: &str,
    min: i64,
) -> CachedComment {
    CachedComment {
        account_id: a.id,
        id: id.into(),
        media_id: "m1".into(),
        parent_id: parent.map(str::to_string),
        text: text.into(),
        username: Some(by.into()),
        timestamp: at(min),
        hidden: false,
        like_count: None,
        fetched_at: T0,
    }
}

fn media(a: &Account) -> CachedMedia {
    CachedMedia {
        account_id: a.id,
        id: "m1".into(),
        caption: Some("New mugs are in ☕".into()),
        media_type: "IMAGE".into(),
        media_url: Some("https://cdn.example/m.jpg".into()),
        thumbnail_url: None,
        permalink: Some("https://www.instagram.com/p/x/".into()),
        timestamp: at(-60),
        like_count: None,
        comments_count: Some(3),
        fetched_at: T0,
        comments_fetched_at: None,
        comments_fetched_count: None,
    }
}

fn conversation(a: &Account, id: &str, last: i64, inbound: i64) -> CachedConversation {
    CachedConversation {
        account_id: a.id,
        id: id.into(),
        participant_id: "p1".into(),
        participant_username: Some("pal".into()),
        last_message_at: Some(at(last)),
        last_inbound_at: Some(at(inbound)),
        read_at: None,
        fetched_at: T0,
    }
}

fn message(a: &Account, id: &str, conv: &str, min: i64, kind: &str) -> CachedMessage {
    CachedMessage {
        account_id: a.id,
        id: id.into(),
        conversation_id: conv.into(),
        sender_id: "p1".into(),
        sender_username: Some("pal".into()),
        recipient_id: a.ig_user_id.clone(),
        recipient_username: None,
        text: Some(format!("message {id}")),
        attachments: vec![Attachment {
            kind: kind.into(),
            url: None,
        }],
        created_at: at(min),
        inbound: true,
        fetched_at: T0,
    }
}

fn query(filter: TriageFilter, cursor: Option<&str>, limit: u32) -> TriageQuery {
    TriageQuery::new(filter, cursor, Some(limit)).unwrap()
}

async fn ids(
    store: &Arc<dyn Store>,
    owner: socialflow_core::UserId,
    filter: TriageFilter,
) -> Vec<String> {
    store
        .triage_items(owner, &query(filter, None, 100))
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect()
}

fn cref(a: &Account, key: ItemKey, id: &str) -> ItemRef {
    ItemRef {
        account: a.id,
        key,
        id: id.into(),
    }
}

pub async fn triage_lists_every_account_newest_first_with_posts_and_pages(store: Arc<dyn Store>) {
    let a = setup_account(&store, "tri_alice", "ig-tri-1").await;
    let b = add_account(&store, &a.owner, "tri_alice2", "ig-tri-2").await;
    let other = setup_account(&store, "tri_mallory", "ig-tri-3").await;
    store.upsert_media(&[media(&a)]).await.unwrap();
    store
        .upsert_comments(&[
            comment(&a, "c1", None, "fan", "first", 1),
            comment(&a, "r1", Some("c1"), "tri_alice_shop", "thanks", 2),
            comment(&a, "c2", None, "fan2", "second?", 3),
            comment(&a, "own", None, "tri_alice_shop", "our own", 4),
            comment(&b, "c3", None, "fan3", "third", 5),
            comment(&other, "x1", None, "fan", "not alice's", 6),
        ])
        .await
        .unwrap();
    store
        .upsert_conversations(&[
            conversation(&b, "d1", 7, 7),
            conversation(&other, "d2", 8, 8),
        ])
        .await
        .unwrap();
    store
        .upsert_messages(&[
            message(&b, "g1", "d1", 6, "image"),
            message(&b, "g2", "d1", 7, "story_mention"),
        ])
        .await
        .unwrap();

    let all: Vec<TriageItem> = store
        .triage_items(a.owner, &query(TriageFilter::default(), None, 100))
        .await
        .unwrap();
    let got: Vec<&str> = all.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        got,
        ["d1", "c3", "c2", "c1"],
        "own comments, replies and others' items left out"
    );
    let d1 = &all[0];
    assert_eq!(
        (d1.key, d1.kind),
        (ItemKey::Conversation, ItemKind::StoryMention)
    );
    assert_eq!(
        d1.text, "message g2",
        "a conversation shows its latest message"
    );
    assert_eq!(d1.username.as_deref(), Some("pal"));
    assert!(!d1.answered);
    let c1 = &all[3];
    assert!(c1.answered && !c1.done && c1.replies == 1);
    let post = c1.post.as_ref().expect("the post is cached");
    assert_eq!(post.caption.as_deref(), Some("New mugs are in ☕"));
    assert_eq!(post.picture(), Some("https://cdn.example/m.jpg"));
    assert_eq!(c1.at, at(1));
    assert_eq!(all[1].account_username, "tri_alice2_shop");
    assert!(all[1].post.is_none(), "b's post is not cached");

    // Pages of one: each item once, in order, and a newer item arriving
    // meanwhile does not shift the pages.
    let mut seen = Vec::new();
    let mut last: Option<TriageItem> = None;
    loop {
        let cursor = last
            .as_ref()
            .map(|i| socialflow_core::inbox::triage::Cursor::after(i).encode());
        let page = store
            .triage_items(
                a.owner,
                &query(TriageFilter::default(), cursor.as_deref(), 1),
            )
            .await
            .unwrap();
        assert!(page.len() <= 2, "limit + 1 at most");
        let Some(first) = page.first().cloned() else {
            break;
        };
        seen.push(first.id.clone());
        last = Some(first);
        store
            .upsert_comments(&[comment(
                &a,
                &format!("n{}", seen.len()),
                None,
                "fan",
                "new",
                60,
            )])
            .await
            .unwrap();
    }
    assert_eq!(seen, ["d1", "c3", "c2", "c1"]);

    let only_b = TriageFilter {
        account: Some(b.id),
        ..TriageFilter::default()
    };
    assert_eq!(ids(&store, a.owner, only_b).await, ["d1", "c3"]);
    // A member limited to some accounts: the list holds only theirs.
    let within = |accounts: Vec<socialflow_core::account::AccountId>| TriageFilter {
        accounts: Some(accounts),
        ..TriageFilter::default()
    };
    assert_eq!(ids(&store, a.owner, within(vec![b.id])).await, ["d1", "c3"]);
    assert_eq!(
        ids(&store, a.owner, within(vec![a.id, b.id])).await,
        ids(&store, a.owner, TriageFilter::default()).await
    );
    assert_eq!(
        ids(&store, a.owner, within(vec![a.id, other.id])).await,
        ["n4", "n3", "n2", "n1", "c2", "c1"],
        "another user's account adds nothing"
    );
    assert!(ids(&store, a.owner, within(vec![])).await.is_empty());
    assert!(
        ids(
            &store,
            a.owner,
            TriageFilter {
                account: Some(other.id),
                ..TriageFilter::default()
            }
        )
        .await
        .is_empty(),
        "another user's account lists nothing"
    );
}

pub async fn triage_filters_state_question_hidden_post_and_search(store: Arc<dyn Store>) {
    let a = setup_account(&store, "trf_alice", "ig-trf-1").await;
    let mut hidden = comment(&a, "c4", None, "fan4", "spam spam", 4);
    hidden.hidden = true;
    let mut elsewhere = comment(&a, "c5", None, "Wool_Lover", "plain", 5);
    elsewhere.media_id = "m2".into();
    store
        .upsert_comments(&[
            comment(&a, "c1", None, "fan", "How much is it?", 1),
            comment(&a, "c2", None, "fan2", "Сколько стоит？", 2),
            comment(&a, "c3", None, "fan3", "100% WOOL?", 3),
            comment(&a, "r3", Some("c3"), "trf_alice_shop", "yes", 3),
            hidden,
            elsewhere,
        ])
        .await
        .unwrap();
    let f = TriageFilter::default;
    let o = a.owner;
    assert_eq!(
        ids(
            &store,
            o,
            TriageFilter {
                question: true,
                ..f()
            }
        )
        .await,
        ["c3", "c2", "c1"]
    );
    assert_eq!(
        ids(
            &store,
            o,
            TriageFilter {
                hidden: true,
                ..f()
            }
        )
        .await,
        ["c4"]
    );
    assert_eq!(
        ids(
            &store,
            o,
            TriageFilter {
                media: Some("m2".into()),
                ..f()
            }
        )
        .await,
        ["c5"]
    );
    assert_eq!(
        ids(
            &store,
            o,
            TriageFilter {
                state: StateFilter::Unanswered,
                ..f()
            }
        )
        .await,
        ["c5", "c4", "c2", "c1"]
    );
    let search = |s: &str| TriageFilter {
        search: Some(s.into()),
        ..f()
    };
    assert_eq!(
        ids(&store, o, search("HOW MUCH")).await,
        ["c1"],
        "case-insensitive"
    );
    assert_eq!(
        ids(&store, o, search("%")).await,
        ["c3"],
        "% is no wildcard"
    );
    assert_eq!(
        ids(&store, o, search("l_v")).await,
        Vec::<String>::new(),
        "_ is no wildcard"
    );
    assert_eq!(
        ids(&store, o, search("wool_")).await,
        ["c5"],
        "the author's name too"
    );
    assert_eq!(ids(&store, o, search("стоит")).await, ["c2"]);
}

pub async fn triage_done_survives_the_refresh_and_counts_honour_it(store: Arc<dyn Store>) {
    let a = setup_account(&store, "trd_alice", "ig-trd-1").await;
    let other = setup_account(&store, "trd_mallory", "ig-trd-2").await;
    let c1 = comment(&a, "c1", None, "fan", "hello", 1);
    store
        .upsert_comments(&[c1.clone(), comment(&a, "c2", None, "fan", "hey", 2)])
        .await
        .unwrap();
    store
        .upsert_conversations(&[conversation(&a, "d1", 3, 3)])
        .await
        .unwrap();
    let before = store.inbox_counts(a.owner, None).await.unwrap();
    assert_eq!(
        (before.unanswered_comments, before.unread_conversations),
        (2, 1)
    );

    let refs = [
        cref(&a, ItemKey::Comment, "c1"),
        cref(&a, ItemKey::Conversation, "d1"),
    ];
    assert_eq!(
        store
            .mark_done(other.owner, &refs, at(10), other.owner)
            .await
            .unwrap(),
        0,
        "not theirs"
    );
    assert_eq!(
        store
            .mark_done(
                a.owner,
                &[cref(&a, ItemKey::Comment, "nope")],
                at(10),
                a.owner
            )
            .await
            .unwrap(),
        0,
        "not cached"
    );
    assert_eq!(
        store
            .mark_done(a.owner, &refs, at(10), a.owner)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .mark_done(a.owner, &refs, at(11), a.owner)
            .await
            .unwrap(),
        2,
        "again is fine"
    );
    let after = store.inbox_counts(a.owner, None).await.unwrap();
    assert_eq!(
        (after.unanswered_comments, after.unread_conversations),
        (1, 0)
    );

    // The refresh replaces the cached rows; the done state stays.
    let mut refreshed = c1.clone();
    refreshed.fetched_at = T0 + Duration::hours(1);
    refreshed.like_count = Some(5);
    store.upsert_comments(&[refreshed]).await.unwrap();
    store
        .upsert_conversations(&[conversation(&a, "d1", 3, 3)])
        .await
        .unwrap();
    let done = TriageFilter {
        state: StateFilter::Done,
        ..TriageFilter::default()
    };
    assert_eq!(ids(&store, a.owner, done.clone()).await, ["d1", "c1"]);
    assert_eq!(
        ids(
            &store,
            a.owner,
            TriageFilter {
                state: StateFilter::Unanswered,
                ..TriageFilter::default()
            }
        )
        .await,
        ["c2"]
    );

    // The person writes again: the conversation is open again.
    store
        .upsert_conversations(&[conversation(&a, "d1", 20, 20)])
        .await
        .unwrap();
    assert_eq!(ids(&store, a.owner, done.clone()).await, ["c1"]);
    assert_eq!(
        store
            .inbox_counts(a.owner, None)
            .await
            .unwrap()
            .unread_conversations,
        1
    );

    assert_eq!(
        store.mark_open(other.owner, &refs).await.unwrap(),
        0,
        "not theirs"
    );
    assert_eq!(store.mark_open(a.owner, &refs[..1]).await.unwrap(), 1);
    assert!(ids(&store, a.owner, done).await.is_empty());
    assert_eq!(
        store
            .inbox_counts(a.owner, None)
            .await
            .unwrap()
            .unanswered_comments,
        2
    );
}

pub async fn triage_states_go_with_their_item_and_the_purge(store: Arc<dyn Store>) {
    let a = setup_account(&store, "trp_alice", "ig-trp-1").await;
    let old = comment(&a, "c1", None, "fan", "old", 1);
    let mut fresh = comment(&a, "c2", None, "fan", "fresh", 2);
    fresh.fetched_at = T0 + Duration::hours(30);
    let gone = comment(&a, "c3", None, "fan", "deleted", 3);
    store
        .upsert_comments(&[old.clone(), fresh.clone(), gone.clone()])
        .await
        .unwrap();
    let refs = [
        cref(&a, ItemKey::Comment, "c1"),
        cref(&a, ItemKey::Comment, "c2"),
        cref(&a, ItemKey::Comment, "c3"),
    ];
    assert_eq!(
        store
            .mark_done(a.owner, &refs, at(5), a.owner)
            .await
            .unwrap(),
        3
    );

    assert!(store.delete_cached_comment(a.id, "c3").await.unwrap());
    store.purge_inbox(T0 + Duration::hours(1)).await.unwrap();
    // Cached again: neither comes back done.
    store.upsert_comments(&[old, gone]).await.unwrap();
    let done = TriageFilter {
        state: StateFilter::Done,
        ..TriageFilter::default()
    };
    assert_eq!(
        ids(&store, a.owner, done).await,
        ["c2"],
        "only the kept item's state stays"
    );
    // Account deletion (the FK cascade) is proven by the privacy erasure
    // tests, which see every table.
}
