//! The daily job writes several accounts' insights and media metrics in one
//! batched call per table (issue 20, goal 3), on the in-memory store behind
//! a wrapper that counts the calls, a manual clock and a mocked Instagram
//! answering per account: an account Instagram fails keeps no other's rows
//! out, a refused batch is written account by account, and a batch holds
//! at most `BATCH_ACCOUNTS` accounts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::UserId;
use socialflow_core::account::{Account, AccountId};
use socialflow_core::accounts::{AccountService, AccountStorage};
use socialflow_core::analytics::{
    AnalyticsService, AnalyticsStorage, BATCH_ACCOUNTS, DailyInsights, DailyInsightsRepo,
    MediaMetrics, MediaMetricsRepo, OwnerRows,
};
use socialflow_core::instagram::{
    InstagramError, LongLivedToken, MediaItem, MediaType, MockInstagramApi, Page, Profile,
};
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::{StoreError, StoreResult, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::{Language, RequestContext, Store, User, Username};
use socialflow_crypto::{AesSivTokenCipher, MasterKey, RandomMinter};
use socialflow_fakes::{ManualClock, MemoryStore};
use time::macros::datetime;
use time::{Date, Duration, OffsetDateTime};

fn at() -> OffsetDateTime {
    datetime!(2026-11-02 10:00 UTC)
}

/// The store's insights and media writes, counted, and refused on demand.
#[derive(Default)]
struct Calls {
    /// The accounts of each batched call, insights then media.
    insight_batches: Vec<BTreeSet<AccountId>>,
    media_batches: Vec<BTreeSet<AccountId>>,
    single_writes: u32,
    /// Batched calls fail (as a store refusing one of their rows does).
    refuse_batches: bool,
    /// Single writes of this account fail (deleted meanwhile).
    refuse_account: Option<AccountId>,
}

struct Counting {
    store: Arc<MemoryStore>,
    calls: Mutex<Calls>,
}

fn accounts_of<T>(
    batch: &[OwnerRows<T>],
    account: impl Fn(&T) -> AccountId,
) -> BTreeSet<AccountId> {
    batch
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(&account))
        .collect()
}

impl Counting {
    fn single(&self, accounts: impl Iterator<Item = AccountId>) -> StoreResult<()> {
        let mut c = self.calls.lock().unwrap();
        c.single_writes += 1;
        let refused = c.refuse_account;
        if accounts.into_iter().any(|a| Some(a) == refused) {
            return Err(StoreError::Conflict);
        }
        Ok(())
    }

    fn batch(&self, accounts: BTreeSet<AccountId>, media: bool) -> StoreResult<()> {
        let mut c = self.calls.lock().unwrap();
        if media {
            c.media_batches.push(accounts);
        } else {
            c.insight_batches.push(accounts);
        }
        if c.refuse_batches {
            return Err(StoreError::Conflict);
        }
        Ok(())
    }
}

#[async_trait]
impl DailyInsightsRepo for Counting {
    async fn upsert_daily_insights(
        &self,
        owner: UserId,
        rows: &[DailyInsights],
    ) -> StoreResult<()> {
        self.single(rows.iter().map(|r| r.account_id))?;
        self.store.upsert_daily_insights(owner, rows).await
    }

    async fn upsert_daily_insights_batch(
        &self,
        batch: &[OwnerRows<DailyInsights>],
    ) -> StoreResult<()> {
        self.batch(accounts_of(batch, |r| r.account_id), false)?;
        self.store.upsert_daily_insights_batch(batch).await
    }

    async fn daily_insights(
        &self,
        owner: UserId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<Vec<DailyInsights>> {
        self.store.daily_insights(owner, account, from, to).await
    }
}

#[async_trait]
impl MediaMetricsRepo for Counting {
    async fn upsert_media_metrics(&self, owner: UserId, rows: &[MediaMetrics]) -> StoreResult<()> {
        self.single(rows.iter().map(|r| r.account_id))?;
        self.store.upsert_media_metrics(owner, rows).await
    }

    async fn upsert_media_metrics_batch(
        &self,
        batch: &[OwnerRows<MediaMetrics>],
    ) -> StoreResult<()> {
        self.batch(accounts_of(batch, |r| r.account_id), true)?;
        self.store.upsert_media_metrics_batch(batch).await
    }

