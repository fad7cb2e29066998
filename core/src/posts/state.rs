use serde::Serialize;

/// Where a post is in its life:
/// `draft → scheduled → preparing → ready → publishing → published`, or
/// `failed` / `cancelled`, or `verify` (published, but which Instagram
/// media it became is for the user to confirm). With approvals (a
/// contributor's post): `draft → in_review → scheduled …`, or
/// `in_review → changes_requested → in_review`, or `expired` when its time
/// came before an approval.
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
    /// Waiting for a member who may approve (a contributor scheduled it).
    /// The worker never takes it.
    InReview,
    /// A reviewer asked for changes (the note is the post's `reason`); the
    /// author edits and sends it for review again.
    ChangesRequested,
    /// Not approved by its scheduled time: never published.
    Expired,
}

impl PostState {
    pub const ALL: [PostState; 12] = [
        PostState::Draft,
        PostState::Scheduled,
        PostState::Preparing,
        PostState::Ready,
        PostState::Publishing,
        PostState::Published,
        PostState::Failed,
        PostState::Cancelled,
        PostState::Verify,
        PostState::InReview,
        PostState::ChangesRequested,
        PostState::Expired,
    ];

    /// States waiting for a reviewer (the approval queue) or for the author
    /// after a review: the expiry sweep looks at these.
    pub const REVIEW: [PostState; 2] = [PostState::InReview, PostState::ChangesRequested];

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
            PostState::InReview => "in_review",
            PostState::ChangesRequested => "changes_requested",
            PostState::Expired => "expired",
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
                | PostState::InReview
                | PostState::ChangesRequested
                | PostState::Expired
        )
    }

    /// Cancelling is allowed until publishing starts.
    pub fn is_cancellable(self) -> bool {
        matches!(
            self,
            PostState::Draft
                | PostState::Scheduled
                | PostState::Preparing
                | PostState::Ready
                | PostState::InReview
                | PostState::ChangesRequested
        )
    }

    /// Deleting is refused only while Instagram is being asked to publish.
    pub fn is_deletable(self) -> bool {
        self != PostState::Publishing
    }

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }

    /// In the approval queue or back with its author.
    pub fn in_review(self) -> bool {
        Self::REVIEW.contains(&self)
    }
}
