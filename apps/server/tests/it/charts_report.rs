//! Analytics charts, Δ against the previous period, CSV bytes and the
//! shareable report through the whole stack: numbers in the user's
//! language, focusable chart points, the report link opening without
//! login until revoked or expired, and never for another user's account.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use socialflow_core::account::AccountId;
use socialflow_core::analytics::{DailyInsights, FollowerSnapshot, SnapshotSource};
use socialflow_core::{Clock, Language, User};
use time::Duration;

use crate::support::TestApp;

/// Followers 12,000 → 12,345 over the last days, reach 1,500 in the last
/// 30 days and 1,000 in the 30 before; views never known.
async fn seed(app: &TestApp, owner: &User, account: AccountId) {
    let now = app.clock.now();
    let today = now.date();
    for (back, followers) in [(5, 12_000), (3, 12_200), (1, 12_345)] {
        app.store
            .upsert_follower_snapshot(
                owner.id,
                &FollowerSnapshot {
                    account_id: account,
                    day: today - Duration::days(back),
                    followers: Some(followers),
                    following: Some(5),
                    media_count: Some(40),
                    source: SnapshotSource::Daily,
                    taken_at: now,
                },
            )
            .await
            .unwrap();
    }
    let insight = |back: i64, reach: i64| DailyInsights {
        account_id: account,
        day: today - Duration::days(back),
        reach: Some(reach),
        views: None,
        accounts_engaged: None,
        total_interactions: None,
        profile_activity: None,
        fetched_at: now,
    };
    app.store
        .upsert_daily_insights(
            owner.id,
            &[
                insight(2, 700),
                insight(10, 800),
                insight(35, 400),
                insight(50, 600),
            ],
        )
        .await
        .unwrap();
}

fn share_path(html: &str) -> String {
    let start = html.find("/shared/report/").expect("the new link is shown");
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}

#[tokio::test]
async fn kpis_compare_with_the_previous_period_and_numbers_follow_the_language() {
    let app = TestApp::spawn().await;
    let olga = app.add_user("olga", Language::Ru).await;
    let account = app.add_account(&olga, "olga_shop").await;
    seed(&app, &olga, account).await;

    let s = app.login_as("olga").await;
    let html = s
        .get_page(&format!("/analytics?account={account}&range=30d"))
        .await;
    // Grouped with a narrow no-break space; Δ with a decimal comma and words.
    assert!(html.contains("12\u{202f}345"), "{html}");
    assert!(html.contains("1\u{202f}500"), "reach of the period");
    assert!(
        html.contains("на 50,0 % больше, чем в предыдущем периоде"),
        "{html}"
    );
    assert!(html.contains("нет данных за предыдущий период"));
    // Every point is focusable with its value; axis ticks are round.
    assert!(html.contains("tabindex=\"0\" role=\"img\" aria-label=\""));
    assert!(html.contains(">12\u{202f}000</text>"), "a round tick");
    assert!(
        !html.contains(">12\u{202f}345</text>"),
        "no tick at a raw value"
    );

    // The same figures over REST.
    let tok = app.api_token(&olga).await;
    let (status, body) = app
        .api_get(&tok, &format!("/api/v1/accounts/{account}/summary"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["current"]["reach"], json!(1500));
    assert_eq!(body["previous"]["reach"], json!(1000));
    assert_eq!(
        body["delta"]["reach"],
        json!({"trend": "up", "percent": 50.0})
    );
    assert_eq!(
        body["delta"]["views"],
        json!({"trend": "no_data", "percent": null})
    );
    assert_eq!(body["current"]["followers"], json!(12_345));
}

#[tokio::test]
async fn csv_files_start_with_a_bom_and_take_the_separator_asked() {
    let app = TestApp::spawn().await;
    let olga = app.add_user("olga", Language::Ru).await;
    let account = app.add_account(&olga, "olga_shop").await;
    seed(&app, &olga, account).await;
    let s = app.login_as("olga").await;

    let bytes = s
        .visit(&format!(
            "/analytics/followers.csv?account={account}&range=7d"
        ))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.starts_with("date;followers;change;following;posts;source\r\n"),
        "Russian users get semicolons: {text}"
    );
    assert!(
        text.contains(";12345;;5;40;daily\r\n"),
        "plain numbers: {text}"
    );
    assert!(text.contains(";12200;;5;40;daily\r\n"), "{text}");

    let comma = s
        .get_page(&format!(
            "/analytics/followers.csv?account={account}&range=7d&sep=comma"
        ))
        .await;
    assert!(comma.starts_with("\u{feff}date,followers,change,"));
    let r = s
        .visit(&format!(
            "/analytics/posts.csv?account={account}&range=7d&sep=tab"
        ))
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("точка с запятой"));
}

