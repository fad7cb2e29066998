//! The post state machine, in one place: every change of [`Post::state`]
//! goes through a method here, and each method refuses a move the table
//! ([`PostState::can_move_to`]) does not allow. Use cases and the publisher
//! decide *when* to move; this module decides *whether* the move exists and
//! what travels with it (containers cleared, reason kept, times stamped).

use time::OffsetDateTime;

use super::{Post, PostContent, PostId, PostState};
use crate::UserId;

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
    /// The user edits (draft ↔ scheduled, and back from failed or
    /// cancelled) and cancels until publishing starts. The worker moves
    /// active posts forward (scheduled → preparing → ready → publishing →
    /// published), back to `scheduled` when containers must be made again,
    /// back to `preparing`/`ready` when Instagram says the container is not
    /// done or the publish call was refused, to `verify` when a crash left
    /// it unsure which media is ours, and to `failed`. A published post
    /// whose follow-up steps find the account gone is marked failed, as it
    /// always was.
    pub fn can_move_to(self, to: PostState) -> bool {
        use PostState::*;
        match self {
            Draft => matches!(to, Draft | Scheduled | Cancelled),
            Failed | Cancelled => matches!(to, Draft | Scheduled),
            Scheduled => matches!(to, Draft | Scheduled | Preparing | Cancelled | Failed),
            Preparing => matches!(
                to,
                Scheduled | Preparing | Ready | Published | Verify | Cancelled | Failed
            ),
            Ready => matches!(to, Scheduled | Preparing | Publishing | Cancelled | Failed),
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

    /// What an edit starts from: no containers, no hold, no failure.
    fn clear_work(&mut self) {
        self.child_containers.clear();
        self.container_id = None;
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

    /// The user's cancel: the worker leaves the post alone.
    pub fn cancel(&mut self) -> Result<(), IllegalTransition> {
        self.move_to(PostState::Cancelled)?;
        self.next_action_at = None;
        self.hold = None;
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
    pub fn start_publishing(
        &mut self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
    ) -> Result<(), IllegalTransition> {
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
        self.container_id = None;
        self.child_containers.clear();
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
        (Preparing, Scheduled),
        (Preparing, Preparing),
        (Preparing, Ready),
        (Preparing, Published),
        (Preparing, Verify),
        (Preparing, Cancelled),
        (Preparing, Failed),
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
            (Publishing, |p| p.start_publishing(NOW, NOW)),
            (Published, |p| p.mark_published(Some("m".into()), NOW)),
            (Verify, |p| p.mark_verify(&["a".into(), "b".into()], NOW)),
            (Failed, |p| p.fail("why".into())),
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
}
