//! Running a workspace on the in-memory fakes: creating, renaming and
//! deleting (through the account eraser: files after the commit), members
//! and their roles (admins cannot touch owners, the last owner stays),
//! invitations (single use, expiring, revocable, capped, e-mailed in the
//! inviter's language), what account deletion and export mean in a team,
//! and Meta's deletion callback reaching a shared workspace.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::account::{
    Account, AccountId, AccountProfile, AccountStatus, AccountToken, EncryptedToken,
};
use socialflow_core::audit::AuditKind;
use socialflow_core::meta::{MetaCallbacks, MockSignedRequestVerifier, SignedRequest};
use socialflow_core::notifications::MockMailer;
use socialflow_core::password_check::PasswordCheck;
use socialflow_core::privacy::DataExporter;
use socialflow_core::privacy::{AccountEraser, ErasureError, FileError, FileRef, UserFiles};
use socialflow_core::storage::{AccountRepo, AuditRepo, UserRepo};
use socialflow_core::team::{MembershipsExporter, NewInvitation, TeamError, WorkspaceAdmin};
use socialflow_core::user::Role;
use socialflow_core::workspaces::{
    Access, AccountScope, MAX_OPEN_INVITATIONS, MAX_WORKSPACES_PER_USER, MemberRole, WorkspaceId,
    WorkspaceRepo,
};
use socialflow_core::{Clock, Language, RequestContext, Store, User, UserId, Username};
use socialflow_crypto::RandomMinter;
use socialflow_fakes::{FastHasher, ManualClock, MemoryStore};
use time::Duration;

const PW: &str = "correct horse battery";

/// Two files per owner; remembers what was removed, and checks that
/// removal comes after the owner's row is gone.
struct Files {
    store: Arc<MemoryStore>,
    removed: Mutex<Vec<FileRef>>,
}

#[async_trait]
impl UserFiles for Files {
    fn name(&self) -> &'static str {
        "test files"
    }
    async fn files_of(&self, owner: UserId) -> Result<Vec<FileRef>, FileError> {
        Ok(vec![FileRef(format!("{owner}/a.jpg"))])
    }
    async fn remove(&self, files: &[FileRef]) -> Result<u64, FileError> {
        for f in files {
            let owner = f.0.split('/').next().unwrap();
            let id = UserId(uuid::Uuid::parse_str(owner).unwrap());
            assert!(self.store.user_by_id(id).await.unwrap().is_none());
        }
        self.removed.lock().unwrap().extend(files.iter().cloned());
        Ok(files.len() as u64)
    }
}

struct World {
    store: Arc<MemoryStore>,
    dyn_store: Arc<dyn Store>,
    clock: Arc<ManualClock>,
    files: Arc<Files>,
    eraser: AccountEraser,
    admin: WorkspaceAdmin,
}

fn ctx() -> RequestContext {
    RequestContext::new("203.0.113.7", None)
}

fn world() -> World {
    let store = Arc::new(MemoryStore::new());
    let dyn_store: Arc<dyn Store> = store.clone();
    let clock = Arc::new(ManualClock::default());
    let files = Arc::new(Files {
        store: store.clone(),
        removed: Mutex::new(Vec::new()),
    });
    let check = PasswordCheck::new(dyn_store.clone(), Arc::new(FastHasher), clock.clone());
    let eraser = AccountEraser::new(dyn_store.clone(), check, clock.clone())
        .with_files(files.clone())
        .with_workspaces(dyn_store.clone());
    let admin = WorkspaceAdmin::new(
        dyn_store.clone(),
        dyn_store.clone(),
        dyn_store.clone(),
        dyn_store.clone(),
        eraser.clone(),
        Arc::new(RandomMinter),
        clock.clone(),
    );
    World {
        store,
        dyn_store,
        clock,
        files,
        eraser,
        admin,
    }
}

impl World {
    async fn person(&self, name: &str, lang: Language) -> User {
        let users = socialflow_core::users::UserService::new(
            self.dyn_store.clone(),
            self.dyn_store.clone(),
            Arc::new(FastHasher),
            self.clock.clone(),
        );
        users
            .create_user(
                name,
                SecretString::from(PW.to_string()),
                Role::User,
                lang,
                &RequestContext::cli(),
            )
            .await
            .unwrap()
    }

