//! Ice breakers (reference §6.4): `GET|POST|DELETE /me/messenger_profile`
//! with `platform=instagram`, checked as Graph checks them (at most four
//! questions per locale, a `default` locale, field errors naming the
//! parameter), and the simulation of a person tapping one: the
//! `messaging_postbacks` webhook and the tapped question in the
//! conversation.

use serde_json::{Value, json};

use crate::call::Call;
use crate::errors::GraphError;
use crate::model::{Conversation, Message, Peer};
use crate::tokens::MESSAGES;
use crate::{FakeGraph, SeededAccount};

/// Questions per locale Instagram shows.
pub(crate) const MAX_QUESTIONS: usize = 4;
/// The longest question.
pub(crate) const MAX_QUESTION_CHARS: usize = 80;
/// The longest payload, in bytes.
pub(crate) const MAX_PAYLOAD_BYTES: usize = 1000;

pub(crate) use crate::model::LocaleQuestions;

fn check_platform(cx: &Call<'_>) -> Result<(), GraphError> {
    match cx.params.get("platform") {
        Some("instagram") => Ok(()),
        Some(_) => Err(GraphError::param(
            "(#100) Param platform must be one of {instagram}",
        )),
        None => Err(GraphError::required("platform")),
    }
}

/// `default`, or a locale like `ru_RU`.
fn locale_ok(l: &str) -> bool {
    if l == "default" {
        return true;
    }
    let b = l.as_bytes();
    b.len() == 5
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_lowercase()
        && b[2] == b'_'
        && b[3].is_ascii_uppercase()
        && b[4].is_ascii_uppercase()
}

fn read_locales(list: &Value) -> Result<Vec<LocaleQuestions>, GraphError> {
    let entries = list
        .as_array()
        .ok_or_else(|| GraphError::param("(#100) Param ice_breakers must be an array"))?;
    let mut out: Vec<LocaleQuestions> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let locale = e
            .get("locale")
            .and_then(Value::as_str)
            .unwrap_or("default")
            .to_string();
        if !locale_ok(&locale) {
            return Err(GraphError::param(format!(
                "(#100) Param ice_breakers[{i}][locale] is not a valid locale"
            )));
        }
        if out.iter().any(|o| o.locale == locale) {
            return Err(GraphError::param(format!(
                "(#100) Param ice_breakers[{i}][locale] duplicates locale {locale}"
            )));
        }
        let actions = e
            .get("call_to_actions")
            .and_then(Value::as_array)
            .ok_or_else(|| GraphError::required(&format!("ice_breakers[{i}][call_to_actions]")))?;
        if actions.is_empty() {
            return Err(GraphError::param(format!(
                "(#100) Param ice_breakers[{i}][call_to_actions] must be a non-empty array"
            )));
        }
        if actions.len() > MAX_QUESTIONS {
            return Err(GraphError::param(format!(
                "(#100) Param ice_breakers[{i}][call_to_actions] must have at most {MAX_QUESTIONS} elements"
            )));
        }
        let mut questions = Vec::new();
        for (j, a) in actions.iter().enumerate() {
            let at = format!("ice_breakers[{i}][call_to_actions][{j}]");
            let question = a
                .get("question")
                .and_then(Value::as_str)
                .filter(|q| !q.trim().is_empty())
                .ok_or_else(|| GraphError::required(&format!("{at}[question]")))?;
            if question.chars().count() > MAX_QUESTION_CHARS {
                return Err(GraphError::param(format!(
                    "(#100) Param {at}[question] must be at most {MAX_QUESTION_CHARS} characters long"
                )));
            }
            let payload = a
                .get("payload")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty())
                .ok_or_else(|| GraphError::required(&format!("{at}[payload]")))?;
            if payload.len() > MAX_PAYLOAD_BYTES {
                return Err(GraphError::param(format!(
                    "(#100) Param {at}[payload] must be at most {MAX_PAYLOAD_BYTES} characters long"
                )));
            }
            questions.push((question.to_string(), payload.to_string()));
        }
        out.push(LocaleQuestions { locale, questions });
    }
    if !out.iter().any(|o| o.locale == "default") {
        return Err(GraphError::param(
            "(#100) Param ice_breakers must contain an entry with locale default",
        ));
    }
    Ok(out)
}

fn render(list: &[LocaleQuestions]) -> Value {
    let entries: Vec<Value> = list
        .iter()
        .map(|l| {
            let actions: Vec<Value> = l
                .questions
                .iter()
                .map(|(q, p)| json!({ "question": q, "payload": p }))
                .collect();
            json!({ "call_to_actions": actions, "locale": l.locale })
        })
        .collect();
    json!(entries)
}

/// `GET /me/messenger_profile?fields=ice_breakers&platform=instagram`.
pub(crate) fn get(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    check_platform(cx)?;
    let fields = cx.params.require("fields")?;
    if !fields.split(',').any(|f| f.trim() == "ice_breakers") {
        return Err(GraphError::param(
            "(#100) Param fields must be one of {ice_breakers}",
        ));
    }
    let state = cx.state();
    match state.ice_breakers.get(&cx.auth.account) {
        Some(list) if !list.is_empty() => Ok(json!({ "data": [{ "ice_breakers": render(list) }] })),
        _ => Ok(json!({ "data": [] })),
    }
}

