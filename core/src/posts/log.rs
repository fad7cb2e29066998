use serde::Serialize;
use time::OffsetDateTime;

use super::PostId;

/// What happened to a post; the UI names each in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostEvent {
    Created,
    Edited,
    Scheduled,
    Unscheduled,
    Cancelled,
    ContainerCreated,
    ContainerStatus,
    Ready,
    Held,
    Retry,
    PublishStarted,
    Published,
    Recovered,
    FirstComment,
    FirstCommentFailed,
    Failed,
    Acknowledged,
    /// Sent for review (approvals).
    Submitted,
    Approved,
    ChangesRequested,
    /// Not approved by its time: never published.
    Expired,
}

impl PostEvent {
    pub const ALL: [PostEvent; 21] = [
        PostEvent::Created,
        PostEvent::Edited,
        PostEvent::Scheduled,
        PostEvent::Unscheduled,
        PostEvent::Cancelled,
        PostEvent::ContainerCreated,
        PostEvent::ContainerStatus,
        PostEvent::Ready,
        PostEvent::Held,
        PostEvent::Retry,
        PostEvent::PublishStarted,
        PostEvent::Published,
        PostEvent::Recovered,
        PostEvent::FirstComment,
        PostEvent::FirstCommentFailed,
        PostEvent::Failed,
        PostEvent::Acknowledged,
        PostEvent::Submitted,
        PostEvent::Approved,
        PostEvent::ChangesRequested,
        PostEvent::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostEvent::Created => "created",
            PostEvent::Edited => "edited",
            PostEvent::Scheduled => "scheduled",
            PostEvent::Unscheduled => "unscheduled",
            PostEvent::Cancelled => "cancelled",
            PostEvent::ContainerCreated => "container_created",
            PostEvent::ContainerStatus => "container_status",
            PostEvent::Ready => "ready",
            PostEvent::Held => "held",
            PostEvent::Retry => "retry",
            PostEvent::PublishStarted => "publish_started",
            PostEvent::Published => "published",
            PostEvent::Recovered => "recovered",
            PostEvent::FirstComment => "first_comment",
            PostEvent::FirstCommentFailed => "first_comment_failed",
            PostEvent::Failed => "failed",
            PostEvent::Acknowledged => "acknowledged",
            PostEvent::Submitted => "submitted",
            PostEvent::Approved => "approved",
            PostEvent::ChangesRequested => "changes_requested",
            PostEvent::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// One line of a post's log: time, event, and a detail (ids, Instagram's
/// answer). Never a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostLogEntry {
    pub post_id: PostId,
    pub at: OffsetDateTime,
    pub event: PostEvent,
    pub detail: String,
}
