//! Moving posts in time: the calendar's drag (and its keyboard and
//! no-script forms), a draft dropped on a slot, and the profile grid's
//! reorder, where two posts swap their times.
//!
//! A child of [`super`] (the service module) so a move is checked and armed
//! exactly as an edit is: the same validation (the time inside the window,
//! the media rules for the post's kind), the same editability rule
//! ([`PostState::is_editable`]) and the same arming of the worker.

use time::OffsetDateTime;

use super::{PostError, PostInput, PostService};
use crate::posts::{Change, EditEffect, Post, PostContent, PostId};
use crate::{RequestContext, UserId};

/// Why a swap is refused (beyond what refuses any move).
#[derive(Debug, thiserror::Error)]
pub enum RescheduleError {
    #[error(transparent)]
    Post(#[from] PostError),
    /// A profile grid is one account's: two accounts' posts do not share an
    /// order.
    #[error("the two posts are on different accounts")]
    DifferentAccounts,
    #[error("a post cannot swap times with itself")]
    SamePost,
    /// A draft has no time to give.
    #[error("both posts must have a time to swap")]
    NotScheduled,
}

impl PostService {
    /// Moves the owner's post to `at` (a draft is scheduled there). Refused
    /// as an edit would be: another user's post is [`PostError::NotFound`],
    /// a post past editing is `NotEditable`, a time in the past or beyond
    /// the horizon or a file the kind cannot publish is `Invalid` with
    /// every problem.
    pub async fn reschedule(
        &self,
        owner: UserId,
        id: PostId,
        at: OffsetDateTime,
        ctx: &RequestContext,
    ) -> Result<Post, PostError> {
        let post = self.get(owner, id).await?;
        let (post, changes) = self.moved(owner, post, at, ctx).await?;
        self.commit(changes).await?;
        Ok(post)
    }

    /// Gives `a` the time of `b` and `b` that of `a`, in one commit (both
    /// posts, their log entries and audit events, or nothing).
    pub async fn swap_times(
        &self,
        owner: UserId,
        a: PostId,
        b: PostId,
        ctx: &RequestContext,
    ) -> Result<(Post, Post), RescheduleError> {
        if a == b {
            return Err(RescheduleError::SamePost);
        }
        let first = self.get(owner, a).await?;
        let second = self.get(owner, b).await?;
        if first.content.account_id != second.content.account_id {
            return Err(RescheduleError::DifferentAccounts);
        }
        let (Some(at_a), Some(at_b)) = (first.content.scheduled_at, second.content.scheduled_at)
        else {
            return Err(RescheduleError::NotScheduled);
        };
        let (first, mut changes) = self.moved(owner, first, at_b, ctx).await?;
        let (second, more) = self.moved(owner, second, at_a, ctx).await?;
        changes.extend(more);
        self.commit(changes).await?;
        Ok((first, second))
    }

    /// The post at `at`, armed, and the writes that record it.
    async fn moved(
        &self,
        owner: UserId,
        mut post: Post,
        at: OffsetDateTime,
        ctx: &RequestContext,
    ) -> Result<(Post, Vec<Change>), PostError> {
        let now = self.clock.now();
        if !post.state.is_editable() {
            return Err(PostError::NotEditable(post.state));
        }
        let input = PostInput {
            scheduled_at: Some(at),
            ..PostInput::from(&post.content)
        };
        let (has_video, _warnings) = self.validate(owner, &input, now).await?;
        // A move is an edit of the time: valid containers are kept, stale
        // ones discarded and paid for from the container budget.
        let content = PostContent {
            scheduled_at: Some(at),
            ..post.content.clone()
        };
        let effect = self
            .apply_edit(&mut post, content, has_video, now, None)
            .await?;
        let mut changes = vec![Change::UpdatePost(post.clone())];
        if effect != EditEffect::NoContainers {
            changes.push(self.edit_log(post.id, effect));
        }
        changes.extend(self.after_arm(&post, ctx));
        Ok((post, changes))
    }
}
