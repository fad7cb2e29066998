//! Several accounts' account insights and media metrics, gathered by the
//! daily capture and written in one transaction per table (issue 20, goal
//! 3): a commit per account and part made MariaDB wait for a durable log
//! flush every 30 insight days or 50 posts.

use std::collections::BTreeSet;

use super::ports::{DailyInsightsRepo, MediaMetricsRepo, OwnerRows};
use super::types::{DailyInsights, MediaMetrics};
use crate::UserId;
use crate::account::AccountId;
use crate::store_error::StoreResult;

/// The most accounts one batched write carries. It also bounds what a
/// crashed worker loses: the rows it fetched but had not written yet (a
/// stopping worker finishes its pass and writes them).
pub const BATCH_ACCOUNTS: usize = 50;
/// The most rows one batched write carries (a capture holds about 3
/// insight days and 50 posts per account; a first capture 30 days).
pub const BATCH_ROWS: usize = 5_000;

/// Rows gathered for one batched write, bounded by [`BATCH_ACCOUNTS`] and
/// [`BATCH_ROWS`] (or [`AnalyticsBatch::with_limits`]): the caller adds an
/// account's rows, writes when [`AnalyticsBatch::is_full`], and writes what
/// is left at the end.
#[derive(Debug)]
pub struct AnalyticsBatch {
    insights: Vec<OwnerRows<DailyInsights>>,
    media: Vec<OwnerRows<MediaMetrics>>,
    accounts: BTreeSet<AccountId>,
    rows: usize,
    max_accounts: usize,
    max_rows: usize,
}

impl Default for AnalyticsBatch {
    fn default() -> Self {
        Self::with_limits(BATCH_ACCOUNTS, BATCH_ROWS)
    }
}

impl AnalyticsBatch {
    pub fn new() -> Self {
        Self::default()
    }

    /// A batch full at `accounts` accounts or `rows` rows (at least one
    /// each): the benchmark measures other sizes with it.
    pub fn with_limits(accounts: usize, rows: usize) -> Self {
        Self {
            insights: Vec::new(),
            media: Vec::new(),
            accounts: BTreeSet::new(),
            rows: 0,
            max_accounts: accounts.max(1),
            max_rows: rows.max(1),
        }
    }

    /// Adds one owner's account insights (nothing when `rows` is empty).
    pub fn add_insights(&mut self, owner: UserId, rows: Vec<DailyInsights>) {
        if rows.is_empty() {
            return;
        }
        self.count(rows.iter().map(|r| r.account_id), rows.len());
        self.insights.push((owner, rows));
    }

    /// Adds one owner's media metrics (nothing when `rows` is empty).
    pub fn add_media(&mut self, owner: UserId, rows: Vec<MediaMetrics>) {
        if rows.is_empty() {
            return;
        }
        self.count(rows.iter().map(|r| r.account_id), rows.len());
        self.media.push((owner, rows));
    }

    fn count(&mut self, accounts: impl Iterator<Item = AccountId>, rows: usize) {
        self.accounts.extend(accounts);
        self.rows += rows;
    }

    pub fn is_empty(&self) -> bool {
        self.insights.is_empty() && self.media.is_empty()
    }

    /// Distinct accounts held.
    pub fn accounts(&self) -> usize {
        self.accounts.len()
    }

    /// Rows held (insights and media).
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Whether it holds its most accounts or rows: time to write it.
    pub fn is_full(&self) -> bool {
        self.accounts.len() >= self.max_accounts || self.rows >= self.max_rows
    }

    /// Writes what is held, the account insights in one transaction, then
    /// the media metrics in one, and empties the batch. On an error the
    /// part not written yet stays (see [`Self::write_each`]).
    pub async fn write<I, M>(&mut self, insights: &I, media: &M) -> StoreResult<()>
    where
        I: DailyInsightsRepo + ?Sized,
        M: MediaMetricsRepo + ?Sized,
    {
        if !self.insights.is_empty() {
            insights.upsert_daily_insights_batch(&self.insights).await?;
            self.insights.clear();
        }
        if !self.media.is_empty() {
            media.upsert_media_metrics_batch(&self.media).await?;
            self.media.clear();
        }
        self.accounts.clear();
        self.rows = 0;
        Ok(())
    }

