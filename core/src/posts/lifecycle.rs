//! The post state machine, in one place: every change of [`Post::state`]
//! goes through a method here, and each method refuses a move the table
//! ([`PostState::can_move_to`]) does not allow. Use cases and the publisher
//! decide *when* to move; this module decides *whether* the move exists and
//! what travels with it (containers cleared, reason kept, times stamped).

use time::{Duration, OffsetDateTime};

use super::{Post, PostContent, PostId, PostState};
use crate::UserId;

/// How long Instagram keeps a container publishable.
pub const CONTAINER_LIFETIME: Duration = Duration::hours(24);
/// A time-only reschedule keeps the containers only if the new time is at
/// least this far inside their lifetime (publishing takes a moment, and a
/// container published at its last second is refused as expired).
const KEEP_MARGIN: Duration = Duration::hours(1);

/// What an edit did to the containers made so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditEffect {
    /// There were none.
    NoContainers,
    /// Only the time moved and they are still valid then: kept.
    Kept,
    /// Forgotten (Instagram has no delete; they expire): the post is
    /// prepared again, with new containers.
    Discarded,
}

/// Why the publish call may not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PublishBlocked {
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    /// The containers were built from content the user has since changed.
    #[error("the containers were built from content revision {built:?}; the post is at {current}")]
    StaleContainers { built: Option<u32>, current: u32 },
}

/// Whether two contents publish the same thing (the time aside).
fn same_but_time(a: &PostContent, b: &PostContent) -> bool {
    PostContent {
        scheduled_at: None,
        ..a.clone()
    } == PostContent {
        scheduled_at: None,
        ..b.clone()
    }
}

/// A move the state machine does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {} post cannot become {}", from.as_str(), to.as_str())]
pub struct IllegalTransition {
    pub from: PostState,
    pub to: PostState,
}

impl PostState {
    /// Whether a post in `self` may move to `to`.
    ///
    /// The user edits (draft ↔ scheduled, back from preparing or ready
    /// when an edit discards the containers, and back from failed or
    /// cancelled) and cancels until publishing starts. The worker moves
    /// active posts forward (scheduled → preparing → ready → publishing →
    /// published), back to `scheduled` when containers must be made again,
    /// back to `preparing`/`ready` when Instagram says the container is not
    /// done or the publish call was refused, to `verify` when a crash left
    /// it unsure which media is ours, and to `failed`. A published post
    /// whose follow-up steps find the account gone is marked failed, as it
    /// always was.
    ///
    /// Approvals: a contributor's save with a time sends the post to
    /// `in_review` (from anything editable; containers made so far are
    /// forgotten); a reviewer moves it to `scheduled` (approve) or
    /// `changes_requested`; a member who may publish may save it straight
    /// to `scheduled`; the sweep moves a post still under review at its
    /// time to `expired`, which can be fixed and sent again like a failed
    /// one.
    pub fn can_move_to(self, to: PostState) -> bool {
        use PostState::*;
        match self {
            Draft => matches!(to, Draft | Scheduled | Cancelled | InReview),
            Failed | Cancelled | Expired => matches!(to, Draft | Scheduled | InReview),
            Scheduled => matches!(
                to,
                Draft | Scheduled | Preparing | Cancelled | Failed | InReview
            ),
            Preparing => matches!(
                to,
                Draft
                    | Scheduled
                    | Preparing
                    | Ready
                    | Published
                    | Verify
                    | Cancelled
                    | Failed
                    | InReview
            ),
            Ready => matches!(
                to,
                Draft | Scheduled | Preparing | Publishing | Cancelled | Failed | InReview
            ),
            InReview | ChangesRequested => {
                matches!(to, Draft | Scheduled | InReview | Expired | Cancelled)
                    || (self == InReview && to == ChangesRequested)
            }
            Publishing => matches!(
                to,
                Scheduled | Preparing | Ready | Publishing | Published | Verify | Failed
            ),
            Published => to == Failed,
            Verify => false,
        }
    }
}

impl Post {
    /// A new draft of `owner`'s, version 1.
    pub fn new_draft(owner: UserId, content: PostContent, now: OffsetDateTime) -> Post {
        Post {
            id: PostId::new(),
            owner,
            content,
            state: PostState::Draft,
            child_containers: Vec::new(),
            container_id: None,
            ig_media_id: None,
            permalink: None,
            first_comment_id: None,
            first_comment_tried: false,
            hold: None,
            reason: None,
            attempts: 0,
            next_action_at: None,
            publish_started_at: None,
            published_at: None,
            failure_acknowledged: false,
            version: 1,
            content_rev: 1,
            containers_rev: None,
            containers_at: None,
            submitted_by: None,
            created_at: now,
            updated_at: now,
        }
    }

