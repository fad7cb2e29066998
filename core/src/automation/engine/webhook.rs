//! Instagram's webhook events as automation events: which account, which
//! event key (the comment or message id), and what happened.

use crate::automation::{Event, EventKind};
use crate::inbox::WebhookEvent;

/// An event for the account `ig_user_id`, keyed by its comment or message
/// id. `own_username` is the account's username (its own comments are
/// never answered). Story insights and attachments-only messages without
/// text still count (a Story mention has no text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingEvent {
    pub ig_user_id: String,
    pub event_key: String,
    pub event: Event,
}

/// The automation event of a webhook event; none for what automation does
/// not answer (story insights, replies under a comment, mentions in
/// another account's comments).
pub fn incoming(e: &WebhookEvent) -> Option<IncomingEvent> {
    match e {
        WebhookEvent::Comment {
            ig_user_id,
            id,
            media_id,
            parent_id,
            text,
            username,
            at,
        } => {
            // A reply under a comment (often the account's own answer) is
            // not a new question.
            if parent_id.is_some() {
                return None;
            }
            Some(IncomingEvent {
                ig_user_id: ig_user_id.clone(),
                event_key: id.clone(),
                event: Event {
                    kind: EventKind::Comment {
                        media_id: media_id.clone(),
                        comment_id: id.clone(),
                    },
                    // The comment webhook names the author by username only.
                    author_id: username
                        .as_ref()
                        .map_or_else(|| format!("comment:{id}"), |u| format!("@{u}")),
                    author_username: username.clone(),
                    text: text.clone(),
                    at: *at,
                    from_account: false,
                    human_replied: false,
                },
            })
        }
        WebhookEvent::Message {
            ig_user_id,
            mid,
            sender_id,
            text,
            attachments,
            at,
            echo,
            ..
        } => {
            let story_mention = attachments.iter().any(|a| a.kind == "story_mention");
            let kind = if story_mention {
                EventKind::StoryMention
            } else {
                EventKind::DirectMessage
            };
            Some(IncomingEvent {
                ig_user_id: ig_user_id.clone(),
                event_key: mid.clone(),
                event: Event {
                    kind,
                    author_id: sender_id.clone(),
                    author_username: None,
                    text: text.clone().unwrap_or_default(),
                    at: *at,
                    from_account: *echo,
                    human_replied: false,
                },
            })
        }
        _ => None,
    }
}
