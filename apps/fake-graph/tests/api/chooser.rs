//! The account chooser of demo mode (`account_chooser`): the dialog shows
//! the seeded accounts and "a new demo account", consents as the one
//! chosen with `as=`, and without the switch consents at once as before.

use socialflow_fake_graph::{FakeGraphConfig, SeedProfile};

use crate::helpers::{Answer, Fake, REDIRECT, answer, query_param};

const SCOPES: &str = "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments,instagram_business_manage_messages";

async fn chooser() -> Fake {
    Fake::with(FakeGraphConfig {
        account_chooser: true,
        ..FakeGraphConfig::default()
    })
    .await
}

impl Fake {
    /// The dialog with the app's query plus `extra`.
    async fn dialog(&self, extra: &[(&str, &str)]) -> (Answer, String) {
        let mut q = vec![
            ("client_id", "fake-app-id"),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", SCOPES),
            ("state", "st<1>"),
        ];
        q.extend_from_slice(extra);
        let r = self
            .http
            .get(format!("{}/oauth/authorize", self.running.base_url))
            .query(&q)
            .send()
            .await
            .unwrap();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (answer(r).await, location)
    }

    /// Exchanges the code the dialog sent back; returns the token.
    async fn token_from(&self, back: &str) -> String {
        assert!(back.starts_with(REDIRECT), "{back}");
        assert_eq!(query_param(back, "state").as_deref(), Some("st<1>"));
        let code = query_param(back, "code").expect("a code");
        let a = answer(
            self.http
                .post(format!("{}/oauth/access_token", self.running.base_url))
                .form(&[
                    ("client_id", "fake-app-id"),
                    ("client_secret", "fake-app-secret"),
                    ("grant_type", "authorization_code"),
                    ("redirect_uri", REDIRECT),
                    ("code", code.as_str()),
                ])
                .send()
                .await
                .unwrap(),
        )
        .await;
        a.ok()["access_token"].as_str().unwrap().to_string()
    }

