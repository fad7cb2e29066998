//! Short-lived, long-lived and refreshed tokens, and the 190 errors.

use std::time::Duration;

use crate::helpers::{Answer, Fake, answer};

const HOUR: u64 = 3600;

impl Fake {
    async fn unversioned(&self, path: &str, query: &[(&str, &str)]) -> Answer {
        answer(
            self.http
                .get(format!("{}/{path}", self.running.base_url))
                .query(query)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// A short-lived token through the dialog and the code exchange.
    async fn short_lived(&self) -> String {
        let r = self
            .http
            .get(format!("{}/oauth/authorize", self.running.base_url))
            .query(&[
                ("client_id", "fake-app-id"),
                ("redirect_uri", crate::helpers::REDIRECT),
                ("response_type", "code"),
                ("scope", "instagram_business_basic"),
            ])
            .send()
            .await
            .unwrap();
        let location = r.headers()["location"].to_str().unwrap().to_string();
        let code = crate::helpers::query_param(&location, "code").unwrap();
        let a = answer(
            self.http
                .post(format!("{}/oauth/access_token", self.running.base_url))
                .form(&[
                    ("client_id", "fake-app-id"),
                    ("client_secret", "fake-app-secret"),
                    ("grant_type", "authorization_code"),
                    ("redirect_uri", crate::helpers::REDIRECT),
                    ("code", &code),
                ])
                .send()
                .await
                .unwrap(),
        )
        .await;
        a.ok()["access_token"].as_str().unwrap().to_string()
    }
}

#[tokio::test]
async fn short_lived_tokens_last_an_hour_and_exchange_for_60_days() {
    let f = Fake::demo().await;
    let short = f.short_lived().await;
    let wrong_secret = f
        .unversioned(
            "access_token",
            &[
                ("grant_type", "ig_exchange_token"),
                ("client_secret", "nope"),
                ("access_token", &short),
            ],
        )
        .await;
    assert_eq!(wrong_secret.status, 400);
    let long = f
        .unversioned(
            "access_token",
            &[
                ("grant_type", "ig_exchange_token"),
                ("client_secret", "fake-app-secret"),
                ("access_token", &short),
            ],
        )
        .await
        .ok();
    assert_eq!(long["token_type"], "bearer");
    assert_eq!(long["expires_in"], 5_183_944);
    let long = long["access_token"].as_str().unwrap().to_string();

    f.fake.advance(Duration::from_secs(HOUR + 1));
    let expired = f.get_as(&short, "me", &[]).await;
    assert_eq!(
        (expired.status, expired.code(), expired.subcode()),
        (400, 190, 463)
    );
    assert!(
        expired
            .message()
            .starts_with("Error validating access token: Session has expired on"),
        "{}",
        expired.message()
    );
    assert_eq!(expired.body["error"]["type"], "OAuthException");
    // Too late to exchange it now.
    let late = f
        .unversioned(
            "access_token",
            &[
                ("grant_type", "ig_exchange_token"),
                ("client_secret", "fake-app-secret"),
                ("access_token", &short),
            ],
        )
        .await;
    assert_eq!(late.code(), 190);
    f.get_as(&long, "me", &[]).await.ok();
}

#[tokio::test]
async fn refreshing_needs_a_day_old_unexpired_long_lived_token() {
    let f = Fake::demo().await;
    let refresh = |token: String| {
        let f = &f;
        async move {
            f.unversioned(
                "refresh_access_token",
                &[("grant_type", "ig_refresh_token"), ("access_token", &token)],
            )
            .await
        }
    };
    let early = refresh(f.token.clone()).await;
    assert_eq!((early.status, early.code()), (400, 190));
    assert!(early.message().contains("24 hours"), "{}", early.message());

    f.fake.advance(Duration::from_secs(25 * HOUR));
    let fresh = refresh(f.token.clone()).await.ok();
    assert_eq!(fresh["expires_in"], 5_183_944);
    let fresh = fresh["access_token"].as_str().unwrap().to_string();
    assert_ne!(fresh, f.token);
    // A refreshed token must itself wait a day.
    assert_eq!(refresh(fresh.clone()).await.code(), 190);

    f.fake.advance(Duration::from_secs(61 * 24 * HOUR));
    let gone = refresh(fresh.clone()).await;
    assert_eq!((gone.code(), gone.subcode()), (190, 463));
    assert_eq!(f.get_as(&fresh, "me", &[]).await.subcode(), 463);
}

#[tokio::test]
async fn unknown_expired_and_invalidated_tokens() {
    let f = Fake::demo().await;
    let unknown = f.get_as("IGAA-made-up", "me", &[]).await;
    assert_eq!(
        (unknown.status, unknown.code(), unknown.subcode()),
        (400, 190, 467)
    );
    assert_eq!(
        unknown.message(),
        "Invalid OAuth access token - Cannot parse access token"
    );
    let none = answer(f.http.get(f.url("me")).send().await.unwrap()).await;
    assert_eq!((none.status, none.code()), (400, 2500));

    let other = f.fake.issue_token(&f.account);
    f.fake.faults().expire_token(&other);
    assert_eq!(f.get_as(&other, "me", &[]).await.subcode(), 463);
    f.fake.faults().revoke_token(&f.token);
    assert_eq!(f.get("me", &[]).await.subcode(), 460);
}

#[tokio::test]
async fn the_token_may_come_as_a_bearer_header() {
    let f = Fake::demo().await;
    let a = answer(
        f.http
            .get(format!("{}/me?fields=user_id", f.running.base_url))
            .bearer_auth(&f.token)
            .send()
            .await
            .unwrap(),
    )
    .await
    .ok();
    assert_eq!(a["user_id"], f.account.ig_user_id.as_str());
    assert_eq!(a["id"], f.account.app_scoped_id.as_str());
}
