//! What happened on Instagram, as evaluation sees it, and what it knows
//! about the account at that moment.

use time::OffsetDateTime;

use super::limits::{AutomationLimits, Usage};
use super::rule::RuleId;
use crate::TimeZone;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    Comment {
        media_id: String,
        comment_id: String,
    },
    DirectMessage,
    StoryReply,
    StoryMention,
    IceBreaker {
        payload: String,
    },
}

/// A comment, a message, a Story reply or mention, or an ice-breaker tap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// The person's Instagram-scoped id.
    pub author_id: String,
    pub author_username: Option<String>,
    /// The comment or message text (a tap: the question).
    pub text: String,
    /// When the person wrote: the 7-day and 24-hour clocks start here.
    pub at: OffsetDateTime,
    /// Written by the account itself (its own comment or reply): never
    /// answered, so automation cannot answer itself in a loop.
    pub from_account: bool,
    /// A human of the account already answered this person here.
    pub human_replied: bool,
}

impl Event {
    pub fn media_id(&self) -> Option<&str> {
        match &self.kind {
            EventKind::Comment { media_id, .. } => Some(media_id),
            _ => None,
        }
    }
}

/// An earlier automatic answer to the same person on the same account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorMatch {
    pub rule: RuleId,
    /// The post it was on (none: a message).
    pub media_id: Option<String>,
    pub at: OffsetDateTime,
}

/// The account's state when the event is evaluated.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub now: OffsetDateTime,
    /// The user's zone: active hours are read in it.
    pub zone: &'a TimeZone,
    /// Automation paused for the account.
    pub paused: bool,
    pub limits: AutomationLimits,
    pub usage: Usage,
    /// This person's earlier automatic answers.
    pub prior: &'a [PriorMatch],
    /// Picks the variant and the delay; the engine stores it with the job so
    /// a retried job picks the same.
    pub seed: u64,
}
