//! A member's role in a workspace and what each role may do. The table in
//! [`MemberRole::can`] is the one `docs/teams.md` prints; a test reads that
//! document and checks every cell against this code.

use serde::Serialize;

/// A member's role, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    /// Everything, including deleting the workspace and naming owners.
    Owner,
    /// Members, invitations and Instagram accounts; publishes directly.
    Admin,
    /// Publishes directly, approves, answers the inbox, runs automation.
    Editor,
    /// Creates posts; they need approval before they are scheduled.
    Contributor,
    /// Reads everything, changes nothing.
    Viewer,
    /// Sees only posts of the accounts assigned to them, in the client
    /// review pages; approves them or asks for changes. No inbox, no
    /// analytics, no settings of the workspace.
    Client,
}

impl MemberRole {
    pub const ALL: [MemberRole; 6] = [
        MemberRole::Owner,
        MemberRole::Admin,
        MemberRole::Editor,
        MemberRole::Contributor,
        MemberRole::Viewer,
        MemberRole::Client,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Owner => "owner",
            MemberRole::Admin => "admin",
            MemberRole::Editor => "editor",
            MemberRole::Contributor => "contributor",
            MemberRole::Viewer => "viewer",
            MemberRole::Client => "client",
        }
    }

    pub fn parse(s: &str) -> Option<MemberRole> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role may do `cap` in its workspace (the account scope of
    /// a member is checked separately, see [`super::Access`]).
    pub fn can(self, cap: Capability) -> bool {
        use Capability::*;
        use MemberRole::*;
        match cap {
            View => self != Client,
            Draft => matches!(self, Owner | Admin | Editor | Contributor),
            Publish => matches!(self, Owner | Admin | Editor),
            Approve => matches!(self, Owner | Admin | Editor | Client),
            ReadInbox => matches!(self, Owner | Admin | Editor | Contributor | Viewer),
            Reply => matches!(self, Owner | Admin | Editor),
            Automate => matches!(self, Owner | Admin | Editor),
            ManageAccounts => matches!(self, Owner | Admin),
            ManageMembers => matches!(self, Owner | Admin),
            Own => matches!(self, Owner),
        }
    }

    /// Whether a member with this role may give `other` to someone (or take
    /// it away): admins manage everyone below owner, owners everyone.
    pub fn may_assign(self, other: MemberRole) -> bool {
        match self {
            MemberRole::Owner => true,
            MemberRole::Admin => other != MemberRole::Owner,
            _ => false,
        }
    }

    /// Clients are always limited to the accounts assigned to them.
    pub fn needs_account_list(self) -> bool {
        self == MemberRole::Client
    }
}

/// Something a route or a use case needs the member to be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Read accounts, posts, the calendar, media and analytics (everyone
    /// but clients, who see only the client review pages).
    View,
    /// Create and edit drafts and media; send a post for review.
    Draft,
    /// Schedule, publish, reschedule, cancel and delete posts without review.
    Publish,
    /// Approve a post in review or ask for changes (and held automation replies).
    Approve,
    /// Read comments and direct messages.
    ReadInbox,
    /// Answer, hide and delete comments; send messages; moderation; saved replies.
    Reply,
    /// Automation rules and ice breakers.
    Automate,
    /// Connect and disconnect Instagram accounts; queue slots, calendar feeds,
    /// report links, outgoing webhooks, imports.
    ManageAccounts,
    /// Invite, remove and change members; rename the workspace.
    ManageMembers,
    /// Delete the workspace; make or unmake owners.
    Own,
}

impl Capability {
    pub const ALL: [Capability; 10] = [
        Capability::View,
        Capability::Draft,
        Capability::Publish,
        Capability::Approve,
        Capability::ReadInbox,
        Capability::Reply,
        Capability::Automate,
        Capability::ManageAccounts,
        Capability::ManageMembers,
        Capability::Own,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Capability::View => "view",
            Capability::Draft => "draft",
            Capability::Publish => "publish",
            Capability::Approve => "approve",
            Capability::ReadInbox => "read_inbox",
            Capability::Reply => "reply",
            Capability::Automate => "automate",
            Capability::ManageAccounts => "manage_accounts",
            Capability::ManageMembers => "manage_members",
            Capability::Own => "own",
        }
    }

    pub fn parse(s: &str) -> Option<Capability> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in MemberRole::ALL {
            assert_eq!(MemberRole::parse(r.as_str()), Some(r));
        }
        for c in Capability::ALL {
            assert_eq!(Capability::parse(c.as_str()), Some(c));
        }
        assert_eq!(MemberRole::parse("root"), None);
    }

    #[test]
    fn only_owners_own_and_clients_never_write() {
        for r in MemberRole::ALL {
            assert_eq!(r.can(Capability::Own), r == MemberRole::Owner);
            assert_eq!(r.can(Capability::View), r != MemberRole::Client);
        }
        for c in [Capability::Draft, Capability::Publish, Capability::Reply] {
            assert!(!MemberRole::Client.can(c));
            assert!(!MemberRole::Viewer.can(c));
        }
        assert!(MemberRole::Contributor.can(Capability::Draft));
        assert!(!MemberRole::Contributor.can(Capability::Publish));
    }

    #[test]
    fn admins_cannot_make_owners() {
        assert!(!MemberRole::Admin.may_assign(MemberRole::Owner));
        assert!(MemberRole::Admin.may_assign(MemberRole::Editor));
        assert!(MemberRole::Owner.may_assign(MemberRole::Owner));
        assert!(!MemberRole::Editor.may_assign(MemberRole::Viewer));
    }
}