    async fn account(&self, owner: UserId, username: &str) -> Account {
        let now = self.clock.now();
        let a = Account {
            id: AccountId::new(),
            owner,
            ig_user_id: format!("ig-{username}"),
            app_scoped_id: format!("app-{username}"),
            profile: AccountProfile {
                username: username.into(),
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
        self.store.insert_account(&a).await.unwrap();
        a
    }

    async fn access(&self, user: UserId, ws: WorkspaceId) -> Access {
        self.admin.access_to(user, ws).await.unwrap()
    }

    async fn kinds(&self, user: UserId) -> Vec<AuditKind> {
        self.store
            .audit_for_user(user, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }

    /// `user` joins `ws` as `role` through an invitation from `by`.
    async fn join(&self, by: &User, ws: WorkspaceId, user: &User, role: MemberRole) {
        let a = self.access(by.id, ws).await;
        let accounts = if role == MemberRole::Client {
            let own = self.store.accounts_of(ws.owner()).await.unwrap();
            AccountScope::Only(own.iter().map(|a| a.id).take(1).collect())
        } else {
            AccountScope::All
        };
        let inv = self
            .admin
            .invite(
                by,
                &a,
                NewInvitation {
                    role,
                    accounts,
                    days: 7,
                    email: None,
                },
                &ctx(),
            )
            .await
            .unwrap();
        self.admin
            .accept(user, inv.secret.expose_secret(), &ctx())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn creating_makes_a_principal_and_an_owner_and_is_capped() {
    let w = world();
    let alice = w.person("alice", Language::Kk).await;
    let ws = w.admin.create(&alice, "  Agency  ", &ctx()).await.unwrap();
    assert_eq!(ws.name, "Agency");
    assert!(!ws.personal);
    let principal = w.store.user_by_id(ws.id.owner()).await.unwrap().unwrap();
    assert_eq!(principal.role, Role::Workspace);
    assert_eq!(principal.username, Username::for_workspace(ws.id.0));
    assert_eq!(principal.language, Language::Kk);
    assert_eq!(principal.time_zone, alice.time_zone);
    assert_eq!(w.access(alice.id, ws.id).await.role, MemberRole::Owner);
    assert!(
        w.kinds(alice.id)
            .await
            .contains(&AuditKind::WorkspaceCreated)
    );

    assert!(matches!(
        w.admin.create(&alice, " \t ", &ctx()).await,
        Err(TeamError::Name(_))
    ));
    for i in 1..MAX_WORKSPACES_PER_USER {
        w.admin
            .create(&alice, &format!("ws {i}"), &ctx())
            .await
            .unwrap();
    }
    assert!(matches!(
        w.admin.create(&alice, "one more", &ctx()).await,
        Err(TeamError::TooManyWorkspaces { max: 20 })
    ));
}

#[tokio::test]
async fn roles_admins_cannot_touch_owners_and_the_last_owner_stays() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let carol = w.person("carol", Language::En).await;
    let ws = w.admin.create(&alice, "Agency", &ctx()).await.unwrap().id;
    w.join(&alice, ws, &bob, MemberRole::Admin).await;
    w.join(&alice, ws, &carol, MemberRole::Contributor).await;
    let as_bob = w.access(bob.id, ws).await;
    let as_carol = w.access(carol.id, ws).await;
    let as_alice = w.access(alice.id, ws).await;

    // Admins cannot make owners, nor change or remove one.
    let make_owner = w
        .admin
        .change_member(
            &as_bob,
            carol.id,
            MemberRole::Owner,
            AccountScope::All,
            &ctx(),
        )
        .await;
    assert!(matches!(make_owner, Err(TeamError::MayNotAssign { .. })));
    let demote = w
        .admin
        .change_member(
            &as_bob,
            alice.id,
            MemberRole::Viewer,
            AccountScope::All,
            &ctx(),
        )
        .await;
    assert!(matches!(demote, Err(TeamError::MayNotAssign { .. })));
    assert!(matches!(
        w.admin.remove_member(&as_bob, alice.id, &ctx()).await,
        Err(TeamError::MayNotAssign { .. })
    ));
    // A contributor manages nobody.
    assert!(matches!(
        w.admin
            .change_member(
                &as_carol,
                carol.id,
                MemberRole::Editor,
                AccountScope::All,
                &ctx()
            )
            .await,
        Err(TeamError::Forbidden(_))
    ));
    // An admin manages below owner.
    let m = w
        .admin
        .change_member(
            &as_bob,
            carol.id,
            MemberRole::Editor,
            AccountScope::All,
            &ctx(),
        )
        .await
        .unwrap();
    assert_eq!(m.role, MemberRole::Editor);
    assert!(
        w.kinds(bob.id)
            .await
            .contains(&AuditKind::MemberRoleChanged)
    );

    // The last owner can neither leave nor step down.
    assert!(matches!(
        w.admin.leave(&as_alice, &ctx()).await,
        Err(TeamError::LastOwner)
    ));
    assert!(matches!(
        w.admin
            .change_member(
                &as_alice,
                alice.id,
                MemberRole::Admin,
                AccountScope::All,
                &ctx()
            )
            .await,
        Err(TeamError::LastOwner)
    ));
    // Transfer: make bob owner, then step down.
    w.admin
        .change_member(
            &as_alice,
            bob.id,
            MemberRole::Owner,
            AccountScope::All,
            &ctx(),
        )
        .await
        .unwrap();
    w.admin.leave(&as_alice, &ctx()).await.unwrap();
    assert!(matches!(
        w.admin.access_to(alice.id, ws).await,
        Err(TeamError::NotMember)
    ));
    assert!(w.kinds(alice.id).await.contains(&AuditKind::MemberLeft));
    // bob removes carol.
    let as_bob = w.access(bob.id, ws).await;
    w.admin
        .remove_member(&as_bob, carol.id, &ctx())
        .await
        .unwrap();
    assert!(w.kinds(bob.id).await.contains(&AuditKind::MemberRemoved));
    assert_eq!(w.admin.members(&as_bob).await.unwrap().len(), 1);
}

#[tokio::test]
async fn clients_need_accounts_of_the_workspace() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let ws = w.admin.create(&alice, "Agency", &ctx()).await.unwrap().id;
    let mine = w.account(ws.owner(), "shop").await;
    let elsewhere = w.account(alice.id, "private").await;
    w.join(&alice, ws, &bob, MemberRole::Viewer).await;
    let a = w.access(alice.id, ws).await;
    let c = ctx();
    let change = |scope| {
        w.admin
            .change_member(&a, bob.id, MemberRole::Client, scope, &c)
    };
    assert!(matches!(
        change(AccountScope::All).await,
        Err(TeamError::AccountsRequired)
    ));
    assert!(matches!(
        change(AccountScope::Only(vec![elsewhere.id])).await,
        Err(TeamError::UnknownAccount)
    ));
    let m = change(AccountScope::Only(vec![mine.id, mine.id]))
        .await
        .unwrap();
    assert_eq!(m.accounts, AccountScope::Only(vec![mine.id]));
    let as_bob = w.access(bob.id, ws).await;
    assert!(as_bob.sees_account(mine.id));
    assert!(!as_bob.sees_account(elsewhere.id));
}

#[tokio::test]
async fn invitations_are_single_use_expire_and_can_be_revoked() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let carol = w.person("carol", Language::En).await;
    let ws = w.admin.create(&alice, "Agency", &ctx()).await.unwrap().id;
    let a = w.access(alice.id, ws).await;
    let new = |role, days| NewInvitation {
        role,
        accounts: AccountScope::All,
        days,
        email: None,
    };
    for days in [0, 31, -1] {
        assert!(matches!(
            w.admin
                .invite(&alice, &a, new(MemberRole::Editor, days), &ctx())
                .await,
            Err(TeamError::Days { max: 30 })
        ));
    }
    let inv = w
        .admin
        .invite(&alice, &a, new(MemberRole::Editor, 7), &ctx())
        .await
        .unwrap();
    let secret = inv.secret.expose_secret().to_string();
    // Only the digest is stored.
    let stored = w.store.invitations(ws).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].digest.0, secret);
    assert_eq!(stored[0].expires_at, w.clock.now() + Duration::days(7));

