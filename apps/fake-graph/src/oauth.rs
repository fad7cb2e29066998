//! Business Login for Instagram: the consent dialog (decided by the fake,
//! or chosen on the page of `chooser.rs` when `account_chooser` is on) and
//! the code → short-lived token exchange on api.instagram.com, with that
//! host's own error shape.

use serde_json::{Value, json};

use crate::FakeGraphConfig;
use crate::TokenResponseShape;
use crate::clock::secs;
use crate::errors::GraphError;
use crate::ids::secret;
use crate::model::{Code, TokenKind};
use crate::params::Params;
use crate::state::State;
use crate::tokens::{ALL_SCOPES, BASIC, mint};

const CODE_LIFE_SECS: i64 = 3600;

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let q = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{q}")
}

/// A dialog request that passed the checks: where to send the browser
/// back, the permissions asked and the app's `state`.
pub(crate) struct Ask<'a> {
    pub redirect_uri: &'a str,
    pub requested: Vec<String>,
    pub state: Option<&'a str>,
}

/// The dialog's checks on its query, with Instagram's messages.
pub(crate) fn check<'a>(cfg: &FakeGraphConfig, p: &'a Params) -> Result<Ask<'a>, GraphError> {
    if p.get("client_id") != Some(cfg.app_id.as_str()) {
        return Err(GraphError::oauth_host("Invalid platform app"));
    }
    let (Some(redirect_uri), Some("code")) = (p.get("redirect_uri"), p.get("response_type")) else {
        return Err(GraphError::oauth_host(
            "You must include a valid client_id, response_type, and redirect_uri parameters",
        ));
    };
    let requested: Vec<String> = p
        .get("scope")
        .unwrap_or("")
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    // The old `business_*` names stopped working on 2025-01-27.
    let invalid: Vec<&str> = requested
        .iter()
        .map(String::as_str)
        .filter(|s| !ALL_SCOPES.contains(s))
        .collect();
    if requested.is_empty() || !invalid.is_empty() {
        return Err(GraphError::oauth_host(&format!(
            "Invalid scope field(s): {}",
            if invalid.is_empty() {
                "(none requested)".to_string()
            } else {
                invalid.join(",")
            }
        )));
    }
    Ok(Ask {
        redirect_uri,
        requested,
        state: p.get("state"),
    })
}

/// Back to the app with Instagram's "the person said no".
pub(crate) fn denied(ask: &Ask<'_>) -> String {
    let mut pairs = vec![
        ("error", "access_denied"),
        ("error_reason", "user_denied"),
        ("error_description", "The user denied your request"),
    ];
    if let Some(s) = ask.state {
        pairs.push(("state", s));
    }
    with_query(ask.redirect_uri, &pairs)
}

/// `GET /oauth/authorize`: where the browser goes next (302), or the
/// dialog's error. The signed-in user is the consenting account (the first
/// seeded one unless `consent_as` chose another); they accept everything
/// asked, keep what `grant_scopes` says, or cancel after
/// `deny_next_consent`.
pub(crate) fn authorize(
    state: &mut State,
    cfg: &FakeGraphConfig,
    p: &Params,
) -> Result<String, GraphError> {
    let ask = check(cfg, p)?;
    consent(state, &ask, None)
}

/// The person's answer to a checked request, as `account` (`None`: the
/// `consent_as` one): a code, or a refusal after `deny_next_consent`.
pub(crate) fn consent(
    state: &mut State,
    ask: &Ask<'_>,
    account: Option<usize>,
) -> Result<String, GraphError> {
    if std::mem::take(&mut state.faults.deny_next_consent) {
        return Ok(denied(ask));
    }
    if state.accounts.is_empty() {
        return Err(GraphError::oauth_host(
            "No Instagram account is signed in to the fake's dialog: seed one first",
        ));
    }
    let scopes: Vec<String> = match &state.faults.granted_scopes {
        Some(kept) => ask
            .requested
            .iter()
            .filter(|s| s.as_str() == BASIC || kept.contains(s))
            .cloned()
            .collect(),
        None => ask.requested.clone(),
    };
    let code = secret("AQB");
    let account = account
        .unwrap_or(state.consenting)
        .min(state.accounts.len() - 1);
    let now = state.now();
    state.codes.insert(
        code.clone(),
        Code {
            account,
            redirect_uri: ask.redirect_uri.to_string(),
            issued_at: now,
            used: false,
            scopes,
        },
    );
    let mut pairs = vec![("code", code.as_str())];
    if let Some(s) = ask.state {
        pairs.push(("state", s));
    }
    Ok(format!("{}#_", with_query(ask.redirect_uri, &pairs)))
}

/// `POST /oauth/access_token` (form or multipart): code → short-lived token.
///
/// Messages: a code never issued → "Invalid authorization code"; a used
/// one → "This authorization code has been used"; an expired one or a
/// different `redirect_uri` → "Matching code was not found or was already
/// used".
pub(crate) fn exchange_code(
    state: &mut State,
    cfg: &FakeGraphConfig,
    p: &Params,
) -> Result<Value, GraphError> {
    if p.get("client_id") != Some(cfg.app_id.as_str()) {
        return Err(GraphError::oauth_host("Invalid platform app"));
    }
    if p.get("client_secret") != Some(cfg.app_secret.as_str()) {
        return Err(GraphError::oauth_host("Invalid Client Secret"));
    }
    if p.get("grant_type") != Some("authorization_code") {
        return Err(GraphError::oauth_host("Invalid grant_type"));
    }
    let Some(redirect_uri) = p.get("redirect_uri") else {
        return Err(GraphError::oauth_host(
            "Missing required field 'redirect_uri'",
        ));
    };
    let Some(code) = p.get("code") else {
        return Err(GraphError::oauth_host("Missing required field 'code'"));
    };
    // Clients are told to strip the `#_`; accept it anyway.
    let code = code.trim_end_matches("#_");
    let now = state.now();
    let Some(c) = state.codes.get(code).cloned() else {
        return Err(GraphError::oauth_host("Invalid authorization code"));
    };
    if c.used {
        return Err(GraphError::oauth_host(
            "This authorization code has been used",
        ));
    }
    if now - c.issued_at > secs(CODE_LIFE_SECS) || c.redirect_uri != redirect_uri {
        return Err(GraphError::oauth_host(
            "Matching code was not found or was already used",
        ));
    }
    if let Some(entry) = state.codes.get_mut(code) {
        entry.used = true;
    }
    let token = mint(state, c.account, TokenKind::ShortLived, c.scopes.clone());
    let app_scoped = state
        .accounts
        .get(c.account)
        .map(|a| a.app_scoped_id.clone())
        .unwrap_or_default();
    let permissions = c.scopes.join(",");
    Ok(match cfg.token_response {
        TokenResponseShape::Flat => {
            // A JSON number above 2^53, as captured live.
            let user_id: u64 = app_scoped.parse().unwrap_or_default();
            json!({ "access_token": token, "user_id": user_id, "permissions": permissions })
        }
        TokenResponseShape::Wrapped => json!({ "data": [{
            "access_token": token, "user_id": app_scoped, "permissions": permissions,
        }]}),
    })
}
