//! Contract case of the key figures' post summary: the store counts a
//! period's posts and sums their engagement rates in the database, with
//! the same rules as `MediaMetrics::engagement_rate` on the rows (unknown
//! or zero reach, no interaction metric, partly unknown metrics), scoped
//! to the owner and half-open in time.

use std::sync::Arc;

use socialflow_core::account::AccountId;
use socialflow_core::analytics::{MediaMetrics, MediaSummary};
use socialflow_core::storage::Store;
use time::{Duration, OffsetDateTime};

use crate::fixtures::T0;
use crate::posts_cases::owner_with_account;

#[allow(clippy::too_many_arguments)]
fn post(
    account: AccountId,
    id: &str,
    posted_at: OffsetDateTime,
    reach: Option<i64>,
    likes: Option<i64>,
    comments: Option<i64>,
    saves: Option<i64>,
    shares: Option<i64>,
) -> MediaMetrics {
    MediaMetrics {
        account_id: account,
        media_id: id.into(),
        product: "FEED".into(),
        media_type: "IMAGE".into(),
        caption: None,
        permalink: None,
        posted_at,
        reach,
        views: Some(10),
        likes,
        comments,
        saves,
        shares,
        replies: None,
        avg_watch_time_ms: None,
        total_watch_time_ms: None,
        reposts: None,
        skip_rate: None,
        fetched_at: T0,
    }
}

pub async fn media_summary_counts_and_averages_like_the_rows(store: Arc<dyn Store>) {
    let (alice, a) = owner_with_account(&store, "alice", "1001").await;
    let (bob, _) = owner_with_account(&store, "bob", "1002").await;
    let h = Duration::hours(1);
    let rows = vec![
        post(a, "1", T0 - h, Some(1000), Some(90), Some(4), None, Some(0)),
        post(a, "2", T0 - h * 2, Some(3), Some(1), None, None, None),
        post(
            a,
            "3",
            T0 - h * 3,
            Some(0),
            Some(5),
            Some(5),
            Some(5),
            Some(5),
        ),
        post(a, "4", T0 - h * 4, None, Some(5), None, None, None),
        post(a, "5", T0 - h * 5, Some(700), None, None, None, None),
        post(
            a,
            "6",
            T0 - h * 6,
            Some(7),
            Some(2),
            Some(1),
            Some(1),
            Some(1),
        ),
        // At `until`: outside the half-open period.
        post(a, "7", T0, Some(10), Some(10), None, None, None),
    ];
    store.upsert_media_metrics(alice, &rows).await.unwrap();
    let (from, until) = (T0 - Duration::days(1), T0);

    let got = store.media_summary(alice, a, from, until).await.unwrap();
    let want = MediaSummary::of(&rows[..6]);
    assert_eq!(got.posts, 6);
    assert_eq!(
        got.rated, 3,
        "reach unknown or 0, or no interactions: unrated"
    );
    assert_eq!(got.rated, want.rated);
    assert!(
        (got.rate_sum - want.rate_sum).abs() < 1e-9,
        "{} vs {}",
        got.rate_sum,
        want.rate_sum
    );
    // 9.4 % + 33.3… % + 71.4… %
    let mean = got.mean_rate().unwrap();
    assert!((mean - want.mean_rate().unwrap()).abs() < 1e-9, "{mean}");

    // Someone else's account, and a period without posts.
    assert_eq!(
        store.media_summary(bob, a, from, until).await.unwrap(),
        MediaSummary::default()
    );
    let empty = store
        .media_summary(alice, a, from - Duration::days(9), from)
        .await
        .unwrap();
    assert_eq!(empty, MediaSummary::default());
    assert_eq!(empty.mean_rate(), None);
}
