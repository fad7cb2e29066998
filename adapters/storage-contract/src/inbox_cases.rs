//! Contract cases for the inbox cache (posts, comments, conversations,
//! messages, story metrics).

use std::sync::Arc;

use socialflow_core::account::{Account, AccountId};
use socialflow_core::inbox::*;
use socialflow_core::instagram::Attachment;
use socialflow_core::storage::{Store, StoreError};
use time::{Duration, OffsetDateTime};

use crate::fixtures::{T0, account, user};

async fn setup_account(store: &Arc<dyn Store>, name: &str, ig: &str) -> Account {
    let u = user(name);
    store.insert_user(&u).await.unwrap();
    let a = account(u.id, ig, &format!("{name}_shop"), T0 + Duration::days(60));
    store.insert_account(&a).await.unwrap();
    a
}

fn media(a: &Account, id: &str, at: OffsetDateTime) -> CachedMedia {
    CachedMedia {
        account_id: a.id,
        id: id.into(),
        caption: Some("<script>alert(1)</script> ☕".into()),
        media_type: "IMAGE".into(),
        media_url: Some("https://cdn.example/m.jpg".into()),
        thumbnail_url: None,
        permalink: Some("https://www.instagram.com/p/x/".into()),
        timestamp: at,
        like_count: Some(94),
        comments_count: Some(3),
        fetched_at: T0,
        comments_fetched_at: Some(T0),
        comments_fetched_count: Some(3),
    }
}

fn comment(
    a: &Account,
    id: &str,
    parent: Option<&str>,
    by: &str,
    at: OffsetDateTime,
) -> CachedComment {
    CachedComment {
        account_id: a.id,
        id: id.into(),
        media_id: "m1".into(),
        parent_id: parent.map(str::to_string),
        text: format!("text of {id} <b>"),
        username: Some(by.into()),
        timestamp: at,
        hidden: false,
        like_count: Some(1),
        fetched_at: T0,
    }
}

fn conversation(a: &Account, id: &str, peer: &str, inbound: OffsetDateTime) -> CachedConversation {
    CachedConversation {
        account_id: a.id,
        id: id.into(),
        participant_id: peer.into(),
        participant_username: Some(format!("user_{peer}")),
        last_message_at: Some(inbound),
        last_inbound_at: Some(inbound),
        read_at: None,
        fetched_at: T0,
    }
}

fn message(a: &Account, id: &str, conv: &str, at: OffsetDateTime, inbound: bool) -> CachedMessage {
    CachedMessage {
        account_id: a.id,
        id: id.into(),
        conversation_id: conv.into(),
        sender_id: if inbound {
            "p1".into()
        } else {
            a.ig_user_id.clone()
        },
        sender_username: Some("someone".into()),
        recipient_id: if inbound {
            a.ig_user_id.clone()
        } else {
            "p1".into()
        },
        recipient_username: None,
        text: Some("hi <script>".into()),
        attachments: vec![Attachment {
            kind: "image".into(),
            url: Some("https://cdn.example/a.jpg".into()),
        }],
        created_at: at,
        inbound,
        fetched_at: T0,
    }
}

