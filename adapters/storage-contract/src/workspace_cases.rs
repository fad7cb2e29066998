//! Contract cases of workspaces: every person has a personal workspace; a
//! shared one keeps at least one owner under any change; member account
//! lists stay inside the workspace; invitations are single use, capped and
//! revocable, also under parallel use; deleting a workspace's principal
//! deletes what it owns.

use std::sync::Arc;

use socialflow_core::crypto::TokenDigest;
use socialflow_core::password::PasswordHash;
use socialflow_core::storage::Store;
use socialflow_core::user::Role;
use socialflow_core::workspaces::{
    Accepted, AccountScope, Invitation, InvitationId, MemberChange, MemberRole, Workspace,
    WorkspaceId,
};
use socialflow_core::{Language, User, UserId, Username};
use time::Duration;
use uuid::Uuid;

use crate::fixtures::{T0, account, user};

fn principal(id: Uuid) -> User {
    User {
        id: UserId(id),
        username: Username::for_workspace(id),
        password_hash: PasswordHash("!".into()),
        role: Role::Workspace,
        language: Language::Kk,
        time_zone: socialflow_core::TimeZone::default(),
        created_at: T0,
        updated_at: T0,
    }
}

/// A shared workspace created by `owner`, named `name`.
pub async fn shared(store: &Arc<dyn Store>, owner: UserId, name: &str) -> WorkspaceId {
    let id = Uuid::now_v7();
    let ws = Workspace {
        id: WorkspaceId(id),
        name: name.into(),
        personal: false,
        created_at: T0,
    };
    assert!(
        store
            .create_workspace(&principal(id), &ws, owner, 20)
            .await
            .unwrap()
    );
    ws.id
}

fn invitation(ws: WorkspaceId, by: UserId, role: MemberRole, digest: &str) -> Invitation {
    Invitation {
        id: InvitationId(Uuid::now_v7()),
        workspace: ws,
        role,
        accounts: AccountScope::All,
        email: None,
        digest: TokenDigest(digest.repeat(64 / digest.len())),
        created_by: by,
        created_at: T0,
        expires_at: T0 + Duration::days(7),
        used_at: None,
        used_by: None,
        revoked_at: None,
    }
}

pub async fn every_person_has_a_personal_workspace_that_goes_with_them(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let mine = store.workspaces_of(alice.id).await.unwrap();
    assert_eq!(mine.len(), 1);
    let (ws, role) = &mine[0];
    assert_eq!(
        (ws.id, ws.personal, *role),
        (WorkspaceId(alice.id.0), true, MemberRole::Owner)
    );
    assert_eq!(ws.name, "alice");
    let m = store.membership(ws.id, alice.id).await.unwrap().unwrap();
    assert_eq!(
        (m.role, m.accounts.clone(), m.username.as_str()),
        (MemberRole::Owner, AccountScope::All, "alice")
    );
    // A shared workspace's principal is stored as one, not counted as a person.
    let team = shared(&store, alice.id, "Agency").await;
    let p = store.user_by_id(team.owner()).await.unwrap().unwrap();
    assert!(p.is_workspace());
    assert_eq!(store.count_users().await.unwrap(), 1);
    assert!(!store.workspace(team).await.unwrap().unwrap().personal);
    // A person cannot be removed from their own personal workspace.
    assert_eq!(
        store.remove_member(ws.id, alice.id).await.unwrap(),
        MemberChange::LastOwner
    );
    assert!(store.delete_user(alice.id).await.unwrap());
    assert!(store.workspace(ws.id).await.unwrap().is_none());
    assert!(store.membership(team, alice.id).await.unwrap().is_none());
}