    async fn media_metrics(
        &self,
        owner: UserId,
        account: AccountId,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> StoreResult<Vec<MediaMetrics>> {
        self.store.media_metrics(owner, account, from, until).await
    }
}

/// Instagram's answers: the profile call of an account whose token is in
/// `down` fails; every account has two posts.
fn instagram(down: Arc<Mutex<BTreeSet<String>>>) -> MockInstagramApi {
    let mut ig = MockInstagramApi::new();
    ig.expect_profile().returning(move |token| {
        let token = token.expose_secret().to_string();
        if down.lock().unwrap().contains(&token) {
            return Err(InstagramError::Transient {
                message: "HTTP 503".into(),
            });
        }
        let n = token.trim_start_matches("IGAA-");
        Ok(Profile {
            app_scoped_id: format!("2728{n}"),
            ig_user_id: format!("17841{n}"),
            username: format!("shop{n}"),
            followers_count: Some(500),
            follows_count: Some(10),
            media_count: Some(2),
            ..Profile::default()
        })
    });
    ig.expect_account_insights().returning(|_, _| Ok(vec![]));
    ig.expect_media_page().returning(|access, _, _| {
        let item = |i: usize| MediaItem {
            id: format!("{}-m{i}", access.ig_user_id),
            caption: None,
            media_type: MediaType::Image,
            media_product_type: Some("FEED".into()),
            media_url: None,
            thumbnail_url: None,
            permalink: None,
            timestamp: at() - Duration::days(2),
            like_count: Some(5),
            comments_count: Some(1),
            children: vec![],
        };
        Ok(Page {
            items: vec![item(0), item(1)],
            next: None,
        })
    });
    ig.expect_media_insights().returning(|_, _, _| Ok(vec![]));
    ig.expect_stories().returning(|_| Ok(vec![]));
    ig
}

struct World {
    store: Arc<MemoryStore>,
    counting: Arc<Counting>,
    clock: Arc<ManualClock>,
    analytics: AnalyticsService,
    down: Arc<Mutex<BTreeSet<String>>>,
    /// Each account with its owner, in connection order.
    accounts: Vec<Account>,
}

/// `n` users with one account each, connected at `at()`.
async fn world(n: usize) -> World {
    let store = Arc::new(MemoryStore::new());
    let dyn_store: Arc<dyn Store> = store.clone();
    let clock = Arc::new(ManualClock::new(at()));
    let down = Arc::new(Mutex::new(BTreeSet::new()));
    let service = AccountService::new(
        AccountStorage::from_store(dyn_store.clone()),
        Arc::new(instagram(down.clone())),
        Arc::new(AesSivTokenCipher::new(&MasterKey::generate(), &[]).unwrap()),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    let mut accounts = Vec::new();
    for i in 0..n {
        let user = User {
            id: UserId::new(),
            username: Username::parse(&format!("owner{i}")).unwrap(),
            password_hash: PasswordHash("x".into()),
            role: Role::User,
            language: Language::En,
            time_zone: socialflow_core::TimeZone::default(),
            created_at: at(),
            updated_at: at(),
        };
        store.insert_user(&user).await.unwrap();
        let token = LongLivedToken {
            token: SecretString::from(format!("IGAA-{i:06}")),
            expires_in: Duration::days(60),
            permissions: None,
        };
        accounts.push(
            service
                .attach(user.id, token, None, &RequestContext::cli())
                .await
                .unwrap()
                .account,
        );
    }
    let counting = Arc::new(Counting {
        store: store.clone(),
        calls: Mutex::new(Calls::default()),
    });
    let storage = AnalyticsStorage {
        insights: counting.clone(),
        metrics: counting.clone(),
        ..AnalyticsStorage::from_store(dyn_store)
    };
    let analytics = AnalyticsService::new(storage, service, clock.clone());
    World {
        store,
        counting,
        clock,
        analytics,
        down,
        accounts,
    }
}

impl World {
    fn calls(&self) -> std::sync::MutexGuard<'_, Calls> {
        self.counting.calls.lock().unwrap()
    }

    fn reset_calls(&self) {
        let mut c = self.calls();
        c.insight_batches.clear();
        c.media_batches.clear();
        c.single_writes = 0;
    }

    /// The days of account insights and the media rows stored for account
    /// `i`, read as its owner.
    async fn stored(&self, i: usize) -> (Vec<Date>, usize) {
        let a = &self.accounts[i];
        let days = self
            .store
            .daily_insights(
                a.owner,
                a.id,
                at().date() - Duration::days(60),
                at().date() + Duration::days(60),
            )
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.day)
            .collect();
        let media = self
            .store
            .media_metrics(a.owner, a.id, at() - Duration::days(30), at())
            .await
            .unwrap();
        assert!(media.iter().all(|m| m.account_id == a.id));
        (days, media.len())
    }

