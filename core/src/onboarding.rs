//! A new user's first steps: the dashboard's checklist (connect an account →
//! upload media → schedule the first post → open the inbox) fills in from
//! what the user has done and goes away once everything is done; and the
//! milestones that mark one-time moments (the first sign-in, which takes
//! the browser's time zone and language).

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::account::AccountRepo;
use crate::media::MediaRepo;
use crate::posts::PostRepo;
use crate::posts::{PostFilter, PostState};
use crate::store_error::StoreResult;
use crate::{Clock, UserId};

/// A one-time moment in a user's life with SocialFlow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Milestone {
    /// The user signed in for the first time.
    SignedIn,
    /// The user opened the inbox (Comments or Messages).
    InboxOpened,
    /// Every checklist step was done once; the checklist stays away.
    ChecklistDone,
}

impl Milestone {
    pub const ALL: [Milestone; 3] = [
        Milestone::SignedIn,
        Milestone::InboxOpened,
        Milestone::ChecklistDone,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::SignedIn => "signed_in",
            Milestone::InboxOpened => "inbox_opened",
            Milestone::ChecklistDone => "checklist_done",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == raw)
    }
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait MilestoneRepo: Send + Sync {
    /// Records that `user` reached `milestone` at `at`; true the first time,
    /// false when it was recorded before (the first time is kept). Atomic:
    /// of two concurrent calls exactly one gets true.
    async fn record_milestone(
        &self,
        user: UserId,
        milestone: Milestone,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// Every milestone `user` reached (names the code no longer knows are
    /// left out).
    async fn milestones(&self, user: UserId) -> StoreResult<Vec<Milestone>>;
}

/// One step of the checklist, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    ConnectAccount,
    UploadMedia,
    SchedulePost,
    OpenInbox,
}

impl Step {
    pub const ALL: [Step; 4] = [
        Step::ConnectAccount,
        Step::UploadMedia,
        Step::SchedulePost,
        Step::OpenInbox,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::ConnectAccount => "connect_account",
            Step::UploadMedia => "upload_media",
            Step::SchedulePost => "schedule_post",
            Step::OpenInbox => "open_inbox",
        }
    }
}

/// Where the user stands: which steps are done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub steps: Vec<(Step, bool)>,
}

impl Checklist {
    pub fn done_count(&self) -> usize {
        self.steps.iter().filter(|(_, done)| *done).count()
    }

    pub fn is_complete(&self) -> bool {
        self.steps.iter().all(|(_, done)| *done)
    }

    /// The first step not yet done.
    pub fn next(&self) -> Option<Step> {
        self.steps.iter().find(|(_, done)| !done).map(|(s, _)| *s)
    }

    fn complete() -> Self {
        Checklist {
            steps: Step::ALL.iter().map(|s| (*s, true)).collect(),
        }
    }
}

#[derive(Clone)]
pub struct OnboardingService {
    milestones: Arc<dyn MilestoneRepo>,
    accounts: Arc<dyn AccountRepo>,
    media_files: Arc<dyn MediaRepo>,
    posts: Arc<dyn PostRepo>,
    clock: Arc<dyn Clock>,
}

impl OnboardingService {
    pub fn new(
        milestones: Arc<dyn MilestoneRepo>,
        accounts: Arc<dyn AccountRepo>,
        media_files: Arc<dyn MediaRepo>,
        posts: Arc<dyn PostRepo>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            milestones,
            accounts,
            media_files,
            posts,
            clock,
        }
    }

    /// The checklist, read from what the user has: an account, a media
    /// file, a post that was scheduled (whatever became of it), an opened
    /// inbox. Once all were done it stays complete, even if the user
    /// later deletes the account or the files.
    pub async fn checklist(&self, user: UserId) -> StoreResult<Checklist> {
        let milestones = self.milestones.milestones(user).await?;
        if milestones.contains(&Milestone::ChecklistDone) {
            return Ok(Checklist::complete());
        }
        let account = !self.accounts.accounts_of(user).await?.is_empty();
        let media = !self.media_files.media_of(user).await?.is_empty();
        let filter = PostFilter {
            states: PostState::ALL
                .into_iter()
                .filter(|s| *s != PostState::Draft)
                .collect(),
            limit: 1,
            ..PostFilter::default()
        };
        let post = !self.posts.list_posts(user, &filter).await?.is_empty();
        let inbox = milestones.contains(&Milestone::InboxOpened);
        let list = Checklist {
            steps: vec![
                (Step::ConnectAccount, account),
                (Step::UploadMedia, media),
                (Step::SchedulePost, post),
                (Step::OpenInbox, inbox),
            ],
        };
        if list.is_complete() {
            self.reach(user, Milestone::ChecklistDone).await?;
        }
        Ok(list)
    }

    /// Records a milestone now; true the first time.
    pub async fn reach(&self, user: UserId, milestone: Milestone) -> StoreResult<bool> {
        self.milestones
            .record_milestone(user, milestone, self.clock.now())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestone_names_round_trip() {
        for m in Milestone::ALL {
            assert_eq!(Milestone::parse(m.as_str()), Some(m));
        }
        assert_eq!(Milestone::parse("unknown"), None);
    }

    #[test]
    fn the_next_step_is_the_first_not_done() {
        let list = Checklist {
            steps: vec![
                (Step::ConnectAccount, true),
                (Step::UploadMedia, false),
                (Step::SchedulePost, true),
                (Step::OpenInbox, false),
            ],
        };
        assert_eq!(list.next(), Some(Step::UploadMedia));
        assert_eq!(list.done_count(), 2);
        assert!(!list.is_complete());
        assert!(Checklist::complete().is_complete());
        assert_eq!(Checklist::complete().next(), None);
    }
}
