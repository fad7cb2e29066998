//! Access tokens: short-lived (1 h, from the code exchange), long-lived
//! (60 days, from `GET /access_token`), refreshed by
//! `GET /refresh_access_token`; and checking them on every Graph call.

use serde_json::{Value, json};

use crate::clock::secs;
use crate::errors::GraphError;
use crate::ids::secret;
use crate::model::{Token, TokenKind};
use crate::params::Params;
use crate::state::State;

/// A long-lived token's life, as Instagram reports it in `expires_in`.
pub(crate) const LONG_LIVED_SECS: i64 = 5_183_944;
pub(crate) const SHORT_LIVED_SECS: i64 = 3600;

pub(crate) const BASIC: &str = "instagram_business_basic";
pub(crate) const PUBLISH: &str = "instagram_business_content_publish";
pub(crate) const COMMENTS: &str = "instagram_business_manage_comments";
pub(crate) const MESSAGES: &str = "instagram_business_manage_messages";
pub(crate) const INSIGHTS: &str = "instagram_business_manage_insights";
pub(crate) const ALL_SCOPES: [&str; 5] = [BASIC, PUBLISH, COMMENTS, MESSAGES, INSIGHTS];

/// Who is calling, once the token checks out.
#[derive(Debug, Clone)]
pub(crate) struct Auth {
    pub account: usize,
    pub scopes: Vec<String>,
}

impl Auth {
    pub(crate) fn require(&self, scope: &str) -> Result<(), GraphError> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(GraphError::permission_denied())
        }
    }
}

/// Issues a token; returns its text.
pub(crate) fn mint(
    state: &mut State,
    account: usize,
    kind: TokenKind,
    scopes: Vec<String>,
) -> String {
    let now = state.now();
    let (prefix, life) = match kind {
        TokenKind::ShortLived => ("IGAAS", SHORT_LIVED_SECS),
        TokenKind::LongLived => ("IGAAL", LONG_LIVED_SECS),
    };
    let token = secret(prefix);
    state.tokens.insert(
        token.clone(),
        Token {
            account,
            kind,
            issued_at: now,
            expires_at: now + secs(life),
            scopes,
            invalidated: false,
        },
    );
    token
}

/// Checks a token: unknown → 190/467, invalidated → 190/460, expired →
/// 190/463.
pub(crate) fn check(state: &State, token: &str) -> Result<Auth, GraphError> {
    let t = state
        .tokens
        .get(token)
        .ok_or_else(GraphError::invalid_token)?;
    if t.invalidated {
        return Err(GraphError::session_invalidated());
    }
    let now = state.now();
    if t.expires_at <= now {
        return Err(GraphError::expired_token(t.expires_at, now));
    }
    Ok(Auth {
        account: t.account,
        scopes: t.scopes.clone(),
    })
}

fn long_lived_answer(token: String) -> Value {
    json!({ "access_token": token, "token_type": "bearer", "expires_in": LONG_LIVED_SECS })
}

/// `GET /access_token?grant_type=ig_exchange_token&client_secret&access_token`:
/// a valid short-lived token → a long-lived one. The short-lived token
/// stays valid until its hour is up.
pub(crate) fn exchange(
    state: &mut State,
    app_secret: &str,
    p: &Params,
    token: Option<&str>,
) -> Result<(Value, usize), GraphError> {
    match p.get("grant_type") {
        Some("ig_exchange_token") => {}
        Some(other) => {
            return Err(GraphError::param(format!(
                "(#100) Unsupported grant_type: {other}"
            )));
        }
        None => return Err(GraphError::required("grant_type")),
    }
    match p.get("client_secret") {
        // Graph's answer to a wrong secret (code 1, as on Facebook Login).
        Some(s) if s != app_secret => {
            return Err(GraphError::oauth(1, "Error validating client secret."));
        }
        Some(_) => {}
        None => return Err(GraphError::required("client_secret")),
    }
    let token = token.ok_or_else(GraphError::missing_token)?;
    let auth = check(state, token)?;
    let kind = state.tokens.get(token).map(|t| t.kind);
    if kind != Some(TokenKind::ShortLived) {
        return Err(GraphError::param(
            "(#100) Only a short-lived access token can be exchanged for a long-lived one",
        ));
    }
    let long = mint(state, auth.account, TokenKind::LongLived, auth.scopes);
    Ok((long_lived_answer(long), auth.account))
}

/// `GET /refresh_access_token?grant_type=ig_refresh_token&access_token`: a
/// long-lived token at least 24 h old and not expired → a fresh 60-day one
/// (the old one keeps working until its own expiry).
///
/// The refusal for a token younger than 24 h is unverified; the fake
/// answers code 190 with subcode 467 ("invalid token") and a message that
/// says why, since Instagram treats a token it will not accept as invalid.
/// Clients should not refresh so early, and must not read this answer as
/// "reconnect the account" when they just obtained the token.
pub(crate) fn refresh(
    state: &mut State,
    p: &Params,
    token: Option<&str>,
) -> Result<(Value, usize), GraphError> {
    match p.get("grant_type") {
        Some("ig_refresh_token") => {}
        Some(other) => {
            return Err(GraphError::param(format!(
                "(#100) Unsupported grant_type: {other}"
            )));
        }
        None => return Err(GraphError::required("grant_type")),
    }
    let token = token.ok_or_else(GraphError::missing_token)?;
    let auth = check(state, token)?;
    let (kind, issued_at) = state
        .tokens
        .get(token)
        .map(|t| (t.kind, t.issued_at))
        .ok_or_else(GraphError::invalid_token)?;
    if kind != TokenKind::LongLived {
        return Err(GraphError::oauth(
            190,
            "Error validating access token: only long-lived access tokens can be refreshed.",
        )
        .subcode(467));
    }
    if state.now() - issued_at < secs(24 * 3600) {
        return Err(GraphError::oauth(
            190,
            "Error validating access token: the access token is less than 24 hours old and cannot be refreshed yet.",
        )
        .subcode(467));
    }
    if !auth.scopes.iter().any(|s| s == BASIC) {
        return Err(GraphError::permission_denied());
    }
    let fresh = mint(state, auth.account, TokenKind::LongLived, auth.scopes);
    Ok((long_lived_answer(fresh), auth.account))
}
