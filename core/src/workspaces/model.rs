//! Workspaces, their members and invitations.
//!
//! A workspace owns Instagram accounts, posts, media, rules and saved
//! replies. Its id is the `owner` every repository already takes: a user's
//! personal workspace has the user's own id (so the data of the single-user
//! product is that workspace's data, unmoved), and a shared workspace has a
//! row of its own in `users` (role `workspace`, never able to sign in) so
//! every table's owner key and its cascade on deletion keep working.

use time::OffsetDateTime;
use uuid::Uuid;

use super::role::{Capability, MemberRole};
use crate::UserId;
use crate::account::AccountId;
use crate::crypto::TokenDigest;

/// A workspace's id: the owner id of everything in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkspaceId(pub Uuid);

impl WorkspaceId {
    /// The id the repositories know the workspace's data by.
    pub fn owner(self) -> UserId {
        UserId(self.0)
    }

    /// The personal workspace of a user.
    pub fn personal(user: UserId) -> Self {
        WorkspaceId(user.0)
    }
}

impl From<UserId> for WorkspaceId {
    fn from(u: UserId) -> Self {
        WorkspaceId(u.0)
    }
}

impl std::fmt::Display for WorkspaceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Workspace names: 1–80 characters after trimming.
pub const MAX_NAME_CHARS: usize = 80;
/// Workspaces one user may create (personal one not counted).
pub const MAX_WORKSPACES_PER_USER: u32 = 20;
/// Members of one workspace.
pub const MAX_MEMBERS: u32 = 200;
/// Open (unused, unrevoked, unexpired) invitations of one workspace.
pub const MAX_OPEN_INVITATIONS: u32 = 50;
/// An invitation link works at most this many days.
pub const MAX_INVITATION_DAYS: i64 = 30;
/// Accounts one member may be limited to.
pub const MAX_MEMBER_ACCOUNTS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub name: String,
    /// A user's own workspace: its id is the user's, it goes with them.
    pub personal: bool,
    pub created_at: OffsetDateTime,
}

/// Which Instagram accounts of the workspace a member sees.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AccountScope {
    #[default]
    All,
    /// Only these (a client always has a list; it may be empty).
    Only(Vec<AccountId>),
}

impl AccountScope {
    pub fn allows(&self, account: AccountId) -> bool {
        match self {
            AccountScope::All => true,
            AccountScope::Only(ids) => ids.contains(&account),
        }
    }
}

/// One member of a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub workspace: WorkspaceId,
    pub user: UserId,
    /// The member's username, for lists and mentions.
    pub username: String,
    pub role: MemberRole,
    pub accounts: AccountScope,
    pub joined_at: OffsetDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvitationId(pub Uuid);

impl std::fmt::Display for InvitationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A one-time link that makes whoever opens it (signed in) a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: InvitationId,
    pub workspace: WorkspaceId,
    pub role: MemberRole,
    /// Accounts the new member is limited to (clients: required).
    pub accounts: AccountScope,
    /// Where it was e-mailed, if it was.
    pub email: Option<String>,
    /// Digest of the secret in the link; the secret is shown once.
    pub digest: TokenDigest,
    pub created_by: UserId,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
    pub used_by: Option<UserId>,
    pub revoked_at: Option<OffsetDateTime>,
}

impl Invitation {
    pub fn is_open(&self, now: OffsetDateTime) -> bool {
        self.used_at.is_none() && self.revoked_at.is_none() && now < self.expires_at
    }
}

/// What the signed-in user may do in the workspace they are working in:
/// resolved once per request, checked by every route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    pub user: UserId,
    pub workspace: WorkspaceId,
    pub role: MemberRole,
    pub accounts: AccountScope,
}

impl Access {
    /// A user in their own personal workspace.
    pub fn personal(user: UserId) -> Self {
        Access {
            user,
            workspace: WorkspaceId::personal(user),
            role: MemberRole::Owner,
            accounts: AccountScope::All,
        }
    }

    /// The owner id the repositories know this workspace's data by.
    pub fn owner(&self) -> UserId {
        self.workspace.owner()
    }

    pub fn is_personal(&self) -> bool {
        self.workspace.0 == self.user.0
    }

    pub fn can(&self, cap: Capability) -> bool {
        self.role.can(cap)
    }

    /// Fails with [`Forbidden`] unless the role allows `cap`.
    pub fn require(&self, cap: Capability) -> Result<(), Forbidden> {
        if self.can(cap) {
            Ok(())
        } else {
            Err(Forbidden {
                role: self.role,
                needs: cap,
            })
        }
    }

    pub fn sees_account(&self, account: AccountId) -> bool {
        self.accounts.allows(account)
    }

    /// The accounts a list may show this member: `None` for every account
    /// of the workspace, else only these (lists pass it to their queries
    /// so a limit counts only what the member sees).
    pub fn account_ids(&self) -> Option<Vec<AccountId>> {
        match &self.accounts {
            AccountScope::All => None,
            AccountScope::Only(ids) => Some(ids.clone()),
        }
    }