pub async fn a_workspace_keeps_an_owner_and_member_accounts_stay_inside_it(store: Arc<dyn Store>) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let team = shared(&store, alice.id, "Agency").await;
    let theirs = account(team.owner(), "2001", "coffee", T0 + Duration::days(60));
    let bobs = account(bob.id, "2002", "bobs", T0 + Duration::days(60));
    store.insert_account(&theirs).await.unwrap();
    store.insert_account(&bobs).await.unwrap();
    // Bob joins by an invitation limited to two accounts, one not the workspace's.
    let mut inv = invitation(team, alice.id, MemberRole::Client, "c1");
    inv.accounts = AccountScope::Only(vec![theirs.id, bobs.id]);
    assert!(store.insert_invitation(&inv, 50, T0).await.unwrap());
    let Accepted::Joined(m) = store
        .accept_invitation(&inv.digest, bob.id, T0, 200)
        .await
        .unwrap()
    else {
        panic!("not joined")
    };
    assert_eq!(
        (m.role, m.accounts.clone()),
        (MemberRole::Client, AccountScope::Only(vec![theirs.id]))
    );
    let names: Vec<_> = store
        .workspaces_of(bob.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(w, r)| (w.name, r))
        .collect();
    assert_eq!(
        names,
        vec![
            ("bob".to_string(), MemberRole::Owner),
            ("Agency".into(), MemberRole::Client)
        ]
    );
    // The only owner cannot step down or leave; with a second owner she can.
    assert_eq!(
        store
            .set_member(team, alice.id, MemberRole::Admin, &AccountScope::All)
            .await
            .unwrap(),
        MemberChange::LastOwner
    );
    assert_eq!(
        store.remove_member(team, alice.id).await.unwrap(),
        MemberChange::LastOwner
    );
    assert_eq!(
        store.sole_owned_workspaces(alice.id).await.unwrap().len(),
        1
    );
    assert_eq!(
        store
            .set_member(team, bob.id, MemberRole::Owner, &AccountScope::All)
            .await
            .unwrap(),
        MemberChange::Done
    );
    assert!(
        store
            .sole_owned_workspaces(alice.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .set_member(team, alice.id, MemberRole::Editor, &AccountScope::All)
            .await
            .unwrap(),
        MemberChange::Done
    );
    let members: Vec<_> = store
        .members(team)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.username, m.role))
        .collect();
    assert_eq!(
        members,
        vec![
            ("bob".to_string(), MemberRole::Owner),
            ("alice".into(), MemberRole::Editor)
        ]
    );
    // Two parallel demotions of the two owners: one of them must stay owner.
    assert_eq!(
        store
            .set_member(team, alice.id, MemberRole::Owner, &AccountScope::All)
            .await
            .unwrap(),
        MemberChange::Done
    );
    let (s1, s2, a_id, b_id) = (store.clone(), store.clone(), alice.id, bob.id);
    let a = tokio::spawn(async move {
        s1.set_member(team, a_id, MemberRole::Viewer, &AccountScope::All)
            .await
            .unwrap()
    });
    let b = tokio::spawn(async move {
        s2.set_member(team, b_id, MemberRole::Viewer, &AccountScope::All)
            .await
            .unwrap()
    });
    let outcomes = [a.await.unwrap(), b.await.unwrap()];
    assert!(outcomes.contains(&MemberChange::LastOwner), "{outcomes:?}");
    let owners = store
        .members(team)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.role == MemberRole::Owner)
        .count();
    assert_eq!(owners, 1);
    // Unknown members and workspaces.
    assert_eq!(
        store
            .set_member(team, UserId::new(), MemberRole::Viewer, &AccountScope::All)
            .await
            .unwrap(),
        MemberChange::NotFound
    );
    assert!(
        store
            .membership(WorkspaceId(Uuid::now_v7()), bob.id)
            .await
            .unwrap()
            .is_none()
    );
    // Renaming, and deleting the account takes it off the member's list.
    assert!(
        store
            .rename_workspace(team, "Агентство «Север»")
            .await
            .unwrap()
    );
    assert_eq!(
        store.workspace(team).await.unwrap().unwrap().name,
        "Агентство «Север»"
    );
    let restricted = AccountScope::Only(vec![theirs.id]);
    // Whoever is still owner keeps that role; the other becomes the client.
    let someone = if outcomes[0] == MemberChange::Done {
        alice.id
    } else {
        bob.id
    };
    assert_eq!(
        store
            .set_member(team, someone, MemberRole::Client, &restricted)
            .await
            .unwrap(),
        MemberChange::Done
    );
    assert!(store.delete_account(team.owner(), theirs.id).await.unwrap());
    let m = store.membership(team, someone).await.unwrap().unwrap();
    assert_eq!(m.accounts, AccountScope::Only(vec![]));
}

