//! Ice breakers: `GET|POST|DELETE /me/messenger_profile` with
//! `platform=instagram` (reference §6.4), JSON bodies.

use serde::Deserialize;
use serde_json::{Value, json};
use socialflow_core::instagram::{IceBreakerLocale, IceBreakerQuestion, IgAccess, IgResult};

use crate::GraphClient;
use crate::client::{Ctx, decode};
use crate::convert;

/// The JSON body of `POST /me/messenger_profile`.
pub(crate) fn set_body(locales: &[IceBreakerLocale]) -> Value {
    let list: Vec<Value> = locales
        .iter()
        .map(|l| {
            let actions: Vec<Value> = l
                .questions
                .iter()
                .map(|q| json!({ "question": q.question, "payload": q.payload }))
                .collect();
            json!({ "call_to_actions": actions, "locale": l.locale })
        })
        .collect();
    json!({ "platform": "instagram", "ice_breakers": list })
}

/// The JSON body of `DELETE /me/messenger_profile`.
pub(crate) fn delete_body() -> Value {
    json!({ "fields": ["ice_breakers"], "platform": "instagram" })
}

#[derive(Deserialize)]
struct ProfileWire {
    #[serde(default)]
    data: Vec<ProfileEntryWire>,
}

#[derive(Deserialize)]
struct ProfileEntryWire {
    #[serde(default)]
    ice_breakers: Vec<LocaleWire>,
}

#[derive(Deserialize)]
struct LocaleWire {
    #[serde(default)]
    call_to_actions: Vec<ActionWire>,
    #[serde(default)]
    locale: Option<String>,
}

#[derive(Deserialize)]
struct ActionWire {
    #[serde(default)]
    question: String,
    #[serde(default)]
    payload: String,
}

/// `{"data":[{"ice_breakers":[{"call_to_actions":[…],"locale":"default"}]}]}`;
/// `{"data":[]}` when none are set.
pub(crate) fn parse_profile(body: &str) -> IgResult<Vec<IceBreakerLocale>> {
    let wire = decode::<ProfileWire>("ice breakers", body)?;
    Ok(wire
        .data
        .into_iter()
        .flat_map(|e| e.ice_breakers)
        .map(|l| IceBreakerLocale {
            locale: l.locale.unwrap_or_else(|| "default".to_string()),
            questions: l
                .call_to_actions
                .into_iter()
                .map(|a| IceBreakerQuestion {
                    question: a.question,
                    payload: a.payload,
                })
                .collect(),
        })
        .collect())
}

impl GraphClient {
    /// `GET /me/messenger_profile?fields=ice_breakers&platform=instagram`.
    #[tracing::instrument(name = "instagram.ice_breakers", skip_all, fields(account = %a.ig_user_id))]
    pub async fn ice_breakers(&self, a: &IgAccess) -> IgResult<Vec<IceBreakerLocale>> {
        let body = self
            .get(
                self.graph_at(&["me", "messenger_profile"]),
                &[
                    ("fields", "ice_breakers".to_string()),
                    ("platform", "instagram".to_string()),
                ],
                Ctx::graph("ice_breakers", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        parse_profile(&body)
    }

    /// `POST /me/messenger_profile` with the ice breakers of every locale.
    #[tracing::instrument(name = "instagram.set_ice_breakers", skip_all, fields(account = %a.ig_user_id))]
    pub async fn set_ice_breakers(
        &self,
        a: &IgAccess,
        locales: &[IceBreakerLocale],
    ) -> IgResult<()> {
        let body = self
            .post_json(
                self.graph_at(&["me", "messenger_profile"]),
                &set_body(locales),
                Ctx::graph("set_ice_breakers", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::success(&body)
    }

    /// `DELETE /me/messenger_profile` with `fields=["ice_breakers"]`.
    #[tracing::instrument(name = "instagram.delete_ice_breakers", skip_all, fields(account = %a.ig_user_id))]
    pub async fn delete_ice_breakers(&self, a: &IgAccess) -> IgResult<()> {
        let body = self
            .delete_json(
                self.graph_at(&["me", "messenger_profile"]),
                &delete_body(),
                Ctx::graph("delete_ice_breakers", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::success(&body)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn q(question: &str, payload: &str) -> IceBreakerQuestion {
        IceBreakerQuestion {
            question: question.into(),
            payload: payload.into(),
        }
    }

    #[test]
    fn the_set_body_is_the_references_shape() {
        let body = set_body(&[
            IceBreakerLocale {
                locale: "default".into(),
                questions: vec![q("Price?", "ib:default:1"), q("Hours?", "ib:default:2")],
            },
            IceBreakerLocale {
                locale: "ru_RU".into(),
                questions: vec![q("Цена?", "ib:ru:1")],
            },
        ]);
        assert_eq!(
            body,
            json!({"platform":"instagram","ice_breakers":[
                {"call_to_actions":[{"question":"Price?","payload":"ib:default:1"},
                                    {"question":"Hours?","payload":"ib:default:2"}],
                 "locale":"default"},
                {"call_to_actions":[{"question":"Цена?","payload":"ib:ru:1"}],"locale":"ru_RU"}]})
        );
        assert_eq!(
            delete_body(),
            json!({"fields":["ice_breakers"],"platform":"instagram"})
        );
    }

    #[test]
    fn reads_the_profile_and_an_empty_one() {
        let got = parse_profile(
            r#"{"data":[{"ice_breakers":[{"call_to_actions":[{"question":"Цена?","payload":"ib:ru:1"}],"locale":"ru_RU"}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![IceBreakerLocale {
                locale: "ru_RU".into(),
                questions: vec![q("Цена?", "ib:ru:1")],
            }]
        );
        assert!(parse_profile(r#"{"data":[]}"#).unwrap().is_empty());
    }
}