/// `POST /me/messenger_profile`, JSON body
/// `{"platform":"instagram","ice_breakers":[…]}`: replaces every locale.
pub(crate) fn set(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    check_platform(cx)?;
    let list = cx
        .params
        .structured("ice_breakers")
        .ok_or_else(|| GraphError::required("ice_breakers"))?;
    let locales = read_locales(&list)?;
    cx.state().ice_breakers.insert(cx.auth.account, locales);
    Ok(json!({ "result": "success" }))
}

/// `DELETE /me/messenger_profile`, `{"fields":["ice_breakers"],"platform":"instagram"}`.
pub(crate) fn delete(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(MESSAGES)?;
    check_platform(cx)?;
    let fields = cx
        .params
        .structured("fields")
        .ok_or_else(|| GraphError::required("fields"))?;
    let named = match &fields {
        Value::Array(a) => a.iter().any(|f| f.as_str() == Some("ice_breakers")),
        Value::String(s) => s.split(',').any(|f| f.trim() == "ice_breakers"),
        _ => false,
    };
    if !named {
        return Err(GraphError::param(
            "(#100) Param fields[0] must be one of {ice_breakers}",
        ));
    }
    cx.state().ice_breakers.remove(&cx.auth.account);
    Ok(json!({ "result": "success" }))
}

impl FakeGraph {
    /// The account's ice breakers: (locale, [(question, payload)]).
    pub fn ice_breakers(&self, account: &SeededAccount) -> Vec<(String, Vec<(String, String)>)> {
        let Some(index) = self.state().account_by_ig_id(&account.ig_user_id) else {
            return Vec::new();
        };
        self.state()
            .ice_breakers
            .get(&index)
            .map(|list| {
                list.iter()
                    .map(|l| (l.locale.clone(), l.questions.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A person taps the ice breaker with `payload` on the account's
    /// profile: the question joins their conversation as their message
    /// (opening the 24-hour window) and the `messaging_postbacks` webhook
    /// is sent. Returns their IGSID, or `None` when the account has no
    /// such ice breaker.
    pub fn tap_ice_breaker(
        &self,
        account: &SeededAccount,
        from_username: &str,
        payload: &str,
    ) -> Option<String> {
        let mut state = self.state();
        let index = state.account_by_ig_id(&account.ig_user_id)?;
        let question = state
            .ice_breakers
            .get(&index)?
            .iter()
            .flat_map(|l| l.questions.iter())
            .find(|(_, p)| p == payload)
            .map(|(q, _)| q.clone())?;
        let now = state.now();
        let existing = state
            .conversations
            .iter()
            .position(|c| c.account == index && c.peer.username == from_username);
        let conv = match existing {
            Some(i) => i,
            None => {
                let peer_id = state.ids.numeric("690");
                let thread = state.ids.thread(&account.ig_user_id);
                state.conversations.push(Conversation {
                    id: thread,
                    account: index,
                    peer: Peer {
                        id: peer_id,
                        username: from_username.to_string(),
                        name: from_username.to_string(),
                        follower_count: 150,
                        follows_business: false,
                        business_follows: false,
                        verified: false,
                    },
                    messages: Vec::new(),
                });
                state.conversations.len() - 1
            }
        };
        let thread = state.conversations[conv].id.clone();
        let mid = state.ids.message(&thread);
        let c = &mut state.conversations[conv];
        c.messages.push(Message {
            id: mid.clone(),
            inbound: true,
            text: Some(question.clone()),
            attachments: Vec::new(),
            created_time: now,
            via_api: false,
            human_agent: false,
        });
        let peer = c.peer.id.clone();
        drop(state);
        let millis = i64::try_from(now.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
        self.emit(json!({
            "id": account.ig_user_id,
            "time": millis,
            "messaging": [{
                "sender": {"id": peer},
                "recipient": {"id": account.ig_user_id},
                "timestamp": millis,
                "postback": {"mid": mid, "title": question, "payload": payload},
            }],
        }));
        Some(peer)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn checks_like_graph() {
        let ok = json!([{"call_to_actions":[{"question":"Price?","payload":"p1"}],"locale":"default"},
                        {"call_to_actions":[{"question":"Цена?","payload":"p2"}],"locale":"ru_RU"}]);
        assert_eq!(read_locales(&ok).unwrap().len(), 2);
        let five: Vec<Value> = (0..5)
            .map(|i| json!({"question": format!("q{i}"), "payload": format!("p{i}")}))
            .collect();
        let cases = [
            (
                json!([{"call_to_actions": five, "locale":"default"}]),
                "must have at most 4 elements",
            ),
            (
                json!([{"call_to_actions":[{"question":"x","payload":"p"}],"locale":"ru_RU"}]),
                "locale default",
            ),
            (
                json!([{"call_to_actions":[{"question":"x".repeat(81),"payload":"p"}],"locale":"default"}]),
                "[question] must be at most 80",
            ),
            (
                json!([{"call_to_actions":[{"question":"x"}],"locale":"default"}]),
                "[payload] is required",
            ),
            (
                json!([{"call_to_actions":[{"question":"x","payload":"p"}],"locale":"russian"}]),
                "not a valid locale",
            ),
        ];
        for (body, expect) in cases {
            let e = read_locales(&body).unwrap_err();
            let msg = e.body["error"]["message"].as_str().unwrap().to_string();
            assert!(msg.contains(expect), "{msg}");
            assert_eq!(e.body["error"]["code"], 100);
        }
    }
}