    async fn username_of(&self, token: &str) -> String {
        self.get_as(token, "me", &[("fields", "username")])
            .await
            .ok()["username"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn media_of(&self, token: &str) -> Vec<String> {
        self.get_as(token, "me/media", &[("fields", "id"), ("limit", "100")])
            .await
            .ok()["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    }
}

/// The `href` of the link whose text contains `label`, unescaped.
fn link_to(page: &str, label: &str) -> String {
    let at = page
        .find(label)
        .unwrap_or_else(|| panic!("no {label}: {page}"));
    let start = page[..at].rfind("href=\"").unwrap() + 6;
    let end = start + page[start..].find('"').unwrap();
    page[start..end].replace("&amp;", "&")
}

#[tokio::test]
async fn the_page_lists_the_accounts_and_a_new_one() {
    let f = chooser().await;
    let (a, location) = f.dialog(&[]).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(location.is_empty(), "{location}");
    assert_eq!(
        a.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(
        a.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    let page = a.body.as_str().unwrap().to_string();
    assert!(page.contains("name=\"viewport\""), "{page}");
    assert!(page.contains("@demo_roastery"), "{page}");
    assert!(page.contains("23,353 followers"), "{page}");
    assert!(page.contains("A new demo account"), "{page}");
    // Each choice keeps the app's query (escaped) and adds `as=`.
    let demo = link_to(&page, "@demo_roastery");
    assert!(demo.starts_with("?client_id=fake-app-id&"), "{demo}");
    assert!(
        demo.contains("state=st%3C1%3E") && demo.ends_with("&as=demo_roastery"),
        "{demo}"
    );
    assert!(!page.contains("st<1>"), "unescaped state: {page}");
    // Showing the page decides nothing: an armed refusal waits for the choice.
    f.fake.faults().deny_next_consent();
    let (a, _) = f.dialog(&[]).await;
    assert_eq!(a.status, 200);
    let (a, back) = f.dialog(&[("as", "demo_roastery")]).await;
    assert_eq!(a.status, 302);
    assert_eq!(
        query_param(&back, "error").as_deref(),
        Some("access_denied")
    );

    // Names are escaped.
    f.fake.add_account(SeedProfile {
        username: "x<script>".into(),
        name: "A & \"B\"".into(),
        ..SeedProfile::default()
    });
    let (a, _) = f.dialog(&[]).await;
    let page = a.body.as_str().unwrap();
    assert!(page.contains("@x&lt;script&gt;"), "{page}");
    assert!(page.contains("A &amp; &quot;B&quot;"), "{page}");
    assert!(!page.contains("<script>"), "{page}");
}

#[tokio::test]
async fn choosing_an_account_consents_as_it() {
    let f = chooser().await;
    let other = f.fake.add_account(SeedProfile {
        username: "second_shop".into(),
        ..SeedProfile::default()
    });
    let (page, _) = f.dialog(&[]).await;
    let href = link_to(page.body.as_str().unwrap(), "@second_shop");
    let r = f
        .http
        .get(format!("{}/oauth/authorize{href}", f.running.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    let back = r.headers()["location"].to_str().unwrap().to_string();
    assert!(back.ends_with("#_"), "{back}");
    let token = f.token_from(&back).await;
    assert_eq!(f.username_of(&token).await, "second_shop");

    // By IG_ID too.
    let (a, back) = f.dialog(&[("as", &other.ig_user_id)]).await;
    assert_eq!(a.status, 302);
    let token = f.token_from(&back).await;
    assert_eq!(f.username_of(&token).await, "second_shop");

    // Nobody by that name: the dialog's error, no code.
    let (a, back) = f.dialog(&[("as", "nobody")]).await;
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(back.is_empty());
    assert_eq!(a.body["error_type"], "OAuthException");

    // Cancel goes back with Instagram's refusal.
    let (a, back) = f.dialog(&[("cancel", "1")]).await;
    assert_eq!(a.status, 302);
    assert_eq!(
        query_param(&back, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_param(&back, "state").as_deref(), Some("st<1>"));
    assert_eq!(query_param(&back, "code"), None);
}

#[tokio::test]
async fn a_new_demo_account_is_a_fresh_copy_with_ids_of_its_own() {
    let f = chooser().await;
    let first_media = f.media_of(&f.token).await;
    assert_eq!(first_media.len(), 50);

    let (page, _) = f.dialog(&[]).await;
    let href = link_to(page.body.as_str().unwrap(), "A new demo account");
    assert!(href.ends_with("&as=new"), "{href}");
    let r = f
        .http
        .get(format!("{}/oauth/authorize{href}", f.running.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    let token = f
        .token_from(r.headers()["location"].to_str().unwrap())
        .await;
    assert_eq!(f.username_of(&token).await, "demo_roastery_2");
    let me = f
        .get_as(
            &token,
            "me",
            &[("fields", "user_id,followers_count,website")],
        )
        .await
        .ok();
    assert_ne!(me["user_id"], f.account.ig_user_id.as_str());
    assert_eq!(me["followers_count"], 23_353);
    assert_eq!(me["website"], "https://demo-roastery-2.example");
    // The same story: fifty posts, none of them the first account's.
    let media = f.media_of(&token).await;
    assert_eq!(media.len(), 50);
    assert!(media.iter().all(|m| !first_media.contains(m)));
    // Its own conversations, with people ids of its own.
    let convs = f
        .get_as(
            &token,
            "me/conversations",
            &[("platform", "instagram"), ("fields", "participants")],
        )
        .await
        .ok();
    let peers = |v: &serde_json::Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["participants"]["data"].as_array().unwrap().clone())
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    let theirs = peers(&convs);
    assert_eq!(convs["data"].as_array().unwrap().len(), 6);
    let first: Vec<String> = f.conversations().await.iter().map(|c| f.peer(c)).collect();
    assert!(
        first.iter().all(|p| !theirs.contains(p)),
        "{first:?} {theirs:?}"
    );

    // The page now offers it; another "new" is a third copy.
    let (page, _) = f.dialog(&[]).await;
    assert!(page.body.as_str().unwrap().contains("@demo_roastery_2"));
    let (_, back) = f.dialog(&[("as", "new")]).await;
    let token = f.token_from(&back).await;
    assert_eq!(f.username_of(&token).await, "demo_roastery_3");
}

#[tokio::test]
async fn without_the_switch_the_dialog_consents_at_once() {
    let f = Fake::demo().await;
    let (a, back) = f.dialog(&[("as", "new")]).await;
    assert_eq!(a.status, 302);
    let token = f.token_from(&back).await;
    assert_eq!(f.username_of(&token).await, "demo_roastery");
    // No page and no choosing: `as=` is not Instagram's.
    let (a, back) = f.dialog(&[("as", "nobody")]).await;
    assert_eq!(a.status, 302);
    assert!(query_param(&back, "code").is_some());
}