    /// Writes what is held owner entry by owner entry (one transaction
    /// each), after [`Self::write`] failed: one entry the store refuses (an
    /// account deleted meanwhile) then keeps no other account's rows out.
    /// Empties the batch; returns the accounts of the entries not written,
    /// each with the store's answer.
    pub async fn write_each<I, M>(
        &mut self,
        insights: &I,
        media: &M,
    ) -> Vec<(Vec<AccountId>, crate::store_error::StoreError)>
    where
        I: DailyInsightsRepo + ?Sized,
        M: MediaMetricsRepo + ?Sized,
    {
        let mut failed = Vec::new();
        for (owner, rows) in std::mem::take(&mut self.insights) {
            if let Err(e) = insights.upsert_daily_insights(owner, &rows).await {
                failed.push((distinct(rows.iter().map(|r| r.account_id)), e));
            }
        }
        for (owner, rows) in std::mem::take(&mut self.media) {
            if let Err(e) = media.upsert_media_metrics(owner, &rows).await {
                failed.push((distinct(rows.iter().map(|r| r.account_id)), e));
            }
        }
        self.accounts.clear();
        self.rows = 0;
        failed
    }
}

fn distinct(accounts: impl Iterator<Item = AccountId>) -> Vec<AccountId> {
    accounts.collect::<BTreeSet<_>>().into_iter().collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;
    use crate::analytics::{MockDailyInsightsRepo, MockMediaMetricsRepo};
    use crate::store_error::StoreError;

    fn days(account: AccountId, n: usize) -> Vec<DailyInsights> {
        (0..n)
            .map(|d| DailyInsights {
                account_id: account,
                day: date!(2026 - 01 - 01) + time::Duration::days(d as i64),
                reach: Some(1),
                views: None,
                accounts_engaged: None,
                total_interactions: None,
                profile_activity: None,
                fetched_at: datetime!(2026-02-01 00:00 UTC),
            })
            .collect()
    }

    #[test]
    fn full_at_its_accounts_or_its_rows() {
        let mut b = AnalyticsBatch::with_limits(2, 10);
        assert!(b.is_empty() && !b.is_full());
        let (owner, a) = (UserId::new(), AccountId::new());
        b.add_insights(owner, days(a, 3));
        b.add_insights(owner, Vec::new());
        b.add_insights(owner, days(a, 3));
        assert_eq!((b.accounts(), b.rows(), b.is_full()), (1, 6, false));
        b.add_insights(owner, days(AccountId::new(), 1));
        assert!(b.is_full(), "two accounts");
        let mut b = AnalyticsBatch::with_limits(2, 10);
        b.add_insights(owner, days(a, 10));
        assert!(b.is_full(), "ten rows");
        let b = AnalyticsBatch::new();
        assert_eq!((b.max_accounts, b.max_rows), (BATCH_ACCOUNTS, BATCH_ROWS));
    }

    #[tokio::test]
    async fn one_call_per_table_and_a_failed_part_stays_for_write_each() {
        let (alice, bob) = (UserId::new(), UserId::new());
        let (a, b) = (AccountId::new(), AccountId::new());
        let mut batch = AnalyticsBatch::new();
        batch.add_insights(alice, days(a, 3));
        batch.add_insights(bob, days(b, 2));

        let mut insights = MockDailyInsightsRepo::new();
        insights
            .expect_upsert_daily_insights_batch()
            .withf(|batch| batch.len() == 2 && batch[1].1.len() == 2)
            .times(1)
            .returning(|_| Err(StoreError::Conflict));
        // Entry by entry: Bob's account was deleted meanwhile.
        insights
            .expect_upsert_daily_insights()
            .times(2)
            .returning(move |owner, _| {
                if owner == bob {
                    Err(StoreError::Conflict)
                } else {
                    Ok(())
                }
            });
        let media = MockMediaMetricsRepo::new();
        assert!(batch.write(&insights, &media).await.is_err());
        assert!(!batch.is_empty(), "what was not written stays");
        let failed = batch.write_each(&insights, &media).await;
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, vec![b]);
        assert!(batch.is_empty() && batch.rows() == 0 && batch.accounts() == 0);

        // Nothing held: no call at all.
        let (insights, media) = (MockDailyInsightsRepo::new(), MockMediaMetricsRepo::new());
        batch.write(&insights, &media).await.unwrap();
    }
}