    fn move_to(&mut self, to: PostState) -> Result<(), IllegalTransition> {
        if !self.state.can_move_to(to) {
            return Err(IllegalTransition {
                from: self.state,
                to,
            });
        }
        self.state = to;
        Ok(())
    }

    /// Forgets the containers (Instagram cannot delete them; they expire).
    fn forget_containers(&mut self) {
        self.child_containers.clear();
        self.container_id = None;
        self.containers_rev = None;
        self.containers_at = None;
    }

    /// Whether any container (a carousel item or the one to publish) is
    /// recorded.
    pub fn has_containers(&self) -> bool {
        self.container_id.is_some() || !self.child_containers.is_empty()
    }

    /// Whether the containers to publish were built from the current
    /// content.
    pub fn containers_current(&self) -> bool {
        self.container_id.is_some() && self.containers_rev == Some(self.content_rev)
    }

    /// The worker made a container from the current content at `now`.
    pub fn container_made(&mut self, now: OffsetDateTime) {
        self.containers_rev = Some(self.content_rev);
        self.containers_at.get_or_insert(now);
    }

    /// What saving `content` would do to the containers made so far
    /// (before the edit is made: the container budget is shown and checked
    /// with it).
    pub fn edit_effect(&self, content: &PostContent) -> EditEffect {
        if !self.has_containers() {
            EditEffect::NoContainers
        } else if self.keeps_containers(content) {
            EditEffect::Kept
        } else {
            EditEffect::Discarded
        }
    }

    /// Only the time moved, the containers are current and finished or
    /// being finished, and they will still be valid at the new time.
    fn keeps_containers(&self, content: &PostContent) -> bool {
        matches!(self.state, PostState::Preparing | PostState::Ready)
            && same_but_time(&self.content, content)
            && self.containers_rev == Some(self.content_rev)
            && match (content.scheduled_at, self.containers_at) {
                (Some(at), Some(made)) => at < made + CONTAINER_LIFETIME - KEEP_MARGIN,
                _ => false,
            }
    }

    /// The user's edit, allowed until the publish call
    /// ([`PostState::is_editable`]). New content bumps `content_rev`; the
    /// containers are discarded and the post goes back to `scheduled` (the
    /// worker starts at `start`) or `draft` (`start` is `None`), unless only
    /// the time moved and they stay valid (see [`EditEffect::Kept`]).
    pub fn edit(
        &mut self,
        content: PostContent,
        start: Option<OffsetDateTime>,
    ) -> Result<EditEffect, IllegalTransition> {
        let to = match start {
            Some(_) => PostState::Scheduled,
            None => PostState::Draft,
        };
        if !self.state.is_editable() {
            return Err(IllegalTransition {
                from: self.state,
                to,
            });
        }
        let effect = self.edit_effect(&content);
        let changed = !same_but_time(&self.content, &content);
        if effect == EditEffect::Kept {
            if self.state == PostState::Ready {
                // Waits for the new second (a preparing post keeps polling).
                self.next_action_at = content.scheduled_at;
            }
        } else {
            match start {
                Some(at) => self.schedule(at)?,
                None => self.make_draft()?,
            }
        }
        if changed {
            self.content_rev += 1;
        }
        self.content = content;
        Ok(effect)
    }

    /// What an edit starts from: no containers, no hold, no failure.
    fn clear_work(&mut self) {
        self.forget_containers();
        self.hold = None;
        self.reason = None;
        self.attempts = 0;
        self.failure_acknowledged = false;
    }

