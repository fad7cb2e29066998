//! The approval use cases on the in-memory store, in a shared workspace
//! with one member per role: who may submit, approve and ask for changes,
//! every refusal, the expiry sweep (also with two sweepers), team notes
//! with mentions, and who is told what.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::approvals::{
    ApprovalError, ApprovalNotifier, ApprovalService, NoteProblem, Reviewer,
};
use socialflow_core::audit::AuditKind;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::notifications::{NewNotification, NotificationKind, ReviewEvent};
use socialflow_core::posts::{
    MediaClass, Post, PostEvent, PostId, PostInput, PostKind, PostService, PostState,
};
use socialflow_core::storage::{AccountRepo, AuditRepo, PostRepo, Store, UserRepo};
use socialflow_core::user::Role;
use socialflow_core::workspaces::{
    Accepted, Access, AccountScope, Invitation, InvitationId, MemberRole, Workspace, WorkspaceId,
    WorkspaceRepo,
};
use socialflow_core::{Clock, Language, RequestContext, TimeZone, User, UserId, Username};
use socialflow_fakes::{FakePostMedia, ManualClock, MemoryStore};
use time::Duration;
use time::macros::datetime;
use uuid::Uuid;

#[derive(Default)]
struct Told(Mutex<Vec<NewNotification>>);

#[async_trait]
impl ApprovalNotifier for Told {
    async fn notify(&self, n: NewNotification) {
        self.0.lock().unwrap().push(n);
    }
}

impl Told {
    /// (recipient, event) of everything told since the last call.
    fn take(&self) -> Vec<(UserId, ReviewEvent)> {
        let mut all = self.0.lock().unwrap();
        let out = all
            .iter()
            .map(|n| {
                assert_eq!(n.kind, NotificationKind::Approval);
                assert!(n.link.starts_with("/content/"));
                (n.owner, n.figures.review.unwrap())
            })
            .collect();
        all.clear();
        out
    }
}

struct Team {
    store: Arc<MemoryStore>,
    clock: Arc<ManualClock>,
    media: Arc<FakePostMedia>,
    approvals: ApprovalService,
    told: Arc<Told>,
    workspace: WorkspaceId,
    account: AccountId,
    owner: Access,
    editor: Access,
    contributor: Access,
    viewer: Access,
    client: Access,
}

fn person(name: &str, now: time::OffsetDateTime) -> User {
    User {
        id: UserId::new(),
        username: Username::parse(name).unwrap(),
        password_hash: socialflow_core::password::PasswordHash("$2b$12$x".into()),
        role: Role::User,
        language: Language::En,
        time_zone: TimeZone::default(),
        created_at: now,
        updated_at: now,
    }
}

