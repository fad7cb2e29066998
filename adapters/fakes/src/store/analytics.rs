//! Analytics tables in memory. Reads check the account's owner, so rows of
//! a deleted account (or another user's) are never returned.

use std::collections::BTreeMap;

use async_trait::async_trait;
use socialflow_core::UserId;
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{
    AnalyticsVersionRepo, Audience, AudienceRepo, DailyInsights, DailyInsightsRepo,
    FollowerSnapshot, FollowerSnapshotRepo, MediaMetrics, MediaMetricsRepo, OwnerRows,
    ProfileSnapshot, ProfileSnapshotRepo, SnapshotSource,
};
use socialflow_core::storage::{StoreError, StoreResult};
use time::{Date, OffsetDateTime};

use super::MemoryStore;
use super::State;

#[derive(Clone, Default)]
pub(super) struct Tables {
    followers: BTreeMap<(AccountId, Date), FollowerSnapshot>,
    profiles: Vec<ProfileSnapshot>,
    insights: BTreeMap<(AccountId, Date), DailyInsights>,
    media: BTreeMap<(AccountId, String), MediaMetrics>,
    audience: BTreeMap<AccountId, Audience>,
    /// Each account's data version, bumped with its rows (as the SQL
    /// stores do in the same transaction).
    versions: BTreeMap<AccountId, i64>,
}

impl Tables {
    fn bump(&mut self, accounts: impl IntoIterator<Item = AccountId>) {
        let mut seen = Vec::new();
        for a in accounts {
            if !seen.contains(&a) {
                seen.push(a);
                *self.versions.entry(a).or_insert(0) += 1;
            }
        }
    }

    /// Drops everything of an account being deleted (the databases'
    /// `ON DELETE CASCADE`).
    pub(super) fn forget_account(&mut self, account: AccountId) {
        self.followers.retain(|(a, _), _| *a != account);
        self.profiles.retain(|p| p.account_id != account);
        self.insights.retain(|(a, _), _| *a != account);
        self.media.retain(|(a, _), _| *a != account);
        self.audience.remove(&account);
        self.versions.remove(&account);
    }
}

#[async_trait]
impl AnalyticsVersionRepo for MemoryStore {
    async fn analytics_version(
        &self,
        owner: UserId,
        account: AccountId,
    ) -> StoreResult<Option<i64>> {
        let s = self.lock();
        Ok(owns(&s, owner, account)
            .then(|| s.analytics.versions.get(&account).copied().unwrap_or(0)))
    }

    async fn accounts_with_versions(
        &self,
        owner: UserId,
    ) -> StoreResult<Vec<(socialflow_core::account::Account, i64)>> {
        let accounts = socialflow_core::storage::AccountRepo::accounts_of(self, owner).await?;
        let s = self.lock();
        Ok(accounts
            .into_iter()
            .map(|a| {
                let v = s.analytics.versions.get(&a.id).copied().unwrap_or(0);
                (a, v)
            })
            .collect())
    }
}

fn owns(s: &State, owner: UserId, account: AccountId) -> bool {
    s.accounts.get(&account).is_some_and(|a| a.owner == owner)
}

/// Writes need the account to exist and belong to `owner` (the databases'
/// foreign keys).
fn check(s: &State, owner: UserId, account: AccountId) -> StoreResult<()> {
    if owns(s, owner, account) {
        Ok(())
    } else {
        Err(StoreError::Conflict)
    }
}

#[async_trait]
impl FollowerSnapshotRepo for MemoryStore {
    async fn upsert_follower_snapshot(
        &self,
        owner: UserId,
        snapshot: &FollowerSnapshot,
    ) -> StoreResult<()> {
        let mut s = self.lock();
        check(&s, owner, snapshot.account_id)?;
        s.analytics
            .followers
            .insert((snapshot.account_id, snapshot.day), snapshot.clone());
        s.analytics.bump([snapshot.account_id]);
        Ok(())
    }

    async fn insert_backfill_snapshots(
        &self,
        owner: UserId,
        snapshots: &[FollowerSnapshot],
    ) -> StoreResult<u64> {
        let mut s = self.lock();
        for snap in snapshots {
            check(&s, owner, snap.account_id)?;
        }
        let mut added = 0;
        for snap in snapshots {
            let key = (snap.account_id, snap.day);
            if let std::collections::btree_map::Entry::Vacant(e) = s.analytics.followers.entry(key)
            {
                let mut snap = snap.clone();
                snap.source = SnapshotSource::Backfill;
                e.insert(snap);
                added += 1;
            }
        }
        if added > 0 {
            s.analytics.bump(snapshots.iter().map(|s| s.account_id));
        }
        Ok(added)
    }

    async fn follower_snapshots(
        &self,
        owner: UserId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<FollowerSnapshot>> {
        let s = self.lock();
        if !owns(&s, owner, account) || from > to {
            return Ok(Vec::new());
        }
        Ok(s.analytics
            .followers
            .range((account, from)..=(account, to))
            .map(|(_, v)| v.clone())
            .collect())
    }

    async fn purge_follower_snapshots(&self, before: Date) -> StoreResult<u64> {
        let mut s = self.lock();
        let n = s.analytics.followers.len();
        s.analytics.followers.retain(|(_, day), _| *day >= before);
        Ok((n - s.analytics.followers.len()) as u64)
    }
}

#[async_trait]
impl ProfileSnapshotRepo for MemoryStore {
    async fn insert_profile_snapshot(
        &self,
        owner: UserId,
        snapshot: &ProfileSnapshot,
    ) -> StoreResult<()> {
        let mut s = self.lock();
        check(&s, owner, snapshot.account_id)?;
        s.analytics.profiles.push(snapshot.clone());
        Ok(())
    }