pub async fn invitations_are_single_use_capped_and_revocable(store: Arc<dyn Store>) {
    let alice = user("alice");
    store.insert_user(&alice).await.unwrap();
    let team = shared(&store, alice.id, "Agency").await;
    let mut people = Vec::new();
    for name in ["bob", "carol", "dave", "erin"] {
        let u = user(name);
        store.insert_user(&u).await.unwrap();
        people.push(u.id);
    }
    // The cap of open invitations holds under parallel inserts.
    let invs: Vec<_> = (0..6)
        .map(|i| invitation(team, alice.id, MemberRole::Editor, &format!("{i:02}")))
        .collect();
    let tasks: Vec<_> = invs
        .into_iter()
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.insert_invitation(&i, 3, T0).await.unwrap() })
        })
        .collect();
    let mut inserted = 0;
    for t in tasks {
        inserted += usize::from(t.await.unwrap());
    }
    assert_eq!(inserted, 3);
    let listed = store.invitations(team).await.unwrap();
    assert_eq!(listed.len(), 3);
    let open = listed[0].clone();
    // One link, two people at once: exactly one joins.
    let (s1, s2, d1, d2) = (
        store.clone(),
        store.clone(),
        open.digest.clone(),
        open.digest.clone(),
    );
    let (p0, p1) = (people[0], people[1]);
    let a = tokio::spawn(async move { s1.accept_invitation(&d1, p0, T0, 200).await.unwrap() });
    let b = tokio::spawn(async move { s2.accept_invitation(&d2, p1, T0, 200).await.unwrap() });
    let joined = [a.await.unwrap(), b.await.unwrap()]
        .into_iter()
        .filter(|r| matches!(r, Accepted::Joined(_)))
        .count();
    assert_eq!(joined, 1);
    let used = store
        .invitation_by_digest(&open.digest)
        .await
        .unwrap()
        .unwrap();
    assert!(used.used_at.is_some() && used.used_by.is_some());
    assert_eq!(
        store
            .accept_invitation(&open.digest, people[2], T0, 200)
            .await
            .unwrap(),
        Accepted::Invalid
    );
    // Revoked: no longer usable, and a used one cannot be revoked.
    let second = listed[1].clone();
    assert!(store.revoke_invitation(team, second.id, T0).await.unwrap());
    assert!(!store.revoke_invitation(team, second.id, T0).await.unwrap());
    assert!(!store.revoke_invitation(team, open.id, T0).await.unwrap());
    assert_eq!(
        store
            .accept_invitation(&second.digest, people[2], T0, 200)
            .await
            .unwrap(),
        Accepted::Invalid
    );
    // Expired: no longer usable.
    let third = listed[2].clone();
    assert_eq!(
        store
            .accept_invitation(&third.digest, people[2], third.expires_at, 200)
            .await
            .unwrap(),
        Accepted::Invalid
    );
    // Full: the workspace has 2 members (alice and one joiner); a cap of 2 refuses and keeps the link.
    assert_eq!(
        store
            .accept_invitation(&third.digest, people[2], T0, 2)
            .await
            .unwrap(),
        Accepted::Full
    );
    assert!(
        store
            .invitation_by_digest(&third.digest)
            .await
            .unwrap()
            .unwrap()
            .used_at
            .is_none()
    );
    assert!(matches!(
        store
            .accept_invitation(&third.digest, people[2], T0, 200)
            .await
            .unwrap(),
        Accepted::Joined(_)
    ));
    // Another workspace cannot revoke this one's invitation.
    let other = shared(&store, alice.id, "Other").await;
    let fourth = invitation(team, alice.id, MemberRole::Viewer, "ff");
    assert!(store.insert_invitation(&fourth, 50, T0).await.unwrap());
    assert!(!store.revoke_invitation(other, fourth.id, T0).await.unwrap());
    assert!(store.invitations(other).await.unwrap().is_empty());
}