pub async fn inbox_rows_round_trip_scoped_to_their_owner(store: Arc<dyn Store>) {
    let a = setup_account(&store, "alice", "1784100000000001").await;
    let b = setup_account(&store, "bob", "1784100000000002").await;
    let m_old = media(&a, "m1", T0 - Duration::days(2));
    let m_new = CachedMedia {
        comments_fetched_at: None,
        comments_fetched_count: None,
        caption: None,
        ..media(&a, "m2", T0 - Duration::days(1))
    };
    store
        .upsert_media(&[m_old.clone(), m_new.clone()])
        .await
        .unwrap();
    let c = comment(&a, "c1", None, "fan", T0);
    store
        .upsert_comments(std::slice::from_ref(&c))
        .await
        .unwrap();
    let conv = conversation(&a, "t1", "p1", T0);
    store
        .upsert_conversations(std::slice::from_ref(&conv))
        .await
        .unwrap();
    let msgs = vec![
        message(&a, "mid2", "t1", T0, true),
        message(&a, "mid1", "t1", T0 - Duration::hours(1), false),
    ];
    store.upsert_messages(&msgs).await.unwrap();

    assert_eq!(
        store.cached_media(a.owner, a.id).await.unwrap(),
        vec![m_new.clone(), m_old.clone()],
        "newest first, every field kept"
    );
    assert_eq!(store.media_of_account(a.id).await.unwrap().len(), 2);
    assert_eq!(
        store.cached_media_item(a.owner, "m1").await.unwrap(),
        Some(m_old)
    );
    assert_eq!(
        store.cached_comment(a.owner, "c1").await.unwrap(),
        Some(c.clone())
    );
    assert_eq!(
        store.cached_conversation(a.owner, "t1").await.unwrap(),
        Some(conv.clone())
    );
    let read = store.cached_messages(a.owner, "t1").await.unwrap();
    assert_eq!(read, vec![msgs[1].clone(), msgs[0].clone()], "oldest first");
    assert_eq!(
        store.conversation_with(a.id, "p1").await.unwrap(),
        vec![conv.clone()]
    );
    assert_eq!(
        store.inbox_refreshed_at(a.owner, a.id).await.unwrap(),
        Some(T0)
    );

    // Bob sees none of it, whichever way he asks.
    assert!(store.cached_media(b.owner, a.id).await.unwrap().is_empty());
    assert_eq!(store.cached_media_item(b.owner, "m1").await.unwrap(), None);
    assert_eq!(store.cached_comment(b.owner, "c1").await.unwrap(), None);
    assert!(
        store
            .cached_comments(b.owner, a.id, &CommentFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .cached_conversations(b.owner, a.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.cached_conversation(b.owner, "t1").await.unwrap(),
        None
    );
    assert!(
        store
            .cached_messages(b.owner, "t1")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .mark_conversation_read(b.owner, "t1", T0)
            .await
            .unwrap()
    );
    assert_eq!(
        store.inbox_counts(b.owner, None).await.unwrap(),
        InboxCounts::default()
    );
    assert_eq!(store.inbox_refreshed_at(b.owner, a.id).await.unwrap(), None);

    // Upserts replace.
    let edited = CachedComment {
        text: "edited".into(),
        hidden: true,
        ..c
    };
    store
        .upsert_comments(std::slice::from_ref(&edited))
        .await
        .unwrap();
    assert_eq!(
        store.cached_comment(a.owner, "c1").await.unwrap(),
        Some(edited)
    );
}

pub async fn inbox_unanswered_comments_and_unread_conversations(store: Arc<dyn Store>) {
    let a = setup_account(&store, "alice", "1784100000000001").await;
    let own = a.profile.username.clone();
    let t = |m: i64| T0 + Duration::minutes(m);
    store
        .upsert_comments(&[
            comment(&a, "c1", None, "fan", t(1)),
            comment(&a, "r1", Some("c1"), "other_fan", t(2)),
            comment(&a, "c2", None, "critic", t(3)),
            comment(&a, "r2", Some("c2"), &own, t(4)),
            comment(&a, "c3", None, &own, t(5)),
            CachedComment {
                username: None,
                ..comment(&a, "c4", None, "", t(6))
            },
        ])
        .await
        .unwrap();
    let unanswered = store
        .cached_comments(
            a.owner,
            a.id,
            &CommentFilter {
                media_id: None,
                unanswered: true,
            },
        )
        .await
        .unwrap();
    let ids: Vec<&str> = unanswered.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["c4", "c1"]);
    let all = store
        .cached_comments(
            a.owner,
            a.id,
            &CommentFilter {
                media_id: Some("m1".into()),
                unanswered: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(all[0].id, "c4", "newest first");
    assert!(
        store
            .cached_comments(
                a.owner,
                a.id,
                &CommentFilter {
                    media_id: Some("other".into()),
                    unanswered: false,
                },
            )
            .await
            .unwrap()
            .is_empty()
    );

    store
        .upsert_conversations(&[
            conversation(&a, "t1", "p1", t(10)),
            conversation(&a, "t2", "p2", t(20)),
            CachedConversation {
                last_inbound_at: None,
                ..conversation(&a, "t3", "p3", t(30))
            },
        ])
        .await
        .unwrap();
    let list = store.cached_conversations(a.owner, a.id).await.unwrap();
    let ids: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, vec!["t3", "t2", "t1"], "latest message first");
    assert_eq!(
        store.inbox_counts(a.owner, None).await.unwrap(),
        InboxCounts {
            unanswered_comments: 2,
            unread_conversations: 2,
        }
    );
    assert!(
        store
            .mark_conversation_read(a.owner, "t1", t(11))
            .await
            .unwrap()
    );
    // A refresh keeps the read mark.
    store
        .upsert_conversations(&[conversation(&a, "t1", "p1", t(10))])
        .await
        .unwrap();
    assert_eq!(
        store
            .cached_conversation(a.owner, "t1")
            .await
            .unwrap()
            .unwrap()
            .read_at,
        Some(t(11))
    );
    assert_eq!(
        store
            .inbox_counts(a.owner, Some(a.id))
            .await
            .unwrap()
            .unread_conversations,
        1
    );
    // A newer message makes it unread again.
    store
        .upsert_conversations(&[conversation(&a, "t1", "p1", t(12))])
        .await
        .unwrap();
    assert_eq!(
        store
            .inbox_counts(a.owner, Some(a.id))
            .await
            .unwrap()
            .unread_conversations,
        2
    );
    assert_eq!(
        store
            .inbox_counts(a.owner, Some(AccountId::new()))
            .await
            .unwrap(),
        InboxCounts::default()
    );
}

pub async fn inbox_hide_delete_and_conversation_removal(store: Arc<dyn Store>) {
    let a = setup_account(&store, "alice", "1784100000000001").await;
    store
        .upsert_comments(&[
            comment(&a, "c1", None, "fan", T0),
            comment(&a, "r1", Some("c1"), "fan2", T0),
            comment(&a, "c2", None, "fan3", T0),
        ])
        .await
        .unwrap();
    assert!(
        store
            .set_cached_comment_hidden(a.id, "c2", true)
            .await
            .unwrap()
    );
    assert!(
        store
            .cached_comment(a.owner, "c2")
            .await
            .unwrap()
            .unwrap()
            .hidden
    );
    assert!(
        !store
            .set_cached_comment_hidden(a.id, "nope", true)
            .await
            .unwrap()
    );
    assert!(store.delete_cached_comment(a.id, "c1").await.unwrap());
    assert_eq!(
        store.cached_comment(a.owner, "r1").await.unwrap(),
        None,
        "replies go too"
    );
    assert!(store.cached_comment(a.owner, "c2").await.unwrap().is_some());

    store
        .upsert_conversations(&[conversation(&a, "igsid:p1", "p1", T0)])
        .await
        .unwrap();
    store
        .upsert_messages(&[message(&a, "mid1", "igsid:p1", T0, true)])
        .await
        .unwrap();
    assert!(
        store
            .delete_cached_conversation(a.id, "igsid:p1")
            .await
            .unwrap()
    );
    assert!(
        store
            .cached_messages(a.owner, "igsid:p1")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .conversation_with(a.id, "p1")
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn inbox_retention_deletes_rows_fetched_too_long_ago(store: Arc<dyn Store>) {
    let a = setup_account(&store, "alice", "1784100000000001").await;
    let old = T0 - Duration::hours(25);
    store
        .upsert_media(&[
            CachedMedia {
                fetched_at: old,
                ..media(&a, "m1", T0)
            },
            media(&a, "m2", T0),
        ])
        .await
        .unwrap();
    store
        .upsert_comments(&[
            CachedComment {
                fetched_at: old,
                ..comment(&a, "c1", None, "x", T0)
            },
            comment(&a, "c2", None, "x", T0),
        ])
        .await
        .unwrap();
    store
        .upsert_conversations(&[
            CachedConversation {
                fetched_at: old,
                ..conversation(&a, "t1", "p1", T0)
            },
            conversation(&a, "t2", "p2", T0),
        ])
        .await
        .unwrap();
    store
        .upsert_messages(&[
            CachedMessage {
                fetched_at: old,
                ..message(&a, "mid1", "t1", T0, true)
            },
            message(&a, "mid2", "t2", T0, true),
        ])
        .await
        .unwrap();
    let purged = store.purge_inbox(T0 - Duration::hours(24)).await.unwrap();
    assert_eq!(
        purged,
        InboxPurge {
            media: 1,
            comments: 1,
            conversations: 1,
            messages: 1,
        }
    );
    assert_eq!(store.cached_media(a.owner, a.id).await.unwrap().len(), 1);
    assert_eq!(store.cached_comment(a.owner, "c1").await.unwrap(), None);
    assert!(store.cached_comment(a.owner, "c2").await.unwrap().is_some());
    assert_eq!(
        store.cached_conversation(a.owner, "t1").await.unwrap(),
        None
    );
    assert_eq!(store.cached_messages(a.owner, "t2").await.unwrap().len(), 1);
    assert_eq!(
        store.purge_inbox(T0 - Duration::hours(24)).await.unwrap(),
        InboxPurge::default()
    );
}

pub async fn inbox_rows_go_with_their_account(store: Arc<dyn Store>) {
    let a = setup_account(&store, "alice", "1784100000000001").await;
    store.upsert_media(&[media(&a, "m1", T0)]).await.unwrap();
    store
        .upsert_comments(&[comment(&a, "c1", None, "x", T0)])
        .await
        .unwrap();
    store
        .upsert_conversations(&[conversation(&a, "t1", "p1", T0)])
        .await
        .unwrap();
    store
        .upsert_messages(&[message(&a, "mid1", "t1", T0, true)])
        .await
        .unwrap();
    store
        .insert_story_insights(&[StoryInsightValue {
            account_id: a.id,
            story_id: "s1".into(),
            metric: "reach".into(),
            value: 40,
            received_at: T0,
        }])
        .await
        .unwrap();
    assert!(store.delete_account(a.owner, a.id).await.unwrap());
    assert!(store.media_of_account(a.id).await.unwrap().is_empty());
    assert!(
        store
            .conversation_with(a.id, "p1")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.purge_inbox(T0 + Duration::days(365)).await.unwrap(),
        InboxPurge::default(),
        "nothing left behind"
    );
    // Rows for an account that does not exist are refused.
    let err = store
        .upsert_comments(&[comment(&a, "c2", None, "x", T0)])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    let err = store
        .insert_story_insights(&[StoryInsightValue {
            account_id: a.id,
            story_id: "s1".into(),
            metric: "reach".into(),
            value: 1,
            received_at: T0,
        }])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
}

pub async fn story_insights_are_read_back_scoped_to_their_owner(store: Arc<dyn Store>) {
    let a = setup_account(&store, "alice", "1784100000000001").await;
    let b = setup_account(&store, "bob", "1784100000000002").await;
    let value =
        |acc: &Account, story: &str, metric: &str, v: i64, at: OffsetDateTime| StoryInsightValue {
            account_id: acc.id,
            story_id: story.into(),
            metric: metric.into(),
            value: v,
            received_at: at,
        };
    store
        .insert_story_insights(&[
            value(&a, "s2", "reach", 7, T0 + Duration::hours(1)),
            value(&a, "s1", "reach", 40, T0),
            value(&a, "s1", "exits", 3, T0),
            value(&b, "s9", "reach", 99, T0),
        ])
        .await
        .unwrap();
    let got = store.story_insights(a.owner, a.id).await.unwrap();
    assert_eq!(
        got,
        vec![
            value(&a, "s1", "exits", 3, T0),
            value(&a, "s1", "reach", 40, T0),
            value(&a, "s2", "reach", 7, T0 + Duration::hours(1)),
        ],
        "oldest first, exact round trip"
    );
    assert!(
        store
            .story_insights(b.owner, a.id)
            .await
            .unwrap()
            .is_empty(),
        "not another owner's"
    );
    assert_eq!(store.story_insights(b.owner, b.id).await.unwrap().len(), 1);
}