    async fn profile_snapshots(
        &self,
        owner: UserId,
        account: AccountId,
        since: OffsetDateTime,
    ) -> StoreResult<Vec<ProfileSnapshot>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Vec::new());
        }
        let mut out: Vec<_> = s
            .analytics
            .profiles
            .iter()
            .filter(|p| p.account_id == account && p.taken_at >= since)
            .cloned()
            .collect();
        out.sort_by_key(|p| p.taken_at);
        Ok(out)
    }

    async fn purge_profile_snapshots(&self, before: OffsetDateTime) -> StoreResult<u64> {
        let mut s = self.lock();
        let n = s.analytics.profiles.len();
        s.analytics.profiles.retain(|p| p.taken_at >= before);
        Ok((n - s.analytics.profiles.len()) as u64)
    }
}

/// A batch's rows, each with its entry's owner, in order.
fn owned<T>(batch: &[OwnerRows<T>]) -> impl Iterator<Item = (UserId, &T)> + Clone {
    batch
        .iter()
        .flat_map(|(owner, rows)| rows.iter().map(move |r| (*owner, r)))
}

/// Upserts account insights of one or several owners, all or nothing (as
/// the SQL stores' transaction); each account's version moves once.
fn write_insights<'a>(
    s: &mut State,
    rows: impl Iterator<Item = (UserId, &'a DailyInsights)> + Clone,
) -> StoreResult<()> {
    for (owner, r) in rows.clone() {
        check(s, owner, r.account_id)?;
    }
    for (_, r) in rows.clone() {
        s.analytics
            .insights
            .insert((r.account_id, r.day), r.clone());
    }
    s.analytics.bump(rows.map(|(_, r)| r.account_id));
    Ok(())
}

/// Upserts media metrics as [`write_insights`] does insights.
fn write_media<'a>(
    s: &mut State,
    rows: impl Iterator<Item = (UserId, &'a MediaMetrics)> + Clone,
) -> StoreResult<()> {
    for (owner, r) in rows.clone() {
        check(s, owner, r.account_id)?;
    }
    for (_, r) in rows.clone() {
        s.analytics
            .media
            .insert((r.account_id, r.media_id.clone()), r.clone());
    }
    s.analytics.bump(rows.map(|(_, r)| r.account_id));
    Ok(())
}

#[async_trait]
impl DailyInsightsRepo for MemoryStore {
    async fn upsert_daily_insights(
        &self,
        owner: UserId,
        rows: &[DailyInsights],
    ) -> StoreResult<()> {
        write_insights(&mut self.lock(), rows.iter().map(|r| (owner, r)))
    }

    async fn upsert_daily_insights_batch(
        &self,
        batch: &[OwnerRows<DailyInsights>],
    ) -> StoreResult<()> {
        write_insights(&mut self.lock(), owned(batch))
    }

    async fn daily_insights(
        &self,
        owner: UserId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<DailyInsights>> {
        let s = self.lock();
        if !owns(&s, owner, account) || from > to {
            return Ok(Vec::new());
        }
        Ok(s.analytics
            .insights
            .range((account, from)..=(account, to))
            .map(|(_, v)| v.clone())
            .collect())
    }
}

#[async_trait]
impl MediaMetricsRepo for MemoryStore {
    async fn upsert_media_metrics(&self, owner: UserId, rows: &[MediaMetrics]) -> StoreResult<()> {
        write_media(&mut self.lock(), rows.iter().map(|r| (owner, r)))
    }

    async fn upsert_media_metrics_batch(
        &self,
        batch: &[OwnerRows<MediaMetrics>],
    ) -> StoreResult<()> {
        write_media(&mut self.lock(), owned(batch))
    }

    async fn media_metrics(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> StoreResult<Vec<MediaMetrics>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(Vec::new());
        }
        let mut out: Vec<_> = s
            .analytics
            .media
            .values()
            .filter(|m| m.account_id == account && m.posted_at >= from && m.posted_at < until)
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            b.posted_at
                .cmp(&a.posted_at)
                .then(b.media_id.cmp(&a.media_id))
        });
        Ok(out)
    }
}

#[async_trait]
impl AudienceRepo for MemoryStore {
    async fn upsert_audience(&self, owner: UserId, audience: &Audience) -> StoreResult<()> {
        let mut s = self.lock();
        check(&s, owner, audience.account_id)?;
        s.analytics
            .audience
            .insert(audience.account_id, audience.clone());
        s.analytics.bump([audience.account_id]);
        Ok(())
    }

    async fn audience(&self, owner: UserId, account: AccountId) -> StoreResult<Option<Audience>> {
        let s = self.lock();
        if !owns(&s, owner, account) {
            return Ok(None);
        }
        Ok(s.analytics.audience.get(&account).cloned())
    }
}