#[tokio::test]
async fn a_report_link_opens_without_login_until_revoked_or_expired() {
    let app = TestApp::spawn().await;
    let alice = app.add_user("alice", Language::En).await;
    let bob = app.add_user("bob", Language::En).await;
    let account = app.add_account(&alice, "alice_shop").await;
    let bobs = app.add_account(&bob, "bob_shop").await;
    seed(&app, &alice, account).await;
    let today = app.clock.now().date();
    let from = (today - Duration::days(29)).to_string();
    let to = today.to_string();
    let report = format!("/analytics/report?account={account}&from={from}&to={to}");

    let s = app.login_as("alice").await;
    let html = s.get_page(&report).await;
    assert!(html.contains("Report for @alice_shop"), "{html}");
    assert!(html.contains("50.0% more than the previous period"));
    // The print stylesheet leaves the tools and navigation out.
    let css_at = html
        .find("/static/analytics.css")
        .expect("the analytics stylesheet");
    let start = html[..css_at].rfind('"').unwrap() + 1;
    let end = css_at + html[css_at..].find('"').unwrap();
    let css = s.get_page(&html[start..end]).await;
    assert!(css.contains("@media print"), "{css}");
    assert!(css.contains(".report-tools"));
    let csrf = crate::support::csrf_in(&html).unwrap();

    // A bad validity: a clear error, what was typed kept.
    let r = s
        .post_form_with(
            "/analytics/report/share",
            &csrf,
            &[
                ("account", &account.to_string()),
                ("from", &from),
                ("to", &to),
                ("days", "365"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("from 1 to 90"), "{html}");
    assert!(html.contains("value=\"365\""));

    let r = s
        .post_form_with(
            "/analytics/report/share",
            &csrf,
            &[
                ("account", &account.to_string()),
                ("from", &from),
                ("to", &to),
                ("days", "7"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let link = share_path(&r.text().await.unwrap());
    assert!(
        !s.get_page(&report).await.contains("/shared/report/"),
        "shown once"
    );

    // Anyone with the link, signed out.
    let anon = app.browser();
    let r = anon.visit(&link).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["x-robots-tag"], "noindex");
    let html = r.text().await.unwrap();
    assert!(html.contains("Report for @alice_shop"));
    assert!(html.contains("12,345"));
    assert!(!html.contains("/analytics/report/share"), "read-only");
    assert_eq!(
        anon.visit("/shared/report/not-a-secret").await.status(),
        404
    );

    // Bob can neither see, share nor revoke Alice's.
    let b = app.login_as("bob").await;
    assert_eq!(b.visit(&report).await.status(), 404);
    let bcsrf = b.csrf("/settings").await;
    let r = b
        .post_form_with(
            "/analytics/report/share",
            &bcsrf,
            &[
                ("account", &account.to_string()),
                ("from", &from),
                ("to", &to),
                ("days", "7"),
            ],
        )
        .await;
    assert_eq!(r.status(), 404);
    let alice_tok = app.api_token(&alice).await;
    let bob_tok = app.api_token(&bob).await;
    let (status, links) = app
        .api_get(
            &alice_tok,
            &format!("/api/v1/accounts/{account}/report-links"),
        )
        .await;
    assert_eq!(status, 200);
    let id = links[0]["id"].as_str().unwrap().to_string();
    let (status, _) = app
        .api_get(
            &bob_tok,
            &format!("/api/v1/accounts/{account}/report-links"),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .api_call(
            &bob_tok,
            reqwest::Method::DELETE,
            &format!("/api/v1/report-links/{id}"),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .api_post(
            &bob_tok,
            &format!("/api/v1/accounts/{account}/report-links"),
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(anon.visit(&link).await.status(), 200, "still Alice's link");

    // Revoked on the page: gone at once.
    let r = s
        .post_form_with(
            "/analytics/report/revoke",
            &csrf,
            &[
                ("account", &account.to_string()),
                ("from", &from),
                ("to", &to),
                ("link", &id),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(anon.visit(&link).await.status(), 404);

    // Over REST: validity checked, then the link expires.
    let (status, body) = app
        .api_post(
            &alice_tok,
            &format!("/api/v1/accounts/{account}/report-links"),
            json!({"valid_days": 0}),
        )
        .await;
    assert_eq!(
        (status, body["code"].clone()),
        (422, json!("invalid_valid_days"))
    );
    let (status, body) = app
        .api_post(
            &alice_tok,
            &format!("/api/v1/accounts/{account}/report-links"),
            json!({"from": from, "to": to, "valid_days": 2}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let url = body["url"].as_str().unwrap();
    let path = &url[url.find("/shared/report/").unwrap()..];
    assert_eq!(anon.visit(path).await.status(), 200);
    app.clock.advance(Duration::days(2));
    assert_eq!(anon.visit(path).await.status(), 404, "expired");
    let (_, links) = app
        .api_get(
            &alice_tok,
            &format!("/api/v1/accounts/{account}/report-links"),
        )
        .await;
    assert_eq!(links[0]["expired"], Value::Bool(true));
    // Bob's own account works for Bob.
    let (status, _) = app
        .api_post(
            &bob_tok,
            &format!("/api/v1/accounts/{bobs}/report-links"),
            json!({}),
        )
        .await;
    assert_eq!(status, 201);
}
