//! Notifications and preferences in memory, with the databases' semantics:
//! one per (owner, dedupe key), the cap, leases by conditional update, and
//! the cascades (rows of a deleted user or account are dropped before every
//! call, as the SQL foreign keys drop them).

use std::collections::HashMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::{AccountId, AccountStatus};
use socialflow_core::notifications::{
    EmailDelivery, Notification, NotificationId, NotificationPrefs, NotificationRepo,
};
use socialflow_core::storage::{StoreError, StoreResult};
use time::OffsetDateTime;

use super::{MemoryStore, State};

/// A notification and its e-mail lease (owner, until).
#[derive(Clone)]
pub(super) struct Row {
    n: Notification,
    lease: Option<(String, OffsetDateTime)>,
}

#[derive(Clone, Default)]
pub(super) struct Tables {
    rows: HashMap<NotificationId, Row>,
    prefs: HashMap<UserId, NotificationPrefs>,
}

fn collect_garbage(s: &mut State) {
    let users: Vec<UserId> = s.users.keys().copied().collect();
    let accounts: Vec<AccountId> = s.accounts.keys().copied().collect();
    let t = &mut s.notifications;
    t.rows.retain(|_, r| {
        users.contains(&r.n.owner) && r.n.account.is_none_or(|a| accounts.contains(&a))
    });
    t.prefs.retain(|u, _| users.contains(u));
}

#[async_trait]
impl NotificationRepo for MemoryStore {
    async fn insert_notification(&self, n: &Notification, cap: u32) -> StoreResult<bool> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        if !s.users.contains_key(&n.owner) {
            return Err(StoreError::Conflict);
        }
        if n.account.is_some_and(|a| !s.accounts.contains_key(&a)) {
            return Err(StoreError::Conflict);
        }
        let t = &mut s.notifications;
        if t.rows
            .values()
            .any(|r| r.n.owner == n.owner && r.n.dedupe_key == n.dedupe_key)
        {
            return Ok(false);
        }
        t.rows.insert(
            n.id,
            Row {
                n: n.clone(),
                lease: None,
            },
        );
        let mut mine: Vec<(OffsetDateTime, NotificationId)> = t
            .rows
            .values()
            .filter(|r| r.n.owner == n.owner)
            .map(|r| (r.n.created_at, r.n.id))
            .collect();
        mine.sort_by(|a, b| b.cmp(a));
        if let Some(&(_, oldest_kept)) = mine.get(cap as usize - 1).filter(|_| cap > 0) {
            t.rows.retain(|_, r| {
                r.n.owner != n.owner
                    || r.n.id >= oldest_kept
                    || matches!(r.n.email, EmailDelivery::Pending { .. })
            });
        }
        Ok(true)
    }

    async fn notifications(&self, owner: UserId, limit: u32) -> StoreResult<Vec<Notification>> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        let mut v: Vec<Notification> = s
            .notifications
            .rows
            .values()
            .filter(|r| r.n.owner == owner && r.n.in_app)
            .map(|r| r.n.clone())
            .collect();
        v.sort_by_key(|n| std::cmp::Reverse((n.created_at, n.id)));
        v.truncate(limit as usize);
        Ok(v)
    }

    async fn unread_notifications(&self, owner: UserId) -> StoreResult<u32> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        let n = s
            .notifications
            .rows
            .values()
            .filter(|r| r.n.owner == owner && r.n.in_app && r.n.read_at.is_none())
            .count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn mark_notification_read(
        &self,
        owner: UserId,
        id: NotificationId,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        match s.notifications.rows.get_mut(&id) {
            Some(r) if r.n.owner == owner && r.n.read_at.is_none() => {
                r.n.read_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn mark_all_notifications_read(
        &self,
        owner: UserId,
        at: OffsetDateTime,
    ) -> StoreResult<u64> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        let mut n = 0;
        for r in s.notifications.rows.values_mut() {
            if r.n.owner == owner && r.n.read_at.is_none() {
                r.n.read_at = Some(at);
                n += 1;
            }
        }
        Ok(n)
    }

    async fn notification_prefs(&self, owner: UserId) -> StoreResult<Option<NotificationPrefs>> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        Ok(s.notifications.prefs.get(&owner).cloned())
    }

    async fn save_notification_prefs(&self, prefs: &NotificationPrefs) -> StoreResult<()> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        if !s.users.contains_key(&prefs.owner) {
            return Err(StoreError::Conflict);
        }
        s.notifications.prefs.insert(prefs.owner, prefs.clone());
        Ok(())
    }

    async fn claim_due_emails(
        &self,
        now: OffsetDateTime,
        worker: &str,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<Notification>> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        let mut due: Vec<(OffsetDateTime, NotificationId)> = s
            .notifications
            .rows
            .values()
            .filter_map(|r| match r.n.email {
                EmailDelivery::Pending { due_at, .. }
                    if due_at <= now && r.lease.as_ref().is_none_or(|(_, u)| *u <= now) =>
                {
                    Some((due_at, r.n.id))
                }
                _ => None,
            })
            .collect();
        due.sort();
        due.truncate(limit as usize);
        let mut claimed = Vec::new();
        for (_, id) in due {
            if let Some(r) = s.notifications.rows.get_mut(&id) {
                r.lease = Some((worker.to_string(), lease_until));
                claimed.push(r.n.clone());
            }
        }
        Ok(claimed)
    }

    async fn finish_email(
        &self,
        id: NotificationId,
        worker: &str,
        outcome: EmailDelivery,
    ) -> StoreResult<bool> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        match s.notifications.rows.get_mut(&id) {
            Some(r) if r.lease.as_ref().is_some_and(|(w, _)| w == worker) => {
                r.n.email = outcome;
                r.lease = None;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn purge_notifications(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        collect_garbage(&mut s);
        let n = s.notifications.rows.len();
        s.notifications.rows.retain(|_, r| {
            r.n.created_at >= before || matches!(r.n.email, EmailDelivery::Pending { .. })
        });
        Ok((n - s.notifications.rows.len()) as u64)
    }

    async fn accounts_to_reconnect(&self) -> StoreResult<Vec<(AccountId, UserId, String)>> {
        let s = self.lock();
        let mut v: Vec<(AccountId, UserId, String)> = s
            .accounts
            .values()
            .filter(|a| a.status == AccountStatus::NeedsReconnect)
            .map(|a| (a.id, a.owner, a.profile.username.clone()))
            .collect();
        v.sort_by_key(|x| x.0);
        Ok(v)
    }
}