async fn team() -> Team {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::new(datetime!(2026-12-07 09:00 UTC)));
    let now = clock.now();
    let media = Arc::new(FakePostMedia::new());
    let id = Uuid::now_v7();
    let principal = User {
        id: UserId(id),
        username: Username::for_workspace(id),
        password_hash: socialflow_core::password::PasswordHash("!".into()),
        role: Role::Workspace,
        language: Language::En,
        time_zone: TimeZone::default(),
        created_at: now,
        updated_at: now,
    };
    let ws = WorkspaceId(id);
    let olga = person("olga", now);
    store.insert_user(&olga).await.unwrap();
    let workspace = Workspace {
        id: ws,
        name: "Agency".into(),
        personal: false,
        created_at: now,
    };
    assert!(
        store
            .create_workspace(&principal, &workspace, olga.id, 20)
            .await
            .unwrap()
    );
    let account = Account {
        id: AccountId::new(),
        owner: ws.owner(),
        ig_user_id: "ig-1".into(),
        app_scoped_id: "app-1".into(),
        profile: AccountProfile {
            username: "shop".into(),
            ..AccountProfile::default()
        },
        token: AccountToken {
            ciphertext: EncryptedToken(vec![1]),
            expires_at: now + Duration::days(60),
            refreshed_at: now,
            scopes: vec![],
        },
        status: AccountStatus::Active,
        status_detail: None,
        connected_at: now,
        profile_fetched_at: now,
    };
    store.insert_account(&account).await.unwrap();
    let mut accesses = Vec::new();
    for (name, role) in [
        ("erik", MemberRole::Editor),
        ("carl", MemberRole::Contributor),
        ("vera", MemberRole::Viewer),
        ("cleo", MemberRole::Client),
    ] {
        let u = person(name, now);
        store.insert_user(&u).await.unwrap();
        let scope = if role == MemberRole::Client {
            AccountScope::Only(vec![account.id])
        } else {
            AccountScope::All
        };
        let inv = Invitation {
            id: InvitationId(Uuid::now_v7()),
            workspace: ws,
            role,
            accounts: scope.clone(),
            email: None,
            digest: TokenDigest(format!("{name:0>64}")),
            created_by: olga.id,
            created_at: now,
            expires_at: now + Duration::days(7),
            used_at: None,
            used_by: None,
            revoked_at: None,
        };
        assert!(store.insert_invitation(&inv, 50, now).await.unwrap());
        let joined = store
            .accept_invitation(&inv.digest, u.id, now, 200)
            .await
            .unwrap();
        assert!(matches!(joined, Accepted::Joined(_)), "{joined:?}");
        accesses.push(Access {
            user: u.id,
            workspace: ws,
            role,
            accounts: scope,
        });
    }
    let dyn_store: Arc<dyn Store> = store.clone();
    let posts = PostService::new(
        dyn_store.clone(),
        dyn_store.clone(),
        dyn_store.clone(),
        media.clone(),
        clock.clone(),
    );
    let told = Arc::new(Told::default());
    let approvals = ApprovalService::new(
        posts,
        dyn_store.clone(),
        dyn_store.clone(),
        dyn_store.clone(),
        dyn_store,
        told.clone(),
        clock.clone(),
    );
    let owner = Access {
        user: olga.id,
        workspace: ws,
        role: MemberRole::Owner,
        accounts: AccountScope::All,
    };
    let mut it = accesses.into_iter();
    Team {
        store,
        clock,
        media,
        approvals,
        told,
        workspace: ws,
        account: account.id,
        owner,
        editor: it.next().unwrap(),
        contributor: it.next().unwrap(),
        viewer: it.next().unwrap(),
        client: it.next().unwrap(),
    }
}

impl Team {
    fn input(&self, at: Option<time::OffsetDateTime>) -> PostInput {
        let facts = FakePostMedia::default_facts(MediaClass::Image);
        let media =
            vec![
                self.media
                    .add_measured(self.workspace.owner(), facts, "https://cdn.test/a.jpg"),
            ];
        PostInput {
            account_id: self.account,
            kind: PostKind::Post,
            media,
            cover: None,
            thumb_offset_ms: None,
            share_to_feed: true,
            caption: "New menu".into(),
            hashtags: String::new(),
            first_comment: None,
            collaborators: Vec::new(),
            location_id: None,
            alt_text: None,
            user_tags: Vec::new(),
            options: Default::default(),
            scheduled_at: at,
        }
    }

    fn at(&self, hours: i64) -> time::OffsetDateTime {
        self.clock.now() + Duration::hours(hours)
    }

    async fn submitted(&self) -> Post {
        let (post, _) = self
            .approvals
            .create(&self.contributor, self.input(Some(self.at(3))), &ctx())
            .await
            .unwrap();
        self.told.take();
        post
    }

    async fn stored(&self, id: PostId) -> Post {
        self.store
            .post(self.workspace.owner(), id)
            .await
            .unwrap()
            .unwrap()
    }

