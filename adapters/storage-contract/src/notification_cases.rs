//! Contract cases of notifications, their e-mail queue and preferences.

use std::sync::Arc;

use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::notifications::{
    EmailAddress, EmailDelivery, Figures, KindSet, Notification, NotificationId, NotificationKind,
    NotificationPrefs, QuietHours,
};
use socialflow_core::storage::Store;
use time::Duration;

use crate::fixtures::{T0, account, user};

pub(crate) fn note(owner: UserId, key: &str, minutes: i64, email: EmailDelivery) -> Notification {
    Notification {
        id: NotificationId::new(),
        owner,
        account: None,
        kind: NotificationKind::InboxDigest,
        dedupe_key: key.into(),
        subject: "кофе_shop".into(),
        link: "/comments".into(),
        figures: Figures {
            unanswered: Some(3),
            unread: Some(1),
            ..Figures::default()
        },
        in_app: true,
        created_at: T0 + Duration::minutes(minutes),
        read_at: None,
        email,
    }
}

pub async fn notifications_round_trip_dedupe_and_are_scoped(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let first = note(alice.id, "digest:2026-03-04", 0, EmailDelivery::None);
    assert!(store.insert_notification(&first, 10).await.unwrap());
    // The same key again (a second run, a second worker): nothing new.
    let again = note(alice.id, "digest:2026-03-04", 1, EmailDelivery::None);
    assert!(!store.insert_notification(&again, 10).await.unwrap());
    // Another user may have the same key.
    assert!(
        store
            .insert_notification(
                &note(bob.id, "digest:2026-03-04", 0, EmailDelivery::None),
                10
            )
            .await
            .unwrap()
    );
    let mut hidden = note(alice.id, "email-only", 2, EmailDelivery::None);
    hidden.in_app = false;
    assert!(store.insert_notification(&hidden, 10).await.unwrap());
    let second = note(alice.id, "digest:2026-03-05", 3, EmailDelivery::None);
    assert!(store.insert_notification(&second, 10).await.unwrap());

    // Newest first, in-app only, exactly as stored.
    assert_eq!(
        store.notifications(alice.id, 10).await.unwrap(),
        vec![second.clone(), first.clone()]
    );
    assert_eq!(store.notifications(alice.id, 1).await.unwrap().len(), 1);
    assert_eq!(store.unread_notifications(alice.id).await.unwrap(), 2);

    // Bob cannot mark Alice's.
    assert!(
        !store
            .mark_notification_read(bob.id, first.id, T0)
            .await
            .unwrap()
    );
    let at = T0 + Duration::hours(1);
    assert!(
        store
            .mark_notification_read(alice.id, first.id, at)
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_notification_read(alice.id, first.id, at)
            .await
            .unwrap()
    );
    assert_eq!(store.unread_notifications(alice.id).await.unwrap(), 1);
    assert_eq!(
        store
            .mark_all_notifications_read(alice.id, at)
            .await
            .unwrap(),
        2
    );
    assert_eq!(store.unread_notifications(alice.id).await.unwrap(), 0);
    assert_eq!(store.unread_notifications(bob.id).await.unwrap(), 1);
    let read = store.notifications(alice.id, 10).await.unwrap();
    assert!(read.iter().all(|n| n.read_at == Some(at)));
}

pub async fn the_cap_drops_the_oldest_but_never_a_pending_email(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let pending = note(
        alice.id,
        "k0",
        0,
        EmailDelivery::Pending {
            due_at: T0,
            attempts: 0,
        },
    );
    store.insert_notification(&pending, 3).await.unwrap();
    let mut ids = vec![];
    for i in 1..=4 {
        let n = note(alice.id, &format!("k{i}"), i, EmailDelivery::None);
        ids.push(n.id);
        store.insert_notification(&n, 3).await.unwrap();
    }
    let kept: Vec<NotificationId> = store
        .notifications(alice.id, 10)
        .await
        .unwrap()
        .iter()
        .map(|n| n.id)
        .collect();
    // The three newest, plus the one whose e-mail still waits.
    assert_eq!(kept, vec![ids[3], ids[2], ids[1], pending.id]);

    // Retention: old ones go, a pending e-mail stays.
    let purged = store
        .purge_notifications(T0 + Duration::minutes(3))
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(store.notifications(alice.id, 10).await.unwrap().len(), 3);
}

