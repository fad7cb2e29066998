//! Making, listing and revoking review links; opening one; deciding through
//! one or as a client member.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use time::Duration;
use uuid::Uuid;

use super::link::{
    DECISIONS_PER_HOUR, Decision, MAX_LINKS_PER_WORKSPACE, ReviewLink, ReviewLinkId,
    ReviewLinkProblem, Verdict, chosen_posts, link_label, review_note, valid_days,
};
use super::ports::{InsertOutcome, PostReviewer, ReviewLinkRepo, ReviewRefused, Reviewer};
use crate::account::{Account, AccountRepo};
use crate::audit::{AuditEvent, AuditKind, AuditRepo};
use crate::crypto::SecretMinter;
use crate::posts::{Post, PostFilter, PostId, PostRepo, PostState};
use crate::store_error::StoreError;
use crate::user::UserRepo;
use crate::workspaces::{Access, Capability, Forbidden};
use crate::{Clock, Language, RequestContext, TimeZone, UserId};

#[derive(Debug, thiserror::Error)]
pub enum ClientReviewError {
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such link or post among the workspace's (or the member's accounts).
    #[error("not found")]
    NotFound,
    /// Unknown, expired or revoked link: all the same to whoever holds it.
    #[error("this review link no longer works")]
    Gone,
    #[error("too many decisions through this link; try again in an hour")]
    RateLimited,
    /// The post is past reviewing (published, publishing, …).
    #[error("the post cannot be reviewed in its state")]
    WrongState,
    #[error(transparent)]
    Invalid(#[from] ReviewLinkProblem),
    #[error("{0}")]
    Failed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ReviewRefused> for ClientReviewError {
    fn from(r: ReviewRefused) -> Self {
        match r {
            ReviewRefused::NotFound => ClientReviewError::NotFound,
            ReviewRefused::WrongState => ClientReviewError::WrongState,
            ReviewRefused::Failed(s) => ClientReviewError::Failed(s),
        }
    }
}

/// A new link and its secret, shown once.
pub struct NewReviewLink {
    pub link: ReviewLink,
    pub secret: SecretString,
    /// How many of its posts now wait for review (when asked to hold them).
    pub held: usize,
}

/// A link in the workspace's list.
pub struct LinkSummary {
    pub link: ReviewLink,
    pub decisions: Vec<Decision>,
}

/// What an open link shows: its posts with their accounts and decisions, in
/// the language of who made it and the workspace's time zone.
pub struct OpenReview {
    pub link: ReviewLink,
    pub language: Language,
    pub time_zone: TimeZone,
    pub posts: Vec<(Post, Account)>,
    pub decisions: Vec<Decision>,
}

/// Whether a post waits for a reviewer's decision: it is in review (a post
/// sent back for changes waits for its author, not the reviewer).
pub fn awaits_review(p: &Post) -> bool {
    p.state == PostState::InReview
}

/// Posts a reviewer sees as "upcoming": scheduled and not yet published.
fn upcoming(p: &Post) -> bool {
    matches!(
        p.state,
        PostState::Scheduled | PostState::Preparing | PostState::Ready
    )
}

#[derive(Clone)]
pub struct ClientReviewService {
    links: Arc<dyn ReviewLinkRepo>,
    posts: Arc<dyn PostRepo>,
    accounts: Arc<dyn AccountRepo>,
    users: Arc<dyn UserRepo>,
    audit: Arc<dyn AuditRepo>,
    reviewer: Arc<dyn PostReviewer>,
    minter: Arc<dyn SecretMinter>,
    clock: Arc<dyn Clock>,
}

/// The repositories the service reads and writes.
pub struct ClientReviewStorage {
    pub links: Arc<dyn ReviewLinkRepo>,
    pub posts: Arc<dyn PostRepo>,
    pub accounts: Arc<dyn AccountRepo>,
    pub users: Arc<dyn UserRepo>,
    pub audit: Arc<dyn AuditRepo>,
}

impl ClientReviewService {
    pub fn new(
        s: ClientReviewStorage,
        reviewer: Arc<dyn PostReviewer>,
        minter: Arc<dyn SecretMinter>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            links: s.links,
            posts: s.posts,
            accounts: s.accounts,
            users: s.users,
            audit: s.audit,
            reviewer,
            minter,
            clock,
        }
    }

    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    async fn audit(
        &self,
        user: UserId,
        kind: AuditKind,
        ctx: &RequestContext,
        detail: String,
    ) -> Result<(), ClientReviewError> {
        let e = AuditEvent::new(self.clock.now(), Some(user), kind, ctx, detail);
        self.audit.insert_audit(&e).await?;
        Ok(())
    }

    /// The workspace's post `id` if the member may see its account.
    async fn visible_post(&self, access: &Access, id: PostId) -> Result<Post, ClientReviewError> {
        match self.posts.post(access.owner(), id).await? {
            Some(p) if access.sees_account(p.content.account_id) => Ok(p),
            _ => Err(ClientReviewError::NotFound),
        }
    }

    /// A link to `posts` (the workspace's, on accounts the member sees) for
    /// `label`, working `days` days. Needs `publish`. With `hold`, each post
    /// with a time is sent for review too, so that it is published only once
    /// the client (or an approver) approves it.
    pub async fn create(
        &self,
        access: &Access,
        posts: &[PostId],
        label: &str,
        days: i64,
        hold: bool,
        ctx: &RequestContext,
    ) -> Result<NewReviewLink, ClientReviewError> {
        access.require(Capability::Publish)?;
        let label = link_label(label)?;
        let days = valid_days(days)?;
        let posts = chosen_posts(posts)?;
        for id in &posts {
            self.visible_post(access, *id).await?;
        }
        let secret = self.minter.mint();
        let now = self.clock.now();
        let link = ReviewLink {
            id: ReviewLinkId(Uuid::now_v7()),
            owner: access.owner(),
            posts,
            digest: self.minter.digest(secret.expose_secret()),
            label,
            created_by: Some(access.user),
            created_at: now,
            expires_at: now + Duration::days(days),
            revoked_at: None,
        };
        match self
            .links
            .insert_review_link(&link, MAX_LINKS_PER_WORKSPACE, now)
            .await?
        {
            InsertOutcome::Stored => {}
            InsertOutcome::TooMany => {
                return Err(ReviewLinkProblem::TooManyLinks {
                    max: MAX_LINKS_PER_WORKSPACE,
                }
                .into());
            }
            InsertOutcome::PostMissing => return Err(ClientReviewError::NotFound),
        }
        self.audit(
            access.user,
            AuditKind::ReviewLinkCreated,
            ctx,
            format!("{} ({} posts, {days} days)", link.label, link.posts.len()),
        )
        .await?;
        let mut held = 0;
        if hold {
            for id in &link.posts {
                if self.reviewer.hold_for_review(access, *id, ctx).await? {
                    held += 1;
                }
            }
        }
        Ok(NewReviewLink { link, secret, held })
    }

    /// The workspace's links, newest first, with their decisions.
    pub async fn list(&self, access: &Access) -> Result<Vec<LinkSummary>, ClientReviewError> {
        access.require(Capability::Publish)?;
        let mut out = Vec::new();
        for link in self.links.review_links(access.owner()).await? {
            let decisions = self.links.decisions(link.id).await?;
            out.push(LinkSummary { link, decisions });
        }
        Ok(out)
    }

    /// One of the workspace's links.
    pub async fn get(
        &self,
        access: &Access,
        id: ReviewLinkId,
    ) -> Result<LinkSummary, ClientReviewError> {
        access.require(Capability::Publish)?;
        let link = self
            .links
            .review_link(access.owner(), id)
            .await?
            .ok_or(ClientReviewError::NotFound)?;
        let decisions = self.links.decisions(link.id).await?;
        Ok(LinkSummary { link, decisions })
    }

    /// Revokes a link: it stops working at once.
    pub async fn revoke(
        &self,
        access: &Access,
        id: ReviewLinkId,
        ctx: &RequestContext,
    ) -> Result<(), ClientReviewError> {
        access.require(Capability::Publish)?;
        let link = self
            .links
            .review_link(access.owner(), id)
            .await?
            .ok_or(ClientReviewError::NotFound)?;
        if !self
            .links
            .revoke_review_link(access.owner(), id, self.clock.now())
            .await?
        {
            return Err(ClientReviewError::NotFound);
        }
        self.audit(
            access.user,
            AuditKind::ReviewLinkRevoked,
            ctx,
            link.label.clone(),
        )
        .await
    }

    /// The link a secret opens, if it still works.
    async fn resolve(&self, secret: &str) -> Result<ReviewLink, ClientReviewError> {
        // The minter's secrets are short; anything long is not one of ours.
        if secret.is_empty() || secret.len() > 128 {
            return Err(ClientReviewError::Gone);
        }
        let digest = self.minter.digest(secret);
        match self.links.review_link_by_digest(&digest).await? {
            Some(l) if l.works(self.clock.now()) => Ok(l),
            _ => Err(ClientReviewError::Gone),
        }
    }

    /// What a secret opens; [`ClientReviewError::Gone`] for an unknown,
    /// expired or revoked one alike.
    pub async fn open(&self, secret: &str) -> Result<OpenReview, ClientReviewError> {
        let link = self.resolve(secret).await?;
        let Some(owner) = self.users.user_by_id(link.owner).await? else {
            return Err(ClientReviewError::Gone);
        };
        let language = match link.created_by {
            Some(id) => self
                .users
                .user_by_id(id)
                .await?
                .map_or(owner.language, |u| u.language),
            None => owner.language,
        };
        let mut posts = Vec::with_capacity(link.posts.len());
        for id in &link.posts {
            let Some(p) = self.posts.post(link.owner, *id).await? else {
                continue;
            };
            if let Some(a) = self
                .accounts
                .account(link.owner, p.content.account_id)
                .await?
            {
                posts.push((p, a));
            }
        }
        let decisions = self.links.decisions(link.id).await?;
        Ok(OpenReview {
            link,
            language,
            time_zone: owner.time_zone,
            posts,
            decisions,
        })
    }

    /// A client's decision through a link about one of its posts: checked,
    /// counted against the link's hourly limit, handed to the approval use
    /// case, recorded with the link's label and audited.
    pub async fn decide_by_link(
        &self,
        secret: &str,
        post: PostId,
        verdict: Verdict,
        note: &str,
        ctx: &RequestContext,
    ) -> Result<Decision, ClientReviewError> {
        let link = self.resolve(secret).await?;
        if !link.posts.contains(&post) {
            return Err(ClientReviewError::NotFound);
        }
        let note = match verdict {
            Verdict::Approved => None,
            Verdict::ChangesRequested => Some(review_note(note)?),
        };
        let now = self.clock.now();
        if !self
            .links
            .take_decision_slot(link.id, now, DECISIONS_PER_HOUR)
            .await?
        {
            return Err(ClientReviewError::RateLimited);
        }
        let by = Reviewer::Link {
            id: link.id,
            label: link.label.clone(),
        };
        match (&note, verdict) {
            (Some(n), Verdict::ChangesRequested) => {
                self.reviewer
                    .request_changes(link.owner, post, &by, n, ctx)
                    .await?
            }
            _ => self.reviewer.approve(link.owner, post, &by, ctx).await?,
        }
        let decision = Decision {
            link: link.id,
            post,
            verdict,
            note,
            decided_at: now,
        };
        if !self.links.record_decision(&decision).await? {
            // The post left the link (deleted) meanwhile.
            return Err(ClientReviewError::NotFound);
        }
        self.audit(
            link.owner,
            AuditKind::ReviewDecisionMade,
            ctx,
            format!("{}: {} {}", link.label, verdict.as_str(), post),
        )
        .await?;
        Ok(decision)
    }

    /// The posts a client member reviews: those of their accounts awaiting
    /// review first (oldest first), then those sent back for changes, then
    /// the upcoming scheduled ones.
    pub async fn member_queue(
        &self,
        access: &Access,
    ) -> Result<Vec<(Post, Account)>, ClientReviewError> {
        access.require(Capability::Approve)?;
        let all = self
            .posts
            .list_posts(
                access.owner(),
                &PostFilter {
                    states: vec![
                        PostState::InReview,
                        PostState::ChangesRequested,
                        PostState::Scheduled,
                        PostState::Preparing,
                        PostState::Ready,
                    ],
                    limit: 500,
                    ..PostFilter::default()
                },
            )
            .await?;
        let now = self.clock.now();
        let mine = |p: &&Post| access.sees_account(p.content.account_id);
        let waiting = all.iter().filter(mine).filter(|p| awaits_review(p));
        let changing = all
            .iter()
            .filter(mine)
            .filter(|p| p.state == PostState::ChangesRequested);
        let later = all
            .iter()
            .filter(mine)
            .filter(|p| upcoming(p) && p.content.scheduled_at.is_some_and(|t| t > now));
        let chosen: Vec<&Post> = waiting.chain(changing).chain(later).collect();
        self.with_accounts(access, chosen).await
    }

    /// The posts a link can be made of: the workspace's drafts and
    /// scheduled posts not yet published, on the accounts the member sees,
    /// in their order of time. Needs `publish`.
    pub async fn shareable_posts(
        &self,
        access: &Access,
    ) -> Result<Vec<(Post, Account)>, ClientReviewError> {
        access.require(Capability::Publish)?;
        let all = self
            .posts
            .list_posts(
                access.owner(),
                &PostFilter {
                    states: vec![
                        PostState::InReview,
                        PostState::ChangesRequested,
                        PostState::Draft,
                        PostState::Scheduled,
                        PostState::Preparing,
                        PostState::Ready,
                    ],
                    limit: 500,
                    ..PostFilter::default()
                },
            )
            .await?;
        let chosen: Vec<&Post> = all
            .iter()
            .filter(|p| access.sees_account(p.content.account_id))
            .collect();
        self.with_accounts(access, chosen).await
    }

    /// Each post with its account (posts of a vanished account left out).
    async fn with_accounts(
        &self,
        access: &Access,
        posts: Vec<&Post>,
    ) -> Result<Vec<(Post, Account)>, ClientReviewError> {
        let mut out = Vec::new();
        let mut accounts: Vec<Account> = Vec::new();
        for p in posts {
            let a = match accounts.iter().find(|a| a.id == p.content.account_id) {
                Some(a) => a.clone(),
                None => match self
                    .accounts
                    .account(access.owner(), p.content.account_id)
                    .await?
                {
                    Some(a) => {
                        accounts.push(a.clone());
                        a
                    }
                    None => continue,
                },
            };
            out.push((p.clone(), a));
        }
        Ok(out)
    }

    /// A member's decision (role with `approve`, on an account they see).
    pub async fn decide_as_member(
        &self,
        access: &Access,
        username: &str,
        post: PostId,
        verdict: Verdict,
        note: &str,
        ctx: &RequestContext,
    ) -> Result<(), ClientReviewError> {
        access.require(Capability::Approve)?;
        self.visible_post(access, post).await?;
        let by = Reviewer::Member {
            user: access.user,
            username: username.to_string(),
        };
        match verdict {
            Verdict::Approved => {
                self.reviewer
                    .approve(access.owner(), post, &by, ctx)
                    .await?
            }
            Verdict::ChangesRequested => {
                let note = review_note(note)?;
                self.reviewer
                    .request_changes(access.owner(), post, &by, &note, ctx)
                    .await?
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::account::MockAccountRepo;
    use crate::audit::MockAuditRepo;
    use crate::client_review::{MockPostReviewer, MockReviewLinkRepo};
    use crate::crypto::{MockSecretMinter, TokenDigest};
    use crate::posts::MockPostRepo;
    use crate::user::MockUserRepo;
    use crate::workspaces::{AccountScope, MemberRole, WorkspaceId};
    use time::OffsetDateTime;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-07 12:00 UTC);

    struct Fixed;
    impl Clock for Fixed {
        fn now(&self) -> OffsetDateTime {
            NOW
        }
    }

    fn minter() -> MockSecretMinter {
        let mut m = MockSecretMinter::new();
        m.expect_digest()
            .returning(|s: &str| TokenDigest(format!("d:{s}")));
        m
    }

    /// A service over the given mocks; the ones not given panic if called.
    fn service(
        links: MockReviewLinkRepo,
        reviewer: MockPostReviewer,
        audit: MockAuditRepo,
    ) -> ClientReviewService {
        ClientReviewService::new(
            ClientReviewStorage {
                links: Arc::new(links),
                posts: Arc::new(MockPostRepo::new()),
                accounts: Arc::new(MockAccountRepo::new()),
                users: Arc::new(MockUserRepo::new()),
                audit: Arc::new(audit),
            },
            Arc::new(reviewer),
            Arc::new(minter()),
            Arc::new(Fixed),
        )
    }

    fn access(role: MemberRole) -> Access {
        Access {
            user: UserId::new(),
            workspace: WorkspaceId(Uuid::now_v7()),
            role,
            accounts: AccountScope::All,
        }
    }

    fn link(post: PostId) -> ReviewLink {
        ReviewLink {
            id: ReviewLinkId(Uuid::now_v7()),
            owner: UserId::new(),
            posts: vec![post],
            digest: TokenDigest("d:secret".into()),
            label: "Acme".into(),
            created_by: None,
            created_at: NOW - Duration::days(1),
            expires_at: NOW + Duration::days(1),
            revoked_at: None,
        }
    }

    fn ctx() -> RequestContext {
        RequestContext::new("203.0.113.5", None)
    }

    #[tokio::test]
    async fn only_publishers_make_links_and_input_is_checked_first() {
        let svc = service(
            MockReviewLinkRepo::new(),
            MockPostReviewer::new(),
            MockAuditRepo::new(),
        );
        let post = [PostId::new()];
        for role in [
            MemberRole::Contributor,
            MemberRole::Viewer,
            MemberRole::Client,
        ] {
            assert!(matches!(
                svc.create(&access(role), &post, "Acme", 7, false, &ctx())
                    .await,
                Err(ClientReviewError::Forbidden(_))
            ));
        }
        let editor = access(MemberRole::Editor);
        assert!(matches!(
            svc.create(&editor, &post, "  ", 7, false, &ctx()).await,
            Err(ClientReviewError::Invalid(ReviewLinkProblem::LabelEmpty))
        ));
        assert!(matches!(
            svc.create(&editor, &post, "Acme", 31, false, &ctx()).await,
            Err(ClientReviewError::Invalid(
                ReviewLinkProblem::ValidDays { .. }
            ))
        ));
        assert!(matches!(
            svc.create(&editor, &[], "Acme", 7, false, &ctx()).await,
            Err(ClientReviewError::Invalid(ReviewLinkProblem::NoPosts))
        ));
        assert!(matches!(
            svc.list(&access(MemberRole::Client)).await,
            Err(ClientReviewError::Forbidden(_))
        ));
    }

    #[tokio::test]
    async fn unknown_expired_and_revoked_links_are_all_gone() {
        let post = PostId::new();
        let expired = ReviewLink {
            expires_at: NOW,
            ..link(post)
        };
        let revoked = ReviewLink {
            revoked_at: Some(NOW - Duration::minutes(1)),
            ..link(post)
        };
        let mut links = MockReviewLinkRepo::new();
        links.expect_review_link_by_digest().returning(move |d| {
            Ok(match d.0.as_str() {
                "d:expired" => Some(expired.clone()),
                "d:revoked" => Some(revoked.clone()),
                _ => None,
            })
        });
        let svc = service(links, MockPostReviewer::new(), MockAuditRepo::new());
        for secret in ["expired", "revoked", "unknown", ""] {
            assert!(matches!(
                svc.open(secret).await,
                Err(ClientReviewError::Gone)
            ));
            assert!(matches!(
                svc.decide_by_link(secret, post, Verdict::Approved, "", &ctx())
                    .await,
                Err(ClientReviewError::Gone)
            ));
        }
        let long = "x".repeat(129);
        assert!(matches!(
            svc.open(&long).await,
            Err(ClientReviewError::Gone)
        ));
    }

    #[tokio::test]
    async fn the_rate_limit_refuses_before_anything_is_decided() {
        let post = PostId::new();
        let l = link(post);
        let mut links = MockReviewLinkRepo::new();
        let found = l.clone();
        links
            .expect_review_link_by_digest()
            .returning(move |_| Ok(Some(found.clone())));
        links
            .expect_take_decision_slot()
            .withf(move |id, now, max| *id == l.id && *now == NOW && *max == DECISIONS_PER_HOUR)
            .times(1)
            .returning(|_, _, _| Ok(false));
        // No reviewer, no record, no audit: their mocks panic if called.
        let svc = service(links, MockPostReviewer::new(), MockAuditRepo::new());
        assert!(matches!(
            svc.decide_by_link("secret", post, Verdict::Approved, "", &ctx())
                .await,
            Err(ClientReviewError::RateLimited)
        ));
    }

    #[tokio::test]
    async fn posts_outside_the_link_and_empty_notes_take_no_slot() {
        let post = PostId::new();
        let l = link(post);
        let mut links = MockReviewLinkRepo::new();
        links
            .expect_review_link_by_digest()
            .returning(move |_| Ok(Some(l.clone())));
        let svc = service(links, MockPostReviewer::new(), MockAuditRepo::new());
        assert!(matches!(
            svc.decide_by_link("secret", PostId::new(), Verdict::Approved, "", &ctx())
                .await,
            Err(ClientReviewError::NotFound)
        ));
        assert!(matches!(
            svc.decide_by_link("secret", post, Verdict::ChangesRequested, " \n", &ctx())
                .await,
            Err(ClientReviewError::Invalid(ReviewLinkProblem::NoteEmpty))
        ));
    }

    #[tokio::test]
    async fn a_decision_is_handed_over_recorded_and_audited() {
        let post = PostId::new();
        let l = link(post);
        let (id, owner) = (l.id, l.owner);
        let mut links = MockReviewLinkRepo::new();
        links
            .expect_review_link_by_digest()
            .returning(move |_| Ok(Some(l.clone())));
        links
            .expect_take_decision_slot()
            .returning(|_, _, _| Ok(true));
        links
            .expect_record_decision()
            .withf(move |d| {
                d.link == id
                    && d.post == post
                    && d.verdict == Verdict::ChangesRequested
                    && d.note.as_deref() == Some("Brighter")
                    && d.decided_at == NOW
            })
            .times(1)
            .returning(|_| Ok(true));
        let mut reviewer = MockPostReviewer::new();
        reviewer
            .expect_request_changes()
            .withf(move |o, p, by, note, _| {
                *o == owner
                    && *p == post
                    && *by
                        == Reviewer::Link {
                            id,
                            label: "Acme".into(),
                        }
                    && note == "Brighter"
            })
            .times(1)
            .returning(|_, _, _, _, _| Ok(()));
        let mut audit = MockAuditRepo::new();
        audit
            .expect_insert_audit()
            .withf(move |e| {
                e.kind == AuditKind::ReviewDecisionMade
                    && e.user_id == Some(owner)
                    && e.detail.starts_with("Acme: changes_requested")
            })
            .times(1)
            .returning(|_| Ok(()));
        let svc = service(links, reviewer, audit);
        let d = svc
            .decide_by_link(
                "secret",
                post,
                Verdict::ChangesRequested,
                " Brighter ",
                &ctx(),
            )
            .await
            .unwrap();
        assert_eq!(d.note.as_deref(), Some("Brighter"));
    }

    #[tokio::test]
    async fn a_refusal_of_the_approval_use_case_records_nothing() {
        let post = PostId::new();
        let l = link(post);
        let mut links = MockReviewLinkRepo::new();
        links
            .expect_review_link_by_digest()
            .returning(move |_| Ok(Some(l.clone())));
        links
            .expect_take_decision_slot()
            .returning(|_, _, _| Ok(true));
        let mut reviewer = MockPostReviewer::new();
        reviewer
            .expect_approve()
            .returning(|_, _, _, _| Err(ReviewRefused::WrongState));
        let svc = service(links, reviewer, MockAuditRepo::new());
        assert!(matches!(
            svc.decide_by_link("secret", post, Verdict::Approved, "", &ctx())
                .await,
            Err(ClientReviewError::WrongState)
        ));
    }
}
