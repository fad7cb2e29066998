//! Webhook subscriptions of an account: `POST|GET|DELETE
//! /me/subscribed_apps`. (The fake records them; it does not deliver
//! webhooks.)

use serde_json::{Value, json};

use crate::call::Call;
use crate::errors::GraphError;
use crate::tokens::BASIC;

const FIELDS: &[&str] = &[
    "comments",
    "live_comments",
    "messages",
    "message_echoes",
    "message_reactions",
    "message_edit",
    "messaging_postbacks",
    "messaging_referral",
    "messaging_seen",
    "messaging_optins",
    "messaging_handover",
    "standby",
];

/// `POST /me/subscribed_apps?subscribed_fields=comments,messages`.
pub(crate) fn subscribe(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(BASIC)?;
    let fields: Vec<String> = cx
        .params
        .require("subscribed_fields")?
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    if let Some((i, _)) = fields
        .iter()
        .enumerate()
        .find(|(_, f)| !FIELDS.contains(&f.as_str()))
    {
        return Err(GraphError::param(format!(
            "(#100) Param subscribed_fields[{i}] must be one of {{{}}}",
            FIELDS.join(", ")
        )));
    }
    let mut state = cx.state();
    if let Some(a) = state.accounts.get_mut(cx.auth.account) {
        a.subscribed_fields = fields;
    }
    Ok(json!({ "success": true }))
}

/// `GET /me/subscribed_apps`.
pub(crate) fn list(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(BASIC)?;
    let state = cx.state();
    let fields = state
        .accounts
        .get(cx.auth.account)
        .map(|a| a.subscribed_fields.clone())
        .unwrap_or_default();
    if fields.is_empty() {
        return Ok(json!({ "data": [] }));
    }
    Ok(json!({ "data": [{
        "subscribed_fields": fields,
        "id": cx.config().app_id,
        "name": "SocialFlow (fake Instagram app)",
    }]}))
}

/// `DELETE /me/subscribed_apps`.
pub(crate) fn unsubscribe(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(BASIC)?;
    let mut state = cx.state();
    if let Some(a) = state.accounts.get_mut(cx.auth.account) {
        a.subscribed_fields.clear();
    }
    Ok(json!({ "success": true }))
}
