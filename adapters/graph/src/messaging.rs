//! Direct messages: conversations, their messages, sending (JSON body).

use serde_json::json;
use socialflow_core::instagram::{
    Conversation, IgAccess, IgResult, InstagramError, Message, MessageTag, Page, SentMessage,
};

use crate::GraphClient;
use crate::client::Ctx;
use crate::convert;

pub(crate) const CONVERSATION_FIELDS: &str = "id,updated_time,participants";
pub(crate) const MESSAGE_FIELDS: &str = "messages{id,created_time,from,to,message,attachments}";

/// The JSON body of `POST /me/messages`.
pub(crate) fn message_body(recipient_id: &str, text: &str, tag: MessageTag) -> serde_json::Value {
    let mut body = json!({ "recipient": { "id": recipient_id }, "message": { "text": text } });
    match tag {
        MessageTag::Response => body["messaging_type"] = json!("RESPONSE"),
        // Allowed up to 7 days after the user's last message, for replies
        // written by a person (needs Meta's approval of Human Agent).
        MessageTag::HumanAgent => {
            body["messaging_type"] = json!("MESSAGE_TAG");
            body["tag"] = json!("HUMAN_AGENT");
        }
    }
    body
}

impl GraphClient {
    /// `GET /me/conversations?platform=instagram`.
    #[tracing::instrument(name = "instagram.conversations_page", skip_all, fields(account = %a.ig_user_id))]
    pub async fn conversations_page(
        &self,
        a: &IgAccess,
        after: Option<String>,
        limit: u32,
    ) -> IgResult<Page<Conversation>> {
        let mut q = vec![
            ("platform", "instagram".to_string()),
            ("fields", CONVERSATION_FIELDS.to_string()),
            (
                "limit",
                crate::media::page_limit(limit, crate::media::MAX_PAGE),
            ),
        ];
        if let Some(c) = after {
            q.push(("after", c));
        }
        let body = self
            .get(
                self.graph_at(&["me", "conversations"]),
                &q,
                Ctx::graph("conversations_page", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::conversations_page(&body)
    }

    /// `GET /{conversation-id}?fields=messages{…}`: newest first; Instagram
    /// details only the 20 most recent.
    #[tracing::instrument(name = "instagram.conversation_messages", skip_all, fields(account = %a.ig_user_id, conversation = conversation_id))]
    pub async fn conversation_messages(
        &self,
        a: &IgAccess,
        conversation_id: &str,
    ) -> IgResult<Vec<Message>> {
        let body = self
            .get(
                self.graph_at(&[conversation_id]),
                &[("fields", MESSAGE_FIELDS.into())],
                Ctx::graph("conversation_messages", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::conversation_messages(&body)
    }

    /// `POST /me/messages` with a JSON body. Outside the 24-hour window this
    /// fails with `OutsideMessagingWindow`.
    #[tracing::instrument(name = "instagram.send_message", skip_all, fields(account = %a.ig_user_id))]
    pub async fn send_message(
        &self,
        a: &IgAccess,
        recipient_id: &str,
        text: &str,
        tag: MessageTag,
    ) -> IgResult<SentMessage> {
        let body = self
            .post_json(
                self.graph_at(&["me", "messages"]),
                &message_body(recipient_id, text, tag),
                Ctx::graph("send_message", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::sent_message(&body)
    }
}

/// The JSON body of a private reply: `POST /me/messages` to a comment.
pub(crate) fn private_reply_body(comment_id: &str, text: &str) -> serde_json::Value {
    json!({ "recipient": { "comment_id": comment_id }, "message": { "text": text } })
}

/// Instagram refuses a second private reply to a comment with code 10 and
/// no subcode of its own; only the message says which refusal it is.
fn already_replied(e: InstagramError) -> InstagramError {
    let text = match &e {
        InstagramError::PermissionMissing { message } | InstagramError::Invalid { message, .. } => {
            message.to_ascii_lowercase()
        }
        _ => return e,
    };
    if text.contains("already been replied") || text.contains("already replied") {
        InstagramError::AlreadyRepliedPrivately
    } else {
        e
    }
}

impl GraphClient {
    /// `POST /me/messages` with `recipient.comment_id`: a private reply.
    #[tracing::instrument(name = "instagram.send_private_reply", skip_all, fields(account = %a.ig_user_id))]
    pub async fn send_private_reply(
        &self,
        a: &IgAccess,
        comment_id: &str,
        text: &str,
    ) -> IgResult<SentMessage> {
        let body = self
            .post_json(
                self.graph_at(&["me", "messages"]),
                &private_reply_body(comment_id, text),
                Ctx::graph("send_private_reply", Some(&a.ig_user_id), &a.token),
            )
            .await
            .map_err(already_replied)?;
        convert::sent_message(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_bodies() {
        assert_eq!(
            message_body("9", "hi", MessageTag::Response),
            json!({"recipient":{"id":"9"},"message":{"text":"hi"},"messaging_type":"RESPONSE"})
        );
        assert_eq!(
            message_body("9", "hi", MessageTag::HumanAgent),
            json!({"recipient":{"id":"9"},"message":{"text":"hi"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT"})
        );
        assert_eq!(
            private_reply_body("17", "hi"),
            json!({"recipient":{"comment_id":"17"},"message":{"text":"hi"}})
        );
    }

    #[test]
    fn a_second_private_reply_is_its_own_error() {
        let e = InstagramError::PermissionMissing {
            message: "(#10) This comment has already been replied to privately".into(),
        };
        assert_eq!(already_replied(e), InstagramError::AlreadyRepliedPrivately);
        let other = InstagramError::PermissionMissing {
            message: "(#10) missing scope".into(),
        };
        assert_eq!(already_replied(other.clone()), other);
    }
}