    let p = w.admin.preview(&secret).await.unwrap();
    assert_eq!(
        (p.workspace.name.as_str(), p.role),
        ("Agency", MemberRole::Editor)
    );
    let m = w.admin.accept(&bob, &secret, &ctx()).await.unwrap();
    assert_eq!((m.workspace, m.role), (ws, MemberRole::Editor));
    assert!(
        w.kinds(bob.id)
            .await
            .contains(&AuditKind::InvitationAccepted)
    );
    // Once only.
    assert!(matches!(
        w.admin.accept(&carol, &secret, &ctx()).await,
        Err(TeamError::InvitationInvalid)
    ));
    assert!(matches!(
        w.admin.preview(&secret).await,
        Err(TeamError::InvitationInvalid)
    ));
    assert!(matches!(
        w.admin.accept(&carol, "not a secret!", &ctx()).await,
        Err(TeamError::InvitationInvalid)
    ));

    // Expired.
    let short = w
        .admin
        .invite(&alice, &a, new(MemberRole::Viewer, 1), &ctx())
        .await
        .unwrap();
    w.clock.advance(Duration::days(1));
    assert!(matches!(
        w.admin
            .accept(&carol, short.secret.expose_secret(), &ctx())
            .await,
        Err(TeamError::InvitationInvalid)
    ));
    // Revoked.
    let revoked = w
        .admin
        .invite(&alice, &a, new(MemberRole::Viewer, 3), &ctx())
        .await
        .unwrap();
    w.admin
        .revoke_invitation(&a, revoked.invitation.id, &ctx())
        .await
        .unwrap();
    assert!(matches!(
        w.admin
            .accept(&carol, revoked.secret.expose_secret(), &ctx())
            .await,
        Err(TeamError::InvitationInvalid)
    ));
    assert!(matches!(
        w.admin
            .revoke_invitation(&a, revoked.invitation.id, &ctx())
            .await,
        Err(TeamError::InvitationNotFound)
    ));
    assert!(matches!(
        w.admin.access_to(carol.id, ws).await,
        Err(TeamError::NotMember)
    ));
    let kinds = w.kinds(alice.id).await;
    assert!(kinds.contains(&AuditKind::InvitationCreated));
    assert!(kinds.contains(&AuditKind::InvitationRevoked));
    // The secret never reaches the audit log.
    for e in w.store.audit_all(100).await.unwrap() {
        assert!(!e.detail.contains(&secret));
    }

