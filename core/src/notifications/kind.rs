//! The kinds of notification and sets of them (a user's preferences).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A post could not be published.
    PostFailed,
    /// An account's token stopped working: the user must reconnect it.
    AccountReconnect,
    /// An account used most of Instagram's publishing quota for the day.
    QuotaNearlyUsed,
    /// Comments waiting for a reply and unread conversations (counts).
    InboxDigest,
    /// Each account's week in figures.
    WeeklySummary,
    /// An outgoing webhook endpoint failed for days and was disabled.
    WebhookDisabled,
    /// Automation needs a person: replies wait for approval (`count` of
    /// them), or it paused because Instagram refused the token (no count).
    Automation,
    /// Approvals: a post waits for review, was approved, needs changes or
    /// expired unapproved, or a team note mentions the user
    /// ([`super::Figures::review`] says which).
    Approval,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 8] = [
        NotificationKind::PostFailed,
        NotificationKind::AccountReconnect,
        NotificationKind::QuotaNearlyUsed,
        NotificationKind::InboxDigest,
        NotificationKind::WeeklySummary,
        NotificationKind::WebhookDisabled,
        NotificationKind::Automation,
        NotificationKind::Approval,
    ];

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::PostFailed => "post_failed",
            NotificationKind::AccountReconnect => "account_reconnect",
            NotificationKind::QuotaNearlyUsed => "quota_nearly_used",
            NotificationKind::InboxDigest => "inbox_digest",
            NotificationKind::WeeklySummary => "weekly_summary",
            NotificationKind::WebhookDisabled => "webhook_disabled",
            NotificationKind::Automation => "automation",
            NotificationKind::Approval => "approval",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn bit(self) -> u32 {
        match self {
            NotificationKind::PostFailed => 1,
            NotificationKind::AccountReconnect => 2,
            NotificationKind::QuotaNearlyUsed => 4,
            NotificationKind::InboxDigest => 8,
            NotificationKind::WeeklySummary => 16,
            NotificationKind::WebhookDisabled => 32,
            NotificationKind::Automation => 64,
            NotificationKind::Approval => 128,
        }
    }
}

/// A set of kinds, stored as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindSet(u32);

impl KindSet {
    pub fn all() -> Self {
        Self::of(&NotificationKind::ALL)
    }

    pub fn of(kinds: &[NotificationKind]) -> Self {
        KindSet(kinds.iter().fold(0, |acc, k| acc | k.bit()))
    }

    /// From stored bits; unknown bits are dropped.
    pub fn from_bits(bits: u32) -> Self {
        KindSet(bits & Self::all().0)
    }

    pub fn bits(self) -> u32 {
        self.0
    }

    pub fn contains(self, kind: NotificationKind) -> bool {
        self.0 & kind.bit() != 0
    }

    pub fn kinds(self) -> Vec<NotificationKind> {
        NotificationKind::ALL
            .into_iter()
            .filter(|k| self.contains(*k))
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_sets_drop_unknown_bits() {
        for k in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(k.as_str()), Some(k));
            assert!(KindSet::of(&[k]).contains(k));
        }
        assert_eq!(NotificationKind::parse("other"), None);
        assert_eq!(KindSet::from_bits(u32::MAX), KindSet::all());
        let set = KindSet::of(&[
            NotificationKind::PostFailed,
            NotificationKind::WeeklySummary,
        ]);
        assert!(!set.contains(NotificationKind::InboxDigest));
        assert_eq!(KindSet::from_bits(set.bits()), set);
    }
}