pub async fn due_emails_are_leased_to_one_worker_and_finished_by_it(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let due = note(
        alice.id,
        "due",
        0,
        EmailDelivery::Pending {
            due_at: T0,
            attempts: 1,
        },
    );
    let later = note(
        alice.id,
        "later",
        0,
        EmailDelivery::Pending {
            due_at: T0 + Duration::hours(8),
            attempts: 0,
        },
    );
    store.insert_notification(&due, 10).await.unwrap();
    store.insert_notification(&later, 10).await.unwrap();
    let lease = T0 + Duration::minutes(5);
    let (a, b) = tokio::join!(
        store.claim_due_emails(T0, "worker-a", lease, 10),
        store.claim_due_emails(T0, "worker-b", lease, 10)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 1, "one e-mail, one worker");
    let (winner, claimed) = if a.is_empty() {
        ("worker-b", b)
    } else {
        ("worker-a", a)
    };
    assert_eq!(claimed[0].id, due.id);
    assert_eq!(claimed[0].email, due.email);
    let loser = if winner == "worker-a" {
        "worker-b"
    } else {
        "worker-a"
    };
    // Nobody else takes it while the lease runs.
    assert!(
        store
            .claim_due_emails(T0 + Duration::minutes(1), loser, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let sent = EmailDelivery::Sent {
        at: T0 + Duration::seconds(3),
        attempts: 2,
    };
    assert!(!store.finish_email(due.id, loser, sent).await.unwrap());
    assert!(store.finish_email(due.id, winner, sent).await.unwrap());
    // Sent is final: never claimed again, even after the lease.
    assert!(
        store
            .claim_due_emails(T0 + Duration::hours(1), loser, T0 + Duration::hours(2), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let list = store.notifications(alice.id, 10).await.unwrap();
    assert_eq!(list.iter().find(|n| n.id == due.id).unwrap().email, sent);

    // A lease that expires (a crashed worker) frees the e-mail.
    let at = T0 + Duration::hours(8);
    let took = store
        .claim_due_emails(at, "worker-a", at + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(took.len(), 1);
    let after = at + Duration::minutes(6);
    let again = store
        .claim_due_emails(after, "worker-b", after + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert!(
        !store
            .finish_email(later.id, "worker-a", EmailDelivery::Failed { attempts: 1 })
            .await
            .unwrap()
    );
}

pub async fn preferences_round_trip_and_everything_goes_with_user_and_account(
    store: Arc<dyn Store>,
) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    assert_eq!(store.notification_prefs(alice.id).await.unwrap(), None);
    let prefs = NotificationPrefs {
        owner: alice.id,
        in_app: KindSet::all(),
        email: KindSet::of(&[NotificationKind::WeeklySummary]),
        address: EmailAddress::parse("алия@пример.kz"),
        quiet: Some(QuietHours::new(22 * 60, 7 * 60).unwrap()),
        updated_at: T0,
    };
    store.save_notification_prefs(&prefs).await.unwrap();
    assert_eq!(
        store.notification_prefs(alice.id).await.unwrap(),
        Some(prefs.clone())
    );
    let changed = NotificationPrefs {
        address: None,
        quiet: None,
        updated_at: T0 + Duration::minutes(1),
        ..prefs.clone()
    };
    store.save_notification_prefs(&changed).await.unwrap();
    assert_eq!(
        store.notification_prefs(alice.id).await.unwrap(),
        Some(changed)
    );

    let acc = account(
        alice.id,
        "17841400000000001",
        "coffee",
        T0 + Duration::days(60),
    );
    store.insert_account(&acc).await.unwrap();
    let mut about = note(alice.id, "weekly", 0, EmailDelivery::None);
    about.account = Some(acc.id);
    store.insert_notification(&about, 10).await.unwrap();
    store
        .insert_notification(&note(alice.id, "general", 1, EmailDelivery::None), 10)
        .await
        .unwrap();
    assert!(store.delete_account(alice.id, acc.id).await.unwrap());
    let left = store.notifications(alice.id, 10).await.unwrap();
    assert_eq!(left.len(), 1, "the account's notification went with it");
    assert_eq!(left[0].account, None::<AccountId>);

    assert!(store.delete_user(alice.id).await.unwrap());
    assert!(store.notifications(alice.id, 10).await.unwrap().is_empty());
    assert_eq!(store.notification_prefs(alice.id).await.unwrap(), None);
}