    // Editors invite nobody; admins cannot invite owners.
    let as_bob = w.access(bob.id, ws).await;
    assert!(matches!(
        w.admin
            .invite(&bob, &as_bob, new(MemberRole::Viewer, 7), &ctx())
            .await,
        Err(TeamError::Forbidden(_))
    ));
    w.admin
        .change_member(&a, bob.id, MemberRole::Admin, AccountScope::All, &ctx())
        .await
        .unwrap();
    let as_bob = w.access(bob.id, ws).await;
    assert!(matches!(
        w.admin
            .invite(&bob, &as_bob, new(MemberRole::Owner, 7), &ctx())
            .await,
        Err(TeamError::MayNotAssign { .. })
    ));
}

#[tokio::test]
async fn open_invitations_are_capped() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let ws = w.admin.create(&alice, "Agency", &ctx()).await.unwrap().id;
    let a = w.access(alice.id, ws).await;
    let new = || NewInvitation {
        role: MemberRole::Viewer,
        accounts: AccountScope::All,
        days: 7,
        email: None,
    };
    for _ in 0..MAX_OPEN_INVITATIONS {
        w.admin.invite(&alice, &a, new(), &ctx()).await.unwrap();
    }
    assert!(matches!(
        w.admin.invite(&alice, &a, new(), &ctx()).await,
        Err(TeamError::TooManyInvitations { max: 50 })
    ));
}