pub async fn creating_workspaces_is_capped_and_deleting_one_deletes_what_it_owns(
    store: Arc<dyn Store>,
) {
    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    let tasks: Vec<_> = (0..5)
        .map(|i| {
            let id = Uuid::now_v7();
            let ws = Workspace {
                id: WorkspaceId(id),
                name: format!("ws {i}"),
                personal: false,
                created_at: T0,
            };
            let store = store.clone();
            let owner = alice.id;
            tokio::spawn(async move {
                store
                    .create_workspace(&principal(id), &ws, owner, 3)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut made = 0;
    for t in tasks {
        made += usize::from(t.await.unwrap());
    }
    assert_eq!(made, 3);
    let team = store.workspaces_of(alice.id).await.unwrap()[1].0.id;
    let acc = account(team.owner(), "3001", "shop", T0 + Duration::days(60));
    store.insert_account(&acc).await.unwrap();
    let inv = invitation(team, alice.id, MemberRole::Viewer, "ab");
    assert!(store.insert_invitation(&inv, 50, T0).await.unwrap());
    assert!(matches!(
        store
            .accept_invitation(&inv.digest, bob.id, T0, 200)
            .await
            .unwrap(),
        Accepted::Joined(_)
    ));
    let principal = store.user_by_id(team.owner()).await.unwrap().unwrap();
    assert!(
        store
            .erase_user(principal.id, principal.username.as_str())
            .await
            .unwrap()
    );
    assert!(store.workspace(team).await.unwrap().is_none());
    assert!(store.account(team.owner(), acc.id).await.unwrap().is_none());
    assert!(store.membership(team, bob.id).await.unwrap().is_none());
    assert!(
        store
            .invitation_by_digest(&inv.digest)
            .await
            .unwrap()
            .is_none()
    );
    // Bob and alice themselves are untouched.
    assert_eq!(store.workspaces_of(bob.id).await.unwrap().len(), 1);
    assert_eq!(store.workspaces_of(alice.id).await.unwrap().len(), 3);
}

/// A page's header reads a person's workspaces and unread count together:
/// the same answers as the two reads apart, also for someone who belongs
/// to no workspace (the count must not need a membership row).
pub async fn the_page_header_reads_workspaces_and_the_unread_count_together(store: Arc<dyn Store>) {
    use crate::notification_cases::note;
    use socialflow_core::notifications::EmailDelivery;

    let alice = user("alice");
    let bob = user("bob");
    store.insert_user(&alice).await.unwrap();
    store.insert_user(&bob).await.unwrap();
    // Nothing yet: the personal workspace, no count.
    let facts = store.header_of(alice.id).await.unwrap();
    assert_eq!(facts.unread, 0);
    assert_eq!(
        facts.workspaces,
        store.workspaces_of(alice.id).await.unwrap()
    );
    assert_eq!(facts.workspaces.len(), 1);

    let zeta = shared(&store, alice.id, "Zeta").await;
    let beta = shared(&store, alice.id, "Beta").await;
    let alpha = shared(&store, bob.id, "Alpha").await;
    for (owner, key, in_app, read) in [
        (alice.id, "a1", true, false),
        (alice.id, "a2", true, false),
        (alice.id, "a3", true, true),
        (alice.id, "a4", false, false),
        (bob.id, "b1", true, false),
    ] {
        let mut n = note(owner, key, 0, EmailDelivery::None);
        n.in_app = in_app;
        assert!(store.insert_notification(&n, 10).await.unwrap());
        if read {
            assert!(store.mark_notification_read(owner, n.id, T0).await.unwrap());
        }
    }
    let facts = store.header_of(alice.id).await.unwrap();
    assert_eq!(facts.unread, 2, "in-app and unread only, alice's only");
    assert_eq!(
        facts.unread,
        store.unread_notifications(alice.id).await.unwrap()
    );
    let mine = store.workspaces_of(alice.id).await.unwrap();
    assert_eq!(facts.workspaces, mine, "personal first, then by name");
    assert_eq!(
        mine.iter().map(|(w, _)| w.id).collect::<Vec<_>>(),
        vec![WorkspaceId(alice.id.0), beta, zeta]
    );
    let bobs = store.header_of(bob.id).await.unwrap();
    assert_eq!(bobs.unread, 1);
    assert_eq!(
        bobs.workspaces
            .iter()
            .map(|(w, _)| w.id)
            .collect::<Vec<_>>(),
        vec![WorkspaceId(bob.id.0), alpha]
    );

    // A workspace's principal belongs to no workspace; its count still comes.
    let principal = UserId(zeta.0);
    assert!(store.workspaces_of(principal).await.unwrap().is_empty());
    assert!(
        store
            .insert_notification(&note(principal, "p1", 0, EmailDelivery::None), 10)
            .await
            .unwrap()
    );
    let facts = store.header_of(principal).await.unwrap();
    assert_eq!((facts.unread, facts.workspaces.len()), (1, 0));
}