    /// The accounts a list may show: those asked for (`None`: every one)
    /// that this member also sees (`None` still means every one).
    pub fn narrow(&self, asked: Option<Vec<AccountId>>) -> Option<Vec<AccountId>> {
        match (&self.accounts, asked) {
            (AccountScope::All, asked) => asked,
            (AccountScope::Only(mine), None) => Some(mine.clone()),
            (AccountScope::Only(mine), Some(asked)) => {
                Some(asked.into_iter().filter(|a| mine.contains(a)).collect())
            }
        }
    }

    /// Keeps the items of the accounts this member sees (all of them
    /// unless the member is limited to some accounts, as a client always
    /// is). `account` names the account an item belongs to.
    pub fn filter_accounts<T>(&self, items: Vec<T>, account: impl Fn(&T) -> AccountId) -> Vec<T> {
        match &self.accounts {
            AccountScope::All => items,
            AccountScope::Only(ids) => items
                .into_iter()
                .filter(|i| ids.contains(&account(i)))
                .collect(),
        }
    }
}

/// The member's role does not allow what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the role {} may not {}", role.as_str(), needs.as_str())]
pub struct Forbidden {
    pub role: MemberRole,
    pub needs: Capability,
}

/// Trims and checks a workspace name.
pub fn workspace_name(raw: &str) -> Result<String, NameProblem> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err(NameProblem::Empty);
    }
    if len > MAX_NAME_CHARS {
        return Err(NameProblem::TooLong {
            max: MAX_NAME_CHARS,
        });
    }
    if name.chars().any(char::is_control) {
        return Err(NameProblem::Control);
    }
    Ok(name.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameProblem {
    #[error("a workspace needs a name")]
    Empty,
    #[error("a workspace name has at most {max} characters")]
    TooLong { max: usize },
    #[error("a workspace name cannot hold control characters")]
    Control,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(workspace_name("  Agency  ").as_deref(), Ok("Agency"));
        assert_eq!(workspace_name("   "), Err(NameProblem::Empty));
        assert_eq!(
            workspace_name(&"я".repeat(81)),
            Err(NameProblem::TooLong { max: 80 })
        );
        assert!(workspace_name(&"я".repeat(80)).is_ok());
        assert_eq!(workspace_name("a\u{7}b"), Err(NameProblem::Control));
    }

    #[test]
    fn personal_access_is_owner_of_everything() {
        let u = UserId::new();
        let a = Access::personal(u);
        assert!(a.is_personal());
        assert_eq!(a.owner(), u);
        assert!(Capability::ALL.iter().all(|c| a.can(*c)));
        assert!(a.sees_account(AccountId(Uuid::now_v7())));
    }

    #[test]
    fn a_client_sees_only_assigned_accounts_and_cannot_publish() {
        let mine = AccountId(Uuid::now_v7());
        let a = Access {
            user: UserId::new(),
            workspace: WorkspaceId(Uuid::now_v7()),
            role: MemberRole::Client,
            accounts: AccountScope::Only(vec![mine]),
        };
        assert!(!a.is_personal());
        assert!(a.sees_account(mine));
        assert!(!a.sees_account(AccountId(Uuid::now_v7())));
        assert_eq!(
            a.require(Capability::Publish),
            Err(Forbidden {
                role: MemberRole::Client,
                needs: Capability::Publish
            })
        );
        assert!(a.require(Capability::Approve).is_ok());
    }

    #[test]
    fn filter_accounts_keeps_only_what_the_member_sees() {
        let (a1, a2) = (AccountId(Uuid::now_v7()), AccountId(Uuid::now_v7()));
        let items = vec![(a1, "one"), (a2, "two"), (a1, "three")];
        let mut access = Access::personal(UserId::new());
        assert_eq!(access.filter_accounts(items.clone(), |i| i.0).len(), 3);
        access.accounts = AccountScope::Only(vec![a1]);
        let kept: Vec<&str> = access
            .filter_accounts(items, |i| i.0)
            .into_iter()
            .map(|i| i.1)
            .collect();
        assert_eq!(kept, ["one", "three"]);
        access.accounts = AccountScope::Only(vec![]);
        assert!(access.filter_accounts(vec![(a1, "x")], |i| i.0).is_empty());
        access.accounts = AccountScope::Only(vec![a1]);
        assert_eq!(access.narrow(None), Some(vec![a1]));
        assert_eq!(access.narrow(Some(vec![a1, a2])), Some(vec![a1]));
        assert_eq!(access.narrow(Some(vec![a2])), Some(vec![]));
        assert_eq!(access.account_ids(), Some(vec![a1]));
        access.accounts = AccountScope::All;
        assert_eq!(access.narrow(None), None);
        assert_eq!(access.narrow(Some(vec![a2])), Some(vec![a2]));
        assert_eq!(access.account_ids(), None);
    }
}
