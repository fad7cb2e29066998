//! One notification and the state of its e-mail.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::NotificationKind;
use crate::UserId;
use crate::account::AccountId;

/// How many notifications a user keeps: inserting one more drops the
/// oldest (whose e-mail is no longer pending).
pub const MAX_STORED_PER_USER: u32 = 200;

/// Notifications older than this are deleted by the retention job (unless
/// their e-mail is still waiting to be sent).
pub const RETENTION: Duration = Duration::days(90);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NotificationId(pub Uuid);

impl NotificationId {
    pub fn new() -> Self {
        NotificationId(Uuid::now_v7())
    }
}

impl Default for NotificationId {
    fn default() -> Self {
        Self::new()
    }
}

/// The numbers a notification carries: counts, never text written by
/// anyone on Instagram. Stored as JSON; every field is optional so kinds
/// use what they need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unanswered: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers_delta: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<u64>,
    /// The week's best post: its reach and its Instagram link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_post_reach: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_post_link: Option<String>,
    /// An approval notification: what happened to the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewEvent>,
}

/// What an approval notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewEvent {
    /// A post waits for review (to those who may approve).
    Submitted,
    /// To its author.
    Approved,
    ChangesRequested,
    Expired,
    /// A team note on the post mentions the user.
    Mentioned,
}

impl ReviewEvent {
    pub const ALL: [ReviewEvent; 5] = [
        ReviewEvent::Submitted,
        ReviewEvent::Approved,
        ReviewEvent::ChangesRequested,
        ReviewEvent::Expired,
        ReviewEvent::Mentioned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewEvent::Submitted => "submitted",
            ReviewEvent::Approved => "approved",
            ReviewEvent::ChangesRequested => "changes_requested",
            ReviewEvent::Expired => "expired",
            ReviewEvent::Mentioned => "mentioned",
        }
    }
}

/// Where the notification's e-mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailDelivery {
    /// Not e-mailed (the kind is off for e-mail, or no address).
    None,
    /// Waiting to be sent at or after `due_at` (quiet hours, a retry).
    Pending {
        due_at: OffsetDateTime,
        attempts: u32,
    },
    Sent {
        at: OffsetDateTime,
        attempts: u32,
    },
    /// Refused, or every retry failed.
    Failed {
        attempts: u32,
    },
}

impl EmailDelivery {
    pub fn state(self) -> &'static str {
        match self {
            EmailDelivery::None => "none",
            EmailDelivery::Pending { .. } => "pending",
            EmailDelivery::Sent { .. } => "sent",
            EmailDelivery::Failed { .. } => "failed",
        }
    }

    pub fn attempts(self) -> u32 {
        match self {
            EmailDelivery::None => 0,
            EmailDelivery::Pending { attempts, .. }
            | EmailDelivery::Sent { attempts, .. }
            | EmailDelivery::Failed { attempts } => attempts,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    pub owner: UserId,
    /// The account it is about, if any: deleting the account (or Meta's
    /// deletion callback) deletes it.
    pub account: Option<AccountId>,
    pub kind: NotificationKind,
    /// At most one notification per (owner, key): e.g.
    /// `weekly:<account>:2026-W11`.
    pub dedupe_key: String,
    /// The account's @username, when about one.
    pub subject: String,
    /// A local path in SocialFlow (`/posts/…`, `/inbox`).
    pub link: String,
    pub figures: Figures,
    /// Shown in the notification centre.
    pub in_app: bool,
    pub created_at: OffsetDateTime,
    pub read_at: Option<OffsetDateTime>,
    pub email: EmailDelivery,
}

/// What a producer reports; the service decides the rest (preferences,
/// quiet hours).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub owner: UserId,
    pub account: Option<AccountId>,
    pub kind: NotificationKind,
    pub dedupe_key: String,
    pub subject: String,
    pub link: String,
    pub figures: Figures,
}
