//! Business Login: the dialog, the code exchange and its errors.

use std::time::Duration;

use serde_json::Value;
use socialflow_fake_graph::{FakeGraphConfig, TokenResponseShape};

use crate::helpers::{Answer, Fake, REDIRECT, answer, query_param};

const ALL: &str = "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_comments,instagram_business_manage_messages,instagram_business_manage_insights";

impl Fake {
    /// Walks the dialog as a browser would; returns the redirect target.
    async fn authorize(&self, client_id: &str, scope: &str, state: &str) -> (u16, String) {
        let r = self
            .http
            .get(format!("{}/oauth/authorize", self.running.base_url))
            .query(&[
                ("client_id", client_id),
                ("redirect_uri", REDIRECT),
                ("response_type", "code"),
                ("scope", scope),
                ("state", state),
            ])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (status, location)
    }

    async fn exchange(&self, code: &str, redirect_uri: &str) -> Answer {
        answer(
            self.http
                .post(format!("{}/oauth/access_token", self.running.base_url))
                .form(&[
                    ("client_id", "fake-app-id"),
                    ("client_secret", "fake-app-secret"),
                    ("grant_type", "authorization_code"),
                    ("redirect_uri", redirect_uri),
                    ("code", code),
                ])
                .send()
                .await
                .unwrap(),
        )
        .await
    }
}

#[tokio::test]
async fn code_flow_gives_a_short_lived_token_once() {
    let f = Fake::demo().await;
    let (status, back) = f.authorize("fake-app-id", ALL, "st-1").await;
    assert_eq!(status, 302);
    assert!(back.starts_with(REDIRECT), "{back}");
    assert!(back.ends_with("#_"), "{back}");
    assert_eq!(query_param(&back, "state").as_deref(), Some("st-1"));
    let code = query_param(&back, "code").unwrap();

    let a = f.exchange(&code, REDIRECT).await;
    assert_eq!(a.status, 200, "{}", a.body);
    // user_id is a bare JSON number above 2^53: read it as u64.
    assert!(a.body["user_id"].is_u64(), "{}", a.body);
    assert_eq!(
        a.body["user_id"].as_u64().unwrap().to_string(),
        f.account.app_scoped_id
    );
    assert_eq!(a.body["permissions"], ALL);
    let short = a.body["access_token"].as_str().unwrap().to_string();
    let me = f.get_as(&short, "me", &[("fields", "username")]).await.ok();
    assert_eq!(me["username"], "demo_roastery");

    let again = f.exchange(&code, REDIRECT).await;
    assert_eq!(again.status, 400);
    assert_eq!(again.body["error_type"], "OAuthException");
    assert_eq!(again.body["code"], 400);
    assert_eq!(
        again.body["error_message"],
        "This authorization code has been used"
    );
    let bogus = f.exchange("AQBnot-a-code", REDIRECT).await;
    assert_eq!(bogus.body["error_message"], "Invalid authorization code");
}

#[tokio::test]
async fn codes_need_the_same_redirect_uri_and_expire_in_an_hour() {
    let f = Fake::demo().await;
    let (_, back) = f.authorize("fake-app-id", ALL, "s").await;
    let code = query_param(&back, "code").unwrap();
    let wrong = f.exchange(&code, &format!("{REDIRECT}/")).await;
    assert_eq!(
        wrong.body["error_message"],
        "Matching code was not found or was already used"
    );
    f.fake.advance(Duration::from_secs(61 * 60));
    let late = f.exchange(&code, REDIRECT).await;
    assert_eq!(late.status, 400);
    assert_eq!(
        late.body["error_message"],
        "Matching code was not found or was already used"
    );
}

#[tokio::test]
async fn denied_consent_unknown_app_and_unticked_permissions() {
    let f = Fake::demo().await;
    f.fake.faults().deny_next_consent();
    let (status, back) = f.authorize("fake-app-id", ALL, "xyz").await;
    assert_eq!(status, 302);
    assert_eq!(
        back,
        format!(
            "{REDIRECT}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=xyz"
        )
    );
    // Only the next dialog is declined.
    let (_, back) = f.authorize("fake-app-id", ALL, "xyz").await;
    assert!(query_param(&back, "code").is_some());

    let r = f
        .http
        .get(format!("{}/oauth/authorize", f.running.base_url))
        .query(&[
            ("client_id", "someone-else"),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", ALL),
        ])
        .send()
        .await
        .unwrap();
    let a = answer(r).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.body["error_message"], "Invalid platform app");

    // The old scope names stopped working in January 2025.
    let (status, _) = f.authorize("fake-app-id", "business_basic", "s").await;
    assert_eq!(status, 400);

    f.fake
        .faults()
        .grant_scopes(vec!["instagram_business_content_publish".into()]);
    let (_, back) = f.authorize("fake-app-id", ALL, "s").await;
    let a = f
        .exchange(&query_param(&back, "code").unwrap(), REDIRECT)
        .await;
    assert_eq!(
        a.body["permissions"],
        "instagram_business_basic,instagram_business_content_publish"
    );
    // Without the messaging permission, messaging is refused.
    let token = a.body["access_token"].as_str().unwrap();
    let refused = f
        .get_as(token, "me/conversations", &[("platform", "instagram")])
        .await;
    assert_eq!((refused.status, refused.code()), (403, 10));
}

#[tokio::test]
async fn the_wrapped_answer_and_a_multipart_exchange() {
    let f = Fake::with(FakeGraphConfig {
        token_response: TokenResponseShape::Wrapped,
        ..FakeGraphConfig::default()
    })
    .await;
    let (_, back) = f.authorize("fake-app-id", ALL, "s").await;
    let code = query_param(&back, "code").unwrap();
    let boundary = "----sfboundary";
    let mut body = String::new();
    for (k, v) in [
        ("client_id", "fake-app-id"),
        ("client_secret", "fake-app-secret"),
        ("grant_type", "authorization_code"),
        ("redirect_uri", REDIRECT),
        ("code", code.as_str()),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let a = answer(
        f.http
            .post(format!("{}/oauth/access_token", f.running.base_url))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let item: &Value = &a.ok()["data"][0];
    assert_eq!(item["user_id"], f.account.app_scoped_id.as_str());
    assert!(item["access_token"].as_str().unwrap().starts_with("IGAA"));
}