#[tokio::test]
async fn an_invitation_is_emailed_in_the_inviters_language() {
    let w = world();
    let alice = w.person("alice", Language::Ru).await;
    let ws = w
        .admin
        .create(&alice, "Агентство", &ctx())
        .await
        .unwrap()
        .id;
    let mut mailer = MockMailer::new();
    mailer
        .expect_send()
        .times(1)
        .withf(|m| {
            m.to.as_str() == "bob@example.com"
                && m.language == Language::Ru
                && m.subject.contains("Агентство")
                && m.text.contains("https://sf.example/invite/")
                && m.text.contains("редактор")
        })
        .returning(|_| Ok(()));
    let admin = w
        .admin
        .clone()
        .with_mailer(Arc::new(mailer), "https://sf.example/");
    let a = w.access(alice.id, ws).await;
    let bad = admin
        .invite(
            &alice,
            &a,
            NewInvitation {
                role: MemberRole::Editor,
                accounts: AccountScope::All,
                days: 7,
                email: Some("not an address".into()),
            },
            &ctx(),
        )
        .await;
    assert!(matches!(bad, Err(TeamError::Email)));
    let inv = admin
        .invite(
            &alice,
            &a,
            NewInvitation {
                role: MemberRole::Editor,
                accounts: AccountScope::All,
                days: 7,
                email: Some(" bob@example.com ".into()),
            },
            &ctx(),
        )
        .await
        .unwrap();
    assert!(inv.emailed);
    assert_eq!(inv.invitation.email.as_deref(), Some("bob@example.com"));
}

#[tokio::test]
async fn deleting_a_workspace_erases_it_like_an_account() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let ws = w.admin.create(&alice, "Agency", &ctx()).await.unwrap().id;
    let shop = w.account(ws.owner(), "shop").await;
    w.join(&alice, ws, &bob, MemberRole::Admin).await;
    let as_bob = w.access(bob.id, ws).await;
    let as_alice = w.access(alice.id, ws).await;
    assert!(matches!(
        w.admin.delete(&as_bob, "Agency", &ctx()).await,
        Err(TeamError::Forbidden(_))
    ));
    assert!(matches!(
        w.admin.delete(&as_alice, "agency", &ctx()).await,
        Err(TeamError::ConfirmationMismatch)
    ));
    let personal = Access::personal(alice.id);
    assert!(matches!(
        w.admin.delete(&personal, "alice", &ctx()).await,
        Err(TeamError::Personal)
    ));

    let report = w.admin.delete(&as_alice, " Agency ", &ctx()).await.unwrap();
    assert_eq!(report.files_removed, 1);
    assert_eq!(
        w.files.removed.lock().unwrap().as_slice(),
        &[FileRef(format!("{}/a.jpg", ws.owner()))]
    );
    assert!(w.store.user_by_id(ws.owner()).await.unwrap().is_none());
    assert!(w.store.workspace(ws).await.unwrap().is_none());
    assert_eq!(w.store.account(ws.owner(), shop.id).await.unwrap(), None);
    assert!(w.store.membership(ws, bob.id).await.unwrap().is_none());
    assert!(w.store.user_by_id(alice.id).await.unwrap().is_some());
    assert!(
        w.kinds(alice.id)
            .await
            .contains(&AuditKind::WorkspaceDeleted)
    );
}

#[tokio::test]
async fn renaming_needs_members_rights_and_a_valid_name() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let ws = w.admin.create(&alice, "Agency", &ctx()).await.unwrap().id;
    w.join(&alice, ws, &bob, MemberRole::Editor).await;
    let as_bob = w.access(bob.id, ws).await;
    assert!(matches!(
        w.admin.rename(&as_bob, "Mine", &ctx()).await,
        Err(TeamError::Forbidden(_))
    ));
    let a = w.access(alice.id, ws).await;
    assert!(matches!(
        w.admin.rename(&a, &"x".repeat(81), &ctx()).await,
        Err(TeamError::Name(_))
    ));
    assert_eq!(
        w.admin.rename(&a, "Studio", &ctx()).await.unwrap().name,
        "Studio"
    );
    assert_eq!(w.store.workspace(ws).await.unwrap().unwrap().name, "Studio");
    assert!(
        w.kinds(alice.id)
            .await
            .contains(&AuditKind::WorkspaceRenamed)
    );
}

#[tokio::test]
async fn a_personal_workspace_has_one_owner_its_person() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let mine = WorkspaceId::personal(alice.id);
    w.join(&alice, mine, &bob, MemberRole::Admin).await;
    let a = Access::personal(alice.id);
    assert!(matches!(
        w.admin
            .change_member(&a, bob.id, MemberRole::Owner, AccountScope::All, &ctx())
            .await,
        Err(TeamError::Personal)
    ));
    let as_bob = w.access(bob.id, mine).await;
    assert!(matches!(
        w.admin.remove_member(&as_bob, alice.id, &ctx()).await,
        Err(TeamError::Personal)
    ));
    assert!(matches!(
        w.admin.leave(&a, &ctx()).await,
        Err(TeamError::Personal)
    ));
    w.admin.leave(&as_bob, &ctx()).await.unwrap();
}

