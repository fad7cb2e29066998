use serde::Serialize;

/// Where a post is in its life:
/// `draft → scheduled → preparing → ready → publishing → published`, or
/// `failed` / `cancelled`, or `verify` (published, but which Instagram
/// media it became is for the user to confirm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PostState {
    Draft,
    Scheduled,
    /// Containers are being created or processed by Instagram.
    Preparing,
    /// Containers are finished; waiting for the scheduled second.
    Ready,
    /// The publish call is being made (or its outcome is being confirmed).
    Publishing,
    Published,
    Failed,
    Cancelled,
    /// Published on Instagram, but after a crash more than one media (or
    /// none) matched it: the user checks which one is ours. Never guessed.
    Verify,
}

impl PostState {
    pub const ALL: [PostState; 9] = [
        PostState::Draft,
        PostState::Scheduled,
        PostState::Preparing,
        PostState::Ready,
        PostState::Publishing,
        PostState::Published,
        PostState::Failed,
        PostState::Cancelled,
        PostState::Verify,
    ];

    /// States the worker acts on.
    pub const ACTIVE: [PostState; 4] = [
        PostState::Scheduled,
        PostState::Preparing,
        PostState::Ready,
        PostState::Publishing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostState::Draft => "draft",
            PostState::Scheduled => "scheduled",
            PostState::Preparing => "preparing",
            PostState::Ready => "ready",
            PostState::Publishing => "publishing",
            PostState::Published => "published",
            PostState::Failed => "failed",
            PostState::Cancelled => "cancelled",
            PostState::Verify => "verify",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Editing (content, time, account) is allowed until the publish call
    /// itself: in `preparing` and `ready` an edit that changes what would be
    /// published discards the containers and the post is prepared again. A
    /// failed or cancelled post can be fixed and rescheduled.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            PostState::Draft
                | PostState::Scheduled
                | PostState::Preparing
                | PostState::Ready
                | PostState::Failed
                | PostState::Cancelled
        )
    }

    /// Cancelling is allowed until publishing starts.
    pub fn is_cancellable(self) -> bool {
        matches!(
            self,
            PostState::Draft | PostState::Scheduled | PostState::Preparing | PostState::Ready
        )
    }

    /// Deleting is refused only while Instagram is being asked to publish.
    pub fn is_deletable(self) -> bool {
        self != PostState::Publishing
    }

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }
}
