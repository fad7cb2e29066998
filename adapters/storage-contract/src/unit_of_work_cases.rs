//! Contract cases for the unit of work: all changes land, or none.

use std::sync::Arc;

use socialflow_core::audit::AuditKind;
use socialflow_core::posts::{PostEvent, PostFilter, PostLogEntry, PostState};
use socialflow_core::storage::{Store, StoreError};
use socialflow_core::{Change, UnitOfWork};
use time::Duration;

use crate::fixtures::{T0, event};
use crate::posts_cases::{owner_with_account, post};

pub async fn a_unit_writes_post_log_and_audit_together(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let p = post(alice, acc, PostState::Draft, None);
    let mut edited = p.clone();
    edited.content.caption = "edited in the same unit".into();
    edited.version = 2;
    edited.updated_at = T0 + Duration::minutes(1);
    unit.commit(vec![
        Change::InsertPost(p.clone()),
        Change::AppendPostLog(PostLogEntry {
            post_id: p.id,
            at: T0,
            event: PostEvent::Created,
            detail: "created".into(),
        }),
        Change::UpdatePost(edited.clone()),
        Change::InsertAudit(event(Some(alice), AuditKind::PostScheduled, T0, "unit")),
    ])
    .await
    .unwrap();

    let stored = store.post(alice, p.id).await.unwrap().unwrap();
    assert_eq!(stored, edited, "the update in the unit saw the insert");
    let log = store.post_log(alice, p.id).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].event, PostEvent::Created);
    let audit = store.audit_for_user(alice, 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail, "unit");
    // An empty unit is a no-op, not an error.
    unit.commit(Vec::new()).await.unwrap();
}

pub async fn a_unit_with_a_stale_update_writes_nothing(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let existing = post(alice, acc, PostState::Draft, None);
    store.insert_post(&existing).await.unwrap();
    let fresh = post(alice, acc, PostState::Draft, None);
    let mut stale = existing.clone();
    stale.content.caption = "written over a version nobody holds".into();
    stale.version = 5;

    let err = unit
        .commit(vec![
            Change::InsertPost(fresh.clone()),
            Change::AppendPostLog(PostLogEntry {
                post_id: existing.id,
                at: T0,
                event: PostEvent::Edited,
                detail: "edited".into(),
            }),
            Change::InsertAudit(event(Some(alice), AuditKind::PostScheduled, T0, "unit")),
            Change::UpdatePost(stale),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");

    assert_eq!(store.post(alice, fresh.id).await.unwrap(), None);
    assert_eq!(
        store.post(alice, existing.id).await.unwrap(),
        Some(existing.clone())
    );
    let posts = store
        .list_posts(alice, &PostFilter::default())
        .await
        .unwrap();
    assert_eq!(posts.len(), 1);
    assert!(store.post_log(alice, existing.id).await.unwrap().is_empty());
    assert!(store.audit_for_user(alice, 10).await.unwrap().is_empty());
}

pub async fn a_unit_failing_on_a_constraint_writes_nothing(
    store: Arc<dyn Store>,
    unit: Arc<dyn UnitOfWork>,
) {
    let (alice, acc) = owner_with_account(&store, "alice", "1001").await;
    let existing = post(alice, acc, PostState::Draft, None);
    store.insert_post(&existing).await.unwrap();
    let fresh = post(alice, acc, PostState::Draft, None);

    // The second insert repeats an id: the unit fails after the first write.
    let err = unit
        .commit(vec![
            Change::InsertPost(fresh.clone()),
            Change::InsertAudit(event(Some(alice), AuditKind::PostScheduled, T0, "unit")),
            Change::InsertPost(existing.clone()),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");

    assert_eq!(store.post(alice, fresh.id).await.unwrap(), None);
    assert!(store.audit_for_user(alice, 10).await.unwrap().is_empty());
}