    fn ids(&self, which: &[usize]) -> BTreeSet<AccountId> {
        which.iter().map(|i| self.accounts[*i].id).collect()
    }
}

#[tokio::test]
async fn a_pass_writes_every_accounts_rows_in_one_call_per_table() {
    let w = world(3).await;
    // First captures (30 days each) are written at once, account by
    // account: they are not read again.
    let first = w.analytics.run_daily().await.unwrap();
    assert_eq!((first.captured, first.failed), (3, 0));
    assert_eq!(w.calls().insight_batches.len(), 3);
    for i in 0..3 {
        let (days, media) = w.stored(i).await;
        assert_eq!((days.len(), media), (30, 2));
    }

    // The next day's captures: one insights call and one media call for
    // all three accounts, each account's rows under its owner.
    w.reset_calls();
    w.clock.advance(Duration::days(1));
    let next = w.analytics.run_daily().await.unwrap();
    assert_eq!((next.captured, next.failed), (3, 0));
    {
        let c = w.calls();
        assert_eq!(c.insight_batches, vec![w.ids(&[0, 1, 2])]);
        assert_eq!(c.media_batches, vec![w.ids(&[0, 1, 2])]);
        assert_eq!(c.single_writes, 0);
    }
    for i in 0..3 {
        let (days, media) = w.stored(i).await;
        assert_eq!(days.len(), 31, "the new day added");
        assert_eq!(*days.last().unwrap(), at().date());
        assert_eq!(media, 2, "replaced, not added");
    }
}

#[tokio::test]
async fn an_account_instagram_fails_keeps_no_other_accounts_rows_out() {
    let w = world(3).await;
    w.analytics.run_daily().await.unwrap();
    w.reset_calls();
    w.clock.advance(Duration::days(1));
    w.down.lock().unwrap().insert("IGAA-000001".into());
    let r = w.analytics.run_daily().await.unwrap();
    assert_eq!((r.captured, r.failed), (2, 1));
    assert_eq!(w.calls().insight_batches, vec![w.ids(&[0, 2])]);
    for i in [0, 2] {
        assert_eq!(*w.stored(i).await.0.last().unwrap(), at().date());
    }
    assert_eq!(
        *w.stored(1).await.0.last().unwrap(),
        at().date() - Duration::days(1),
        "nothing new for the failed account"
    );
}

#[tokio::test]
async fn a_refused_batch_is_written_account_by_account() {
    let w = world(3).await;
    w.analytics.run_daily().await.unwrap();
    w.clock.advance(Duration::days(1));
    {
        let mut c = w.calls();
        c.refuse_batches = true;
        c.refuse_account = Some(w.accounts[1].id);
    }
    let r = w.analytics.run_daily().await.unwrap();
    assert_eq!(
        (r.captured, r.failed),
        (2, 1),
        "the account whose rows were refused counts as failed"
    );
    for i in [0, 2] {
        assert_eq!(*w.stored(i).await.0.last().unwrap(), at().date());
    }
    assert_eq!(
        *w.stored(1).await.0.last().unwrap(),
        at().date() - Duration::days(1)
    );
}

#[tokio::test]
async fn a_batch_holds_at_most_batch_accounts_accounts() {
    let n = BATCH_ACCOUNTS + 1;
    let w = world(n).await;
    w.analytics.run_daily().await.unwrap();
    w.reset_calls();
    w.clock.advance(Duration::days(1));
    let r = w.analytics.run_daily().await.unwrap();
    assert_eq!(r.captured as usize, n);
    {
        let c = w.calls();
        let sizes: Vec<usize> = c.insight_batches.iter().map(BTreeSet::len).collect();
        assert_eq!(sizes, [BATCH_ACCOUNTS, 1]);
        let sizes: Vec<usize> = c.media_batches.iter().map(BTreeSet::len).collect();
        assert_eq!(sizes, [BATCH_ACCOUNTS, 1]);
    }
    for i in [0, BATCH_ACCOUNTS - 1, BATCH_ACCOUNTS] {
        assert_eq!(*w.stored(i).await.0.last().unwrap(), at().date());
    }
}

#[tokio::test]
async fn a_manual_refresh_stores_before_it_returns() {
    let w = world(1).await;
    let a = &w.accounts[0];
    let user = w.store.user_by_id(a.owner).await.unwrap().unwrap();
    let (_, report) = w.analytics.refresh(&user, a.id).await.unwrap();
    assert_eq!((report.insight_days, report.media), (30, 2));
    assert!(report.first_capture);
    let (days, media) = w.stored(0).await;
    assert_eq!((days.len(), media), (30, 2));
    assert_eq!(w.calls().insight_batches, vec![w.ids(&[0])]);
}