    async fn events(&self, id: PostId) -> Vec<PostEvent> {
        self.store
            .post_log(self.workspace.owner(), id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect()
    }

    async fn audit_kinds(&self) -> Vec<AuditKind> {
        self.store
            .audit_for_user(self.workspace.owner(), 100)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }
}

fn ctx() -> RequestContext {
    RequestContext::cli()
}

fn member(a: &Access) -> Reviewer {
    Reviewer::Member(a.clone())
}

#[tokio::test]
async fn a_contributors_post_with_a_time_waits_for_review_and_approvers_are_told() {
    let t = team().await;
    let (post, _) = t
        .approvals
        .create(&t.contributor, t.input(Some(t.at(3))), &ctx())
        .await
        .unwrap();
    assert_eq!(post.state, PostState::InReview);
    assert_eq!(post.next_action_at, None, "nothing for the worker");
    assert_eq!(post.submitted_by, Some(t.contributor.user));
    assert_eq!(t.stored(post.id).await, post);
    assert_eq!(
        t.events(post.id).await,
        vec![PostEvent::Created, PostEvent::Submitted]
    );
    assert!(t.audit_kinds().await.contains(&AuditKind::PostSubmitted));
    let mut told = t.told.take();
    told.sort();
    let mut approvers = vec![
        (t.owner.user, ReviewEvent::Submitted),
        (t.editor.user, ReviewEvent::Submitted),
        (t.client.user, ReviewEvent::Submitted),
    ];
    approvers.sort();
    assert_eq!(told, approvers, "those who may approve the account's posts");

    // A draft (no time) is just a draft.
    let (draft, _) = t
        .approvals
        .create(&t.contributor, t.input(None), &ctx())
        .await
        .unwrap();
    assert_eq!(draft.state, PostState::Draft);
    assert!(t.told.take().is_empty());
}

#[tokio::test]
async fn roles_that_may_publish_schedule_directly_and_others_may_not_draft() {
    let t = team().await;
    let (post, _) = t
        .approvals
        .create(&t.editor, t.input(Some(t.at(3))), &ctx())
        .await
        .unwrap();
    assert_eq!(post.state, PostState::Scheduled);
    assert!(t.told.take().is_empty());
    for who in [&t.viewer, &t.client] {
        assert!(matches!(
            t.approvals
                .create(who, t.input(Some(t.at(3))), &ctx())
                .await,
            Err(ApprovalError::Forbidden(_))
        ));
    }
    // An editor may still choose to send it for review.
    let sent = t
        .approvals
        .submit(&t.editor, post.id, &ctx())
        .await
        .unwrap();
    assert_eq!(sent.state, PostState::InReview);
    assert!(matches!(
        t.approvals.submit(&t.editor, post.id, &ctx()).await,
        Err(ApprovalError::WrongState(PostState::InReview))
    ));
    let (draft, _) = t
        .approvals
        .create(&t.editor, t.input(None), &ctx())
        .await
        .unwrap();
    assert!(matches!(
        t.approvals.submit(&t.contributor, draft.id, &ctx()).await,
        Err(ApprovalError::NoTime)
    ));
}

#[tokio::test]
async fn approving_schedules_the_post_and_tells_its_author() {
    let t = team().await;
    let post = t.submitted().await;
    for who in [&t.contributor, &t.viewer] {
        assert!(matches!(
            t.approvals.approve(&member(who), post.id, &ctx()).await,
            Err(ApprovalError::Forbidden(_))
        ));
    }
    assert_eq!(t.stored(post.id).await.state, PostState::InReview);
    let approved = t
        .approvals
        .approve(&member(&t.editor), post.id, &ctx())
        .await
        .unwrap();
    assert_eq!(approved.state, PostState::Scheduled);
    assert_eq!(
        approved.next_action_at,
        Some(t.at(3) - Duration::minutes(5)),
        "the worker starts at the image lead"
    );
    assert_eq!(t.stored(post.id).await, approved);
    assert_eq!(
        t.told.take(),
        vec![(t.contributor.user, ReviewEvent::Approved)]
    );
    let events = t.events(post.id).await;
    assert!(events.ends_with(&[PostEvent::Approved, PostEvent::Scheduled]));
    assert!(t.audit_kinds().await.contains(&AuditKind::PostApproved));
    assert!(matches!(
        t.approvals
            .approve(&member(&t.owner), post.id, &ctx())
            .await,
        Err(ApprovalError::WrongState(PostState::Scheduled))
    ));
    // The author may approve their own (an editor who sent it).
    let (own, _) = t
        .approvals
        .create(&t.editor, t.input(Some(t.at(4))), &ctx())
        .await
        .unwrap();
    t.approvals.submit(&t.editor, own.id, &ctx()).await.unwrap();
    let own = t
        .approvals
        .approve(&member(&t.editor), own.id, &ctx())
        .await
        .unwrap();
    assert_eq!(own.state, PostState::Scheduled);
}

#[tokio::test]
async fn changes_requested_go_back_to_the_author_who_edits_and_resubmits() {
    let t = team().await;
    let post = t.submitted().await;
    for (note, problem) in [
        ("   ", NoteProblem::Empty),
        (
            &"я".repeat(2_001)[..],
            NoteProblem::TooLong {
                max: 2_000,
                actual: 2_001,
            },
        ),
        ("bad\u{0}", NoteProblem::Control),
    ] {
        match t
            .approvals
            .request_changes(&member(&t.owner), post.id, note, &ctx())
            .await
        {
            Err(ApprovalError::Note(p)) => assert_eq!(p, problem),
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        t.approvals
            .request_changes(&member(&t.contributor), post.id, "mine", &ctx())
            .await,
        Err(ApprovalError::Forbidden(_))
    ));
    let back = t
        .approvals
        .request_changes(&member(&t.owner), post.id, " Shorter caption ", &ctx())
        .await
        .unwrap();
    assert_eq!(back.state, PostState::ChangesRequested);
    assert_eq!(back.reason.as_deref(), Some("Shorter caption"));
    assert_eq!(
        t.told.take(),
        vec![(t.contributor.user, ReviewEvent::ChangesRequested)]
    );
    assert!(
        t.audit_kinds()
            .await
            .contains(&AuditKind::PostChangesRequested)
    );
    assert!(matches!(
        t.approvals
            .approve(&member(&t.owner), post.id, &ctx())
            .await,
        Err(ApprovalError::WrongState(PostState::ChangesRequested))
    ));
    // The author edits: back in review, the note gone, approvers told.
    let mut input = PostInput::from(&back.content);
    input.caption = "Short".into();
    let (again, _) = t
        .approvals
        .update(&t.contributor, post.id, input, Some(back.version), &ctx())
        .await
        .unwrap();
    assert_eq!(again.state, PostState::InReview);
    assert_eq!(again.reason, None);
    assert_eq!(again.content_rev, 2);
    assert_eq!(t.told.take().len(), 3);
}

#[tokio::test]
async fn a_contributors_edit_of_an_approved_post_sends_it_back_to_review() {
    let t = team().await;
    let post = t.submitted().await;
    let approved = t
        .approvals
        .approve(&member(&t.owner), post.id, &ctx())
        .await
        .unwrap();
    t.told.take();
    let mut input = PostInput::from(&approved.content);
    input.caption = "Sneaky change".into();
    let (edited, _) = t
        .approvals
        .update(&t.contributor, post.id, input.clone(), None, &ctx())
        .await
        .unwrap();
    assert_eq!(edited.state, PostState::InReview);
    assert_eq!(edited.next_action_at, None);
    assert!(t.events(post.id).await.ends_with(&[
        PostEvent::Edited,
        PostEvent::Unscheduled,
        PostEvent::Submitted
    ]));
    // An editor's save of a post in review schedules it (they may publish).
    let (by_editor, _) = t
        .approvals
        .update(&t.editor, post.id, input, None, &ctx())
        .await
        .unwrap();
    assert_eq!(by_editor.state, PostState::Scheduled);
}

#[tokio::test]
async fn approving_after_the_time_expires_the_post() {
    let t = team().await;
    let post = t.submitted().await;
    t.clock.advance(Duration::hours(4));
    let late = t
        .approvals
        .approve(&member(&t.owner), post.id, &ctx())
        .await
        .unwrap();
    assert_eq!(late.state, PostState::Expired);
    assert_eq!(late.next_action_at, None);
    assert_eq!(
        t.told.take(),
        vec![(t.contributor.user, ReviewEvent::Expired)]
    );
}

#[tokio::test]
async fn the_sweep_expires_posts_left_in_review_once_even_with_two_sweepers() {
    let t = team().await;
    let waiting = t.submitted().await;
    let returned = t.submitted().await;
    t.approvals
        .request_changes(&member(&t.owner), returned.id, "fix", &ctx())
        .await
        .unwrap();
    let (on_time, _) = t
        .approvals
        .create(&t.contributor, t.input(Some(t.at(10))), &ctx())
        .await
        .unwrap();
    t.told.take();
    assert_eq!(t.approvals.expire_overdue(100).await.unwrap(), 0);
    t.clock.advance(Duration::hours(4));
    let (a, b) = tokio::join!(
        t.approvals.expire_overdue(100),
        t.approvals.expire_overdue(100)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2, "each post expired once");
    for id in [waiting.id, returned.id] {
        let p = t.stored(id).await;
        assert_eq!(p.state, PostState::Expired);
        assert_eq!(
            t.events(id)
                .await
                .iter()
                .filter(|e| **e == PostEvent::Expired)
                .count(),
            1
        );
    }
    assert_eq!(t.stored(on_time.id).await.state, PostState::InReview);
    let told = t.told.take();
    assert_eq!(
        told.iter()
            .filter(|(u, e)| *u == t.contributor.user && *e == ReviewEvent::Expired)
            .count(),
        2,
        "the author hears of each once"
    );
    assert!(told.iter().any(|(u, _)| *u == t.owner.user));
    assert!(
        t.audit_kinds()
            .await
            .iter()
            .filter(|k| **k == AuditKind::PostExpired)
            .count()
            == 2
    );
    // An expired post is fixed like a failed one: a new time, sent again.
    let p = t.stored(waiting.id).await;
    let mut input = PostInput::from(&p.content);
    input.scheduled_at = Some(t.at(2));
    let (again, _) = t
        .approvals
        .update(&t.contributor, p.id, input, None, &ctx())
        .await
        .unwrap();
    assert_eq!(again.state, PostState::InReview);
}

#[tokio::test]
async fn a_review_link_decides_like_a_member_and_clients_only_their_accounts() {
    let t = team().await;
    let post = t.submitted().await;
    let link = Reviewer::Link {
        owner: t.workspace.owner(),
        label: "Client Co".into(),
    };
    let approved = t.approvals.approve(&link, post.id, &ctx()).await.unwrap();
    assert_eq!(approved.state, PostState::Scheduled);
    let log = t
        .store
        .post_log(t.workspace.owner(), post.id)
        .await
        .unwrap();
    assert!(log.iter().any(|e| e.detail.contains("Client Co")));
    // A client limited to other accounts does not see the post.
    let other = t.submitted().await;
    let mut outsider = t.client.clone();
    outsider.accounts = AccountScope::Only(vec![AccountId::new()]);
    assert!(matches!(
        t.approvals
            .approve(&member(&outsider), other.id, &ctx())
            .await,
        Err(ApprovalError::NotFound)
    ));
    let ok = t
        .approvals
        .approve(&member(&t.client), other.id, &ctx())
        .await
        .unwrap();
    assert_eq!(ok.state, PostState::Scheduled);
    // A link of another workspace finds nothing.
    let stranger = Reviewer::Link {
        owner: UserId::new(),
        label: "x".into(),
    };
    let third = t.submitted().await;
    assert!(matches!(
        t.approvals.approve(&stranger, third.id, &ctx()).await,
        Err(ApprovalError::NotFound)
    ));
}

#[tokio::test]
async fn team_notes_mention_members_and_stay_with_the_team() {
    let t = team().await;
    let post = t.submitted().await;
    let note = t
        .approvals
        .add_note(
            &t.contributor,
            post.id,
            "@Erik @vera @cleo @nobody please check <b>this</b>",
        )
        .await
        .unwrap();
    let mut told = t.told.take();
    told.sort();
    let mut expected = vec![
        (t.editor.user, ReviewEvent::Mentioned),
        (t.viewer.user, ReviewEvent::Mentioned),
    ];
    expected.sort();
    assert_eq!(told, expected, "members who may view; never the client");
    let notes = t.approvals.notes(&t.viewer, post.id).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].author_name.as_deref(), Some("carl"));
    assert!(notes[0].body.contains("<b>this</b>"), "stored as written");
    assert!(matches!(
        t.approvals.notes(&t.client, post.id).await,
        Err(ApprovalError::Forbidden(_))
    ));
    assert!(matches!(
        t.approvals.add_note(&t.viewer, post.id, "hi").await,
        Err(ApprovalError::Forbidden(_))
    ));
    assert!(matches!(
        t.approvals.add_note(&t.owner, post.id, " ").await,
        Err(ApprovalError::Note(NoteProblem::Empty))
    ));
    assert!(matches!(
        t.approvals.delete_note(&t.owner, post.id, note.id).await,
        Err(ApprovalError::NotFound)
    ));
    t.approvals
        .delete_note(&t.contributor, post.id, note.id)
        .await
        .unwrap();
    assert!(
        t.approvals
            .notes(&t.owner, post.id)
            .await
            .unwrap()
            .is_empty()
    );
    // Approval queue: approvers only.
    assert_eq!(t.approvals.queue(&t.owner).await.unwrap().len(), 1);
    assert!(matches!(
        t.approvals.queue(&t.contributor).await,
        Err(ApprovalError::Forbidden(_))
    ));
    assert_eq!(t.approvals.queue_count(&t.viewer).await, 0);
}