#[tokio::test]
async fn deleting_my_account_refuses_while_i_alone_own_a_team_and_takes_my_solo_workspaces() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let team = w.admin.create(&alice, "Team", &ctx()).await.unwrap().id;
    let solo = w.admin.create(&alice, "Solo", &ctx()).await.unwrap().id;
    let solo_account = w.account(solo.owner(), "solo_shop").await;
    w.join(&alice, team, &bob, MemberRole::Editor).await;
    let pw = SecretString::from(PW.to_string());

    let refused = w.eraser.delete_own_account(&alice, &pw, &ctx()).await;
    match refused {
        Err(ErasureError::SoleOwner { workspaces }) => assert_eq!(workspaces, vec!["Team"]),
        other => panic!("{other:?}"),
    }
    assert!(w.store.user_by_id(alice.id).await.unwrap().is_some());
    assert!(w.store.workspace(solo).await.unwrap().is_some());

    // Transfer, then delete: the solo workspace goes along, the team stays.
    let a = w.access(alice.id, team).await;
    w.admin
        .change_member(&a, bob.id, MemberRole::Owner, AccountScope::All, &ctx())
        .await
        .unwrap();
    let report = w
        .eraser
        .delete_own_account(&alice, &pw, &ctx())
        .await
        .unwrap();
    assert_eq!(report.files_removed, 2, "alice's and the solo workspace's");
    assert!(w.store.user_by_id(alice.id).await.unwrap().is_none());
    assert!(w.store.workspace(solo).await.unwrap().is_none());
    assert!(w.store.user_by_id(solo.owner()).await.unwrap().is_none());
    assert_eq!(
        w.store
            .account(solo.owner(), solo_account.id)
            .await
            .unwrap(),
        None
    );
    let left = w.store.members(team).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!((left[0].user, left[0].role), (bob.id, MemberRole::Owner));
}

#[tokio::test]
async fn my_export_lists_my_memberships_not_the_teams_data() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let bob = w.person("bob", Language::En).await;
    let team = w.admin.create(&alice, "Team", &ctx()).await.unwrap().id;
    w.join(&alice, team, &bob, MemberRole::Viewer).await;
    let files = MembershipsExporter::new(w.dyn_store.clone())
        .export(&bob)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, "workspaces.json");
    let socialflow_core::privacy::ExportContent::Bytes(bytes) = &files[0].content else {
        panic!("bytes");
    };
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["workspace"], "bob");
    assert_eq!(list[0]["personal"], true);
    assert_eq!(list[1]["workspace"], "Team");
    assert_eq!(list[1]["role"], "viewer");
    assert!(list[1]["joined_at"].is_string());
}

#[tokio::test]
async fn metas_deletion_callback_reaches_an_account_in_a_shared_workspace() {
    let w = world();
    let alice = w.person("alice", Language::En).await;
    let team = w.admin.create(&alice, "Team", &ctx()).await.unwrap().id;
    let shop = w.account(team.owner(), "shop").await;
    let mut verifier = MockSignedRequestVerifier::new();
    let now = w.clock.now();
    let app_scoped = shop.app_scoped_id.clone();
    verifier.expect_verify().returning(move |_| {
        Ok(SignedRequest {
            user_id: app_scoped.clone(),
            issued_at: now,
            expires: None,
        })
    });
    let meta = MetaCallbacks::new(
        w.dyn_store.clone(),
        w.dyn_store.clone(),
        w.dyn_store.clone(),
        Arc::new(verifier),
        Arc::new(RandomMinter),
        w.clock.clone(),
    );
    let record = meta.data_deletion("signed", &ctx()).await.unwrap();
    assert_eq!(record.accounts_deleted, 1);
    assert_eq!(w.store.account(team.owner(), shop.id).await.unwrap(), None);
    assert!(w.store.accounts_of(team.owner()).await.unwrap().is_empty());
}
