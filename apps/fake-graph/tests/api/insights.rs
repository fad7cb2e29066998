//! Account and media insights: shapes, rules and retired metrics.

use crate::helpers::Fake;

#[tokio::test]
async fn follower_count_series_and_total_values_with_breakdowns() {
    let f = Fake::demo().await;
    let series = f
        .get(
            "me/insights",
            &[
                ("metric", "follower_count"),
                ("period", "day"),
                ("metric_type", "time_series"),
            ],
        )
        .await
        .ok();
    let m = &series["data"][0];
    assert_eq!(m["name"], "follower_count");
    assert_eq!(m["values"].as_array().unwrap().len(), 30);
    assert!(
        m["values"][0]["end_time"]
            .as_str()
            .unwrap()
            .ends_with("T07:00:00+0000")
    );
    assert_eq!(
        m["id"],
        format!("{}/insights/follower_count/day", f.account.ig_user_id).as_str()
    );
    assert!(series["paging"]["previous"].is_string());
    // The same question, the same numbers.
    let again = f
        .get(
            "me/insights",
            &[
                ("metric", "follower_count"),
                ("period", "day"),
                ("metric_type", "time_series"),
            ],
        )
        .await
        .ok();
    assert_eq!(series["data"], again["data"]);

    let reach = f
        .get(
            "me/insights",
            &[
                ("metric", "reach,views"),
                ("period", "day"),
                ("metric_type", "total_value"),
                ("breakdown", "media_product_type"),
            ],
        )
        .await
        .ok();
    let total = &reach["data"][0]["total_value"];
    assert!(total["value"].as_i64().unwrap() > 0);
    assert_eq!(
        total["breakdowns"][0]["dimension_keys"][0],
        "media_product_type"
    );
    assert!(
        !total["breakdowns"][0]["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let demo = f
        .get(
            "me/insights",
            &[
                ("metric", "follower_demographics"),
                ("period", "lifetime"),
                ("metric_type", "total_value"),
                ("breakdown", "country"),
                ("timeframe", "this_month"),
            ],
        )
        .await
        .ok();
    let results = demo["data"][0]["total_value"]["breakdowns"][0]["results"]
        .as_array()
        .unwrap();
    assert_eq!(results[0]["dimension_values"][0], "KZ");
    let online = f
        .get(
            "me/insights",
            &[("metric", "online_followers"), ("period", "lifetime")],
        )
        .await
        .ok();
    assert_eq!(
        online["data"][0]["values"][0]["value"]
            .as_object()
            .unwrap()
            .len(),
        24
    );
}

#[tokio::test]
async fn retired_and_misused_metrics_fail_with_code_100() {
    let f = Fake::demo().await;
    let old = f
        .get(
            "me/insights",
            &[("metric", "impressions"), ("period", "day")],
        )
        .await;
    assert_eq!((old.status, old.code()), (400, 100));
    assert!(
        old.message().contains("Starting from version 22"),
        "{}",
        old.message()
    );
    let views = f
        .get("me/insights", &[("metric", "views"), ("period", "day")])
        .await;
    assert!(
        views.message().contains("metric_type=total_value"),
        "{}",
        views.message()
    );
    let unknown = f
        .get(
            "me/insights",
            &[("metric", "profile_views"), ("period", "day")],
        )
        .await;
    assert!(
        unknown
            .message()
            .starts_with("(#100) metric[0] must be one of")
    );
    let span = f
        .get(
            "me/insights",
            &[
                ("metric", "reach"),
                ("period", "day"),
                ("since", "1700000000"),
                ("until", "1705000000"),
            ],
        )
        .await;
    assert!(span.message().contains("30 days"), "{}", span.message());
    let wrong_breakdown = f
        .get(
            "me/insights",
            &[
                ("metric", "accounts_engaged"),
                ("period", "day"),
                ("metric_type", "total_value"),
                ("breakdown", "country"),
            ],
        )
        .await;
    assert_eq!(wrong_breakdown.code(), 1);
}

#[tokio::test]
async fn media_insights_follow_the_media_type_rules() {
    let f = Fake::demo().await;
    let media = f
        .get(
            "me/media",
            &[("fields", "id,media_product_type"), ("limit", "10")],
        )
        .await
        .ok();
    let of = |product: &str| {
        media["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["media_product_type"] == product)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let reel = of("REELS");
    let post = of("FEED");
    let ok = f
        .get(
            &format!("{reel}/insights"),
            &[("metric", "reach,views,ig_reels_avg_watch_time")],
        )
        .await
        .ok();
    assert_eq!(ok["data"].as_array().unwrap().len(), 3);
    assert_eq!(ok["data"][0]["period"], "lifetime");
    assert!(ok["data"][1]["values"][0]["value"].as_i64().unwrap() > 0);
    let whole = f
        .get(
            &format!("{post}/insights"),
            &[("metric", "reach,ig_reels_avg_watch_time")],
        )
        .await;
    assert_eq!(whole.code(), 100, "one unsupported metric fails the call");
    assert!(whole.message().contains("ig_reels_avg_watch_time"));
    let plays = f
        .get(&format!("{reel}/insights"), &[("metric", "plays")])
        .await;
    assert!(plays.message().contains("no longer supported"));
    let story = f.get("me/stories", &[]).await.ok()["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let nav = f
        .get(
            &format!("{story}/insights"),
            &[
                ("metric", "navigation"),
                ("breakdown", "story_navigation_action_type"),
            ],
        )
        .await
        .ok();
    assert!(nav["data"][0]["total_value"]["breakdowns"][0]["results"].is_array());
}
