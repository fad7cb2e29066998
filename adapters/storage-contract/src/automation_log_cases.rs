//! Contract case of a rule's log read page by page (the operator's log
//! page): newest first, pages neither overlap nor skip, scoped to the owner.

use std::sync::Arc;

use socialflow_core::automation::engine::{Enqueued, Job, JobId, JobState};
use socialflow_core::automation::{AutomationLimits, RuleInsert};
use socialflow_core::storage::Store;
use time::Duration;

use crate::automation_cases::sample_rule;
use crate::fixtures::{T0, account, user};

pub async fn a_rules_log_pages_newest_first_without_gaps_scoped_to_its_owner(
    store: Arc<dyn Store>,
) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let bob = user("bob");
    store.insert_user(&bob).await.unwrap();
    let shop = account(alice.id, "ig-alice", "alice", T0 + Duration::days(60));
    store.insert_account(&shop).await.unwrap();
    let rule = sample_rule(shop.id, "Цена");
    assert!(matches!(
        store.insert_rule(alice.id, &rule, 10).await.unwrap(),
        RuleInsert::Inserted { .. }
    ));
    let mut ids = Vec::new();
    for i in 0..7i64 {
        let at = T0 + Duration::minutes(i);
        let job = Job {
            id: JobId::new(),
            owner: alice.id,
            account: shop.id,
            rule: rule.id,
            event_key: format!("c{i}"),
            author_id: format!("igsid-{i}"),
            media_id: Some("1790".into()),
            event_at: at,
            seed: 7,
            state: JobState::Skipped,
            hold: None,
            actions: Vec::new(),
            due_at: at,
            attempts: 0,
            reserved_sends: 0,
            detail: None,
            created_at: at,
            updated_at: at,
        };
        assert_eq!(
            store
                .enqueue_job(&job, AutomationLimits::default(), at)
                .await
                .unwrap(),
            Enqueued::Queued
        );
        ids.push(job.id);
    }
    ids.reverse();
    let page = |offset, limit| {
        let store = store.clone();
        async move {
            store
                .rule_jobs_page(alice.id, shop.id, rule.id, offset, limit)
                .await
                .unwrap()
                .into_iter()
                .map(|j| j.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(page(0, 3).await, ids[0..3].to_vec());
    assert_eq!(page(3, 3).await, ids[3..6].to_vec());
    assert_eq!(page(6, 3).await, ids[6..7].to_vec());
    assert!(page(9, 3).await.is_empty());
    assert!(
        store
            .rule_jobs_page(bob.id, shop.id, rule.id, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
}
