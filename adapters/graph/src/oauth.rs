//! Business Login for Instagram: the authorize URL, code → short-lived
//! token (api.instagram.com, form body), short → long-lived and refresh
//! (graph.instagram.com, unversioned GETs).

use secrecy::{ExposeSecret, SecretString};
use socialflow_core::instagram::{
    IgResult, InstagramError, LongLivedToken, Scope, ShortLivedToken,
};

use crate::GraphClient;
use crate::classify::Host;
use crate::client::Ctx;
use crate::convert;

impl GraphClient {
    /// `{oauth_base_url}/oauth/authorize?client_id&redirect_uri&response_type=code&scope&state`,
    /// scopes comma-separated.
    pub fn authorize_url(&self, state: &str, scopes: &[Scope]) -> String {
        let scope = scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let query = serde_urlencoded::to_string([
            ("client_id", self.config.app_id.as_str()),
            ("redirect_uri", self.config.redirect_uri.as_str()),
            ("response_type", "code"),
            ("scope", scope.as_str()),
            ("state", state),
        ])
        .unwrap_or_default();
        format!("{}?{query}", self.oauth_url("oauth/authorize"))
    }

    /// `POST {oauth}/oauth/access_token` (form). The code may still carry
    /// the `#_` Instagram appends to the redirect.
    #[tracing::instrument(name = "instagram.exchange_code", skip_all)]
    pub async fn exchange_code(&self, code: &str) -> IgResult<ShortLivedToken> {
        let code = code.trim().trim_end_matches("#_");
        let form = [
            ("client_id", self.config.app_id.clone()),
            (
                "client_secret",
                self.config.app_secret.expose_secret().to_string(),
            ),
            ("grant_type", "authorization_code".to_string()),
            ("redirect_uri", self.config.redirect_uri.clone()),
            ("code", code.to_string()),
        ];
        let ctx = Ctx {
            op: "exchange_code",
            host: Host::OAuth,
            account: None,
            token: None,
        };
        let body = self
            .send(
                self.http
                    .post(self.oauth_url("oauth/access_token"))
                    .form(&form),
                ctx,
            )
            .await?;
        convert::short_lived_token(&body)
    }

    /// `GET {graph}/access_token?grant_type=ig_exchange_token&client_secret&access_token`.
    #[tracing::instrument(name = "instagram.exchange_long_lived", skip_all)]
    pub async fn exchange_long_lived(&self, short: &SecretString) -> IgResult<LongLivedToken> {
        let q = [
            ("grant_type", "ig_exchange_token".to_string()),
            (
                "client_secret",
                self.config.app_secret.expose_secret().to_string(),
            ),
        ];
        let body = self
            .get(
                self.unversioned_url("access_token"),
                &q,
                Ctx::graph("exchange_long_lived", None, short),
            )
            .await?;
        convert::long_lived_token(&body)
    }

    /// `GET {graph}/refresh_access_token?grant_type=ig_refresh_token&access_token`.
    ///
    /// A token younger than 24 hours cannot be refreshed. Instagram's exact
    /// refusal is not documented (the fake answers 190 saying so); a 190
    /// whose message names the 24 hours becomes `Invalid`, not
    /// `TokenInvalid`, so a fresh, valid token is never taken for a dead one.
    #[tracing::instrument(name = "instagram.refresh_token", skip_all)]
    pub async fn refresh_token(&self, token: &SecretString) -> IgResult<LongLivedToken> {
        let q = [("grant_type", "ig_refresh_token".to_string())];
        let result = self
            .get(
                self.unversioned_url("refresh_access_token"),
                &q,
                Ctx::graph("refresh_token", None, token),
            )
            .await;
        match result {
            Ok(body) => convert::long_lived_token(&body),
            Err(InstagramError::TokenInvalid { message }) if too_young(&message) => {
                Err(InstagramError::Invalid { code: 190, message })
            }
            Err(e) => Err(e),
        }
    }
}

fn too_young(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("24 hour") || m.contains("too young")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::GraphConfig;

    #[test]
    fn authorize_url_carries_everything_encoded() {
        let mut c = GraphConfig::new(
            "990602627938098",
            SecretString::from("s".to_string()),
            "https://social.example/oauth/instagram/callback",
        );
        c.oauth_base_url = "https://www.instagram.com/".into();
        let client = GraphClient::new(c).unwrap();
        let url = client.authorize_url("a b&c", &[Scope::Basic, Scope::ContentPublish]);
        assert_eq!(
            url,
            "https://www.instagram.com/oauth/authorize?client_id=990602627938098\
             &redirect_uri=https%3A%2F%2Fsocial.example%2Foauth%2Finstagram%2Fcallback\
             &response_type=code\
             &scope=instagram_business_basic%2Cinstagram_business_content_publish\
             &state=a+b%26c"
        );
    }

    #[test]
    fn recognises_the_too_young_refusal() {
        assert!(too_young(
            "Error validating access token: the token must be at least 24 hours old to be refreshed."
        ));
        assert!(!too_young(
            "Error validating access token: Session has expired"
        ));
    }
}