    /// The user's `draft`: no time, nothing for the worker to do.
    pub fn make_draft(&mut self) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Draft)?;
        self.clear_work();
        self.next_action_at = None;
        Ok(())
    }

    /// The user's `scheduled`: the worker starts at `start`.
    pub fn schedule(&mut self, start: OffsetDateTime) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Scheduled)?;
        self.clear_work();
        self.next_action_at = Some(start);
        Ok(())
    }

    /// Sent for review by `by`: nothing for the worker until approved.
    pub fn submit_for_review(&mut self, by: UserId) -> Result<(), IllegalTransition> {
        self.move_to(PostState::InReview)?;
        self.clear_work();
        self.next_action_at = None;
        self.submitted_by = Some(by);
        Ok(())
    }

    /// A reviewer approved it: scheduled, the worker starting at `start`;
    /// `expired` instead when its time is not ahead of `now` any more.
    /// Only a post in review can be approved.
    pub fn approve(
        &mut self,
        start: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), IllegalTransition> {
        if self.state != PostState::InReview {
            return Err(IllegalTransition {
                from: self.state,
                to: PostState::Scheduled,
            });
        }
        match self.content.scheduled_at {
            Some(at) if at > now => self.schedule(start),
            _ => self.expire(),
        }
    }

    /// A reviewer asked for changes; `note` is kept as the reason.
    pub fn request_changes(&mut self, note: String) -> Result<(), IllegalTransition> {
        if self.state != PostState::InReview {
            return Err(IllegalTransition {
                from: self.state,
                to: PostState::ChangesRequested,
            });
        }
        self.move_to(PostState::ChangesRequested)?;
        self.reason = Some(note);
        Ok(())
    }

    /// Its time came while it waited for a review: never published.
    pub fn expire(&mut self) -> Result<(), IllegalTransition> {
        if !self.state.in_review() {
            return Err(IllegalTransition {
                from: self.state,
                to: PostState::Expired,
            });
        }
        self.move_to(PostState::Expired)?;
        self.next_action_at = None;
        self.hold = None;
        Ok(())
    }

    /// A contributor's edit: the new content goes (back) to review; any
    /// containers are forgotten (they are made again once approved).
    pub fn edit_for_review(
        &mut self,
        content: PostContent,
        by: UserId,
    ) -> Result<EditEffect, IllegalTransition> {
        if !self.state.is_editable() {
            return Err(IllegalTransition {
                from: self.state,
                to: PostState::InReview,
            });
        }
        let effect = if self.has_containers() {
            EditEffect::Discarded
        } else {
            EditEffect::NoContainers
        };
        let changed = !same_but_time(&self.content, &content);
        self.submit_for_review(by)?;
        if changed {
            self.content_rev += 1;
        }
        self.content = content;
        Ok(effect)
    }

    /// The user's cancel: the worker leaves the post alone and its
    /// containers are forgotten.
    pub fn cancel(&mut self) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Cancelled)?;
        self.next_action_at = None;
        self.hold = None;
        self.forget_containers();
        Ok(())
    }

    /// Containers are being made or processed by Instagram.
    pub fn mark_preparing(&mut self) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Preparing)
    }

    /// The containers are finished; the post waits for its second.
    pub fn mark_ready(&mut self) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Ready)
    }

    /// Recorded before the publish call, so after a crash the worker asks
    /// Instagram before publishing again; the call gets a full lease.
    /// Refused when the containers were built from older content.
    pub fn start_publishing(
        &mut self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
    ) -> Result<(), PublishBlocked> {
        if !self.state.can_move_to(PostState::Publishing) {
            return Err(IllegalTransition {
                from: self.state,
                to: PostState::Publishing,
            }
            .into());
        }
        if !self.containers_current() {
            return Err(PublishBlocked::StaleContainers {
                built: self.containers_rev,
                current: self.content_rev,
            });
        }
        self.move_to(PostState::Publishing)?;
        self.hold = None;
        self.reason = None;
        self.publish_started_at.get_or_insert(now);
        self.next_action_at = Some(lease_until);
        Ok(())
    }

    /// Instagram published it as `media_id`. Still due at `now`: if the
    /// worker dies before the follow-up steps, another claims it for them.
    pub fn mark_published(
        &mut self,
        media_id: Option<String>,
        now: OffsetDateTime,
    ) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Published)?;
        self.ig_media_id = media_id;
        self.published_at = Some(now);
        self.hold = None;
        self.reason = None;
        self.attempts = 0;
        self.next_action_at = Some(now);
        Ok(())
    }

    /// Published, but which media is ours is for the user to say: the
    /// candidates' permalinks (one a line) are the reason.
    pub fn mark_verify(
        &mut self,
        candidates: &[String],
        now: OffsetDateTime,
    ) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Verify)?;
        self.ig_media_id = None;
        self.published_at = Some(now);
        self.hold = None;
        self.reason = (!candidates.is_empty()).then(|| candidates.join("\n"));
        self.attempts = 0;
        self.next_action_at = None;
        Ok(())
    }

    /// Gives up with a reason the user sees; the post stays on the
    /// dashboard until acknowledged.
    pub fn fail(&mut self, reason: String) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Failed)?;
        self.reason = Some(reason);
        self.hold = None;
        self.next_action_at = None;
        self.failure_acknowledged = false;
        Ok(())
    }

    /// Back to `scheduled` without containers (expired or vanished ones),
    /// due again at `now`.
    pub fn restart(&mut self, now: OffsetDateTime) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Scheduled)?;
        self.forget_containers();
        self.next_action_at = Some(now);
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::account::AccountId;
    use crate::posts::PostKind;
    use PostState::*;

    const NOW: OffsetDateTime = datetime!(2026-03-01 12:00 UTC);

    /// Every legal move, written out once more as the specification.
    const LEGAL: &[(PostState, PostState)] = &[
        (Draft, Draft),
        (Draft, Scheduled),
        (Draft, Cancelled),
        (Scheduled, Draft),
        (Scheduled, Scheduled),
        (Scheduled, Preparing),
        (Scheduled, Cancelled),
        (Scheduled, Failed),
        (Preparing, Draft),
        (Preparing, Scheduled),
        (Preparing, Preparing),
        (Preparing, Ready),
        (Preparing, Published),
        (Preparing, Verify),
        (Preparing, Cancelled),
        (Preparing, Failed),
        (Ready, Draft),
        (Ready, Scheduled),
        (Ready, Preparing),
        (Ready, Publishing),
        (Ready, Cancelled),
        (Ready, Failed),
        (Publishing, Scheduled),
        (Publishing, Preparing),
        (Publishing, Ready),
        (Publishing, Publishing),
        (Publishing, Published),
        (Publishing, Verify),
        (Publishing, Failed),
        (Published, Failed),
        (Failed, Draft),
        (Failed, Scheduled),
        (Cancelled, Draft),
        (Cancelled, Scheduled),
        (Draft, InReview),
        (Scheduled, InReview),
        (Preparing, InReview),
        (Ready, InReview),
        (Failed, InReview),
        (Cancelled, InReview),
        (Expired, Draft),
        (Expired, Scheduled),
        (Expired, InReview),
        (InReview, Draft),
        (InReview, Scheduled),
        (InReview, InReview),
        (InReview, ChangesRequested),
        (InReview, Expired),
        (InReview, Cancelled),
        (ChangesRequested, Draft),
        (ChangesRequested, Scheduled),
        (ChangesRequested, InReview),
        (ChangesRequested, Expired),
        (ChangesRequested, Cancelled),
    ];

    fn post_in(state: PostState) -> Post {
        let content = PostContent {
            account_id: AccountId::new(),
            kind: PostKind::Post,
            media: Vec::new(),
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: false,
            caption: String::new(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: None,
        };
        let mut post = Post::new_draft(UserId::new(), content, NOW);
        post.state = state;
        post.container_id = Some("c".into());
        post.containers_rev = Some(post.content_rev);
        post.containers_at = Some(NOW);
        post
    }

    type Move = fn(&mut Post) -> Result<(), IllegalTransition>;

    /// Each transition method, named by the state it moves to.
    fn moves() -> Vec<(PostState, Move)> {
        vec![
            (Draft, |p| p.make_draft()),
            (Scheduled, |p| p.schedule(NOW)),
            (Scheduled, |p| p.restart(NOW)),
            (Cancelled, |p| p.cancel()),
            (Preparing, |p| p.mark_preparing()),
            (Ready, |p| p.mark_ready()),
            (Publishing, |p| {
                p.start_publishing(NOW, NOW).map_err(|e| match e {
                    PublishBlocked::Illegal(i) => i,
                    other => panic!("{other}"),
                })
            }),
            (Published, |p| p.mark_published(Some("m".into()), NOW)),
            (Verify, |p| p.mark_verify(&["a".into(), "b".into()], NOW)),
            (Failed, |p| p.fail("why".into())),
            (InReview, |p| p.submit_for_review(UserId(uuid::Uuid::nil()))),
            (ChangesRequested, |p| p.request_changes("fix it".into())),
            (Expired, |p| p.expire()),
        ]
    }

    #[test]
    fn the_table_allows_exactly_the_legal_moves() {
        for from in PostState::ALL {
            for to in PostState::ALL {
                assert_eq!(
                    from.can_move_to(to),
                    LEGAL.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
    }

    #[test]
    fn every_legal_move_works_and_every_illegal_one_is_refused() {
        for from in PostState::ALL {
            for (to, apply) in moves() {
                let mut post = post_in(from);
                let before = post.clone();
                let result = apply(&mut post);
                if LEGAL.contains(&(from, to)) {
                    assert_eq!(result, Ok(()), "{from:?} → {to:?}");
                    assert_eq!(post.state, to);
                } else {
                    assert_eq!(result, Err(IllegalTransition { from, to }));
                    assert_eq!(post, before, "a refused move changes nothing");
                }
            }
        }
    }

    #[test]
    fn an_edit_clears_the_work_of_a_failed_post() {
        let mut post = post_in(Failed);
        post.container_id = Some("c".into());
        post.child_containers = vec!["a".into()];
        post.reason = Some("Instagram said no".into());
        post.attempts = 3;
        post.failure_acknowledged = true;
        post.schedule(NOW).unwrap();
        assert_eq!(post.container_id, None);
        assert!(post.child_containers.is_empty());
        assert_eq!(post.reason, None);
        assert_eq!(post.attempts, 0);
        assert!(!post.failure_acknowledged);
        assert_eq!(post.next_action_at, Some(NOW));
    }

    #[test]
    fn publishing_keeps_the_first_start() {
        let mut post = post_in(Ready);
        let first = NOW - time::Duration::hours(1);
        post.publish_started_at = Some(first);
        post.start_publishing(NOW, NOW + time::Duration::seconds(45))
            .unwrap();
        assert_eq!(post.publish_started_at, Some(first));
        assert_eq!(post.next_action_at, Some(NOW + time::Duration::seconds(45)));
    }

    #[test]
    fn verify_lists_the_candidates_and_a_failure_needs_acknowledging() {
        let mut post = post_in(Publishing);
        post.mark_verify(&["https://a".into(), "https://b".into()], NOW)
            .unwrap();
        assert_eq!(post.reason.as_deref(), Some("https://a\nhttps://b"));
        assert_eq!(post.published_at, Some(NOW));
        let mut post = post_in(Ready);
        post.failure_acknowledged = true;
        post.fail("gone".into()).unwrap();
        assert_eq!(post.reason.as_deref(), Some("gone"));
        assert!(!post.failure_acknowledged);
        assert_eq!(post.next_action_at, None);
    }

    #[test]
    fn an_edit_of_a_ready_post_discards_its_containers_and_prepares_again() {
        let mut post = post_in(Ready);
        let mut content = post.content.clone();
        content.caption = "fixed typo".into();
        content.scheduled_at = Some(NOW + time::Duration::hours(1));
        let start = NOW + time::Duration::minutes(55);
        assert_eq!(post.edit_effect(&content), EditEffect::Discarded);
        assert_eq!(post.edit(content, Some(start)), Ok(EditEffect::Discarded));
        assert_eq!(post.state, Scheduled);
        assert!(!post.has_containers());
        assert_eq!((post.content_rev, post.containers_rev), (2, None));
        assert_eq!(post.next_action_at, Some(start));
        assert_eq!(post.content.caption, "fixed typo");
    }

    #[test]
    fn moving_only_the_time_keeps_valid_containers() {
        let mut post = post_in(Ready);
        let mut content = post.content.clone();
        let later = NOW + time::Duration::hours(3);
        content.scheduled_at = Some(later);
        assert_eq!(post.edit(content.clone(), Some(NOW)), Ok(EditEffect::Kept));
        assert_eq!(post.state, Ready);
        assert_eq!(post.next_action_at, Some(later));
        assert!(post.containers_current());
        // Past the containers' lifetime (less the margin) they go.
        content.scheduled_at = Some(NOW + time::Duration::hours(23));
        assert_eq!(post.edit(content, Some(NOW)), Ok(EditEffect::Discarded));
        assert_eq!(post.state, Scheduled);
        assert_eq!(post.content_rev, 1, "the time alone is not new content");
    }

    #[test]
    fn a_post_being_published_cannot_be_edited() {
        let mut post = post_in(Publishing);
        let before = post.clone();
        let mut content = post.content.clone();
        content.caption = "late".into();
        assert_eq!(
            post.edit(content, Some(NOW)),
            Err(IllegalTransition {
                from: Publishing,
                to: Scheduled
            })
        );
        assert_eq!(post, before);
    }

    #[test]
    fn containers_of_older_content_are_never_published() {
        let mut post = post_in(Ready);
        post.content_rev = 2;
        let before = post.clone();
        assert_eq!(
            post.start_publishing(NOW, NOW),
            Err(PublishBlocked::StaleContainers {
                built: Some(1),
                current: 2
            })
        );
        assert_eq!(post, before);
    }

    #[test]
    fn cancelling_a_ready_post_forgets_its_containers() {
        let mut post = post_in(Ready);
        post.cancel().unwrap();
        assert!(!post.has_containers());
        assert_eq!(post.containers_at, None);
    }
}
